import { conflict, unprocessable, type Cause, type Principal } from '@sanshe/platform';
import { means, outliers } from '../domain/panel';
import { criteriaProblems, rankBids } from '../domain/scoring';
import type { Evaluation } from '../domain/tender-state';
import type { TenderDocument } from '../adapters/store/repositories';
import type { ProcurementDeps } from './deps';
import { countingSheets } from './panel';
import { retrying } from './retry';
import { settleTender } from './settle-tender';
import { loadTender, saveTender, withRelease } from './tender-store';

/**
 * Closes the panel's scoring: per criterion the mean of the evaluators who may score,
 * the price score by the formula (base = lowest qualified price), totals, ranking with
 * the tie rule, and the outlier evaluators flagged. Everything is kept for audit.
 */
export async function evaluateTender(
  deps: Pick<ProcurementDeps, 'repos' | 'clock' | 'jobs' | 'settings' | 'keyring'>,
  actor: Principal,
  tenderId: string,
  cause: Cause,
): Promise<TenderDocument> {
  await settleTender(deps, tenderId, cause);
  return retrying(async () => {
    const tender = await loadTender(deps, tenderId);
    if (tender.status !== 'evaluation' || tender.evaluation !== null)
      throw conflict('PROCUREMENT.INVALID_TRANSITION', `a ${tender.status} tender cannot be evaluated now`);
    const problems = criteriaProblems(tender.criteria, tender.policy.minPriceWeight);
    if (problems.length > 0)
      throw unprocessable(
        'PROCUREMENT.CRITERIA_INVALID',
        'the tender’s criteria break the policy; cancel and re-run it',
        problems.map((reason) => ({ field: 'criteria', reason })),
      );
    const sheets = countingSheets(tender.panel, tender.policy.minEvaluators);
    const qualified = tender.openedBids.filter((b) => b.qualification === 'qualified');
    const cellMeans = means(sheets);
    const { basePriceFen, priceWeight, ranking } = rankBids(
      qualified.map((b) => ({
        bidId: b.bidId,
        organisationId: b.organisationId,
        priceFen: b.priceFen,
        submittedAt: b.submittedAt,
        means: cellMeans.get(b.bidId) ?? {},
      })),
      tender.criteria,
    );
    const names = new Map(qualified.map((b) => [b.bidId, b.organisationName]));
    const at = deps.clock.now().toISOString();
    const evaluation: Evaluation = {
      basePriceFen,
      priceWeight,
      evaluators: sheets.map((s) => s.evaluatorId),
      ranking: ranking.map((r) => ({ ...r, organisationName: names.get(r.bidId) ?? '' })),
      outliers: outliers(sheets, {
        standardDeviations: tender.policy.outlierStandardDeviations,
        gapPoints: tender.policy.outlierGapPoints,
      }),
      evaluatedAt: at,
      evaluatedBy: actor.sub,
      supersededAt: null,
      supersededReason: null,
    };
    return saveTender(deps, tender, withRelease(deps, { ...tender, evaluation }, ['tenderUpdate'], at));
  });
}
