import { chinaDate, NeedFulfilled, ServiceRecorded, type FulfilmentApi } from '@sanshe/contracts';
import {
  conflict,
  createEvent,
  DuplicateKeyError,
  forbidden,
  keyedId,
  unprocessable,
  type Cause,
  type FieldProblem,
  type Principal,
} from '@sanshe/platform';
import type { z } from 'zod';
import type { ContractDocument, ServiceRecordDocument } from '../adapters/store/repositories';
import { changeContract, loadContract } from './contract-store';
import type { FulfilmentDeps } from './deps';
import { SOURCE } from './source';

type Line = z.infer<typeof FulfilmentApi.RecordServiceDayRequest>['records'][number];
type Deps = Pick<FulfilmentDeps, 'repos' | 'clock' | 'settings'>;

/**
 * A social worker of the contracted organisation records a day's delivered services. Every
 * line is checked (its need belongs to this contract, the resident's code matches, the day
 * holds no more than 24 hours of this worker's records) before any is stored; each record is
 * stored with its event. A line that completes a need, confirmed where confirmation is
 * required, fulfils it once: the contract's guarded write publishes need.fulfilled.
 *
 * With the request's Idempotency-Key record each line's record id comes from the key: a try
 * run again after a crash finds the records the first one stored (all, or the first few of an
 * interrupted insert), stores only the missing ones and answers them all.
 */
export async function recordServices(
  deps: Deps,
  actor: Principal,
  contractId: string,
  deliveredOn: string,
  lines: readonly Line[],
  cause: Cause,
  fieldPrefix = 'records',
  idempotencyKey: string | null = null,
): Promise<ServiceRecordDocument[]> {
  const contract = await loadContract(deps, contractId);
  if (!actor.organisationId || actor.organisationId !== contract.organisationId)
    throw forbidden('only social workers of the contracted organisation record services');
  const ids = lines.map((_, i) => keyedId(idempotencyKey, 'record', i));
  const stored = idempotencyKey ? await deps.repos.records.find({ _id: { $in: ids } }) : [];
  // An earlier try passed the checks (and its records now count in the day's hours).
  if (stored.length === 0) await check(deps, actor, contract, deliveredOn, lines, fieldPrefix);
  const now = deps.clock.now();
  const recordedAt = now.toISOString();
  const docs: ServiceRecordDocument[] = lines.map((line, i) => {
    const earlier = stored.find((d) => d._id === ids[i]);
    if (earlier) return earlier;
    const recordId = ids[i]!;
    const confirmed = line.residentCode !== undefined;
    const { residentCode: _code, ...rest } = line;
    return {
      _id: recordId,
      contractId,
      organisationId: contract.organisationId,
      ...rest,
      deliveredOn,
      confirmed,
      recordedBy: actor.sub,
      recordedAt,
      version: 1,
      outbox: [
        createEvent(ServiceRecorded, {
          source: SOURCE,
          subject: contractId,
          now,
          cause,
          data: {
            contractId,
            recordId,
            needId: line.needId,
            hours: line.hours,
            deliveredOn,
            organisationId: contract.organisationId,
            serviceType: line.serviceType,
            confirmed,
          },
        }),
      ],
    };
  });
  const missing = docs.filter((d) => !stored.includes(d));
  try {
    if (missing.length > 0) await deps.repos.records.insertMany(missing);
  } catch (error) {
    // Another try of the same request stored them meanwhile (one that took over the key).
    if (!idempotencyKey || !(error instanceof DuplicateKeyError)) throw error;
    const raced = await deps.repos.records.find({ _id: { $in: ids } });
    if (raced.length !== ids.length) throw error;
    return fulfil(
      deps,
      contract,
      ids.map((id) => raced.find((d) => d._id === id)!),
      now,
      cause,
    );
  }
  return fulfil(deps, contract, docs, now, cause);
}

/** Every line's rules, before anything is stored; the same failures the request is answered with. */
async function check(
  deps: Deps,
  actor: Principal,
  contract: ContractDocument,
  deliveredOn: string,
  lines: readonly Line[],
  fieldPrefix: string,
): Promise<void> {
  const now = deps.clock.now();
  if (contract.status !== 'active')
    throw conflict('FULFILMENT.CONTRACT_NOT_ACTIVE', `the contract is ${contract.status}`);
  // "Today" is the social worker's calendar day in China, not the UTC one.
  const today = chinaDate(now);
  if (deliveredOn > today || deliveredOn < contract.period.startDate || deliveredOn > contract.period.endDate)
    throw unprocessable(
      'FULFILMENT.OUTSIDE_PERIOD',
      'the service date is in the future or outside the contract period',
      [
        {
          field: 'deliveredOn',
          reason: `between ${contract.period.startDate} and the earlier of today and ${contract.period.endDate}`,
        },
      ],
    );
  const problems: FieldProblem[] = [];
  const at = (i: number, field: string) => (fieldPrefix ? `${fieldPrefix}.${i}.${field}` : field);
  lines.forEach((line, i) => {
    if (!contract.needIds.includes(line.needId))
      problems.push({ field: at(i, 'needId'), reason: 'not one of the contract needs' });
    else if (line.residentCode !== undefined && contract.residentCodes?.[line.needId] !== line.residentCode)
      problems.push({ field: at(i, 'residentCode'), reason: "does not match the resident's code" });
  });
  if (problems.length > 0)
    throw unprocessable('FULFILMENT.INVALID_SERVICE_RECORD', 'some records cannot be accepted', problems);
  const already = await deps.repos.records.find({ recordedBy: actor.sub, deliveredOn });
  const hours = already.reduce((s, r) => s + r.hours, 0) + lines.reduce((s, l) => s + l.hours, 0);
  if (hours > 24)
    throw unprocessable('FULFILMENT.DAY_OVERBOOKED', `${hours} hours recorded for one day by one social worker`, [
      { field: 'hours', reason: 'a day holds at most 24 hours of one worker’s services' },
    ]);
}

/** A line that completes its need fulfils it once: the contract's guarded write publishes need.fulfilled. */
async function fulfil(
  deps: Deps,
  contract: ContractDocument,
  docs: ServiceRecordDocument[],
  now: Date,
  cause: Cause,
): Promise<ServiceRecordDocument[]> {
  const { _id: contractId } = contract;
  const recordedAt = now.toISOString();
  const fulfils = [
    ...new Set(
      docs.filter((d) => d.completesNeed && (d.confirmed || !deps.settings.confirmationRequired)).map((d) => d.needId),
    ),
  ];
  if (fulfils.some((needId) => !contract.fulfilledNeedIds.includes(needId)))
    await changeContract(deps, contractId, (current) => {
      const fresh = fulfils.filter((needId) => !current.fulfilledNeedIds.includes(needId));
      const events = fresh.map((needId) =>
        createEvent(NeedFulfilled, {
          source: SOURCE,
          subject: needId,
          now,
          cause,
          data: { needId, contractId, fulfilledAt: recordedAt },
        }),
      );
      return { update: { $addToSet: { fulfilledNeedIds: { $each: fresh } } }, events };
    });
  return docs;
}
