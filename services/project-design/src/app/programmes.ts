import { ProgrammeOpened, type DesignApi } from '@sanshe/contracts';
import { conflict, createEvent, DuplicateKeyError, keyedId, type Cause, type Principal } from '@sanshe/platform';
import type { z } from 'zod';
import type { Programme } from '../domain/programme';
import type { DesignDeps } from './deps';
import { SOURCE } from './source';

/**
 * Opens a funding programme of one funder and fiscal year (`design.programme.opened`). With the
 * request's Idempotency-Key record, a try run again finds the programme the first one opened.
 */
export async function openProgramme(
  deps: Pick<DesignDeps, 'programmes' | 'clock'>,
  actor: Principal,
  input: z.infer<typeof DesignApi.CreateProgrammeRequest>,
  cause: Cause,
  idempotencyKey: string | null = null,
): Promise<Programme> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const programmeId = keyedId(idempotencyKey, 'programme');
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
    const opened = idempotencyKey && error instanceof DuplicateKeyError ? await deps.programmes.get(programmeId) : null;
    if (opened) return opened;
    if (error instanceof DuplicateKeyError) {
      throw conflict(
        'DESIGN.PROGRAMME_EXISTS',
        `${input.funderCode} already has a ${input.mode} programme for ${input.fiscalYear}`,
      );
    }
    throw error;
  }
}
