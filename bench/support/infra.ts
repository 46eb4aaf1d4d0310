import { probeRealInfra, REAL_INFRA, realInfraRequired } from '../../tests/support/probe';
import { emitSkipped } from './kit';

export { REAL_INFRA };

/**
 * Whether the real infrastructure (Kafka, the MongoDB-wire server, Redis) answers. When it is
 * down the benchmark reports itself skipped, except under CI (CI=true, or REQUIRE_REAL_INFRA=1),
 * where a benchmark that cannot run is a failure, as for the *.real.spec.ts suites.
 */
export async function realInfraOrSkip(name: string): Promise<boolean> {
  const missing = await probeRealInfra();
  if (missing.length === 0) return true;
  const reason = `real infrastructure down: ${missing.join(', ')} (scripts/infra/up.sh starts it)`;
  if (realInfraRequired()) throw new Error(`${name}: ${reason}, and CI requires it`);
  emitSkipped(name, reason);
  return false;
}

/** A run id for names on the shared servers: databases, consumer groups and topics of one run. */
export const runId = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
