import { commandProblem, orderedTimeline, progress, releaseFromProject, type TimelineEntry } from './need';

const logged: TimelineEntry = { status: 'logged', at: '2026-01-01T00:00:00.000Z', cause: 'request' };

describe('need progress from downstream services', () => {
  test('when a later milestone arrives, the status advances and the step is added', () => {
    const result = progress({ status: 'logged', timeline: [logged] }, 'in_project', '2026-01-02T00:00:00.000Z', 'e1');
    expect(result).toEqual({
      kind: 'advance',
      from: 'logged',
      to: 'in_project',
      entry: { status: 'in_project', at: '2026-01-02T00:00:00.000Z', cause: 'e1' },
    });
  });

  test('an acknowledged need also advances into a project', () => {
    expect(progress({ status: 'acknowledged', timeline: [logged] }, 'in_project', 'x', 'e').kind).toBe('advance');
  });

  test('when an earlier milestone arrives late, it is backfilled without moving the status back', () => {
    const need = {
      status: 'in_service' as const,
      timeline: [logged, { status: 'in_service' as const, at: 'x', cause: 'e3' }],
    };
    expect(progress(need, 'contracted', 'y', 'e2')).toEqual({
      kind: 'backfill',
      entry: { status: 'contracted', at: 'y', cause: 'e2' },
    });
  });

  test('when the same milestone arrives twice, nothing changes', () => {
    expect(progress({ status: 'logged', timeline: [logged] }, 'logged', 'z', 'e9')).toEqual({ kind: 'unchanged' });
  });

  test('a need closed after fulfilment keeps its status when a late step arrives, but the step is recorded', () => {
    const timeline: TimelineEntry[] = [
      logged,
      { status: 'in_project', at: 'a', cause: 'p' },
      { status: 'closed', at: 'c', cause: 'r' },
    ];
    expect(progress({ status: 'closed', timeline }, 'contracted', 'b', 'e').kind).toBe('backfill');
  });

  test('a need withdrawn before any project ignores a stray downstream event', () => {
    const timeline: TimelineEntry[] = [logged, { status: 'withdrawn', at: 'w', cause: 'r' }];
    expect(progress({ status: 'withdrawn', timeline }, 'in_project', 'b', 'e')).toEqual({ kind: 'unchanged' });
  });

  test('the timeline is shown in the order things happened, whatever order the events arrived in', () => {
    const shuffled: TimelineEntry[] = [
      { status: 'fulfilled', at: '2026-01-04T00:00:00.000Z', cause: 'd' },
      logged,
      { status: 'contracted', at: '2026-01-03T00:00:00.000Z', cause: 'b' },
      { status: 'in_project', at: '2026-01-02T00:00:00.000Z', cause: 'a' },
    ];
    expect(orderedTimeline(shuffled).map((e) => e.status)).toEqual(['logged', 'in_project', 'contracted', 'fulfilled']);
  });

  test('steps of the same instant follow the life of a need, whatever order their events arrived in', () => {
    const at = '2026-01-05T00:00:00.000Z';
    const arrived: TimelineEntry[] = [
      logged,
      { status: 'fulfilled', at, cause: 'f' },
      { status: 'in_service', at, cause: 's' },
    ];
    expect(orderedTimeline(arrived).map((e) => e.status)).toEqual(['logged', 'in_service', 'fulfilled']);
  });

  test('a cancelled project sends the need back to staff, and a new project may take it again', () => {
    const inProject = {
      status: 'in_project' as const,
      timeline: [logged, { status: 'in_project' as const, at: '2026-01-02T00:00:00.000Z', cause: 'p1' }],
    };
    const released = releaseFromProject(inProject, '2026-01-03T00:00:00.000Z', 'c1', 'project cancelled');
    expect(released).toMatchObject({ kind: 'release', from: 'in_project', to: 'acknowledged' });
    if (released.kind !== 'release') return;
    expect(released.timeline.map((e) => [e.status, e.superseded ?? false])).toEqual([
      ['logged', false],
      ['in_project', true],
      ['acknowledged', false],
    ]);
    const again = progress(
      { status: 'acknowledged', timeline: released.timeline },
      'in_project',
      '2026-01-04T00:00:00.000Z',
      'p2',
    );
    expect(again.kind).toBe('advance');
  });

  test('a fulfilled need is not released by a late cancellation', () => {
    expect(releaseFromProject({ status: 'fulfilled', timeline: [logged] }, 'x', 'c', 'n')).toEqual({
      kind: 'unchanged',
    });
  });
});

describe('need commands', () => {
  test.each([
    ['acknowledge', 'logged'],
    ['resolve', 'acknowledged'],
    ['resolve', 'logged'],
    ['withdraw', 'acknowledged'],
    ['close', 'resolved'],
    ['close', 'referred'],
    ['close', 'fulfilled'],
    ['reassign', 'in_service'],
  ] as const)('%s is allowed from %s', (command, status) => {
    expect(commandProblem(status, command)).toBeNull();
  });

  test.each([
    ['acknowledge', 'acknowledged', 'only a newly logged need can be acknowledged (it is acknowledged)'],
    [
      'resolve',
      'in_project',
      'a need already taken into a project, or finished, cannot be resolved directly (it is in_project)',
    ],
    ['withdraw', 'contracted', 'a need can be withdrawn only before it is taken into a project (it is contracted)'],
    ['close', 'logged', 'a need is closed only after it is resolved, referred or fulfilled (it is logged)'],
    ['reassign', 'closed', 'a withdrawn or closed need has no owner to hand over (it is closed)'],
    ['close', 'closed', 'a need is closed only after it is resolved, referred or fulfilled (it is closed)'],
  ] as const)('%s from %s is refused: %s', (command, status, reason) => {
    expect(commandProblem(status, command)).toBe(reason);
  });
});
