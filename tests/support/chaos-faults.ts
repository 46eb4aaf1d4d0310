import type { ChaosInfra, InfraComponent } from './chaos-infra';
import type { ServiceFleet, ServiceName, StuckService } from './chaos-services';

export type FaultTarget = ServiceName | InfraComponent;

export interface FaultRecord {
  /** `kill -9 <service>` or `restart <kafka|mongo|redis>`. */
  fault: string;
  /** Why it was injected at that moment (which step it overlapped). */
  during: string;
  startedAt: string;
  /** From the fault to every service answering ready again. */
  recoveryMs: number;
  /** Services that had to be restarted because they did not recover by themselves. */
  stuck: StuckService[];
}

/** How long every service gets to be ready again after a fault before it counts as stuck. */
const PATIENCE_MS = 150_000;

const INFRA: readonly string[] = ['kafka', 'mongo', 'redis'];

/**
 * Injects one fault at a time, and waits after each until every service is ready again.
 * Steps that must not be cut in half (a command whose lost answer would leave the test unable
 * to tell what happened) run through `calm`: a fault waits for them to finish, and they wait
 * for a fault in progress. Everything else (the stream of needs, the events, the jobs, the
 * deliberate races) runs through the faults.
 */
export class FaultInjector {
  readonly records: FaultRecord[] = [];
  private faulting: Promise<void> | null = null;
  private calmSteps = 0;
  private drained: (() => void) | null = null;

  constructor(
    private readonly fleet: ServiceFleet,
    private readonly infra: ChaosInfra,
  ) {}

  async inject(target: FaultTarget, during: string): Promise<void> {
    await this.exclusive(() => this.apply(target, during));
  }

  /**
   * Several faults back to back, with `first` run before them, nothing else in between: what
   * `first` prepares (jobs due soon) is sure to meet every one of them.
   */
  async injectAll(targets: readonly FaultTarget[], during: string, first: () => Promise<void>): Promise<void> {
    await this.exclusive(async () => {
      await first();
      for (const target of targets) await this.apply(target, during);
    });
  }

  private async exclusive(work: () => Promise<void>): Promise<void> {
    while (this.faulting) await this.faulting;
    let release = () => {};
    this.faulting = new Promise<void>((resolve) => (release = resolve));
    try {
      if (this.calmSteps > 0) await new Promise<void>((resolve) => (this.drained = resolve));
      await work();
    } finally {
      this.faulting = null;
      release();
    }
  }

  private async apply(target: FaultTarget, during: string): Promise<void> {
    const started = Date.now();
    const fault = INFRA.includes(target) ? `restart ${target}` : `kill -9 ${target}`;
    if (INFRA.includes(target)) await this.infra.restart(target as InfraComponent);
    else await this.fleet.killAndRestart(target as ServiceName);
    const stuck = await this.fleet.recover(PATIENCE_MS);
    this.records.push({
      fault,
      during,
      startedAt: new Date(started).toISOString(),
      recoveryMs: Date.now() - started,
      stuck,
    });
  }

  /** Runs a step with no fault in progress or starting until it ends. */
  async calm<T>(step: () => Promise<T>): Promise<T> {
    while (this.faulting) await this.faulting;
    this.calmSteps += 1;
    try {
      return await step();
    } finally {
      this.calmSteps -= 1;
      if (this.calmSteps === 0 && this.drained) {
        this.drained();
        this.drained = null;
      }
    }
  }

  /** Services that had to be restarted after a fault. */
  stuck(): StuckService[] {
    return this.records.flatMap((r) => r.stuck);
  }

  /** Faults injected so far, by kind (`kill -9 fulfilment`: 2, …). */
  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of this.records) counts[r.fault] = (counts[r.fault] ?? 0) + 1;
    return counts;
  }
}
