import { ProgrammeOpened, type DesignApi } from '@sanshe/contracts';
import { conflict, createEvent, DuplicateKeyError, newId, type Cause, type Principal } from '@sanshe/platform';
import type { z } from 'zod';
import type { Programme } from '../domain/programme';
import type { DesignDeps } from './deps';
import { SOURCE } from './source';

/** Opens a funding programme of one funder and fiscal year (`design.programme.opened`). */
export async function openProgramme(
  deps: Pick<DesignDeps, 'programmes' | 'clock'>,
  actor: Principal,
  input: z.infer<typeof DesignApi.CreateProgrammeRequest>,
  cause: Cause,
): Promise<Programme> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const programmeId = newId();
  const programme: Programme = {
    _id: programmeId,
    ...input,
    reservedFen: 0,
    availableFen: input.budgetFen,
    status: 'open',
    reservations: {},
    ledger: [],
    createdBy: actor.sub,
    createdAt: at,
  };
  const event = createEvent(ProgrammeOpened, {
    source: SOURCE,
    subject: programmeId,
    now,
    cause,
    data: { programmeId, ...input, openedAt: at },
  });
  try {
    return await deps.programmes.insert(programme, [event]);
  } catch (error) {
    if (error instanceof DuplicateKeyError) {
      throw conflict(
        'DESIGN.PROGRAMME_EXISTS',
        `${input.funderCode} already has a ${input.mode} programme for ${input.fiscalYear}`,
      );
    }
    throw error;
  }
}
