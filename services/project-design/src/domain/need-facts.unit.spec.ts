import { closedForDesign, factStamp } from './need-facts';

describe('status facts of the open-needs read model', () => {
  test('a later instant always wins, whatever the status and the time zone it was written in', () => {
    expect(factStamp('2026-03-01T10:00:00+08:00', 'closed') < factStamp('2026-03-01T02:00:00.001Z', 'logged')).toBe(
      true,
    );
    expect(factStamp('2026-03-01T02:00:00Z', 'acknowledged')).toBe('2026-03-01T02:00:00.000Z#01');
  });

  test('at the same instant, the later step of the life of a need wins', () => {
    const at = '2026-03-01T02:00:00.000Z';
    expect(factStamp(at, 'acknowledged') < factStamp(at, 'withdrawn')).toBe(true);
    expect(factStamp(at, 'in_project') < factStamp(at, 'closed')).toBe(true);
  });

  test('only logged, acknowledged and in-project needs can be designed into a project', () => {
    expect(['logged', 'acknowledged', 'in_project'].map((s) => closedForDesign(s as 'logged'))).toEqual([
      false,
      false,
      false,
    ]);
    expect(
      ['resolved', 'referred', 'withdrawn', 'closed', 'fulfilled', 'contracted'].every((s) =>
        closedForDesign(s as 'closed'),
      ),
    ).toBe(true);
  });
});
