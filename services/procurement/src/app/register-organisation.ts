import { checkUscc, OrganisationRegistered, type ProcurementApi } from '@sanshe/contracts';
import {
  badRequest,
  conflict,
  createEvent,
  DuplicateKeyError,
  forbidden,
  insertWithEvents,
  keyedId,
  type Cause,
  type Principal,
} from '@sanshe/platform';
import type { z } from 'zod';
import type { OrganisationDocument } from '../adapters/store/repositories';
import type { ProcurementDeps } from './deps';
import { isOfficial } from './access';
import { SOURCE } from './source';

/**
 * Registers a social organisation. Its USCC must pass the GB 32100-2015 check and carry
 * a civil-affairs prefix (51, 52, 53); a failure is a 400 naming the reason, unless an
 * official records an override with a reason, which the registry keeps in its audit.
 * Officials register organisations, and an organisation's own user may register its
 * organisation (unverified, like every new registration).
 */
export async function registerOrganisation(
  deps: Pick<ProcurementDeps, 'repos' | 'clock'>,
  actor: Principal,
  input: z.infer<typeof ProcurementApi.RegisterOrganisationRequest>,
  cause: Cause,
  /** The request's Idempotency-Key record: a try run again finds the organisation the first one registered. */
  idempotencyKey: string | null = null,
): Promise<OrganisationDocument> {
  const check = checkUscc(input.uscc);
  const failure = !check.ok
    ? check.reason
    : check.kind === null
      ? 'not a civil-affairs registration: a social organisation code starts with 51, 52 or 53'
      : null;
  if (failure && !input.usccOverride) {
    throw badRequest('VALIDATION.INVALID_INPUT', `invalid Unified Social Credit Code: ${failure}`, [
      { field: 'body.uscc', reason: `invalid Unified Social Credit Code: ${failure}` },
    ]);
  }
  if (input.usccOverride && !isOfficial(actor)) throw forbidden('only an official may override the USCC check');
  // Self-registration: one organisation per account; the identity provider links the account to
  // the organisation (its `org` claim) once civil affairs verified it.
  if (!isOfficial(actor) && actor.organisationId)
    throw conflict('PROCUREMENT.ALREADY_LINKED', 'your account already belongs to an organisation');
  const now = deps.clock.now();
  const at = now.toISOString();
  const organisationId = keyedId(idempotencyKey, 'organisation');
  const override = failure && input.usccOverride ? { by: actor.sub, reason: input.usccOverride.reason, at } : null;
  const kind = check.ok ? check.kind : null;
  const doc: Omit<OrganisationDocument, 'outbox' | 'version'> = {
    _id: organisationId,
    uscc: input.uscc,
    name: input.name,
    kind,
    legalRepresentative: input.legalRepresentative,
    registeredOn: input.registeredOn,
    categories: input.categories,
    serviceAreaCodes: input.serviceAreaCodes,
    capacity: input.capacity,
    usccCheck: { ok: failure === null, reason: failure, override },
    verifiedAt: null,
    verifiedBy: null,
    sanctions: [],
    socialWorkers: [],
    audit: [
      { at, by: actor.sub, action: 'registered', detail: `${input.name} (${input.uscc})` },
      ...(override
        ? [{ at, by: actor.sub, action: 'uscc_override', detail: `check failed (${failure}); ${override.reason}` }]
        : []),
    ],
    createdAt: at,
  };
  const event = createEvent(OrganisationRegistered, {
    source: SOURCE,
    subject: organisationId,
    now,
    cause,
    data: {
      organisationId,
      uscc: input.uscc,
      name: input.name,
      kind,
      categories: input.categories,
      serviceAreaCodes: input.serviceAreaCodes,
      usccOverridden: override !== null,
    },
  });
  try {
    return await insertWithEvents(deps.repos.organisations, doc, [event]);
  } catch (error) {
    if (!(error instanceof DuplicateKeyError)) throw error;
    const registered = idempotencyKey ? await deps.repos.organisations.findOne({ _id: organisationId }) : null;
    if (registered) return registered;
    throw conflict('PROCUREMENT.ORGANISATION_EXISTS', 'an organisation with this code is already registered');
  }
}
