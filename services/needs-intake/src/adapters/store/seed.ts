import { readFileSync } from 'node:fs';
import path from 'node:path';
import { IntakeApi } from '@sanshe/contracts';
import { z } from 'zod';
import type { RegistryRepository } from './registry-repository';

const SEED_DIR = path.join(__dirname, '../../../seed');

const AreaSeed = z.object({
  areas: z.array(IntakeApi.CreateAreaRequest.extend({ gridWorkers: z.array(IntakeApi.GridWorker).default([]) })),
});
const CategorySeed = z.object({ categories: z.array(IntakeApi.UpsertCategoryRequest.extend({ code: z.string() })) });

/**
 * Loads the seed files (parents before children). Existing records are left as they
 * are, so changes made through the API survive a restart. New areas are stored unannounced
 * (version 0); `announceAreas` publishes them.
 */
export async function loadSeed(registry: RegistryRepository): Promise<void> {
  const areas = AreaSeed.parse(JSON.parse(readFileSync(path.join(SEED_DIR, 'areas.xuzhou.json'), 'utf8'))).areas;
  const byCode = new Map(areas.map((a) => [a.code, a]));
  const pathOf = (code: string): string[] => {
    const area = byCode.get(code);
    if (!area) throw new Error(`seed: unknown area ${code}`);
    return area.parentCode ? [...pathOf(area.parentCode), code] : [code];
  };
  for (const area of areas) {
    const { code, ...rest } = area;
    await registry.areas.updateOne(
      { _id: code },
      { $setOnInsert: { ...rest, path: pathOf(code), active: true, version: 0 } },
      { upsert: true },
    );
  }
  const categories = CategorySeed.parse(
    JSON.parse(readFileSync(path.join(SEED_DIR, 'categories.json'), 'utf8')),
  ).categories;
  for (const { code, ...rest } of categories) {
    await registry.categories.updateOne({ _id: code }, { $setOnInsert: rest }, { upsert: true });
  }
}
