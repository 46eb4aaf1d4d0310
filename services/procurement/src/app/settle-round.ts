import { standing } from '../domain/organisation';
import { detectConflict } from '../domain/panel';
import { isPastDeadline } from '../domain/tender';
import type { RoundDocument } from '../adapters/store/repositories';
import type { ProcurementDeps } from './deps';
import { concurrentUpdate, retrying } from './retry';

/**
 * Closes a round at its deadline (by its job and by the server clock before any action
 * on it): counts the applications and marks those that fail the round's rules, with
 * the reasons, as ineligible. Idempotent.
 */
export function settleRound(
  deps: Pick<ProcurementDeps, 'repos' | 'clock'>,
  roundId: string,
  _cause: { correlationId: string; causationId: string | null },
): Promise<RoundDocument | null> {
  return retrying(async () => {
    const round = await deps.repos.rounds.findOne({ _id: roundId });
    if (!round || round.status !== 'open' || !isPastDeadline(round.deadline, deps.clock.now())) return round;
    const deadline = new Date(round.deadline);
    const apps = await deps.repos.applications.find({ roundId, status: 'submitted' });
    const orgs = new Map(
      (await deps.repos.organisations.find({ _id: { $in: apps.map((a) => a.organisationId) } })).map((o) => [o._id, o]),
    );
    for (const app of apps) {
      const org = orgs.get(app.organisationId);
      const reasons: string[] = [];
      if (!org) reasons.push('organisation not in the registry');
      else {
        const state = standing(org, deadline);
        if (state !== 'verified') reasons.push(`organisation is ${state} at the deadline`);
        if (org.kind === null || !round.eligibleKinds.includes(org.kind))
          reasons.push(`kind ${org.kind ?? 'unknown'} may not apply`);
      }
      if (!round.categories.includes(app.category)) reasons.push(`category ${app.category} is not in this round`);
      if (round.maxGrantFen !== null && app.requestedFen > round.maxGrantFen)
        reasons.push(`asks ${app.requestedFen} fen; at most ${round.maxGrantFen}`);
      if (reasons.length > 0)
        await deps.repos.applications.updateOne(
          { _id: app._id, status: 'submitted' },
          { $set: { status: 'ineligible', ineligibleReasons: reasons } },
        );
    }
    const parties = apps.map((a) => ({ subjectId: a._id, organisationId: a.organisationId }));
    const next = {
      ...round,
      status: 'closed' as const,
      closedAt: deps.clock.now().toISOString(),
      applicationCount: apps.length,
      panel: {
        ...round.panel,
        members: round.panel.members.map((m) => ({
          ...m,
          detectedConflict: m.detectedConflict ?? detectConflict(m, parties, null),
        })),
      },
    };
    const saved = await deps.repos.saveRound(round, next, []);
    if (!saved) throw concurrentUpdate();
    return saved;
  });
}
