#!/usr/bin/env node
/**
 * Verifies the audit chains of the services' databases on MongoDB (real mode).
 *
 *   npm run audit:verify                       every service, namespace "sanshe"
 *   npm run audit:verify -- needs-intake       one service
 *   MONGO_URL=... SANSHE_NAMESPACE=... npm run audit:verify
 *
 * Prints one JSON line per service (entries checked, head hash, the first broken entry) and
 * exits 1 when a chain is broken, 2 on bad configuration. Compare the printed head hashes with
 * the "audit chain anchor" lines in the services' logs to detect a truncated tail.
 */
import { SERVICE_NAMES, type ServiceName } from '@sanshe/contracts';
import { z } from 'zod';
import { systemClock } from '../clock';
import { loadConfig } from '../config';
import { createMongoStore } from '../store/mongo';
import { createAuditLog } from './audit-log';

const Config = z.object({
  MONGO_URL: z.string().startsWith('mongodb').default('mongodb://127.0.0.1:27017'),
  SANSHE_NAMESPACE: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('sanshe'),
});

export async function verifyAuditChains(
  services: readonly ServiceName[],
  config: z.infer<typeof Config>,
): Promise<Array<{ service: ServiceName; ok: boolean; checked: number; headHash: string; problem: unknown }>> {
  const results = [];
  for (const service of services) {
    const store = await createMongoStore({
      url: config.MONGO_URL,
      dbName: `${config.SANSHE_NAMESPACE}_${service.replaceAll('-', '_')}`,
    });
    try {
      results.push({ service, ...(await createAuditLog(store, { clock: systemClock }).verify()) });
    } finally {
      await store.close();
    }
  }
  return results;
}

async function main(): Promise<number> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((s) => !(SERVICE_NAMES as readonly string[]).includes(s));
  if (unknown.length > 0) {
    console.error(`unknown service(s): ${unknown.join(', ')}; expected some of ${SERVICE_NAMES.join(', ')}`);
    return 2;
  }
  const config = loadConfig(Config);
  const results = await verifyAuditChains(wanted.length > 0 ? (wanted as ServiceName[]) : SERVICE_NAMES, config);
  for (const result of results) process.stdout.write(`${JSON.stringify(result)}\n`);
  return results.every((r) => r.ok) ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(String(error));
      process.exit(2);
    },
  );
}
