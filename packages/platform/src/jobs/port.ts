/**
 * The job port: delayed work (SLA escalation, tender deadlines, payment schedules)
 * that must survive restarts in the real mode. BullMQ on Redis in production; an
 * in-process scheduler driven by the clock when embedded.
 */
export interface JobSpec<TPayload> {
  name: string;
  payload: TPayload;
  /** When the job becomes due; now or past means as soon as possible. */
  runAt: Date;
  /** De-duplicates: scheduling the same id twice keeps one job (e.g. `close-tender:<tenderId>`). */
  jobId: string;
}

export type JobHandler<TPayload> = (payload: TPayload, meta: { jobId: string; attempt: number }) => Promise<void>;

export interface JobQueue {
  /** Registers the handler for a job name; call before start(). */
  register<TPayload>(name: string, handler: JobHandler<TPayload>): void;
  schedule<TPayload>(job: JobSpec<TPayload>): Promise<void>;
  cancel(jobId: string): Promise<void>;
  /** Starts processing; fails if a scheduled job name has no handler. */
  start(): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface JobRetryPolicy {
  attempts: number;
  backoffMs: number;
}

export const DEFAULT_JOB_RETRY: JobRetryPolicy = { attempts: 5, backoffMs: 200 };
