import type { ProcurementApi } from '@sanshe/contracts';
import { conflict, DuplicateKeyError, forbidden, keyedId, notFound, type Principal } from '@sanshe/platform';
import type { z } from 'zod';
import { standing } from '../domain/organisation';
import { isPastDeadline } from '../domain/tender';
import type { ApplicationDocument } from '../adapters/store/repositories';
import type { ProcurementDeps } from './deps';
import { actingOrganisation } from './access';
import { concurrentUpdate, retrying } from './retry';

async function openRoundFor(deps: Pick<ProcurementDeps, 'repos' | 'clock'>, roundId: string) {
  const round = await deps.repos.rounds.findOne({ _id: roundId });
  if (!round) throw notFound('PROCUREMENT.ROUND_NOT_FOUND', 'no such round');
  if (round.status !== 'open' || isPastDeadline(round.deadline, deps.clock.now()))
    throw conflict('PROCUREMENT.ROUND_CLOSED', `applications closed at ${round.deadline}`);
  return round;
}

/**
 * Applies to a round for the caller's own organisation, or revises the application
 * before the deadline (one per organisation and round; every version is kept).
 */
export function applyToRound(
  deps: Pick<ProcurementDeps, 'repos' | 'clock'>,
  actor: Principal,
  roundId: string,
  input: z.infer<typeof ProcurementApi.ApplyRequest>,
  /** The request's Idempotency-Key record: a try run again finds the version the first one wrote. */
  idempotencyKey: string | null = null,
): Promise<{ application: ApplicationDocument; created: boolean }> {
  return retrying(async () => {
    const organisationId = actingOrganisation(actor);
    const existing = await deps.repos.applications.findOne({ roundId, organisationId });
    if (existing && idempotencyKey && existing.lastRequestKey === idempotencyKey)
      return { application: existing, created: existing.history.length === 1 };
    await openRoundFor(deps, roundId);
    const org = await deps.repos.organisations.findOne({ _id: organisationId });
    if (!org) throw forbidden('your organisation is not registered');
    const state = standing(org, deps.clock.now());
    if (state !== 'verified')
      throw forbidden(
        state === 'registered' ? 'your organisation is not yet verified' : `your organisation is ${state}`,
      );
    const at = deps.clock.now().toISOString();
    const entry = {
      at,
      action: 'submitted',
      requestedFen: input.requestedFen,
      matchingFundsFen: input.matchingFundsFen,
    };
    if (existing) {
      const updated = await deps.repos.applications.findOneAndUpdate(
        { _id: existing._id, version: existing.version },
        {
          $set: { ...input, status: 'submitted', updatedAt: at, lastRequestKey: idempotencyKey },
          $push: { history: { ...entry, action: 'revised' } },
          $inc: { version: 1 },
        },
        { returnDocument: 'after' },
      );
      if (!updated) throw concurrentUpdate();
      return { application: updated, created: false };
    }
    const application: ApplicationDocument = {
      _id: keyedId(idempotencyKey, 'application'),
      roundId,
      organisationId,
      organisationName: org.name,
      ...input,
      status: 'submitted',
      ineligibleReasons: [],
      submittedAt: at,
      updatedAt: at,
      history: [entry],
      lastRequestKey: idempotencyKey,
      version: 1,
      outbox: [],
    };
    try {
      await deps.repos.applications.insertOne(application);
    } catch (error) {
      if (error instanceof DuplicateKeyError) throw concurrentUpdate();
      throw error;
    }
    return { application, created: true };
  });
}

/** Withdraws the caller's own application before the deadline. */
export async function withdrawApplication(
  deps: Pick<ProcurementDeps, 'repos' | 'clock'>,
  actor: Principal,
  roundId: string,
  applicationId: string,
): Promise<ApplicationDocument> {
  const organisationId = actingOrganisation(actor);
  const app = await deps.repos.applications.findOne({ _id: applicationId, roundId });
  if (!app || app.organisationId !== organisationId)
    throw notFound('PROCUREMENT.APPLICATION_NOT_FOUND', 'no such application');
  await openRoundFor(deps, roundId);
  const at = deps.clock.now().toISOString();
  const updated = await deps.repos.applications.findOneAndUpdate(
    { _id: app._id, status: 'submitted' },
    {
      $set: { status: 'withdrawn', updatedAt: at },
      $push: {
        history: { at, action: 'withdrawn', requestedFen: app.requestedFen, matchingFundsFen: app.matchingFundsFen },
      },
      $inc: { version: 1 },
    },
    { returnDocument: 'after' },
  );
  if (!updated) throw conflict('PROCUREMENT.APPLICATION_WITHDRAWN', 'the application is already withdrawn');
  return updated;
}
