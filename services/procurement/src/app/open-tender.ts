import { TenderOpened, type EventData, type ProjectPublished } from '@sanshe/contracts';
import { createEvent, DuplicateKeyError, insertWithEvents, newId, type Cause } from '@sanshe/platform';
import { policyAt } from '../domain/policy';
import { criteriaProblems, type Criterion } from '../domain/scoring';
import { enquiryPeriodEnd } from '../domain/tender';
import { emptyPanel } from '../domain/panel';
import type { MethodChange, Tender } from '../domain/tender-state';
import type { TenderDocument } from '../adapters/store/repositories';
import type { ProcurementDeps } from './deps';
import { CLOSE_TENDER_JOB, SOURCE } from './source';
import { withRelease } from './tender-store';

const DEFAULT_ELIGIBILITY = {
  organisationKinds: ['social_association', 'private_non_enterprise_unit', 'foundation'] as const,
  serviceAreaCodes: [],
  minCertifiedSocialWorkerPercent: 0,
};

export type TenderTerms = Pick<
  Tender,
  | 'projectId'
  | 'title'
  | 'description'
  | 'category'
  | 'communityCodes'
  | 'needIds'
  | 'budgetFen'
  | 'budgetCeilingFen'
  | 'fundingMode'
  | 'tranches'
  | 'servicePeriod'
  | 'method'
  | 'methodJustification'
  | 'criteria'
  | 'eligibility'
  | 'publishedAt'
>;

/** What a published project asks of its tender; absent fields fall back to the policy in force. */
export function termsFromProject(
  deps: Pick<ProcurementDeps, 'settings'>,
  project: EventData<typeof ProjectPublished>,
  now: Date,
): TenderTerms {
  const policy = policyAt(deps.settings.policies, now);
  const criteria: Criterion[] =
    project.evaluationCriteria && project.evaluationCriteria.length > 0
      ? project.evaluationCriteria
      : [
          { code: 'price', name: '报价', kind: 'price', weight: policy.defaultPriceWeight },
          { code: 'service_plan', name: '服务方案', kind: 'technical', weight: 100 - policy.defaultPriceWeight },
        ];
  return {
    projectId: project.projectId,
    title: project.title,
    description: (project.objectives ?? []).join('；'),
    category: project.category,
    communityCodes: project.communityCodes,
    needIds: project.needIds,
    budgetFen: project.budgetFen,
    budgetCeilingFen: project.budgetCeilingFen ?? project.budgetFen,
    fundingMode: project.fundingMode,
    tranches: project.tranches,
    servicePeriod: project.servicePeriod ?? null,
    method: project.procurementMethod ?? 'open_tender',
    methodJustification: project.methodJustification ?? null,
    criteria,
    eligibility: project.eligibility ?? {
      ...DEFAULT_ELIGIBILITY,
      organisationKinds: [...DEFAULT_ELIGIBILITY.organisationKinds],
    },
    publishedAt: project.publishedAt,
  };
}

/**
 * Opens a tender (the first attempt, or a re-run after 流标) and schedules its closing.
 * The unique (project, attempt) index makes a redelivered event find the tender there.
 */
export async function openTender(
  deps: Pick<ProcurementDeps, 'repos' | 'clock' | 'jobs' | 'settings'>,
  terms: TenderTerms,
  options: {
    attempt: number;
    previousTenderId: string | null;
    deadline: string | null;
    tenderPeriodSeconds?: number;
    methodChanges?: MethodChange[];
  },
  cause: Cause,
): Promise<TenderDocument | null> {
  const now = deps.clock.now();
  let tender = await deps.repos.tenders.findOne({ projectId: terms.projectId, attempt: options.attempt });
  if (!tender) {
    const policy = policyAt(deps.settings.policies, now);
    const tenderId = newId();
    const period = options.tenderPeriodSeconds ?? policy.tenderPeriodSeconds;
    const requested = options.deadline ? new Date(options.deadline) : null;
    // A deadline already past (a late event) gets the policy's period instead of closing at once.
    const deadline =
      requested && requested.getTime() > now.getTime() ? requested : new Date(now.getTime() + period * 1000);
    const enquiryEnd = enquiryPeriodEnd(now, deadline, policy.enquiryLeadSeconds).toISOString();
    const ocid = `${deps.settings.ocds.ocidPrefix}-${tenderId}`;
    const base: Tender = {
      ...terms,
      _id: tenderId,
      ocid,
      attempt: options.attempt,
      previousTenderId: options.previousTenderId,
      nextTenderId: null,
      methodChanges: options.methodChanges ?? [],
      rerunReason: null,
      criteriaProblems: criteriaProblems(terms.criteria, policy.minPriceWeight),
      policy,
      openedAt: now.toISOString(),
      enquiryPeriodEnd: enquiryEnd,
      deadline: deadline.toISOString(),
      status: 'tendering',
      closedAt: null,
      closedBy: null,
      bidCount: null,
      openedBids: [],
      commitments: [],
      failure: null,
      cancellation: null,
      panel: emptyPanel(),
      evaluation: null,
      evaluationHistory: [],
      award: null,
      awardHistory: [],
      complaints: [],
      contract: null,
      releases: [],
    };
    const doc = withRelease(
      deps,
      withRelease(deps, base, ['planning'], now.toISOString()),
      ['tender'],
      now.toISOString(),
    );
    const event = createEvent(TenderOpened, {
      source: SOURCE,
      subject: tenderId,
      now,
      cause,
      data: {
        tenderId,
        projectId: terms.projectId,
        title: terms.title,
        budgetFen: terms.budgetFen,
        deadline: doc.deadline,
        ocid,
        method: terms.method,
        enquiryPeriodEnd: enquiryEnd,
        attempt: options.attempt,
        previousTenderId: options.previousTenderId,
      },
    });
    try {
      tender = await insertWithEvents(deps.repos.tenders, doc, [event]);
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      tender = await deps.repos.tenders.findOne({ projectId: terms.projectId, attempt: options.attempt });
    }
  }
  // Scheduling again is harmless (the job id de-duplicates) and heals a crash before the first schedule.
  if (tender && tender.status === 'tendering') {
    await deps.jobs.schedule({
      name: CLOSE_TENDER_JOB,
      payload: { tenderId: tender._id },
      runAt: new Date(tender.deadline),
      jobId: `${CLOSE_TENDER_JOB}:${tender._id}`,
    });
  }
  return tender;
}
