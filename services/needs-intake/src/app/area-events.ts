import { AreaChanged, type EventEnvelope } from '@sanshe/contracts';
import { conflict, createEvent, updateWithEvents, type Cause, type Clock } from '@sanshe/platform';
import type { Area } from '../domain/areas';
import type { AreaDocument, RegistryRepository } from '../adapters/store/registry-repository';
import { SOURCE } from './source';

/** The area as it now stands, at `revision` (its version after the write); grid workers as a count. */
export function areaChangedEvent(area: Area, revision: number, now: Date, cause: Cause): EventEnvelope {
  return createEvent(AreaChanged, {
    source: SOURCE,
    subject: area._id,
    now,
    cause,
    data: {
      code: area._id,
      kind: area.kind,
      name: area.name,
      parentCode: area.parentCode,
      path: area.path,
      active: area.active,
      gridWorkerCount: area.gridWorkers.length,
      revision,
      changedAt: now.toISOString(),
    },
  });
}

const ATTEMPTS = 5;

/**
 * Applies a change to an area and announces the result in the same write, guarded by the
 * version read (a concurrent change makes it re-read and re-apply). Null: no such area.
 */
export async function changeArea(
  deps: { registry: RegistryRepository; clock: Clock },
  code: string,
  change: Partial<Pick<Area, 'name' | 'active' | 'gridWorkers'>>,
  cause: Cause,
): Promise<AreaDocument | null> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const area = await deps.registry.area(code);
    if (!area) return null;
    const event = areaChangedEvent({ ...area, ...change }, area.version + 1, deps.clock.now(), cause);
    const updated = await updateWithEvents(
      deps.registry.areas,
      { _id: code, version: area.version },
      { $set: change },
      [event],
    );
    if (updated) return updated;
  }
  throw conflict('INTAKE.CONCURRENT_UPDATE', 'the area changed meanwhile; try again');
}

/**
 * Announces every area not announced yet (seeded, or stored before areas carried events)
 * as revision 1. The guarded write lets one replica do it when several start together.
 */
export async function announceAreas(deps: { registry: RegistryRepository; clock: Clock }): Promise<number> {
  const cause = { correlationId: 'intake-area-announcement', causationId: null };
  const unannounced = await deps.registry.areas.find({ $or: [{ version: { $exists: false } }, { version: 0 }] });
  let announced = 0;
  for (const area of unannounced) {
    const result = await deps.registry.areas.updateOne(
      { _id: area._id, $or: [{ version: { $exists: false } }, { version: 0 }] },
      { $set: { version: 1 }, $push: { outbox: areaChangedEvent(area, 1, deps.clock.now(), cause) } },
    );
    announced += result.modified;
  }
  return announced;
}
