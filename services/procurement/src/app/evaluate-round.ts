import { RoundAwarded } from '@sanshe/contracts';
import { conflict, createEvent, newId, type Cause, type Principal } from '@sanshe/platform';
import { means, outliers } from '../domain/panel';
import { allocateGrants } from '../domain/round';
import { round2 } from '../domain/scoring';
import type { Grant, RoundEvaluation } from '../domain/round-state';
import type { RoundDocument } from '../adapters/store/repositories';
import type { ProcurementDeps } from './deps';
import { countingSheets } from './panel';
import { concurrentUpdate, retrying } from './retry';
import { settleRound } from './settle-round';
import { SOURCE } from './source';

async function loadRound(deps: Pick<ProcurementDeps, 'repos' | 'clock'>, roundId: string): Promise<RoundDocument> {
  const round = await settleRound(deps, roundId, { correlationId: `round:${roundId}`, causationId: null });
  if (!round) throw conflict('PROCUREMENT.ROUND_NOT_FOUND', 'no such round');
  return round;
}

/**
 * Closes the panel's scoring of a round: mean per criterion, weighted score, the
 * matching-funds bonus, ranking, and the grants the budget allows in rank order.
 */
export function evaluateRound(
  deps: Pick<ProcurementDeps, 'repos' | 'clock'>,
  actor: Principal,
  roundId: string,
): Promise<RoundDocument> {
  return retrying(async () => {
    const round = await loadRound(deps, roundId);
    if (round.status !== 'closed' || round.evaluation !== null)
      throw conflict('PROCUREMENT.INVALID_TRANSITION', `a ${round.status} round cannot be evaluated now`);
    const sheets = countingSheets(round.panel, round.minEvaluators);
    const apps = await deps.repos.applications.find({ roundId, status: 'submitted' }, { sort: { submittedAt: 1 } });
    const cellMeans = means(sheets);
    const scored = apps.map((a) => {
      const m = cellMeans.get(a._id) ?? {};
      const criterionScores = round.criteria.map((c) => {
        const mean = m[c.code];
        if (mean === undefined) throw conflict('PROCUREMENT.SHEETS_MISSING', `no scores for ${a._id} on ${c.code}`);
        return {
          criterionCode: c.code,
          mean: round2(mean),
          weight: c.weight,
          weighted: round2((mean * c.weight) / 100),
        };
      });
      return {
        app: a,
        criterionScores,
        scored: {
          applicationId: a._id,
          organisationId: a.organisationId,
          requestedFen: a.requestedFen,
          matchingFundsFen: a.matchingFundsFen,
          submittedAt: a.updatedAt,
          weightedScore: round2(criterionScores.reduce((s, c) => s + c.weighted, 0)),
        },
      };
    });
    const { ranking, awardedFen } = allocateGrants(
      scored.map((s) => s.scored),
      { budgetFen: round.budgetFen, minScore: round.minScore, matchingBonus: round.matchingBonus },
    );
    const byId = new Map(scored.map((s) => [s.app._id, s]));
    const at = deps.clock.now().toISOString();
    const evaluation: RoundEvaluation = {
      evaluators: sheets.map((s) => s.evaluatorId),
      ranking: ranking.map((r) => ({
        ...r,
        organisationName: byId.get(r.applicationId)?.app.organisationName ?? '',
        criterionScores: byId.get(r.applicationId)?.criterionScores ?? [],
      })),
      outliers: outliers(sheets, round.outlierRule),
      awardableFen: awardedFen,
      evaluatedAt: at,
      evaluatedBy: actor.sub,
    };
    const saved = await deps.repos.saveRound(round, { ...round, status: 'evaluation', evaluation }, []);
    if (!saved) throw concurrentUpdate();
    return saved;
  });
}

/** Awards the grants of the evaluation, in rank order within the budget; `round.awarded` carries them. */
export async function awardRound(
  deps: Pick<ProcurementDeps, 'repos' | 'clock'>,
  roundId: string,
  cause: Cause,
): Promise<RoundDocument> {
  const saved = await retrying(async () => {
    const round = await loadRound(deps, roundId);
    if (round.status !== 'evaluation' || !round.evaluation)
      throw conflict(
        'PROCUREMENT.INVALID_TRANSITION',
        `a ${round.status} round without an evaluation cannot be awarded`,
      );
    const now = deps.clock.now();
    const at = now.toISOString();
    const apps = new Map((await deps.repos.applications.find({ roundId })).map((a) => [a._id, a]));
    const grants: Grant[] = round.evaluation.ranking
      .filter((r) => r.grantFen > 0)
      .map((r) => ({
        grantId: newId(),
        applicationId: r.applicationId,
        organisationId: r.organisationId,
        organisationName: r.organisationName,
        title: apps.get(r.applicationId)?.title ?? '',
        category: apps.get(r.applicationId)?.category ?? '',
        amountFen: r.grantFen,
        matchingFundsFen: r.matchingFundsFen,
        rank: r.rank,
        totalScore: r.totalScore,
      }));
    const awardedFen = grants.reduce((s, g) => s + g.amountFen, 0);
    const event = createEvent(RoundAwarded, {
      source: SOURCE,
      subject: roundId,
      now,
      cause,
      data: {
        roundId,
        title: round.title,
        programmeId: round.programmeId,
        budgetFen: round.budgetFen,
        awardedFen,
        grants,
        awardedAt: at,
      },
    });
    const next = { ...round, status: 'awarded' as const, grants, awardedFen, awardedAt: at };
    const result = await deps.repos.saveRound(round, next, [event]);
    if (!result) throw concurrentUpdate();
    return result;
  });
  const granted = new Set((saved.grants ?? []).map((g) => g.applicationId));
  for (const r of saved.evaluation?.ranking ?? [])
    await deps.repos.applications.updateOne(
      { _id: r.applicationId, status: 'submitted' },
      { $set: { status: granted.has(r.applicationId) ? 'granted' : 'not_granted' } },
    );
  return saved;
}
