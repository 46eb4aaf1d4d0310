import { DesignApi, type FundingMode } from '@sanshe/contracts';
import { z } from 'zod';
import { chinaDate, periodEnd, plusDays } from './calendar';
import type { Persona } from './cast';
import { count, type DemoContext } from './context';
import {
  BUDGET_LINE_TEXT,
  CANCEL_REASON,
  PROJECT_TEXTS,
  PURCHASE_CRITERIA,
  RETURN_COMMENTS,
  VENTURE_CRITERIA,
} from './fixtures/projects';
import { COHORTS, PROJECTS, type ProjectPlan } from './plan';

/**
 * Stage 2: programmes and projects. The funder opens the programmes (a service purchase and a
 * venture-funding round for each fiscal year the story touches); community staff turn the
 * suggestions of their open needs into projects (the draft budget from the unit-cost benchmark),
 * submit them past the policy linter, and the street or district official returns, approves and
 * publishes them with a bid deadline; one is cancelled after publication.
 */
export const FUNDER = { code: 'XZ-SSLD-FUND', name: '徐州市三社联动专项资金' } as const;
const PURCHASE_BUDGET_FEN = 3_000_000_00;
const VENTURE_BUDGET_FEN = 800_000_00;
const VENTURE_MAX_GRANT_FEN = 150_000_00;
const VENTURE_MATCHING_PERCENT = 20;

const SuggestionsAnswer = DesignApi.Suggestions;

export function programmeKey(fiscalYear: number, mode: FundingMode): string {
  return `${fiscalYear}:${mode}`;
}

/** When a project's service starts: a month after its bids close (or after it is drafted). */
export function servicePeriod(ctx: DemoContext, plan: ProjectPlan): { start: string; end: string } {
  const from = plan.deadline !== undefined ? ctx.cal.day(plan.deadline) : ctx.cal.day(plan.created);
  const start = chinaDate(plusDays(from, plan.deadline !== undefined ? 30 : 45));
  return { start, end: periodEnd(start, 12) };
}

export function planDesign(ctx: DemoContext): void {
  const { agenda, cal, people } = ctx;

  agenda.at(cal.day(186, 9, 0), 'the funder opens the programmes', async () => {
    const years = new Set(PROJECTS.map((p) => Number(servicePeriod(ctx, p).start.slice(0, 4))));
    const token = await people.funder.token();
    for (const year of [...years].sort()) {
      for (const mode of ['government_purchase', 'venture_funding'] as const) {
        const venture = mode === 'venture_funding';
        const programme = await ctx.http.call(DesignApi.ProgrammeView, 'POST', '/api/design/programmes', {
          token,
          body: {
            name: venture ? `${year}年徐州市社区公益创投` : `${year}年徐州市三社联动政府购买社会工作服务`,
            funderCode: FUNDER.code,
            funderName: FUNDER.name,
            fiscalYear: year,
            mode,
            budgetFen: venture ? VENTURE_BUDGET_FEN : PURCHASE_BUDGET_FEN,
            ...(venture ? { matchingPercent: VENTURE_MATCHING_PERCENT, maxGrantFen: VENTURE_MAX_GRANT_FEN } : {}),
          },
        });
        ctx.programmes.set(programmeKey(year, mode), programme.programmeId);
        count(ctx, 'programmes');
      }
    }
  });

  for (const plan of PROJECTS) planProject(ctx, plan);
}

function planProject(ctx: DemoContext, plan: ProjectPlan): void {
  const { agenda, cal, people, http } = ctx;
  const cohort = COHORTS.find((c) => c.key === plan.key);
  const texts = PROJECT_TEXTS[plan.key];
  if (!cohort || !texts) throw new Error(`the plan of ${plan.key} has no cohort or texts`);
  const author = people.staff(cohort.community);
  const decider: Persona = plan.decider === 'street' ? people.street : people.official;
  const id = () => {
    const projectId = ctx.projects.get(plan.key);
    if (!projectId) throw new Error(`project ${plan.key} was not created`);
    return projectId;
  };
  const act = (who: Persona, action: string, body?: unknown) => async () => {
    await http.call(DesignApi.ProjectView, 'POST', `/api/design/projects/${id()}/${action}`, {
      token: await who.token(),
      ...(body !== undefined ? { body } : {}),
    });
  };

  agenda.at(cal.day(plan.created, 9, 30), `draft the project ${plan.key} from a suggestion`, async () => {
    const token = await author.token();
    const query = new URLSearchParams({
      area: cohort.community,
      category: cohort.category,
      level: 'community',
      minNeeds: '1',
    });
    const answer = await http.call(SuggestionsAnswer, 'GET', `/api/design/suggestions?${query.toString()}`, { token });
    const cohortIds = new Set((ctx.cohorts.get(cohort.key) ?? []).map((n) => n.needId));
    const suggestion = [...answer.suggestions].sort(
      (a, b) => overlap(b.needIds, cohortIds) - overlap(a.needIds, cohortIds),
    )[0];
    if (!suggestion || overlap(suggestion.needIds, cohortIds) === 0)
      throw new Error(`no suggestion gathers the needs of ${plan.key}`);
    const period = servicePeriod(ctx, plan);
    const programmeId = ctx.programmes.get(programmeKey(Number(period.start.slice(0, 4)), plan.mode)) ?? null;
    const budgetLines = (suggestion.draftBudget?.lines ?? [])
      .filter((l) => l.amountFen > 0)
      .map((l) => ({ kind: l.kind, description: BUDGET_LINE_TEXT[l.kind], amountFen: l.amountFen }));
    const total = budgetLines.reduce((s, l) => s + l.amountFen, 0);
    const venture = plan.mode === 'venture_funding';
    const project = await http.call(DesignApi.ProjectView, 'POST', '/api/design/projects', {
      token,
      body: {
        title: texts.title,
        category: cohort.category,
        needIds: suggestion.needIds,
        objectives: texts.objectives,
        kpis: texts.kpis,
        servicePeriod: period,
        budgetLines,
        fundingMode: plan.mode,
        programmeId,
        matchingFundsFen: venture ? Math.ceil((total * 25) / 100) : 0,
        procurementMethod: 'open_tender',
        eligibility: {
          organisationKinds: ['social_association', 'private_non_enterprise_unit', 'foundation'],
          serviceAreaCodes: [],
          minCertifiedSocialWorkerPercent: 40,
        },
        evaluationCriteria: venture ? VENTURE_CRITERIA : PURCHASE_CRITERIA,
      },
    });
    ctx.projects.set(plan.key, project.projectId);
    count(ctx, 'projects');
  });

  if (plan.submitted !== undefined)
    agenda.at(cal.day(plan.submitted, 15, 0), `submit ${plan.key}`, act(author, 'submit'));
  if (plan.returned) {
    const comments = RETURN_COMMENTS[plan.key as keyof typeof RETURN_COMMENTS] ?? '请补充服务方案细节后重新提交。';
    agenda.at(cal.day(plan.returned.at, 10, 0), `return ${plan.key}`, act(decider, 'return', { comments }));
    const resubmitted = plan.returned.resubmitted;
    if (resubmitted !== undefined) {
      agenda.at(cal.day(resubmitted, 9, 30), `revise ${plan.key}`, async () => {
        const token = await author.token();
        const current = await http.call(DesignApi.ProjectView, 'GET', `/api/design/projects/${id()}`, { token });
        await http.call(DesignApi.ProjectView, 'PATCH', `/api/design/projects/${id()}`, {
          token,
          body: {
            expectedVersion: current.version,
            objectives: [...current.objectives, '托管场地通过消防和安全检查，配备急救箱并购买服务对象意外险'],
            kpis: [
              ...current.kpis,
              { kind: 'output', name: '家长安全沙龙', target: 4, unit: '场', measurement: '活动签到表' },
            ],
          },
        });
      });
      agenda.at(cal.day(resubmitted, 11, 0), `submit ${plan.key} again`, act(author, 'submit'));
    }
  }
  if (plan.approved !== undefined)
    agenda.at(cal.day(plan.approved, 10, 0), `approve ${plan.key}`, act(decider, 'approve'));
  if (plan.published !== undefined && plan.deadline !== undefined) {
    const bidDeadline = cal.day(plan.deadline, 9, 30).toISOString();
    agenda.at(cal.day(plan.published, 14, 0), `publish ${plan.key}`, act(decider, 'publish', { bidDeadline }));
    // Procurement closes the tender (or round) by a job at the deadline.
    agenda.wakeAt(new Date(new Date(bidDeadline).getTime() + 1000));
  }
  if (plan.cancelled !== undefined)
    agenda.at(cal.day(plan.cancelled, 16, 0), `cancel ${plan.key}`, act(decider, 'cancel', { reason: CANCEL_REASON }));
}

function overlap(ids: readonly string[], wanted: ReadonlySet<string>): number {
  return ids.filter((i) => wanted.has(i)).length;
}

/** Programmes as the funder sees them (for the summary). */
export const ProgrammeList = z.object({ items: z.array(DesignApi.ProgrammeView) }).passthrough();
