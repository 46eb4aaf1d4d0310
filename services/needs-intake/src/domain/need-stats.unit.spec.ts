import type { NeedStatus } from '@sanshe/contracts';
import {
  complianceRate,
  groupFigures,
  median,
  mean,
  resolutionHours,
  slaOutcome,
  summarise,
  type StatsNeed,
} from './need-stats';

const LOGGED = '2026-03-02T00:00:00.000Z';
const DEADLINE = '2026-03-02T01:00:00.000Z';
const hoursAfterLogging = (h: number) => new Date(Date.parse(LOGGED) + h * 3_600_000).toISOString();

function need(overrides: Partial<StatsNeed> & { steps?: Array<[NeedStatus, number]> } = {}): StatsNeed {
  const { steps = [], ...rest } = overrides;
  return {
    status: 'logged',
    urgency: 'normal',
    loggedAt: LOGGED,
    timeline: [
      { status: 'logged', at: LOGGED, cause: 'r' },
      ...steps.map(([status, h]) => ({ status, at: hoursAfterLogging(h), cause: 'r' })),
    ],
    sla: { acknowledgeBy: DEADLINE, acknowledgedAt: null, met: null, remindedAt: null, escalatedAt: null },
    satisfaction: null,
    closedAt: null,
    category: 'elderly_care',
    gridCode: 'D-S-C1-G1',
    communityCode: 'D-S-C1',
    streetCode: 'D-S',
    districtCode: 'D',
    ...rest,
  };
}
const acknowledged = (met: boolean) => ({
  acknowledgeBy: DEADLINE,
  acknowledgedAt: LOGGED,
  met,
  remindedAt: null,
  escalatedAt: null,
});
const beforeDeadline = new Date('2026-03-02T00:30:00.000Z');
const afterDeadline = new Date('2026-03-02T02:00:00.000Z');

describe('median and mean', () => {
  test('an odd number of values has the middle one as median', () => {
    expect(median([5, 1, 3])).toBe(3);
  });

  test('an even number of values has the mean of the two middle ones as median', () => {
    expect(median([4, 1, 10, 2])).toBe(3);
  });

  test('no values have neither median nor mean', () => {
    expect(median([])).toBeNull();
    expect(mean([])).toBeNull();
  });

  test('the mean is the sum over the count', () => {
    expect(mean([1, 2, 6])).toBe(3);
  });
});

describe('resolution time', () => {
  test('it runs from logging to the first resolving step, whatever the order of the timeline', () => {
    expect(
      resolutionHours(
        need({
          steps: [
            ['closed', 30],
            ['acknowledged', 1],
            ['resolved', 6],
          ],
        }),
      ),
    ).toBe(6);
  });

  test('fulfilment through a project resolves a need', () => {
    expect(
      resolutionHours(
        need({
          steps: [
            ['in_project', 2],
            ['fulfilled', 48],
          ],
        }),
      ),
    ).toBe(48);
  });

  test('a need still open or withdrawn has no resolution time', () => {
    expect(resolutionHours(need({ steps: [['acknowledged', 1]] }))).toBeNull();
    expect(resolutionHours(need({ steps: [['withdrawn', 3]] }))).toBeNull();
  });

  test('a downstream step stamped before logging counts as immediate, not negative', () => {
    expect(resolutionHours(need({ steps: [['fulfilled', -2]] }))).toBe(0);
  });
});

describe('acknowledgement SLA outcome', () => {
  test('an acknowledged need is met or missed as recorded', () => {
    expect(slaOutcome(need({ sla: acknowledged(true) }), afterDeadline)).toBe('met');
    expect(slaOutcome(need({ sla: acknowledged(false) }), afterDeadline)).toBe('missed');
  });

  test('an unacknowledged open need is pending before its deadline and breached from it on', () => {
    expect(slaOutcome(need(), beforeDeadline)).toBe('pending');
    expect(slaOutcome(need(), new Date(DEADLINE))).toBe('breached');
  });

  test('a need withdrawn unacknowledged within its window has no outcome; after the deadline it missed', () => {
    expect(slaOutcome(need({ status: 'withdrawn', closedAt: '2026-03-02T00:10:00.000Z' }), afterDeadline)).toBe('none');
    expect(slaOutcome(need({ status: 'withdrawn', closedAt: '2026-03-02T01:10:00.000Z' }), afterDeadline)).toBe(
      'missed',
    );
  });
});

describe('compliance rate', () => {
  test('it is met over met, missed and currently breached', () => {
    expect(complianceRate({ met: 3, missed: 1, breached: 2 })).toBe(0.5);
  });

  test('with nothing measured it is null rather than 0 or 100%', () => {
    expect(complianceRate({ met: 0, missed: 0, breached: 0 })).toBeNull();
  });
});

describe('figures of a group of needs', () => {
  const needs = [
    need({
      status: 'closed',
      urgency: 'high',
      sla: acknowledged(true),
      steps: [
        ['resolved', 2],
        ['closed', 5],
      ],
      satisfaction: 5,
      closedAt: hoursAfterLogging(5),
    }),
    need({ status: 'referred', sla: acknowledged(false), steps: [['referred', 10]] }),
    need({
      status: 'fulfilled',
      sla: acknowledged(true),
      steps: [
        ['in_project', 1],
        ['fulfilled', 30],
      ],
    }),
    need({
      status: 'closed',
      sla: acknowledged(true),
      steps: [
        ['resolved', 4],
        ['closed', 6],
      ],
      satisfaction: 2,
      closedAt: hoursAfterLogging(6),
    }),
    need({ urgency: 'critical', gridCode: 'D-S-C1-G2' }),
  ];

  test('counts, resolution times, SLA compliance and satisfaction are computed together', () => {
    const figures = summarise(needs, afterDeadline);
    expect(figures).toMatchObject({
      total: 5,
      open: 1,
      resolved: 4,
      resolutionHours: { median: 7, mean: 11.5 },
      acknowledgementSla: { met: 3, missed: 1, breached: 1, complianceRate: 0.6 },
      satisfaction: { mean: 3.5, count: 2 },
    });
    expect(figures.byStatus).toMatchObject({ closed: 2, referred: 1, fulfilled: 1, logged: 1, withdrawn: 0 });
    expect(figures.byUrgency).toEqual({ low: 0, normal: 3, high: 1, critical: 1 });
  });

  test('grouped by grid, each grid gets its own figures, ordered by code', () => {
    const groups = groupFigures(needs, 'grid', afterDeadline);
    expect(groups.map((g) => [g.key, g.figures.total])).toEqual([
      ['D-S-C1-G1', 4],
      ['D-S-C1-G2', 1],
    ]);
    expect(groups[1]?.figures.acknowledgementSla).toEqual({ met: 0, missed: 0, breached: 1, complianceRate: 0 });
  });

  test('grouped by a higher level, needs of different grids fall together', () => {
    expect(groupFigures(needs, 'community', afterDeadline).map((g) => g.key)).toEqual(['D-S-C1']);
    expect(groupFigures(needs, 'category', afterDeadline).map((g) => g.key)).toEqual(['elderly_care']);
  });

  test('no needs give zero counts and null averages', () => {
    expect(summarise([], afterDeadline)).toMatchObject({
      total: 0,
      resolutionHours: { median: null, mean: null },
      satisfaction: { mean: null, count: 0 },
    });
  });
});
