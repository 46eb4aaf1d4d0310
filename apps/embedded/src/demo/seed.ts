import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProcurementApi, IntakeApi } from '@sanshe/contracts';
import type { Host, Logger } from '@sanshe/platform';
import { z } from 'zod';
import { Agenda } from './agenda';
import { Calendar } from './calendar';
import { DemoClock } from './clock';
import { DemoHttp } from './client';
import { createContext } from './context';
import { ORGANISATIONS } from './fixtures/organisations';
import { Random } from './random';
import { planDesign } from './stage-design';
import { planFulfilment } from './stage-fulfilment';
import { planNeeds } from './stage-needs';
import { planOrganisations, planProcurement } from './stage-procurement';

/** How far back the story starts: the registry and programmes come first, then six months of life. */
export const DEMO_HISTORY_DAYS = 190;
export const DEFAULT_DEMO_SEED = 20_260_127;

/** A demo clock at the start of the story that ends now. */
export function createDemoClock(end: Date = new Date()): DemoClock {
  return new DemoClock(new Date(end.getTime() - DEMO_HISTORY_DAYS * 86_400_000));
}

export interface DemoSummary {
  seed: number;
  /** When the story starts and ends (now, when the user arrives). */
  from: string;
  to: string;
  elapsedMs: number;
  /** CPU time of the process while seeding (user + system): the cost, whatever else the machine runs. */
  cpuMs: number;
  steps: number;
  /** Moments the clock stopped at (steps and the jobs' own times). */
  stops: number;
  counts: Record<string, number>;
}

export class DemoAlreadySeededError extends Error {
  constructor(reason: string) {
    super(`the demo data is already there (${reason}); start afresh to seed it again`);
    this.name = 'DemoAlreadySeededError';
  }
}

export interface SeedDemoOptions {
  host: Host;
  clock: DemoClock;
  /** Links the demo accounts org.user and social.worker to the organisation the seed registers. */
  linkAccount(username: 'org.user' | 'social.worker', organisationId: string): void;
  logger?: Logger | null;
  seed?: number;
}

const OrganisationList = z.object({ items: z.array(ProcurementApi.OrganisationView) }).passthrough();

/**
 * Tells the demo story through the public HTTP APIs, each step as the person who would take it
 * and at its moment in the past six months, then hands the clock to real time. Runs once, on a
 * fresh embedded system: it refuses when the clock has gone live or the demo data is already
 * there (a second run would log every need twice and be refused by the registry's unique codes
 * half-way through).
 */
export async function seedDemo(options: SeedDemoOptions): Promise<DemoSummary> {
  const { host, clock } = options;
  const logger = options.logger ?? null;
  if (clock.isLive) throw new DemoAlreadySeededError('the demo clock already runs in real time');
  const started = Date.now();
  const cpu = process.cpuUsage();
  const end = new Date(Math.floor(started / 1000) * 1000);
  if (end.getTime() - clock.now().getTime() < (DEMO_HISTORY_DAYS - 1) * 86_400_000)
    throw new Error('the demo clock must start the demo history before now (createDemoClock)');
  const seed = options.seed ?? DEFAULT_DEMO_SEED;

  const server: Server = await new Promise((resolve) => {
    const s = host.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  // Each request is logged at info by the HTTP layer: a thousand lines nobody asked for.
  const quiet = logger && logger.levelVal < 40 ? logger.level : null;
  if (logger && quiet) logger.level = 'warn';
  try {
    const http = new DemoHttp(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    await refuseSeededData(http);
    const agenda = new Agenda(clock, () => host.settle(), end);
    const ctx = createContext({
      http,
      agenda,
      cal: new Calendar(end),
      random: new Random(seed),
      logger,
      linkAccount: options.linkAccount,
    });
    planNeeds(ctx);
    planDesign(ctx);
    planOrganisations(ctx);
    planProcurement(ctx);
    planFulfilment(ctx);
    const { steps, stops } = await agenda.run();
    clock.goLive();
    const summary: DemoSummary = {
      seed,
      from: new Date(end.getTime() - DEMO_HISTORY_DAYS * 86_400_000).toISOString(),
      to: end.toISOString(),
      elapsedMs: Date.now() - started,
      cpuMs: Math.round(((u) => (u.user + u.system) / 1000)(process.cpuUsage(cpu))),
      steps,
      stops,
      counts: ctx.counts,
    };
    if (quiet && logger) logger.level = quiet;
    logger?.info(
      { demo: summary },
      `demo data seeded in ${(summary.elapsedMs / 1000).toFixed(1)} s: ${summary.counts.needs ?? 0} needs, ${
        summary.counts.projects ?? 0
      } projects, ${summary.counts.bids ?? 0} bids, ${summary.counts.contracts ?? 0} contracts`,
    );
    return summary;
  } finally {
    if (quiet && logger) logger.level = quiet;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** The demo's organisations or any need already there mean the data is not fresh. */
async function refuseSeededData(http: DemoHttp): Promise<void> {
  const dev = await http.call(z.object({ token: z.string() }), 'POST', '/api/auth/dev-token', {
    body: { sub: 'demo-seed-check', name: 'demo seed', roles: ['admin'] },
  });
  const organisations = await http.call(OrganisationList, 'GET', '/api/procurement/organisations', {
    token: dev.token,
  });
  const ours = new Set(ORGANISATIONS.map((o) => o.uscc));
  if (organisations.items.some((o) => ours.has(o.uscc)))
    throw new DemoAlreadySeededError('its social organisations are registered');
  const needs = await http.call(IntakeApi.NeedList, 'GET', '/api/intake/needs?limit=1', { token: dev.token });
  if (needs.total > 0) throw new DemoAlreadySeededError(`${needs.total} needs are logged`);
}
