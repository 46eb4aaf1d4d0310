import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DesignApi, ProgrammeOpened } from '@sanshe/contracts';
import { createEvent, type Clock } from '@sanshe/platform';
import { z } from 'zod';
import { policyIdOf } from '../../domain/policy';
import { SOURCE } from '../../app/source';
import type { ProgrammesRepository } from './programmes';
import type { ReferenceRepository } from './reference-data';

const SEED_DIR = path.join(__dirname, '../../../seed');

const PolicySeed = z.object({
  versions: z.array(
    z.object({ effectiveFrom: z.iso.datetime({ offset: true }), note: z.string(), values: DesignApi.PolicyValues }),
  ),
});
const UnitCostSeed = z.object({
  unitCosts: z.array(DesignApi.UpsertUnitCostRequest.extend({ category: z.string() })),
});
const ProgrammeSeed = z.object({
  programmes: z.array(z.object({ programmeId: z.uuid() }).and(DesignApi.CreateProgrammeRequest)),
});

const read = (file: string): unknown => JSON.parse(readFileSync(path.join(SEED_DIR, file), 'utf8'));

/**
 * Loads the seed files. Existing records are left as they are, so what administrators
 * changed through the API survives a restart.
 */
export async function loadSeed(deps: {
  reference: ReferenceRepository;
  programmes: ProgrammesRepository;
  clock: Clock;
}) {
  const now = deps.clock.now();
  const at = now.toISOString();
  for (const version of PolicySeed.parse(read('policies.json')).versions) {
    const effectiveFrom = policyIdOf(version.effectiveFrom);
    await deps.reference.policies.updateOne(
      { _id: effectiveFrom },
      { $setOnInsert: { effectiveFrom, values: version.values, note: version.note, createdBy: 'seed', createdAt: at } },
      { upsert: true },
    );
  }
  for (const { category, ...cost } of UnitCostSeed.parse(read('unit-costs.json')).unitCosts) {
    await deps.reference.unitCosts.updateOne(
      { _id: category },
      { $setOnInsert: { ...cost, updatedAt: at, updatedBy: 'seed' } },
      { upsert: true },
    );
  }
  for (const { programmeId, ...p } of ProgrammeSeed.parse(read('programmes.json')).programmes) {
    const event = createEvent(ProgrammeOpened, {
      source: SOURCE,
      subject: programmeId,
      now,
      cause: { correlationId: `seed:${programmeId}`, causationId: null },
      data: { programmeId, ...p, openedAt: at },
    });
    await deps.programmes.collection.updateOne(
      { _id: programmeId },
      {
        $setOnInsert: {
          ...p,
          reservedFen: 0,
          availableFen: p.budgetFen,
          status: 'open',
          reservations: {},
          ledger: [],
          createdBy: 'seed',
          createdAt: at,
          demo: true,
          version: 1,
          outbox: [event],
        },
      },
      { upsert: true },
    );
  }
}
