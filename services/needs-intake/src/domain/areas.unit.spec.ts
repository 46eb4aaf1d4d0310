import { inScope, parentProblem } from './areas';

describe('the administrative chain', () => {
  test('each level sits under the level above it', () => {
    expect(parentProblem('district', null)).toBeNull();
    expect(parentProblem('street', { kind: 'district' })).toBeNull();
    expect(parentProblem('grid', { kind: 'community' })).toBeNull();
  });

  test('skipping a level or a parentless street is refused with the reason', () => {
    expect(parentProblem('grid', { kind: 'street' })).toBe('a grid must belong to a community, not a street');
    expect(parentProblem('street', null)).toBe('a street must belong to a district');
    expect(parentProblem('district', { kind: 'district' })).toBe('a district has no parent');
  });

  test('a scope code covers every area below it', () => {
    const path = ['XZ-GL', 'XZ-GL-HL', 'XZ-GL-HL-01', 'XZ-GL-HL-01-G01'];
    expect(inScope(['XZ-GL-HL'], path)).toBe(true);
    expect(inScope(['XZ-GL-HL-02'], path)).toBe(false);
    expect(inScope([], path)).toBe(false);
  });
});
