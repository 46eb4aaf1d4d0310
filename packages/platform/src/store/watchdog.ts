/**
 * Watches a store's connection by pinging it, and replaces the client when it has failed every
 * ping for a while. Found by the chaos suite (docs/reliability.md, finding 5): after a restart of
 * the MongoDB-wire server, a driver now and then kept its server `Unknown` for minutes (a
 * heartbeat that never completed nor failed) while a fresh client connected at once. Replacing the
 * client during a real outage costs a failed connection attempt per period and nothing else.
 *
 * The decisions are here, apart from timers and the driver, so that they are tested without either.
 */
export interface WatchdogPolicy {
  /** How often the store is pinged (after the previous ping has answered). */
  pingMs: number;
  /** Replace the client once every ping for this long has failed; again after as long if still failing. */
  replaceAfterMs: number;
  /** And only after at least this many failed pings in a row (one slow ping is no outage). */
  minFailures: number;
}

export const DEFAULT_WATCHDOG: WatchdogPolicy = { pingMs: 5_000, replaceAfterMs: 30_000, minFailures: 3 };

export interface Reachability {
  /** Records a ping's outcome (the watchdog's own, or a readiness probe's). */
  record(ok: boolean): void;
  /** Whether the client should be replaced now; true at most once per `replaceAfterMs` of failing. */
  replaceDue(): boolean;
  /** Call when a replacement was attempted (whether or not it connected). */
  replaced(): void;
  /** How long every ping has failed; 0 while the store answers. */
  unreachableForMs(): number;
}

export function createReachability(policy: WatchdogPolicy, now: () => number = Date.now): Reachability {
  let failingSince: number | null = null;
  let failures = 0;
  let lastAttempt: number | null = null;
  return {
    record(ok) {
      if (ok) {
        failingSince = null;
        failures = 0;
        lastAttempt = null;
        return;
      }
      failingSince ??= now();
      failures++;
    },
    replaceDue() {
      if (failingSince === null || failures < policy.minFailures) return false;
      const from = Math.max(failingSince, lastAttempt ?? failingSince);
      return now() - from >= policy.replaceAfterMs;
    },
    replaced() {
      lastAttempt = now();
    },
    unreachableForMs() {
      return failingSince === null ? 0 : Math.max(0, now() - failingSince);
    },
  };
}

/** Races a ping against a timer: a ping stuck on a half-open socket counts as failed. */
export async function pingWithin(ping: () => Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    timer.unref();
  });
  try {
    return await Promise.race([
      ping().then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
