import type { NeedStatus } from '@sanshe/contracts';
import type { TimelineEntry } from '../domain/need';
import { withStep } from './follow-progress';

const step = (status: NeedStatus, superseded = false): TimelineEntry => ({
  status,
  at: '2026-03-02T01:00:00.000Z',
  cause: 'test',
  ...(superseded ? { superseded } : {}),
});
const statuses = (timeline: readonly TimelineEntry[]) =>
  timeline.map((e) => (e.superseded ? `(${e.status})` : e.status));

describe('withStep: a step goes where it belongs in the life of a need', () => {
  test('the next step is appended', () => {
    expect(statuses(withStep([step('logged'), step('in_project')], step('contracted')))).toEqual([
      'logged',
      'in_project',
      'contracted',
    ]);
  });

  test('a late step goes before the later steps at the end, closing included', () => {
    const timeline = [step('logged'), step('in_project'), step('contracted'), step('fulfilled'), step('closed')];
    expect(statuses(withStep(timeline, step('in_service')))).toEqual([
      'logged',
      'in_project',
      'contracted',
      'in_service',
      'fulfilled',
      'closed',
    ]);
  });

  test('it never moves into the history before a cancelled project', () => {
    const timeline = [step('logged'), step('in_project', true), step('contracted', true), step('acknowledged')];
    expect(statuses(withStep([...timeline, step('fulfilled')], step('in_project')))).toEqual([
      'logged',
      '(in_project)',
      '(contracted)',
      'acknowledged',
      'in_project',
      'fulfilled',
    ]);
    // A superseded later step stays where it was: history is not reordered.
    expect(statuses(withStep([step('logged'), step('contracted', true)], step('in_project')))).toEqual([
      'logged',
      '(contracted)',
      'in_project',
    ]);
  });

  test('the timeline it was given is left as it was', () => {
    const timeline = [step('logged'), step('fulfilled')];
    withStep(timeline, step('in_service'));
    expect(statuses(timeline)).toEqual(['logged', 'fulfilled']);
  });
});
