import { notFound, type Principal } from '@sanshe/platform';
import type { Panel, Subject } from '../domain/panel';
import { scoredCriteria } from '../domain/scoring';
import type { RoundDocument, TenderDocument } from '../adapters/store/repositories';
import type { ProcurementDeps } from './deps';
import { isOfficial } from './access';
import { concurrentUpdate } from './retry';
import { settleTender } from './settle-tender';
import { settleRound } from './settle-round';

/**
 * What the panel use cases need of the thing being evaluated: a tender (subjects =
 * its qualified bids) or a funding round (subjects = its eligible applications).
 */
export interface PanelTarget {
  kind: 'tender' | 'round';
  id: string;
  panel: Panel;
  minEvaluators: number;
  /** Subjects are known (bids opened / applications closed): members may declare. */
  subjectsKnown: boolean;
  /** Sheets may be submitted now. */
  scoringOpen: boolean;
  /** The panel may still be changed. */
  panelOpen: boolean;
  /** What is scored. */
  subjects: Array<Subject & { organisationName: string }>;
  /** Every organisation taking part (bidders, applicants): conflicts are looked for among them. */
  parties: Array<Subject & { organisationName: string }>;
  criterionCodes: string[];
  save(panel: Panel): Promise<void>;
}

type Deps = Pick<ProcurementDeps, 'repos' | 'clock' | 'jobs' | 'settings' | 'keyring'>;

function tenderTarget(deps: Deps, t: TenderDocument): PanelTarget {
  const asSubject = (b: TenderDocument['openedBids'][number]) => ({
    subjectId: b.bidId,
    organisationId: b.organisationId,
    organisationName: b.organisationName,
  });
  return {
    kind: 'tender',
    id: t._id,
    panel: t.panel,
    minEvaluators: t.policy.minEvaluators,
    subjectsKnown: t.closedAt !== null,
    scoringOpen: t.status === 'evaluation' && t.evaluation === null,
    panelOpen: ['tendering', 'closed', 'evaluation'].includes(t.status) && t.evaluation === null,
    subjects: t.openedBids.filter((b) => b.qualification === 'qualified').map(asSubject),
    parties: t.openedBids.map(asSubject),
    criterionCodes: scoredCriteria(t.criteria).map((c) => c.code),
    async save(panel) {
      const saved = await deps.repos.saveTender(t, { ...t, panel }, []);
      if (!saved) throw concurrentUpdate();
    },
  };
}

function roundTarget(
  deps: Deps,
  r: RoundDocument,
  subjects: PanelTarget['subjects'],
  parties: PanelTarget['parties'],
): PanelTarget {
  return {
    kind: 'round',
    id: r._id,
    panel: r.panel,
    minEvaluators: r.minEvaluators,
    subjectsKnown: r.status !== 'open',
    scoringOpen: (r.status === 'closed' || r.status === 'evaluation') && r.evaluation === null,
    panelOpen: ['open', 'closed', 'evaluation'].includes(r.status) && r.evaluation === null,
    subjects,
    parties,
    criterionCodes: r.criteria.map((c) => c.code),
    async save(panel) {
      const saved = await deps.repos.saveRound(r, { ...r, panel }, []);
      if (!saved) throw concurrentUpdate();
    },
  };
}

/** Officials manage every panel; funders also those of funding rounds. */
export const managesPanel = (actor: Principal, kind: PanelTarget['kind']) =>
  isOfficial(actor) || (kind === 'round' && actor.roles.includes('funder'));

/** Loads the target after applying what the clock made due; evaluators see only what they are on. */
export async function loadPanelTarget(
  deps: Deps,
  kind: 'tender' | 'round',
  id: string,
  actor: Principal,
): Promise<PanelTarget> {
  const cause = { correlationId: `panel:${id}`, causationId: null };
  let target: PanelTarget | null = null;
  if (kind === 'tender') {
    const t = await settleTender(deps, id, cause);
    if (t) target = tenderTarget(deps, t);
  } else {
    const r = await settleRound(deps, id, cause);
    if (r) {
      const apps = await deps.repos.applications.find(
        { roundId: id, status: { $ne: 'withdrawn' } },
        { sort: { submittedAt: 1 } },
      );
      const asSubject = (a: (typeof apps)[number]) => ({
        subjectId: a._id,
        organisationId: a.organisationId,
        organisationName: a.organisationName,
      });
      target = roundTarget(deps, r, apps.filter((a) => a.status !== 'ineligible').map(asSubject), apps.map(asSubject));
    }
  }
  const member = target?.panel.members.some((m) => m.evaluatorId === actor.sub);
  if (!target || !(managesPanel(actor, kind) || (actor.roles.includes('evaluator') && member)))
    throw notFound(
      kind === 'tender' ? 'PROCUREMENT.TENDER_NOT_FOUND' : 'PROCUREMENT.ROUND_NOT_FOUND',
      `no such ${kind}`,
    );
  return target;
}
