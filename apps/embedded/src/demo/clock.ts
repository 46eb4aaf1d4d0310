import { ManualClock } from '@sanshe/platform';

/**
 * The clock of a demo start: it begins months in the past and only the seed moves it, forward,
 * step by step, so every step happens at its own time in history (a tender's deadline passes, an
 * unacknowledged need escalates when its SLA runs out). Then `goLive()` hands it to real time,
 * offset zero, for the user.
 *
 * It is a ManualClock on purpose: the in-process job runner then fires due jobs whenever the
 * clock tells its listeners it moved, instead of arming a real-time timer computed on a time that
 * the seed is about to jump over. Once live, it tells them every `tickMs`, so jobs (SLA
 * escalations, tender closings) still fire by themselves, at most a tick late.
 */
export class DemoClock extends ManualClock {
  private simulated: number;
  private live = false;
  private ticker: NodeJS.Timeout | null = null;
  private readonly subscribers = new Set<(now: Date) => void>();

  constructor(start: Date) {
    super(start);
    this.simulated = start.getTime();
  }

  override now(): Date {
    return new Date(this.live ? Math.max(Date.now(), this.simulated) : this.simulated);
  }

  /** Moves history forward (never back: events already stamped would then look out of order). */
  override set(to: Date | string): void {
    if (this.live) throw new Error('the demo clock is live: it follows real time now');
    const target = new Date(to).getTime();
    if (Number.isNaN(target)) throw new Error(`not a time: ${String(to)}`);
    if (target < this.simulated) throw new Error(`the demo clock never goes back (${new Date(target).toISOString()})`);
    this.simulated = target;
    this.tell();
  }

  override advance(ms: number): void {
    this.set(new Date(this.simulated + ms));
  }

  override onChange(listener: (now: Date) => void): () => void {
    this.subscribers.add(listener);
    return () => this.subscribers.delete(listener);
  }

  get isLive(): boolean {
    return this.live;
  }

  /** From now on the clock is real time; due jobs are looked at every tick. */
  goLive(tickMs = 1_000): void {
    if (this.live) return;
    this.live = true;
    this.tell();
    // Unref'd: the ticking alone must not keep a process (or a test run) alive.
    this.ticker = setInterval(() => this.tell(), tickMs).unref();
  }

  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
  }

  private tell(): void {
    const now = this.now();
    for (const listener of this.subscribers) listener(now);
  }
}
