import * as crypto from 'node:crypto';
import { last4Matches, lockUntil, TRACK_LOCK } from './track-case';

jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
  return { ...actual, timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});
const timingSafeEqual = crypto.timingSafeEqual as jest.MockedFunction<typeof crypto.timingSafeEqual>;

describe('checking the last four digits of the phone', () => {
  beforeEach(() => timingSafeEqual.mockClear());

  test('the right digits match', () => {
    expect(last4Matches('13812345678', '5678')).toBe(true);
  });

  test('wrong digits do not match', () => {
    expect(last4Matches('13812345678', '5679')).toBe(false);
  });

  test('a need without a phone never matches, not even digits that look like a placeholder', () => {
    expect(last4Matches(null, '0000')).toBe(false);
    expect(last4Matches(null, '----')).toBe(false);
  });

  test('every check, with or without a phone, goes through the constant-time comparison', () => {
    last4Matches('13812345678', '5678');
    last4Matches('13812345678', '0000');
    last4Matches(null, '5678');
    expect(timingSafeEqual).toHaveBeenCalledTimes(3);
  });
});

describe('locking a case number after repeated failures', () => {
  const now = new Date('2026-03-02T10:00:00.000Z');
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();

  test('fewer failures than the limit do not lock', () => {
    expect(lockUntil([minutesAgo(3), minutesAgo(2), minutesAgo(1), minutesAgo(0)], now)).toBeNull();
  });

  test('the limit reached within the window locks for the lock period from now', () => {
    const failures = [minutesAgo(14), minutesAgo(10), minutesAgo(5), minutesAgo(1), minutesAgo(0)];
    expect(lockUntil(failures, now)).toEqual(new Date(now.getTime() + TRACK_LOCK.lockMs));
  });

  test('the limit spread over more than the window does not lock', () => {
    const failures = [minutesAgo(15), minutesAgo(10), minutesAgo(5), minutesAgo(1), minutesAgo(0)];
    expect(lockUntil(failures, now)).toBeNull();
  });
});
