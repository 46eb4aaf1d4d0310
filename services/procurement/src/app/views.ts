import type { Principal } from '@sanshe/platform';
import { certifiedPercent, sanctionInForce, standing } from '../domain/organisation';
import { memberStatus } from '../domain/panel';
import { METHOD_DETAILS, publicStatus } from '../domain/tender';
import { minQualifiedBids } from '../domain/tender-state';
import type {
  ApplicationDocument,
  BidDocument,
  OrganisationDocument,
  RoundDocument,
  TenderDocument,
} from '../adapters/store/repositories';
import { managesPanel, type PanelTarget } from './panel-target';
import { belongsTo, isOfficial } from './access';

export function toOrganisationView(o: OrganisationDocument, actor: Principal, now: Date) {
  const byLevel: Record<string, number> = {};
  for (const w of o.socialWorkers) byLevel[w.certificateLevel] = (byLevel[w.certificateLevel] ?? 0) + 1;
  const seesWorkers = isOfficial(actor) || belongsTo(actor, o._id);
  return {
    organisationId: o._id,
    uscc: o.uscc,
    name: o.name,
    kind: o.kind,
    legalRepresentative: o.legalRepresentative,
    categories: o.categories,
    serviceAreaCodes: o.serviceAreaCodes,
    capacity: o.capacity,
    registeredOn: o.registeredOn,
    status: standing(o, now),
    verifiedAt: o.verifiedAt,
    usccCheck: o.usccCheck,
    socialWorkers: {
      total: o.socialWorkers.length,
      certified: o.socialWorkers.filter((w) => w.certificateLevel !== 'none').length,
      certifiedPercent: certifiedPercent(o.socialWorkers),
      byLevel,
    },
    ...(seesWorkers ? { workers: o.socialWorkers } : {}),
    sanctions: o.sanctions.map((s) => ({
      sanctionId: s.sanctionId,
      kind: s.kind,
      reason: s.reason,
      from: s.from,
      until: s.until,
      by: s.by,
      liftedAt: s.liftedAt,
      liftReason: s.liftReason,
      inForce: sanctionInForce(s, now),
    })),
  };
}

export function toTenderView(t: TenderDocument, now: Date) {
  return {
    tenderId: t._id,
    ocid: t.ocid,
    projectId: t.projectId,
    attempt: t.attempt,
    previousTenderId: t.previousTenderId,
    title: t.title,
    category: t.category,
    communityCodes: t.communityCodes,
    budgetFen: t.budgetFen,
    budgetCeilingFen: t.budgetCeilingFen,
    method: t.method,
    methodDetails: METHOD_DETAILS[t.method],
    methodChanges: t.methodChanges.map((m) => ({ from: m.from, to: m.to, reason: m.reason, at: m.at })),
    criteria: t.criteria,
    eligibility: t.eligibility,
    minQualifiedBids: minQualifiedBids(t),
    enquiryPeriod: { start: t.openedAt, end: t.enquiryPeriodEnd },
    deadline: t.deadline,
    status: publicStatus(t.status, t.enquiryPeriodEnd, now),
    bidCount: t.bidCount,
    closedAt: t.closedAt,
    failure: t.failure,
    cancellation: t.cancellation ? { reason: t.cancellation.reason, at: t.cancellation.at } : null,
    award: t.award
      ? {
          awardId: t.award.awardId,
          bidId: t.award.bidId,
          organisationId: t.award.organisationId,
          organisationName: t.award.organisationName,
          amountFen: t.award.amountFen,
          status: t.award.status,
          date: t.award.date,
          standstillEnd: t.award.standstillEnd,
          cancelledReason: t.award.cancelledReason,
        }
      : null,
    awardedBidId: t.award?.status === 'active' ? t.award.bidId : null,
  };
}

/** What the bidder gets back: never the nonce or the content, only proof of what was sealed. */
export const toBidReceipt = (b: BidDocument) => ({
  bidId: b._id,
  tenderId: b.tenderId,
  organisationId: b.organisationId,
  status: b.status,
  revision: b.revision,
  submittedAt: b.updatedAt,
  commitment: b.commitment,
  commitmentHistory: b.commitmentHistory,
});

export function toPanelView(target: PanelTarget, actor: Principal) {
  const official = managesPanel(actor, target.kind);
  return {
    minEvaluators: target.minEvaluators,
    subjects: target.subjectsKnown ? target.parties : [],
    evaluators: target.panel.members
      // An evaluator sees their own line; officials see the panel.
      .filter((m) => official || m.evaluatorId === actor.sub)
      .map((m) => ({
        evaluatorId: m.evaluatorId,
        name: m.name,
        affiliationOrganisationId: m.affiliationOrganisationId,
        status: memberStatus(m),
        declaration: m.declaration,
        detectedConflict: m.detectedConflict,
        sheetSubmittedAt: target.panel.sheets.find((s) => s.evaluatorId === m.evaluatorId)?.submittedAt ?? null,
      })),
  };
}

export function toEvaluationView(t: TenderDocument) {
  const e = t.evaluation;
  if (!e) return null;
  return {
    tenderId: t._id,
    basePriceFen: e.basePriceFen,
    priceWeight: e.priceWeight,
    evaluators: e.evaluators,
    ranking: e.ranking,
    outliers: e.outliers,
    evaluatedAt: e.evaluatedAt,
  };
}

export function toRoundView(r: RoundDocument) {
  return {
    roundId: r._id,
    title: r.title,
    description: r.description,
    categories: r.categories,
    budgetFen: r.budgetFen,
    maxGrantFen: r.maxGrantFen,
    deadline: r.deadline,
    criteria: r.criteria,
    matchingBonus: r.matchingBonus,
    minScore: r.minScore,
    eligibleKinds: r.eligibleKinds,
    programmeId: r.programmeId,
    projectId: r.projectId,
    status: r.status,
    applicationCount: r.applicationCount,
    grants:
      r.grants?.map((g) => ({
        grantId: g.grantId,
        applicationId: g.applicationId,
        organisationId: g.organisationId,
        organisationName: g.organisationName,
        amountFen: g.amountFen,
        rank: g.rank,
        totalScore: g.totalScore,
      })) ?? null,
    awardedFen: r.awardedFen,
  };
}

export const toApplicationView = (a: ApplicationDocument) => ({
  applicationId: a._id,
  roundId: a.roundId,
  organisationId: a.organisationId,
  organisationName: a.organisationName,
  title: a.title,
  category: a.category,
  proposal: a.proposal,
  requestedFen: a.requestedFen,
  matchingFundsFen: a.matchingFundsFen,
  budgetLines: a.budgetLines,
  status: a.status,
  ineligibleReasons: a.ineligibleReasons,
  submittedAt: a.submittedAt,
  updatedAt: a.updatedAt,
});

export function toRoundEvaluationView(r: RoundDocument) {
  const e = r.evaluation;
  if (!e) return null;
  return {
    roundId: r._id,
    evaluators: e.evaluators,
    ranking: e.ranking.map((x) => ({
      applicationId: x.applicationId,
      organisationId: x.organisationId,
      organisationName: x.organisationName,
      requestedFen: x.requestedFen,
      matchingFundsFen: x.matchingFundsFen,
      criterionScores: x.criterionScores,
      weightedScore: x.weightedScore,
      bonus: x.bonus,
      totalScore: x.totalScore,
      rank: x.rank,
      grantFen: x.grantFen,
      decision: x.decision,
    })),
    outliers: e.outliers,
    awardableFen: e.awardableFen,
    evaluatedAt: e.evaluatedAt,
  };
}
