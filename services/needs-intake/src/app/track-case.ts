import { timingSafeEqual } from 'node:crypto';
import type { IntakeApi } from '@sanshe/contracts';
import { notFound } from '@sanshe/platform';
import type { z } from 'zod';
import { orderedTimeline } from '../domain/need';
import type { TrackAttemptsRepository } from '../adapters/store/track-attempts';
import type { IntakeDeps } from './deps';

/** Wrong digits (or unknown case numbers) this many times within the window lock the case number. */
export const TRACK_LOCK = { failures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 } as const;

// Never equal to four digits; compared anyway so that a missing case or phone costs the same work.
const NO_DIGITS = Buffer.from('----');

/** Constant-time check of the last four phone digits; false when there is no phone to check. */
export function last4Matches(phone: string | null, given: string): boolean {
  const expected = phone !== null && phone.length >= 4 ? Buffer.from(phone.slice(-4)) : NO_DIGITS;
  const candidate = Buffer.from(given);
  // Only the length (public: always 4 after validation) can end the comparison early.
  if (candidate.length !== expected.length) return false;
  return timingSafeEqual(expected, candidate) && phone !== null;
}

/** When the recent failures (oldest first) reach the limit within the window: until when the case is locked. */
export function lockUntil(failures: readonly string[], now: Date, policy: typeof TRACK_LOCK = TRACK_LOCK): Date | null {
  const recent = failures.slice(-policy.failures);
  if (recent.length < policy.failures) return null;
  const oldest = new Date(recent[0] as string).getTime();
  return now.getTime() - oldest < policy.windowMs ? new Date(now.getTime() + policy.lockMs) : null;
}

export type TrackResult =
  { kind: 'found'; view: z.input<typeof IntakeApi.PublicCaseView> } | { kind: 'locked'; until: Date };

/**
 * 一号申请: a resident follows their need by case number and the last four digits of
 * their phone. A wrong number, wrong digits and a need without a phone all fail alike,
 * so the lookup cannot tell which case numbers exist; repeated failures lock the case
 * number for a while, across replicas.
 */
export async function trackCase(
  deps: Pick<IntakeDeps, 'needs' | 'registry' | 'clock'> & { attempts: TrackAttemptsRepository },
  input: z.infer<typeof IntakeApi.TrackCaseRequest>,
): Promise<TrackResult> {
  const now = deps.clock.now();
  const locked = await deps.attempts.lockedUntil(input.caseNumber);
  if (locked !== null && new Date(locked) > now) return { kind: 'locked', until: new Date(locked) };

  const need = await deps.needs.byCaseNumber(input.caseNumber);
  const matches = last4Matches(need?.contact?.phone ?? null, input.phoneLast4);
  if (!need || !matches) {
    const failures = await deps.attempts.recordFailure(
      input.caseNumber,
      now,
      TRACK_LOCK.failures,
      new Date(now.getTime() + TRACK_LOCK.windowMs),
    );
    const until = lockUntil(failures, now);
    if (until) await deps.attempts.lock(input.caseNumber, until);
    throw notFound('INTAKE.CASE_NOT_FOUND', 'no case matches this case number and phone digits');
  }

  await deps.attempts.clear(input.caseNumber);
  const category = await deps.registry.category(need.category);
  return {
    kind: 'found',
    // Built field by field: nothing personal (name, phone, description, owner, notes) can slip in.
    view: {
      caseNumber: need.caseNumber,
      category: category ? { zh: category.name.zh, en: category.name.en } : { zh: need.category, en: need.category },
      status: need.status,
      timeline: orderedTimeline(need.timeline).map((e) => ({ status: e.status, at: e.at })),
      loggedAt: need.loggedAt,
    },
  };
}
