import path from 'node:path';
import { z } from 'zod';

/**
 * The chaos run's knobs. CI (`npm test`) runs the small default; the larger run is
 * `CHAOS_NEEDS=5000 npm run test:chaos` (see docs/reliability.md).
 */
const Env = z.object({
  CHAOS_NEEDS: z.coerce.number().int().min(50).max(100_000).default(400),
  CHAOS_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  /** Keep the private instance's state directory (data, logs) after the run. */
  CHAOS_KEEP: z.enum(['0', '1']).default('0'),
  CHAOS_INFRA_DIR: z.string().min(1).default(path.join(__dirname, '../../.infra/chaos')),
});

const env = Env.parse(process.env);

export const CHAOS = {
  needs: env.CHAOS_NEEDS,
  concurrency: env.CHAOS_CONCURRENCY,
  keep: env.CHAOS_KEEP === '1',
  dir: path.resolve(env.CHAOS_INFRA_DIR),
  /** Away from the shared instance (9092/9093, 27017, 6379) and from tests/e2e's 18181-18184. */
  infraPorts: { kafka: 19092, kafkaController: 19093, mongo: 28017, redis: 16379 },
  servicePorts: { 'needs-intake': 18281, 'project-design': 18282, procurement: 18283, fulfilment: 18284 },
  /** Seconds a tender stays open: long enough for its faults to end before the closing job is due. */
  tenderPeriodSeconds: 120,
  standstillSeconds: 5,
  /** Critical needs must be acknowledged within 90 s here: the SLA probes' jobs are due after their faults. */
  slaMinutes: { critical: 1.5, high: 240, normal: 1440, low: 4320 },
  slaProbes: 3,
} as const;

/** The services' environment for this run. */
export const SERVICE_ENV: Record<string, string> = {
  INTAKE_ACK_SLA_MINUTES: JSON.stringify(CHAOS.slaMinutes),
  TENDER_PERIOD_SECONDS: String(CHAOS.tenderPeriodSeconds),
  PROCUREMENT_STANDSTILL_SECONDS: String(CHAOS.standstillSeconds),
};
