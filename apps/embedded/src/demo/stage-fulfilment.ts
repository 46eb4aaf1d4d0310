import { FulfilmentApi, IntakeApi } from '@sanshe/contracts';
import { z } from 'zod';
import { chinaDate, chinaMonth } from './calendar';
import type { Persona } from './cast';
import { count, organisation, type DemoContext } from './context';
import { CONTRACT_LINES, EXPENSE_NOTES, GATE_SUMMARIES, REMEDIATION_PLAN, SERVICES } from './fixtures/fulfilment';
import { DEMO_SOCIAL_WORKER, organisationFixture, type OrgKey } from './fixtures/organisations';
import { PROJECTS, type ProjectPlan } from './plan';

/**
 * Stage 4: delivery. Awards become contracts (fulfilment reads procurement's events); the
 * official accepts the signing, the funder pays its tranche; the organisation sets its budget
 * lines and reports expenses monthly (one month runs over); its social workers record their
 * visits week by week, some confirmed with the resident's code, and the last visits fulfil the
 * needs, which community staff then close with the resident's satisfaction. At mid-term the
 * evaluator passes one contract and fails the other, whose remediation is accepted before the
 * held tranche is paid. Venture grants become contracts too, and their first tranches are paid.
 */
const ContractList = z.object({ items: z.array(FulfilmentApi.ContractView) }).passthrough();
const RecordList = z.object({ items: z.array(FulfilmentApi.ServiceRecordView) }).passthrough();
type Contract = z.infer<typeof FulfilmentApi.ContractView>;

/** The standstill after an award (procurement's default): the contract is signed when it ends. */
const STANDSTILL_DAYS = 7;

export function planFulfilment(ctx: DemoContext): void {
  const closing = new Set<string>();
  for (const plan of PROJECTS) {
    if (plan.contract && plan.evaluated !== undefined)
      planContract(ctx, plan, plan.evaluated - STANDSTILL_DAYS, closing);
    if (plan.mode === 'venture_funding' && plan.evaluated !== undefined) planGrants(ctx, plan, plan.evaluated);
  }
}

async function contractsOf(ctx: DemoContext, query: string): Promise<Contract[]> {
  const list = await ctx.http.call(ContractList, 'GET', `/api/fulfilment/contracts?${query}`, {
    token: await ctx.people.official.token(),
  });
  return list.items;
}

function planContract(ctx: DemoContext, plan: ProjectPlan, signed: number, closing: Set<string>): void {
  const { agenda, cal, people, http, random } = ctx;
  const terms = plan.contract;
  if (!terms) return;
  const state: { contract: Contract | null; codes: Map<string, string>; winner: OrgKey | null } = {
    contract: null,
    codes: new Map(),
    winner: null,
  };
  const contract = () => {
    if (!state.contract) throw new Error(`the contract of ${plan.key} was not signed`);
    return state.contract;
  };
  const path = () => `/api/fulfilment/contracts/${contract().contractId}`;
  const orgUser = () => organisation(ctx, state.winner ?? 'pengcheng').user;
  const pay = (milestone: Contract['milestones'][number]['kind']) => async () => {
    const tranche = contract().tranches.find((t) => t.milestone === milestone && t.status === 'scheduled');
    if (!tranche) return;
    state.contract = await http.call(
      FulfilmentApi.ContractView,
      'POST',
      `${path()}/tranches/${tranche.trancheId}/disburse`,
      {
        token: await people.funder.token(),
      },
    );
    count(ctx, 'tranches paid');
  };

  agenda.at(cal.day(signed - 1, 9, 0), `accept the signing of ${plan.key}`, async () => {
    const projectId = ctx.projects.get(plan.key) ?? '';
    const [signedContract] = await contractsOf(ctx, `projectId=${projectId}`);
    if (!signedContract) throw new Error(`no contract for ${plan.key} after its standstill`);
    state.contract = signedContract;
    for (const [key, org] of ctx.organisations)
      if (org.organisationId === signedContract.organisationId) state.winner = key;
    count(ctx, 'contracts');
    const signing = signedContract.milestones.find((m) => m.kind === 'signing');
    if (signing) {
      state.contract = await http.call(
        FulfilmentApi.ContractView,
        'POST',
        `${path()}/milestones/${signing.milestoneId}/accept`,
        {
          token: await people.official.token(),
        },
      );
    }
    // The resident's code for each need (handed over at signing; shown at a visit to confirm it).
    for (const needId of signedContract.needIds) {
      const code = await http.call(FulfilmentApi.ResidentCodeView, 'GET', `${path()}/needs/${needId}/resident-code`, {
        token: await people.official.token(),
      });
      state.codes.set(needId, code.code);
    }
  });
  agenda.at(cal.day(signed - 1, 14, 0), `budget lines of ${plan.key}`, async () => {
    const value = contract().valueFen;
    const lines = CONTRACT_LINES.map((l) => ({
      code: l.code,
      name: l.name,
      amountFen: Math.floor((value * l.share) / 100),
    }));
    const last = lines[0];
    if (last) last.amountFen += value - lines.reduce((s, l) => s + l.amountFen, 0);
    await http.call(FulfilmentApi.BudgetView, 'PUT', `${path()}/budget`, {
      token: await orgUser().token(),
      body: { lines },
    });
  });
  agenda.at(cal.day(signed - 2, 10, 0), `pay the signing tranche of ${plan.key}`, pay('signing'));

  // Weekly visits by the organisation's social workers; 周强 (the demo account) every week.
  const weeks: number[] = [];
  for (let day = signed - 4; day >= 2; day -= 7) weeks.push(day);
  const plans = weeks.map((day, w) => ({
    day,
    partner: w % 2 === 1,
    draws: Array.from({ length: 12 }, () => random.next()),
  }));
  for (const week of plans) {
    agenda.at(cal.day(week.day, 16, 30), `service records of ${plan.key}`, async () => {
      const c = contract();
      if (c.status !== 'active') return;
      const fixture = organisationFixture(state.winner ?? 'pengcheng');
      const workers = [
        fixture.workers.find((w) => w.workerId === DEMO_SOCIAL_WORKER.workerId) ?? fixture.workers[0],
        ...(week.partner ? [fixture.workers[1]] : []),
      ].filter((w): w is NonNullable<typeof w> => w !== undefined);
      const services = SERVICES[c.category] ?? SERVICES.elderly_care;
      if (!services) return;
      const lastWeeks = week.day <= 21;
      for (const [wi, worker] of workers.entries()) {
        const persona: Persona = people.socialWorker(
          c.organisationId,
          worker,
          worker.workerId === DEMO_SOCIAL_WORKER.workerId,
        );
        const open = c.needIds.filter((id) => !c.fulfilledNeedIds.includes(id));
        const start = Math.floor((week.draws[0] ?? 0) * open.length);
        const visited = [...open.slice(start), ...open.slice(0, start)].slice(wi * 3, wi * 3 + 4);
        if (visited.length === 0) continue;
        const records = visited.map((needId, i) => {
          const d = week.draws[(i + 1 + wi * 4) % 12] ?? 0.5;
          const code = state.codes.get(needId);
          return {
            needId,
            hours: 1 + Math.round(d * 3) / 2,
            serviceType: services.types[Math.floor(d * services.types.length)] ?? 'home_visit',
            place: services.places[i % services.places.length] ?? '',
            notes: services.notes[Math.floor(d * 97) % services.notes.length] ?? '',
            completesNeed: lastWeeks && d < 0.45,
            ...(code && d < 0.5 ? { residentCode: code } : {}),
          };
        });
        await http.call(RecordList, 'POST', `${path()}/service-records/day`, {
          token: await persona.token(),
          body: { deliveredOn: chinaDate(cal.day(week.day, 12, 0)), records },
        });
        count(ctx, 'service records', records.length);
      }
      state.contract = await http.call(FulfilmentApi.ContractView, 'GET', path(), {
        token: await people.official.token(),
      });
      for (const needId of state.contract.fulfilledNeedIds)
        closeFulfilled(ctx, needId, state.contract.needIds.indexOf(needId), week.day, closing);
    });
  }

  // Monthly expense reports, early in the next month; the after-school project overspends once.
  const months = new Map<string, number>();
  for (let day = signed - 30; day >= 1; day--) {
    const month = chinaMonth(cal.day(day));
    const next = chinaMonth(cal.day(day - 1));
    if (month !== next && day - 5 >= 1) months.set(month, day - 5);
  }
  let reports = 0;
  for (const [period, day] of months) {
    const index = reports++;
    const spread = Array.from({ length: CONTRACT_LINES.length }, () => 0.85 + random.next() * 0.2);
    agenda.at(cal.day(day, 11, 0), `expense report ${period} of ${plan.key}`, async () => {
      const token = await orgUser().token();
      const budget = await http.call(FulfilmentApi.BudgetView, 'GET', `${path()}/budget`, { token });
      const overspend = terms.overspend && index === 1;
      const lines = budget.lines.map((l, i) => {
        const monthly = Math.round(((l.amountFen / 12) * (spread[i] ?? 1)) / 100) * 100;
        const amountFen =
          overspend && l.code === 'activities'
            ? Math.max(monthly, Math.round(l.amountFen * 1.15) - l.spentFen)
            : monthly;
        return {
          code: l.code,
          amountFen,
          vouchers: [
            `FP${period.replace('-', '')}${String(i + 1).padStart(2, '0')}${String(index + 1).padStart(3, '0')}`,
          ],
        };
      });
      const after = await http.call(FulfilmentApi.BudgetView, 'POST', `${path()}/expense-reports`, {
        token,
        body: { period, lines, note: overspend ? EXPENSE_NOTES.overspend : EXPENSE_NOTES.regular },
      });
      count(ctx, 'expense reports');
      if (after.reports.some((r) => r.alerts.length > 0)) ctx.counts['overspend alerts'] = 1;
    });
  }

  // Mid-term: passed (tranche paid), or failed, remediated, accepted, then paid.
  const mid = terms.midTerm;
  const gate = () => {
    const m = contract().milestones.find((x) => x.kind === 'mid_term_evaluation');
    if (!m) throw new Error(`${plan.key} has no mid-term gate`);
    return `${path()}/milestones/${m.milestoneId}`;
  };
  agenda.at(cal.day(mid.at, 10, 0), `mid-term evaluation of ${plan.key}`, async () => {
    state.contract = await http.call(FulfilmentApi.ContractView, 'POST', `${gate()}/evaluations`, {
      token: await people.evaluator.token(),
      body: {
        score: mid.score,
        passed: mid.passed,
        summary: mid.passed ? GATE_SUMMARIES.passed : GATE_SUMMARIES.failed,
      },
    });
    count(ctx, 'gate evaluations');
  });
  if (mid.passed)
    agenda.at(cal.day(mid.at - 2, 10, 0), `pay the mid-term tranche of ${plan.key}`, pay('mid_term_evaluation'));
  const remediation = mid.remediation;
  if (remediation) {
    agenda.at(cal.day(remediation.at, 15, 0), `remediation plan of ${plan.key}`, async () => {
      state.contract = await http.call(FulfilmentApi.ContractView, 'POST', `${gate()}/remediations`, {
        token: await orgUser().token(),
        body: { plan: REMEDIATION_PLAN },
      });
    });
    agenda.at(cal.day(remediation.accepted, 10, 0), `accept the remediation of ${plan.key}`, async () => {
      const pending = contract().remediations.find((r) => r.status === 'submitted');
      if (!pending) throw new Error(`no remediation of ${plan.key} to decide`);
      state.contract = await http.call(
        FulfilmentApi.ContractView,
        'POST',
        `${gate()}/remediations/${pending.remediationId}/decision`,
        {
          token: await people.evaluator.token(),
          body: { accept: true, note: GATE_SUMMARIES.remediationAccepted },
        },
      );
    });
    agenda.at(
      cal.day(remediation.accepted - 1, 10, 0),
      `pay the released tranche of ${plan.key}`,
      pay('mid_term_evaluation'),
    );
  }
}

/** Community staff close a fulfilled need a few days later, with the resident's satisfaction. */
function closeFulfilled(
  ctx: DemoContext,
  needId: string,
  index: number,
  fulfilledDay: number,
  closing: Set<string>,
): void {
  const need = ctx.needs.get(needId);
  if (!need || closing.has(needId)) return;
  closing.add(needId);
  const day = fulfilledDay - 2 - (index % 3);
  if (day < 1) return;
  ctx.agenda.at(ctx.cal.day(day, 10, 30), 'close a fulfilled need', async () => {
    await ctx.http.call(IntakeApi.NeedView, 'POST', `/api/intake/needs/${needId}/close`, {
      token: await need.owner.token(),
      body: { satisfaction: index % 4 === 1 ? 4 : 5 },
    });
    count(ctx, 'needs closed');
  });
}

/** Grants of a venture round become contracts; the signing is accepted and its tranche paid. */
function planGrants(ctx: DemoContext, plan: ProjectPlan, awarded: number): void {
  const { agenda, cal, people, http } = ctx;
  const paths: string[] = [];
  agenda.at(cal.day(awarded - 2, 9, 30), `accept the signing of the grants of ${plan.key}`, async () => {
    const roundId = ctx.projects.get(plan.key) ?? '';
    const contracts = await contractsOf(ctx, `roundId=${roundId}`);
    for (const c of contracts) {
      const signing = c.milestones.find((m) => m.kind === 'signing');
      if (!signing) continue;
      const path = `/api/fulfilment/contracts/${c.contractId}`;
      await http.call(FulfilmentApi.ContractView, 'POST', `${path}/milestones/${signing.milestoneId}/accept`, {
        token: await people.official.token(),
      });
      paths.push(path);
      count(ctx, 'contracts');
    }
  });
  agenda.at(cal.day(awarded - 3, 10, 0), `pay the first tranches of the grants of ${plan.key}`, async () => {
    for (const path of paths) {
      const c = await http.call(FulfilmentApi.ContractView, 'GET', path, { token: await people.funder.token() });
      const tranche = c.tranches.find((t) => t.milestone === 'signing' && t.status === 'scheduled');
      if (!tranche) continue;
      await http.call(FulfilmentApi.ContractView, 'POST', `${path}/tranches/${tranche.trancheId}/disburse`, {
        token: await people.funder.token(),
      });
      count(ctx, 'tranches paid');
    }
  });
  // 彭城社工's grant passes its mid-term evaluation.
  agenda.at(cal.day(8, 10, 0), `mid-term evaluation of a grant of ${plan.key}`, async () => {
    const pengcheng = organisation(ctx, 'pengcheng').organisationId;
    const roundId = ctx.projects.get(plan.key) ?? '';
    const [grant] = (await contractsOf(ctx, `roundId=${roundId}`)).filter((c) => c.organisationId === pengcheng);
    const gate = grant?.milestones.find((m) => m.kind === 'mid_term_evaluation');
    if (!grant || !gate) return;
    await http.call(
      FulfilmentApi.ContractView,
      'POST',
      `/api/fulfilment/contracts/${grant.contractId}/milestones/${gate.milestoneId}/evaluations`,
      {
        token: await people.evaluator.token(),
        body: { score: 84, passed: true, summary: '志愿服务队已组建并常态化开展活动，资金使用规范，中期评估通过。' },
      },
    );
    count(ctx, 'gate evaluations');
  });
}
