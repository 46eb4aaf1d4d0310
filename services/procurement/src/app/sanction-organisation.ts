import { OrganisationSanctioned, type ProcurementApi } from '@sanshe/contracts';
import {
  createEvent,
  keyedId,
  notFound,
  unprocessable,
  updateWithEvents,
  type Cause,
  type Principal,
} from '@sanshe/platform';
import type { z } from 'zod';
import type { Sanction } from '../domain/organisation';
import type { OrganisationDocument } from '../adapters/store/repositories';
import type { ProcurementDeps } from './deps';
import { concurrentUpdate, retrying } from './retry';
import { SOURCE } from './source';

/**
 * Suspends (for a period) or bans (for a period or for good) an organisation, with the reason.
 * With the request's Idempotency-Key record, a try run again finds the sanction the first one recorded.
 */
export function sanctionOrganisation(
  deps: Pick<ProcurementDeps, 'repos' | 'clock'>,
  actor: Principal,
  organisationId: string,
  input: z.infer<typeof ProcurementApi.SanctionRequest>,
  cause: Cause,
  idempotencyKey: string | null = null,
): Promise<OrganisationDocument> {
  const sanctionId = keyedId(idempotencyKey, 'sanction');
  return retrying(async () => {
    const org = await deps.repos.organisations.findOne({ _id: organisationId });
    if (!org) throw notFound('PROCUREMENT.ORGANISATION_NOT_FOUND', 'no such organisation');
    if (org.sanctions.some((s) => s.sanctionId === sanctionId)) return org;
    const now = deps.clock.now();
    const from = input.from ? new Date(input.from).toISOString() : now.toISOString();
    const until = input.until ? new Date(input.until).toISOString() : null;
    if (until && until <= from)
      throw unprocessable('PROCUREMENT.INVALID_PERIOD', 'a sanction must end after it starts', [
        { field: 'until', reason: 'not after from' },
      ]);
    const sanction: Sanction = {
      sanctionId,
      kind: input.kind,
      reason: input.reason,
      from,
      until,
      by: actor.sub,
      at: now.toISOString(),
      liftedAt: null,
      liftedBy: null,
      liftReason: null,
    };
    const entry = {
      at: sanction.at,
      by: actor.sub,
      action: input.kind === 'ban' ? 'banned' : 'suspended',
      detail: `${from} – ${until ?? 'indefinitely'}: ${input.reason}`,
    };
    const event = createEvent(OrganisationSanctioned, {
      source: SOURCE,
      subject: org._id,
      now,
      cause,
      data: {
        organisationId,
        sanctionId: sanction.sanctionId,
        kind: input.kind,
        reason: input.reason,
        from,
        until,
        sanctionedBy: actor.sub,
      },
    });
    const updated = await updateWithEvents(
      deps.repos.organisations,
      { _id: org._id, version: org.version },
      { $push: { sanctions: sanction, audit: entry } },
      [event],
    );
    if (!updated) throw concurrentUpdate();
    return updated;
  });
}
