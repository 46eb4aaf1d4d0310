import { randomUUID } from 'node:crypto';
import { residentIdCheckCharacter } from '@sanshe/contracts';
import { untilDefinitive, type Client, type Reply } from './chaos-client';

/** Where each need of the stream should end, by its index: every life a need can have without a project. */
export const PLANS = ['logged', 'acknowledged', 'resolved', 'withdrawn', 'closed'] as const;
export type Plan = (typeof PLANS)[number];

const COMMANDS: Record<Plan, Array<{ action: string; body: unknown; reaches: string }>> = {
  logged: [],
  acknowledged: [{ action: 'acknowledge', body: {}, reaches: 'acknowledged' }],
  resolved: [
    { action: 'acknowledge', body: {}, reaches: 'acknowledged' },
    { action: 'resolve', body: { how: 'resolved_directly', outcome: '已当场解答' }, reaches: 'resolved' },
  ],
  withdrawn: [{ action: 'withdraw', body: { reason: '居民撤回申请' }, reaches: 'withdrawn' }],
  closed: [
    { action: 'acknowledge', body: {}, reaches: 'acknowledged' },
    { action: 'resolve', body: { how: 'resolved_directly', outcome: '已转介就业服务站' }, reaches: 'resolved' },
    { action: 'close', body: { satisfaction: 4 }, reaches: 'closed' },
  ],
};

/** Where a need stands after each status, to tell "already done" from "refused". */
const ORDER = ['logged', 'acknowledged', 'resolved', 'closed'];

export const STREAM_COMMUNITY = 'XZ-YL-PL-01';
const GRIDS = ['XZ-YL-PL-01-G01', 'XZ-YL-PL-01-G02'];

export interface StreamNeed {
  index: number;
  plan: Plan;
  needId: string;
  /** Requests that got no definitive answer and were sent again (the log request and the commands). */
  retries: number;
  /** The log request was answered "duplicate: linked" (a retry after an unanswered success that the key missed). */
  linked: boolean;
  /** The log request was answered from its Idempotency-Key's record (a retry after an unanswered success). */
  replayed: boolean;
}

export interface StreamStats {
  sent: number;
  acknowledged: number;
  retries: number;
  /** Log requests whose final answer was a replay of an earlier, unanswered try (same Idempotency-Key). */
  replayedRetries: number;
  /** Log requests linked as a duplicate report instead: each is a key that failed to dedupe (expected 0). */
  linkedRetries: number;
  commands: number;
  commandsFoundDone: number;
}

/**
 * A synthetic resident ID number, one per need of the run (Xuzhou's Gulou district prefix,
 * a birth date and a sequence from the index, the real check character). Re-sending a log
 * request whose answer was lost is made safe by its Idempotency-Key (the re-send is answered
 * from the first try's record); the ID number stays as a second net: intake would link a
 * re-send the key missed to the same resident's open need, which the stream counts as linked.
 */
export function residentId(index: number, run: number): string {
  const birth = new Date(Date.UTC(1940, 0, 1) + (index % 20_000) * 86_400_000);
  const first17 = `320302${birth.toISOString().slice(0, 10).replaceAll('-', '')}${String(
    (Math.floor(index / 20_000) * 97 + run) % 1000,
  ).padStart(3, '0')}`;
  return `${first17}${residentIdCheckCharacter(first17)}`;
}

/**
 * Logs `count` needs through intake's HTTP API, `concurrency` at a time, and takes each
 * through the commands of its plan. Requests are resent until the answer is definitive, as a
 * client would during an outage. `gate(i)` is awaited before need i is started (the fault
 * schedule hooks in there).
 */
export async function runNeedStream(params: {
  client: Client;
  staffToken: string;
  count: number;
  concurrency: number;
  run: number;
  gate: (index: number) => Promise<void>;
  onLogged?: (need: StreamNeed) => void;
}): Promise<{ needs: StreamNeed[]; stats: StreamStats }> {
  const { client, staffToken, count } = params;
  const needs: StreamNeed[] = [];
  const stats: StreamStats = {
    sent: 0,
    acknowledged: 0,
    retries: 0,
    replayedRetries: 0,
    linkedRetries: 0,
    commands: 0,
    commandsFoundDone: 0,
  };
  let next = 0;
  let dispenser = Promise.resolve();
  // Indexes are handed out in order, each after its gate: no worker runs ahead of a fault.
  const take = (): Promise<number | null> => {
    const taken = dispenser.then(async () => {
      if (next >= count) return null;
      const index = next++;
      await params.gate(index);
      return index;
    });
    dispenser = taken.then(() => undefined);
    return taken;
  };

  const one = async (index: number) => {
    const plan = PLANS[index % PLANS.length]!;
    let retries = 0;
    stats.sent += 1;
    // One key per log request, the same on every re-send of it, as a client would do.
    const key = randomUUID();
    const body = {
      channel: index % 2 === 0 ? 'window' : 'phone',
      category: 'employment',
      gridCode: GRIDS[index % GRIDS.length],
      urgency: (['normal', 'high', 'low'] as const)[index % 3],
      beneficiaryCount: 1 + (index % 4),
      description: `chaos need ${index}: 失业人员需要就业指导`,
      residentIdNumber: residentId(index, params.run),
    };
    const logged = await untilDefinitive(
      () => client.call('POST', '/api/intake/needs', staffToken, body, undefined, { 'idempotency-key': key }),
      `log need ${index}`,
      { onRetry: () => (retries += 1) },
    );
    if (logged.status !== 201 && logged.status !== 200)
      throw new Error(`need ${index} was refused: ${logged.status} ${JSON.stringify(logged.body)}`);
    stats.acknowledged += 1;
    const need: StreamNeed = {
      index,
      plan,
      needId: String(logged.body.needId),
      retries,
      linked: logged.body.duplicate === true,
      replayed: logged.replayed === true,
    };
    if (need.linked) stats.linkedRetries += 1;
    if (need.replayed) stats.replayedRetries += 1;
    needs.push(need);
    params.onLogged?.(need);
    for (const command of COMMANDS[plan]) {
      stats.commands += 1;
      const reply = await untilDefinitive(
        () => client.call('POST', `/api/intake/needs/${need.needId}/${command.action}`, staffToken, command.body),
        `${command.action} need ${index}`,
        { onRetry: () => (need.retries += 1) },
      );
      if (reply.status === 200) continue;
      // Refused as an invalid transition: fine only if an earlier, unanswered try did it.
      if (reply.status === 409 && (await reached(client, staffToken, need.needId, command.reaches))) {
        stats.commandsFoundDone += 1;
        continue;
      }
      throw new Error(`${command.action} need ${index} was refused: ${reply.status} ${JSON.stringify(reply.body)}`);
    }
    stats.retries += need.retries;
  };

  const worker = async () => {
    for (let index = await take(); index !== null; index = await take()) await one(index);
  };
  await Promise.all(Array.from({ length: params.concurrency }, worker));
  return { needs: needs.sort((a, b) => a.index - b.index), stats };
}

async function reached(client: Client, token: string, needId: string, status: string): Promise<boolean> {
  const reply: Reply = await untilDefinitive(
    () => client.call('GET', `/api/intake/needs/${needId}`, token),
    `read need ${needId}`,
  );
  const at = ORDER.indexOf(String(reply.body.status));
  const want = ORDER.indexOf(status);
  return reply.body.status === status || (want >= 0 && at > want);
}
