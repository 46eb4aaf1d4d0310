import { IntakeApi, type Urgency } from '@sanshe/contracts';
import { z } from 'zod';
import { inOfficeHours, plusMinutes } from './calendar';
import type { Persona } from './cast';
import { count, type DemoContext, type SeededNeed } from './context';
import {
  channelOf,
  DIRECT_OUTCOMES,
  HANDOVER_REASONS,
  NEED_KINDS,
  REFERRALS,
  urgencyOf,
  WITHDRAW_REASONS,
} from './fixtures/needs';
import { COMMUNITIES, HANDOVER_COLLEAGUE, NEW_COMMUNITY } from './fixtures/places';
import { COHORTS, cohortCategories, type Cohort } from './plan';

/**
 * Stage 1: the places and the needs. An administrator adds a community to the registry and the
 * street official assigns its grid workers; community staff log needs over the past months
 * (each with a made-up resident who consented), acknowledge them within their SLA or late (the
 * escalation job runs at the deadline), resolve, refer, withdraw or close them with the
 * resident's satisfaction; a colleague hands a few over. The cohorts of the plan are logged for
 * the projects to gather.
 */
const REMINDER_SHARE = 0.25;

/** Everyday needs per community, besides the cohorts. */
const EVERYDAY: Readonly<Record<string, number>> = {
  'XZ-GL-HL-01': 26,
  'XZ-GL-HL-02': 22,
  'XZ-GL-HL-03': 8,
  'XZ-GL-FC-01': 14,
  'XZ-YL-PL-01': 14,
  'XZ-QS-KY-01': 14,
  'XZ-TS-TX-01': 12,
  'XZ-JW-LQ-01': 12,
};

const AreaList = z.object({ items: z.array(IntakeApi.AreaView) }).passthrough();
const ALL_CATEGORIES = Object.keys(NEED_KINDS);

interface LogPlan {
  community: string;
  category: string;
  at: Date;
  urgency: Urgency;
  logger: Persona;
  /** Never acknowledged (it escalates and stays breached). */
  unanswered?: boolean;
  /** A cohort need: acknowledged promptly, then left to its project. */
  cohort?: Cohort;
  /** A colleague logs it and hands it over to the community's owner. */
  handover?: boolean;
}

export function planNeeds(ctx: DemoContext): void {
  const { agenda, cal, people, random } = ctx;

  agenda.at(cal.day(184, 9, 0), 'registry: a new community with its grids', async () => {
    const admin = await people.admin.token();
    const known = await ctx.http.call(AreaList, 'GET', `/api/intake/areas?parentCode=${NEW_COMMUNITY.parentCode}`, {
      token: admin,
    });
    if (known.items.some((a) => a.code === NEW_COMMUNITY.code)) return;
    await ctx.http.call(IntakeApi.AreaView, 'POST', '/api/intake/areas', {
      token: admin,
      body: {
        code: NEW_COMMUNITY.code,
        kind: 'community',
        name: NEW_COMMUNITY.name,
        parentCode: NEW_COMMUNITY.parentCode,
        demo: true,
      },
    });
    for (const grid of NEW_COMMUNITY.grids) {
      await ctx.http.call(IntakeApi.AreaView, 'POST', '/api/intake/areas', {
        token: admin,
        body: { code: grid.code, kind: 'grid', name: grid.name, parentCode: NEW_COMMUNITY.code, demo: true },
      });
    }
    count(ctx, 'areas', 1 + NEW_COMMUNITY.grids.length);
  });
  agenda.at(cal.day(184, 10, 30), 'registry: grid workers of the new grids', async () => {
    const street = await people.street.token();
    for (const grid of NEW_COMMUNITY.grids) {
      await ctx.http.call(IntakeApi.AreaView, 'PUT', `/api/intake/areas/${grid.code}/grid-workers`, {
        token: street,
        body: { gridWorkers: grid.workers },
      });
    }
  });

  // The cohorts the projects will gather.
  for (const cohort of COHORTS) {
    ctx.cohorts.set(cohort.key, []);
    for (let i = 0; i < cohort.count; i++) {
      const day = cohort.from - Math.round(((cohort.from - cohort.to) * i) / Math.max(1, cohort.count - 1));
      scheduleNeed(ctx, {
        community: cohort.community,
        category: cohort.category,
        at: cal.day(day, random.int(8, 16), random.int(0, 59)),
        urgency: random.weighted([
          ['normal', 7],
          ['high', 3],
        ] as const),
        logger: people.staff(cohort.community),
        cohort,
      });
    }
  }

  // Everyday needs, spread over six months; a few handed over by a colleague in 黄楼社区.
  for (const c of COMMUNITIES) {
    const reserved = cohortCategories(c.code);
    const everyday = ALL_CATEGORIES.filter((k) => !reserved.has(k));
    const n = EVERYDAY[c.code] ?? 0;
    const oldest = c.code === NEW_COMMUNITY.code ? 170 : 180;
    for (let i = 0; i < n; i++) {
      const daysAgo = Math.max(1, Math.round(oldest - ((oldest - 1) * i) / n - random.int(0, 3)));
      const handover = c.code === HANDOVER_COLLEAGUE.community && i % 7 === 3;
      scheduleNeed(ctx, {
        community: c.code,
        category: random.pick(everyday),
        at: cal.day(daysAgo, random.int(8, 17), random.int(0, 59)),
        urgency: urgencyOf(random),
        logger: handover ? people.colleague : people.staff(c.code),
        handover,
      });
    }
  }

  // Today's desk of the two demo staff: one on time, one due soon, two breached (escalated).
  for (const code of ['XZ-GL-HL-01', 'XZ-GL-HL-02']) {
    const reserved = cohortCategories(code);
    const everyday = ALL_CATEGORIES.filter((k) => !reserved.has(k));
    const desk: Array<[number, Urgency]> = [
      [2, 'low'],
      [20, 'normal'],
      [30, 'normal'],
      [5, 'critical'],
    ];
    for (const [hoursAgo, urgency] of desk) {
      scheduleNeed(ctx, {
        community: code,
        category: random.pick(everyday),
        at: cal.ago(hoursAgo + random.next() * 0.5),
        urgency,
        logger: people.staff(code),
        unanswered: true,
      });
    }
  }
}

function scheduleNeed(ctx: DemoContext, plan: LogPlan): void {
  const { random, fake } = ctx;
  const kind = NEED_KINDS[plan.category];
  if (!kind) throw new Error(`no demo texts for category ${plan.category}`);
  const c = COMMUNITIES.find((x) => x.code === plan.community);
  if (!c) throw new Error(`no demo community ${plan.community}`);
  // Drawn now, not when the step runs, so the story does not depend on the order steps interleave.
  const body = {
    channel: channelOf(random),
    category: plan.category,
    attributes: kind.attributes(random),
    gridCode: random.pick(c.grids),
    urgency: plan.urgency,
    beneficiaryCount: kind.beneficiaries(random),
    beneficiaryGroups: kind.groups(random),
    description: random.pick(kind.descriptions),
    contact: { name: fake.name(), phone: fake.phone(), consent: true as const },
    residentIdNumber: fake.residentId(...kind.bornBetween),
  };
  const fate = drawFate(ctx);
  const repeat = plan.cohort !== undefined && fate.repeat;
  ctx.agenda.at(plan.at, `log a ${plan.category} need in ${plan.community}`, async () => {
    const token = await plan.logger.token();
    const need = await ctx.http.call(IntakeApi.LogNeedResponse, 'POST', '/api/intake/needs', { token, body });
    count(ctx, 'needs');
    const seeded: SeededNeed = {
      needId: need.needId,
      caseNumber: need.caseNumber,
      communityCode: plan.community,
      category: plan.category,
      owner: plan.logger,
    };
    const loggedAt = new Date(need.loggedAt);
    const deadline = new Date(need.sla.acknowledgeBy);
    // The acknowledgement window as intake set it (INTAKE_ACK_SLA_MINUTES), in minutes.
    const window = (deadline.getTime() - loggedAt.getTime()) / 60_000;
    ctx.needs.set(seeded.needId, seeded);
    if (plan.cohort) ctx.cohorts.get(plan.cohort.key)?.push(seeded);
    // The same resident comes back a few days later about the same thing: linked, not logged twice.
    if (repeat) {
      ctx.agenda.at(plusMinutes(loggedAt, fate.repeatDays * 1440), 'a repeated report', async () => {
        const again = await ctx.http.call(IntakeApi.LogNeedResponse, 'POST', '/api/intake/needs', {
          token: await plan.logger.token(),
          body: { ...body, channel: 'phone', description: `居民再次来电反映：${body.description}` },
        });
        // Linked to the open need; had it been closed meanwhile, it is a new need of its own.
        count(ctx, again.duplicate ? 'duplicate reports' : 'needs');
      });
    }
    if (plan.handover) {
      const owner = ctx.people.staff(plan.community);
      ctx.agenda.at(plusMinutes(loggedAt, Math.min(window * 0.3, 240)), 'hand a need over', async () => {
        await ctx.http.call(IntakeApi.NeedView, 'POST', `/api/intake/needs/${seeded.needId}/reassign`, {
          token: await seeded.owner.token(),
          body: { to: owner.sub, reason: fate.handoverReason },
        });
        seeded.owner = owner;
        count(ctx, 'hand-overs');
      });
    }
    if (plan.unanswered) {
      wakeForSla(ctx, loggedAt, deadline);
      return;
    }
    // Most are acknowledged well within the window; about one in ten late, after the escalation.
    const { ackShare } = fate;
    const late = !plan.cohort && ackShare > 0.9;
    const share = plan.cohort ? 0.1 + ackShare * 0.4 : late ? 1.1 + (ackShare - 0.9) * 15 : 0.05 + ackShare * 0.7;
    if (late) wakeForSla(ctx, loggedAt, deadline);
    const plannedAck = plusMinutes(
      loggedAt,
      Math.max(window * share, plan.handover ? Math.min(window * 0.3, 240) + 5 : 1),
    );
    // Staff answer in the daytime when the window allows it (an urgent need is answered at once).
    const daytime = inOfficeHours(plannedAck);
    const ackAt = late || daytime.getTime() < deadline.getTime() ? daytime : plannedAck;
    const planned = ctx.agenda.at(ackAt, 'acknowledge a need', async () => {
      await ctx.http.call(IntakeApi.NeedView, 'POST', `/api/intake/needs/${seeded.needId}/acknowledge`, {
        token: await seeded.owner.token(),
        body: {},
      });
      if (!plan.cohort) handleEveryday(ctx, seeded, ackAt, fate);
    });
    // Still unanswered when the story ends: its escalation must run at its own time.
    if (!planned) wakeForSla(ctx, loggedAt, deadline);
  });
}

/** The reminder and the escalation are jobs: the clock must stop at their times for them to run then. */
function wakeForSla(ctx: DemoContext, loggedAt: Date, deadline: Date): void {
  const window = deadline.getTime() - loggedAt.getTime();
  ctx.agenda.wakeAt(new Date(deadline.getTime() - window * REMINDER_SHARE));
  ctx.agenda.wakeAt(new Date(deadline.getTime() + 1000));
}

/** Everything chance decides about a need, drawn when it is planned (the story then never depends on step order). */
interface Fate {
  ackShare: number;
  life: number;
  repeat: boolean;
  repeatDays: number;
  handoverReason: string;
  handledAfterMinutes: number;
  outcome: string;
  referral: { to: string; outcome: string };
  withdrawReason: string;
  closes: boolean;
  closeAfterDays: number;
  satisfaction: number | null;
}

function drawFate(ctx: DemoContext): Fate {
  const { random } = ctx;
  return {
    ackShare: random.next(),
    life: random.next(),
    repeat: random.chance(0.04),
    repeatDays: random.int(2, 5),
    handoverReason: random.pick(HANDOVER_REASONS),
    handledAfterMinutes: random.int(1, 8) * 1440 + random.int(0, 300),
    outcome: random.pick(DIRECT_OUTCOMES),
    referral: random.pick(REFERRALS),
    withdrawReason: random.pick(WITHDRAW_REASONS),
    closes: random.chance(0.8),
    closeAfterDays: random.int(1, 6),
    satisfaction: random.weighted([
      [5, 50],
      [4, 35],
      [3, 10],
      [2, 4],
      [null, 6],
    ] as const),
  };
}

/** What becomes of an everyday need after its acknowledgement: resolved, referred, withdrawn or still open. */
function handleEveryday(ctx: DemoContext, need: SeededNeed, ackAt: Date, fate: Fate): void {
  const { agenda, http } = ctx;
  const path = `/api/intake/needs/${need.needId}`;
  const close = (after: Date) => {
    if (!fate.closes) return;
    agenda.at(
      inOfficeHours(plusMinutes(after, fate.closeAfterDays * 1440)),
      'close a need with the resident’s satisfaction',
      async () => {
        await http.call(IntakeApi.NeedView, 'POST', `${path}/close`, {
          token: await need.owner.token(),
          body: { satisfaction: fate.satisfaction },
        });
        count(ctx, 'needs closed');
      },
    );
  };
  const handledAt = inOfficeHours(plusMinutes(ackAt, fate.handledAfterMinutes));
  if (fate.life < 0.4) {
    agenda.at(handledAt, 'resolve a need directly', async () => {
      await http.call(IntakeApi.NeedView, 'POST', `${path}/resolve`, {
        token: await need.owner.token(),
        body: { how: 'resolved_directly', outcome: fate.outcome },
      });
      count(ctx, 'needs resolved');
      close(handledAt);
    });
  } else if (fate.life < 0.55) {
    agenda.at(handledAt, 'refer a need', async () => {
      await http.call(IntakeApi.NeedView, 'POST', `${path}/resolve`, {
        token: await need.owner.token(),
        body: { how: 'referred', referredTo: fate.referral.to, outcome: fate.referral.outcome },
      });
      count(ctx, 'needs referred');
      close(handledAt);
    });
  } else if (fate.life < 0.62) {
    agenda.at(
      inOfficeHours(plusMinutes(ackAt, (fate.handledAfterMinutes % 3600) + 720)),
      'withdraw a need',
      async () => {
        await http.call(IntakeApi.NeedView, 'POST', `${path}/withdraw`, {
          token: await need.owner.token(),
          body: { reason: fate.withdrawReason },
        });
        count(ctx, 'needs withdrawn');
      },
    );
  }
}
