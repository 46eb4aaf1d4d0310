import { NeedDuplicateLinked, NeedLogged, type IntakeApi } from '@sanshe/contracts';
import {
  conflict,
  createEvent,
  DuplicateKeyError,
  forbidden,
  keyedId,
  newCaseNumber,
  piiHash,
  unprocessable,
  type Cause,
  type Principal,
} from '@sanshe/platform';
import { inScope } from '../domain/areas';
import { validateAttributes } from '../domain/attributes';
import type { Need } from '../domain/need';
import { acknowledgeDeadline, reminderTime } from '../domain/sla';
import type { NeedDocument } from '../adapters/store/needs-repository';
import type { AreaDocument, RegistryRepository } from '../adapters/store/registry-repository';
import type { IntakeDeps } from './deps';
import { SLA_ESCALATE_JOB, SLA_REMIND_JOB, SOURCE } from './source';

export type LoggedNeed = { need: Need; duplicate: boolean };

/**
 * Logs a need (一窗受理): the category's own fields are checked, the grid places it in
 * the registry, the resident ID number becomes a keyed hash, and whoever logs it owns
 * it (首问负责) with an acknowledgement deadline. The same resident's open need of the
 * same category is linked instead of created again.
 *
 * `idempotencyKey` (a request's Idempotency-Key record, see the platform's ApiRouter) makes a
 * try that runs again after a crash or an outage find what the first try did: the need's id
 * comes from the key, and a link records the key.
 */
export async function logNeed(
  deps: IntakeDeps,
  actor: Principal,
  input: IntakeApi.LogNeedRequest,
  cause: Cause,
  idempotencyKey: string | null = null,
): Promise<LoggedNeed> {
  const needId = keyedId(idempotencyKey, 'need');
  if (idempotencyKey) {
    const created = await deps.needs.get(needId);
    if (created) return { need: created, duplicate: false };
  }
  const { grid, attributes } = await checkNeed(deps, actor, input);

  const now = deps.clock.now();
  const residentKey = input.residentIdNumber ? piiHash(deps.settings.piiHashKey, input.residentIdNumber) : null;
  if (residentKey) {
    const existing = await deps.needs.openDuplicate(residentKey, input.category);
    if (existing) {
      if (idempotencyKey && existing.linkedRequests?.includes(idempotencyKey))
        return { need: existing, duplicate: true };
      return { need: await linkDuplicate(deps, existing, input, cause, now, idempotencyKey), duplicate: true };
    }
  }

  const [districtCode, streetCode, communityCode, gridCode] = grid.path as [string, string, string, string];
  const deadline = acknowledgeDeadline(deps.settings.sla, input.urgency, now);
  const need: Need = {
    _id: needId,
    caseNumber: newCaseNumber(now),
    channel: input.channel,
    category: input.category,
    attributes,
    areaPath: [districtCode, streetCode, communityCode, gridCode],
    districtCode,
    streetCode,
    communityCode,
    gridCode,
    urgency: input.urgency,
    beneficiaryCount: input.beneficiaryCount,
    beneficiaryGroups: [...new Set(input.beneficiaryGroups)],
    description: input.description,
    contact: input.contact
      ? { name: input.contact.name, phone: input.contact.phone, consentAt: now.toISOString() }
      : null,
    residentKey,
    status: 'logged',
    timeline: [
      { status: 'logged', at: now.toISOString(), cause: `request:${cause.correlationId}`, note: input.channel },
    ],
    ownerId: actor.sub,
    ownerHistory: [],
    loggedBy: actor.sub,
    loggedAt: now.toISOString(),
    sla: {
      acknowledgeBy: deadline.toISOString(),
      acknowledgedAt: null,
      met: null,
      remindedAt: null,
      escalatedAt: null,
    },
    resolution: null,
    satisfaction: null,
    duplicateReports: 0,
    closedAt: null,
  };
  // Jobs first: a job whose need was never stored finds nothing and stops; a stored
  // need without its escalation job would silently miss its SLA.
  await deps.jobs.schedule({
    name: SLA_REMIND_JOB,
    payload: { needId: need._id },
    runAt: reminderTime(deps.settings.sla, now, deadline),
    jobId: `${SLA_REMIND_JOB}:${need._id}`,
  });
  await deps.jobs.schedule({
    name: SLA_ESCALATE_JOB,
    payload: { needId: need._id },
    runAt: deadline,
    jobId: `${SLA_ESCALATE_JOB}:${need._id}`,
  });
  const event = createEvent(NeedLogged, {
    source: SOURCE,
    subject: need._id,
    now,
    cause,
    data: {
      needId: need._id,
      caseNumber: need.caseNumber,
      category: need.category,
      channel: need.channel,
      districtCode,
      streetCode,
      communityCode,
      gridCode,
      urgency: need.urgency,
      beneficiaryCount: need.beneficiaryCount,
      beneficiaryGroups: need.beneficiaryGroups,
      ownerId: need.ownerId,
      acknowledgeBy: need.sla.acknowledgeBy,
      loggedAt: need.loggedAt,
    },
  });
  try {
    await deps.needs.insert(need, [event]);
  } catch (error) {
    // Another try of the same request stored it first (a retry that took over the key).
    const raced = idempotencyKey && error instanceof DuplicateKeyError ? await deps.needs.get(needId) : null;
    if (!raced) throw error;
    return { need: raced, duplicate: false };
  }
  return { need, duplicate: false };
}

export type CheckedNeed = { grid: AreaDocument; attributes: Need['attributes'] };

/**
 * Every rule a need must pass before anything is written: an active category, an
 * active grid of the registry within the actor's scope, valid category fields. Throws
 * the same errors logNeed answers with; the CSV import runs it on every row first.
 */
export async function checkNeed(
  deps: { registry: Pick<RegistryRepository, 'area' | 'category'> },
  actor: Principal,
  input: IntakeApi.LogNeedRequest,
): Promise<CheckedNeed> {
  const [category, grid] = await Promise.all([
    deps.registry.category(input.category),
    deps.registry.area(input.gridCode),
  ]);
  if (!category || !category.active) {
    throw unprocessable('INTAKE.UNKNOWN_CATEGORY', 'no such need category', [
      { field: 'category', reason: 'not an active category' },
    ]);
  }
  if (!grid || grid.kind !== 'grid' || !grid.active) {
    throw unprocessable('INTAKE.UNKNOWN_GRID', 'every need belongs to a grid of the registry', [
      { field: 'gridCode', reason: 'not an active grid' },
    ]);
  }
  if (!actor.roles.includes('admin') && !inScope(actor.communities, grid.path)) {
    throw forbidden(`you do not serve grid ${grid._id}`);
  }
  const attributes = validateAttributes(category.attributes, input.attributes);
  if (!attributes.ok)
    throw unprocessable('INTAKE.INVALID_ATTRIBUTES', 'the category fields are not valid', attributes.problems);
  return { grid, attributes: attributes.values };
}

async function linkDuplicate(
  deps: IntakeDeps,
  existing: NeedDocument,
  input: IntakeApi.LogNeedRequest,
  cause: Cause,
  now: Date,
  idempotencyKey: string | null,
): Promise<Need> {
  const event = createEvent(NeedDuplicateLinked, {
    source: SOURCE,
    subject: existing._id,
    now,
    cause,
    data: { needId: existing._id, channel: input.channel, linkedAt: now.toISOString() },
  });
  const updated = await deps.needs.update(
    existing,
    { $inc: { duplicateReports: 1 }, ...(idempotencyKey ? { $push: { linkedRequests: idempotencyKey } } : {}) },
    [event],
  );
  if (!updated) throw conflict('INTAKE.CONCURRENT_UPDATE', 'the existing need changed meanwhile; retry');
  return updated;
}
