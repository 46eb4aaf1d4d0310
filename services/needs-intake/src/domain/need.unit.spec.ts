import { orderedTimeline, progress, type TimelineEntry } from './need';

const logged: TimelineEntry = { status: 'logged', at: '2026-01-01T00:00:00.000Z', cause: 'request' };

describe('need progress', () => {
  test('when a later milestone arrives, the status advances and the step is added', () => {
    const result = progress({ status: 'logged', timeline: [logged] }, 'in_project', '2026-01-02T00:00:00.000Z', 'e1');
    expect(result).toEqual({ kind: 'advance', from: 'logged', to: 'in_project', entry: { status: 'in_project', at: '2026-01-02T00:00:00.000Z', cause: 'e1' } });
  });

  test('when an earlier milestone arrives late, it is backfilled without moving the status back', () => {
    const need = { status: 'in_service' as const, timeline: [logged, { status: 'in_service' as const, at: 'x', cause: 'e3' }] };
    expect(progress(need, 'contracted', 'y', 'e2')).toEqual({ kind: 'backfill', entry: { status: 'contracted', at: 'y', cause: 'e2' } });
  });

  test('when the same milestone arrives twice, nothing changes', () => {
    expect(progress({ status: 'logged', timeline: [logged] }, 'logged', 'z', 'e9')).toEqual({ kind: 'unchanged' });
  });

  test('the timeline is shown in the order of the life of a need', () => {
    const shuffled: TimelineEntry[] = [
      { status: 'fulfilled', at: '4', cause: 'd' },
      logged,
      { status: 'contracted', at: '2', cause: 'b' },
    ];
    expect(orderedTimeline(shuffled).map((e) => e.status)).toEqual(['logged', 'contracted', 'fulfilled']);
  });
});
