import { policyIdOf, versionInForce } from './policy';
import { heldFor, invariantProblem } from './programme';

describe('policy versions', () => {
  const versions = [
    { id: 'a', effectiveFrom: '2017-09-30T16:00:00.000Z' },
    { id: 'c', effectiveFrom: '2026-07-01T00:00:00+08:00' },
    { id: 'b', effectiveFrom: '2021-12-31T16:00:00.000Z' },
  ];
  test('the version in force is the latest whose effective instant has come', () => {
    expect(versionInForce(versions, new Date('2020-01-01T00:00:00Z'))?.id).toBe('a');
    expect(versionInForce(versions, new Date('2026-06-30T15:59:59Z'))?.id).toBe('b');
    expect(versionInForce(versions, new Date('2026-06-30T16:00:00Z'))?.id).toBe('c');
    expect(versionInForce(versions, new Date('2017-01-01T00:00:00Z'))).toBeNull();
  });
  test('a version is identified by its effective instant in UTC', () => {
    expect(policyIdOf('2026-07-01T00:00:00+08:00')).toBe('2026-06-30T16:00:00.000Z');
  });
});

describe('programme budget rules', () => {
  const held = (amountFen: number) => ({
    amountFen,
    status: 'held' as const,
    reservedAt: '2026-03-02T00:00:00Z',
    reservedBy: 'o',
    releasedAt: null,
    releaseReason: null,
  });
  test('budget = reserved + available, and reserved = the held reservations', () => {
    const reservations = { p1: held(30), p2: { ...held(50), status: 'released' as const } };
    expect(invariantProblem({ budgetFen: 100, reservedFen: 30, availableFen: 70, reservations })).toBeNull();
    expect(invariantProblem({ budgetFen: 100, reservedFen: 80, availableFen: 20, reservations })).toMatch(
      /held reservations/,
    );
    expect(
      invariantProblem({ budgetFen: 100, reservedFen: 130, availableFen: -30, reservations: { p1: held(130) } }),
    ).toMatch(/over-committed by 30 fen/);
    expect(heldFor({ reservations }, 'p1')).toBe(30);
    expect(heldFor({ reservations }, 'p2')).toBe(0);
  });
});
