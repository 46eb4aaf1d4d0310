import type { DemoClock } from './clock';

interface Entry {
  at: number;
  seq: number;
  label: string;
  action: () => Promise<void>;
}

/**
 * The seed's calendar: every step of the story has its moment, and the agenda plays them in
 * order of time, moving the demo clock to each. Steps may add later steps (an award's standstill
 * ends a week later). Between steps the system settles (events delivered, due jobs run), so
 * each step sees what a user at that moment would see.
 *
 * Wake-ups are moments the system itself must live through at their own time: a need's SLA
 * deadline (the escalation job stamps the time it runs), a tender's deadline, a standstill's end.
 * The clock stops at each on its way, so those jobs run when they are due and not when the next
 * human step happens to come.
 */
export class Agenda {
  private readonly entries: Entry[] = [];
  private readonly wakeUps: number[] = [];
  private seq = 0;
  private steps = 0;
  private stops = 0;

  constructor(
    private readonly clock: DemoClock,
    private readonly settle: () => Promise<void>,
    /** The story ends here ("now"); nothing may be planned after it. */
    readonly end: Date,
  ) {}

  /** Plans a step; one planned after the end is left out (it has not happened yet). */
  at(when: Date, label: string, action: () => Promise<void>): boolean {
    const at = when.getTime();
    if (Number.isNaN(at)) throw new Error(`step ${label}: not a time`);
    if (at > this.end.getTime()) return false;
    this.entries.push({ at, seq: this.seq++, label, action });
    return true;
  }

  /** A moment the system must live through on its own (a job falls due then). */
  wakeAt(when: Date | string): void {
    const at = new Date(when).getTime();
    if (at <= this.end.getTime() && at > this.clock.now().getTime()) this.wakeUps.push(at);
  }

  /** Plays every step in order of time; a failing step stops the seed with its label. */
  async run(): Promise<{ steps: number; stops: number }> {
    for (;;) {
      const next = this.takeNext();
      if (!next) break;
      await this.moveTo(next.at);
      try {
        await next.action();
      } catch (error) {
        throw new Error(`demo step "${next.label}" at ${new Date(next.at).toISOString()} failed: ${String(error)}`, {
          cause: error,
        });
      }
      this.steps += 1;
      await this.settle();
    }
    await this.moveTo(this.end.getTime());
    return { steps: this.steps, stops: this.stops };
  }

  /** Moves the clock forward to `at`, stopping at every wake-up on the way. */
  private async moveTo(at: number): Promise<void> {
    this.wakeUps.sort((a, b) => a - b);
    while (this.wakeUps.length > 0 && (this.wakeUps[0] as number) <= at) {
      const wake = this.wakeUps.shift() as number;
      if (wake <= this.clock.now().getTime()) continue;
      this.clock.set(new Date(wake));
      this.stops += 1;
      await this.settle();
    }
    if (at > this.clock.now().getTime()) {
      this.clock.set(new Date(at));
      this.stops += 1;
      await this.settle();
    }
  }

  private takeNext(): Entry | undefined {
    if (this.entries.length === 0) return undefined;
    let best = 0;
    for (let i = 1; i < this.entries.length; i++) {
      const e = this.entries[i] as Entry;
      const b = this.entries[best] as Entry;
      if (e.at < b.at || (e.at === b.at && e.seq < b.seq)) best = i;
    }
    return this.entries.splice(best, 1)[0];
  }
}
