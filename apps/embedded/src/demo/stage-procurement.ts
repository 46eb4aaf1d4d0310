import { ProcurementApi } from '@sanshe/contracts';
import { z } from 'zod';
import type { Persona } from './cast';
import { count, organisation, type DemoContext } from './context';
import {
  APPLICATIONS,
  COMPLAINTS,
  DECLARATION,
  DISQUALIFICATION,
  ENQUIRY,
  ORGANISATIONS,
  PROPOSALS,
  RERUN_REASON,
  SCORE_COMMENTS,
  organisationFixture,
  type OrgKey,
} from './fixtures/organisations';
import { OPEN_ROUND, PROJECTS, type Bid, type ProjectPlan } from './plan';
import { FUNDER, programmeKey } from './stage-design';

/**
 * Stage 3: social organisations and procurement. Civil affairs registers the organisations
 * (USCCs with valid check characters) and verifies all but the newest; each lists its social
 * workers and certificates. Published projects open tenders (or, for venture funding, a round):
 * organisations ask questions and seal bids; at the deadline the bids open together; officials
 * qualify them, assign the panel (钱伟 and two colleagues), the panel declares and scores, the
 * evaluation ranks them and the award waits out its standstill, during which a loser may
 * complain. One tender fails for too few bids (流标) and is re-run by competitive consultation.
 */
const TenderList = z.object({ items: z.array(ProcurementApi.TenderView) }).passthrough();
const OpenedBids = z.object({ items: z.array(ProcurementApi.OpenedBidView) }).passthrough();

export function planOrganisations(ctx: DemoContext): void {
  const { agenda, cal, people, http } = ctx;
  for (const fixture of ORGANISATIONS) {
    const registered = fixture.verified ? 185 : 20;
    agenda.at(cal.day(registered, 10, 0), `register ${fixture.name}`, async () => {
      const org = await http.call(ProcurementApi.OrganisationView, 'POST', '/api/procurement/organisations', {
        token: await people.official.token(),
        body: {
          uscc: fixture.uscc,
          name: fixture.name,
          legalRepresentative: fixture.legalRepresentative,
          registeredOn: fixture.registeredOn,
          categories: fixture.categories,
          serviceAreaCodes: fixture.serviceAreaCodes,
          capacity: fixture.capacity,
        },
      });
      const demo = fixture.key === 'pengcheng';
      if (demo) {
        // The demo accounts act for 彭城社工 from now on (their next sign-in carries it).
        ctx.linkAccount('org.user', org.organisationId);
        ctx.linkAccount('social.worker', org.organisationId);
      }
      ctx.organisations.set(fixture.key, {
        key: fixture.key,
        organisationId: org.organisationId,
        name: org.name,
        user: people.orgUser(org.organisationId, fixture.user, demo),
      });
      count(ctx, 'organisations');
    });
    if (fixture.verified) {
      agenda.at(cal.day(registered, 11, 0), `verify ${fixture.name}`, async () => {
        const { organisationId } = organisation(ctx, fixture.key);
        await http.call(
          ProcurementApi.OrganisationView,
          'POST',
          `/api/procurement/organisations/${organisationId}/verify`,
          {
            token: await people.official.token(),
            body: { note: '登记证书、年检报告和章程已核验' },
          },
        );
      });
    }
    agenda.at(cal.day(registered, 15, 0), `${fixture.name} lists its social workers`, async () => {
      const org = organisation(ctx, fixture.key);
      await http.call(
        ProcurementApi.OrganisationView,
        'PUT',
        `/api/procurement/organisations/${org.organisationId}/social-workers`,
        {
          token: await org.user.token(),
          body: { workers: fixture.workers },
        },
      );
      count(ctx, 'social workers', fixture.workers.length);
    });
  }
}

/** The tender of a project as `who` reads it now: the latest attempt (a re-run replaces a failed one). */
async function tenderOf(ctx: DemoContext, key: string, who: Persona) {
  const projectId = ctx.projects.get(key);
  if (!projectId) throw new Error(`project ${key} was not created`);
  const list = await ctx.http.call(TenderList, 'GET', `/api/procurement/tenders?projectId=${projectId}`, {
    token: await who.token(),
  });
  const latest = [...list.items].sort((a, b) => b.attempt - a.attempt)[0];
  if (!latest) throw new Error(`no tender opened for ${key}`);
  return latest;
}

export function planProcurement(ctx: DemoContext): void {
  for (const plan of PROJECTS) {
    if (plan.mode === 'venture_funding') planRound(ctx, plan);
    else if (plan.bids) planTender(ctx, plan);
  }
  planOpenRound(ctx);
}

function scheduleBids(ctx: DemoContext, plan: ProjectPlan, bids: readonly Bid[]): void {
  bids.forEach((bid, i) => {
    ctx.agenda.at(ctx.cal.day(bid.at, 10 + i, 15), `${bid.org} bids for ${plan.key}`, async () => {
      const org = organisation(ctx, bid.org);
      const tender = await tenderOf(ctx, plan.key, org.user);
      await ctx.http.call(ProcurementApi.BidReceipt, 'POST', `/api/procurement/tenders/${tender.tenderId}/bids`, {
        token: await org.user.token(),
        body: {
          priceFen: Math.round((tender.budgetCeilingFen * bid.priceShare) / 100) * 100,
          proposal: PROPOSALS[bid.org],
        },
      });
      count(ctx, 'bids');
    });
  });
}

function planTender(ctx: DemoContext, plan: ProjectPlan): void {
  const { agenda, cal, people, http } = ctx;
  const official = people.official;
  scheduleBids(ctx, plan, plan.bids ?? []);

  if (plan.enquiry) {
    const { by, asked, answered } = plan.enquiry;
    let enquiryId = '';
    agenda.at(cal.day(asked, 16, 0), `${by} asks about ${plan.key}`, async () => {
      const org = organisation(ctx, by);
      const tender = await tenderOf(ctx, plan.key, org.user);
      const enquiry = await http.call(
        ProcurementApi.EnquiryView,
        'POST',
        `/api/procurement/tenders/${tender.tenderId}/enquiries`,
        {
          token: await org.user.token(),
          body: { question: ENQUIRY.question },
        },
      );
      enquiryId = enquiry.enquiryId;
    });
    agenda.at(cal.day(answered, 10, 0), `answer the question about ${plan.key}`, async () => {
      const tender = await tenderOf(ctx, plan.key, official);
      await http.call(
        ProcurementApi.EnquiryView,
        'POST',
        `/api/procurement/tenders/${tender.tenderId}/enquiries/${enquiryId}/answer`,
        { token: await official.token(), body: { answer: ENQUIRY.answer } },
      );
    });
  }

  if (plan.qualified !== undefined) {
    agenda.at(cal.day(plan.qualified, 9, 30), `qualify the bids of ${plan.key}`, async () => {
      const token = await official.token();
      const tender = await tenderOf(ctx, plan.key, official);
      const opened = await http.call(OpenedBids, 'GET', `/api/procurement/tenders/${tender.tenderId}/bids`, { token });
      const out = plan.disqualify ? organisation(ctx, plan.disqualify).organisationId : null;
      const decisions = opened.items
        .filter((b) => b.qualification.status === 'pending')
        .map((b) =>
          b.organisationId === out
            ? { bidId: b.bidId, qualified: false, reason: DISQUALIFICATION }
            : { bidId: b.bidId, qualified: true },
        );
      await http.call(ProcurementApi.TenderView, 'POST', `/api/procurement/tenders/${tender.tenderId}/qualification`, {
        token,
        body: { decisions },
      });
    });
  }

  if (plan.panel) planPanel(ctx, plan, 'tender');

  if (plan.evaluated !== undefined) {
    agenda.at(cal.day(plan.evaluated, 10, 0), `evaluate and award ${plan.key}`, async () => {
      const token = await official.token();
      const tender = await tenderOf(ctx, plan.key, official);
      await http.call(
        ProcurementApi.EvaluationResult,
        'POST',
        `/api/procurement/tenders/${tender.tenderId}/evaluation`,
        {
          token,
        },
      );
      const awarded = await http.call(
        ProcurementApi.TenderView,
        'POST',
        `/api/procurement/tenders/${tender.tenderId}/award`,
        {
          token,
          body: {},
        },
      );
      // The award takes effect by a job at the end of the standstill: the clock stops there.
      if (awarded.award) agenda.wakeAt(new Date(new Date(awarded.award.standstillEnd).getTime() + 1000));
      count(ctx, 'awards');
    });
  }

  if (plan.complaint) {
    const { by, at, rejected } = plan.complaint;
    const words = COMPLAINTS[plan.key as keyof typeof COMPLAINTS];
    let complaintId = '';
    agenda.at(cal.day(at, 11, 0), `${by} complains about the award of ${plan.key}`, async () => {
      const org = organisation(ctx, by);
      const tender = await tenderOf(ctx, plan.key, org.user);
      const complaint = await http.call(
        ProcurementApi.ComplaintView,
        'POST',
        `/api/procurement/tenders/${tender.tenderId}/complaints`,
        {
          token: await org.user.token(),
          body: { title: words.title, description: words.description },
        },
      );
      complaintId = complaint.complaintId;
      count(ctx, 'complaints');
    });
    if (rejected !== undefined && 'resolution' in words) {
      agenda.at(cal.day(rejected, 15, 0), `reject the complaint about ${plan.key}`, async () => {
        const tender = await tenderOf(ctx, plan.key, official);
        await http.call(
          ProcurementApi.TenderView,
          'POST',
          `/api/procurement/tenders/${tender.tenderId}/complaints/${complaintId}/resolve`,
          { token: await official.token(), body: { decision: 'rejected', resolution: words.resolution } },
        );
      });
    }
  }

  if (plan.rerun) {
    const { at, periodDays, bids } = plan.rerun;
    agenda.at(cal.day(at, 10, 0), `re-run ${plan.key} by competitive consultation`, async () => {
      const failed = await tenderOf(ctx, plan.key, official);
      const rerun = await http.call(
        ProcurementApi.TenderView,
        'POST',
        `/api/procurement/tenders/${failed.tenderId}/rerun`,
        {
          token: await official.token(),
          body: { reason: RERUN_REASON, method: 'competitive_consultation', tenderPeriodSeconds: periodDays * 86_400 },
        },
      );
      agenda.wakeAt(new Date(new Date(rerun.deadline).getTime() + 1000));
    });
    scheduleBids(ctx, plan, bids);
  }
}

/** Panel of a tender or round: assigned, then each evaluator declares and scores (some not yet). */
function planPanel(ctx: DemoContext, plan: ProjectPlan, kind: 'tender' | 'round'): void {
  const panel = plan.panel;
  if (!panel) return;
  const { agenda, cal, people, http, random } = ctx;
  const manager = people.official;
  const base = async (who: Persona) =>
    kind === 'tender'
      ? `/api/procurement/tenders/${(await tenderOf(ctx, plan.key, who)).tenderId}`
      : `/api/procurement/rounds/${ctx.projects.get(plan.key) ?? ''}`;
  // Drawn now: each evaluator's leaning and noise, so scores do not depend on step order.
  const noise = Array.from({ length: 3 * 5 * 4 }, () => random.int(-4, 4));
  const comments = Array.from({ length: 3 }, () => random.pick(SCORE_COMMENTS));

  agenda.at(cal.day(panel.at, 10, 30), `assign the panel of ${plan.key}`, async () => {
    await http.call(ProcurementApi.PanelView, 'PUT', `${await base(manager)}/panel`, {
      token: await manager.token(),
      body: { evaluators: people.evaluators.map((e) => ({ evaluatorId: e.sub, name: e.name })) },
    });
  });
  // 钱伟 (the demo evaluator) is first; where fewer score, the others score and his sheet waits.
  const scorers = people.evaluators.slice(people.evaluators.length - panel.scorers);
  scorers.forEach((evaluator, e) => {
    agenda.at(cal.day(panel.scored, 9 + e, 20), `${evaluator.name} scores ${plan.key}`, async () => {
      const token = await evaluator.token();
      const path = await base(evaluator);
      await http.call(ProcurementApi.PanelView, 'POST', `${path}/panel/declaration`, {
        token,
        body: { conflictOfInterest: false, statement: DECLARATION },
      });
      const view = await http.call(ProcurementApi.PanelView, 'GET', `${path}/panel`, { token });
      // The panel lists every bidder (to declare against); only qualified bids are scored.
      const qualified =
        kind === 'tender'
          ? new Set(
              (await http.call(OpenedBids, 'GET', `${path}/bids`, { token })).items
                .filter((b) => b.qualification.status === 'qualified')
                .map((b) => b.bidId),
            )
          : null;
      const subjects = view.subjects.filter((s) => !qualified || qualified.has(s.subjectId));
      const codes = await criterionCodes(ctx, plan, kind, evaluator);
      const scores = subjects.flatMap((s, si) =>
        codes.map((code, ci) => {
          const key = keyOf(ctx, s.organisationId);
          const quality = (key && panel.quality?.[key]) ?? (key ? organisationFixture(key).quality : 75);
          const outlier = panel.outlier && e === scorers.length - 1 && key === 'xiehui' && ci === 0;
          const score = outlier ? 35 : quality + (noise[(e * 5 + si) * 4 + ci] ?? 0);
          return {
            subjectId: s.subjectId,
            criterionCode: code,
            score: Math.max(0, Math.min(100, score)),
            ...(ci === 0 ? { comment: comments[e] ?? '' } : {}),
          };
        }),
      );
      await http.call(ProcurementApi.PanelView, 'PUT', `${path}/panel/scores`, { token, body: { scores } });
      count(ctx, 'score sheets');
    });
  });
}

async function criterionCodes(ctx: DemoContext, plan: ProjectPlan, kind: 'tender' | 'round', who: Persona) {
  if (kind === 'tender') {
    const tender = await tenderOf(ctx, plan.key, who);
    return tender.criteria.filter((c) => c.kind !== 'price' && c.weight > 0).map((c) => c.code);
  }
  const round = await ctx.http.call(
    ProcurementApi.RoundView,
    'GET',
    `/api/procurement/rounds/${ctx.projects.get(plan.key) ?? ''}`,
    {
      token: await who.token(),
    },
  );
  return round.criteria.map((c) => c.code);
}

function keyOf(ctx: DemoContext, organisationId: string): OrgKey | null {
  for (const [key, org] of ctx.organisations) if (org.organisationId === organisationId) return key;
  return null;
}

/** A venture-funding project's round: applications, the panel, the ranking and the grants. */
function planRound(ctx: DemoContext, plan: ProjectPlan): void {
  const { agenda, cal, people, http } = ctx;
  for (const bid of plan.bids ?? []) {
    agenda.at(cal.day(bid.at, 14, 0), `${bid.org} applies to the round of ${plan.key}`, async () => {
      const org = organisation(ctx, bid.org);
      const roundId = ctx.projects.get(plan.key) ?? '';
      const round = await http.call(ProcurementApi.RoundView, 'GET', `/api/procurement/rounds/${roundId}`, {
        token: await org.user.token(),
      });
      const requestedFen = Math.round((round.budgetFen * bid.priceShare) / 100) * 100;
      await http.call(ProcurementApi.ApplicationView, 'POST', `/api/procurement/rounds/${roundId}/applications`, {
        token: await org.user.token(),
        body: {
          ...APPLICATIONS[bid.org],
          category: round.categories[0] ?? 'community_culture',
          requestedFen,
          matchingFundsFen: Math.round((requestedFen * 0.3) / 100) * 100,
          budgetLines: [
            { item: '志愿者培训与督导', amountFen: Math.round(requestedFen * 0.4) },
            { item: '社区活动物资', amountFen: Math.round(requestedFen * 0.35) },
            {
              item: '宣传与项目管理',
              amountFen: requestedFen - Math.round(requestedFen * 0.4) - Math.round(requestedFen * 0.35),
            },
          ],
        },
      });
      count(ctx, 'applications');
    });
  }
  planPanel(ctx, plan, 'round');
  if (plan.evaluated !== undefined) {
    agenda.at(cal.day(plan.evaluated, 10, 0), `evaluate and award the round of ${plan.key}`, async () => {
      const token = await people.official.token();
      const roundId = ctx.projects.get(plan.key) ?? '';
      await http.call(ProcurementApi.RoundEvaluationView, 'POST', `/api/procurement/rounds/${roundId}/evaluation`, {
        token,
      });
      const round = await http.call(ProcurementApi.RoundView, 'POST', `/api/procurement/rounds/${roundId}/award`, {
        token,
      });
      count(ctx, 'grants', round.grants?.length ?? 0);
    });
  }
}

/** The funder's own round, still taking applications today. */
function planOpenRound(ctx: DemoContext): void {
  const { agenda, cal, people, http } = ctx;
  let roundId = '';
  agenda.at(cal.day(OPEN_ROUND.opened, 9, 0), 'the funder opens a venture-funding round', async () => {
    const deadline = cal.day(OPEN_ROUND.deadline, 17, 0);
    const year = Number(deadline.toISOString().slice(0, 4));
    const programmeId =
      ctx.programmes.get(programmeKey(year, 'venture_funding')) ??
      [...ctx.programmes.entries()].find(([k]) => k.endsWith('venture_funding'))?.[1] ??
      null;
    const round = await http.call(ProcurementApi.RoundView, 'POST', '/api/procurement/rounds', {
      token: await people.funder.token(),
      body: {
        title: `${FUNDER.name}社区微创投（第二期）`,
        description: '面向社区文化和困难帮扶的小额公益创投，鼓励社会组织配套资金和居民参与。',
        categories: ['community_culture', 'hardship_aid'],
        budgetFen: 200_000_00,
        maxGrantFen: 80_000_00,
        deadline: deadline.toISOString(),
        criteria: [
          { code: 'need_fit', name: '需求契合度', weight: 40 },
          { code: 'feasibility', name: '方案可行性', weight: 35 },
          { code: 'sustainability', name: '可持续性', weight: 25 },
        ],
        programmeId,
      },
    });
    roundId = round.roundId;
    count(ctx, 'rounds');
  });
  for (const application of OPEN_ROUND.applications) {
    agenda.at(cal.day(application.at, 15, 0), `${application.org} applies to the open round`, async () => {
      const org = organisation(ctx, application.org);
      const requestedFen = Math.round((80_000_00 * application.share * 2) / 100) * 100;
      await http.call(ProcurementApi.ApplicationView, 'POST', `/api/procurement/rounds/${roundId}/applications`, {
        token: await org.user.token(),
        body: {
          ...APPLICATIONS[application.org],
          category: 'community_culture',
          requestedFen,
          matchingFundsFen: Math.round(requestedFen / 500) * 100,
          budgetLines: [{ item: '活动与人员经费', amountFen: requestedFen }],
        },
      });
      count(ctx, 'applications');
    });
  }
}
