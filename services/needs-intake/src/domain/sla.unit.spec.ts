import { acknowledgeDeadline, DEFAULT_SLA_POLICY, firstResponse, reminderTime, slaState } from './sla';

const loggedAt = new Date('2026-03-02T08:00:00.000Z');
const policy = DEFAULT_SLA_POLICY;

describe('acknowledgement SLA', () => {
  test('the deadline depends on urgency', () => {
    expect(acknowledgeDeadline(policy, 'critical', loggedAt).toISOString()).toBe('2026-03-02T08:30:00.000Z');
    expect(acknowledgeDeadline(policy, 'normal', loggedAt).toISOString()).toBe('2026-03-03T08:00:00.000Z');
  });

  test('the reminder comes when the last quarter of the window begins', () => {
    const deadline = acknowledgeDeadline(policy, 'high', loggedAt);
    expect(reminderTime(policy, loggedAt, deadline).toISOString()).toBe('2026-03-02T11:00:00.000Z');
  });

  test('an unacknowledged need is on time, then due soon, then breached', () => {
    const sla = {
      acknowledgeBy: '2026-03-02T12:00:00.000Z',
      acknowledgedAt: null,
      met: null,
      remindedAt: null,
      escalatedAt: null,
    };
    expect(slaState(sla, loggedAt.toISOString(), policy, new Date('2026-03-02T10:59:59.000Z'))).toBe('on_time');
    expect(slaState(sla, loggedAt.toISOString(), policy, new Date('2026-03-02T11:00:00.000Z'))).toBe('due_soon');
    expect(slaState(sla, loggedAt.toISOString(), policy, new Date('2026-03-02T12:00:00.000Z'))).toBe('breached');
  });

  test('the first response settles the SLA once: met within the deadline, missed after it', () => {
    const open = {
      acknowledgeBy: '2026-03-02T12:00:00.000Z',
      acknowledgedAt: null,
      met: null,
      remindedAt: null,
      escalatedAt: null,
    };
    const met = firstResponse(open, '2026-03-02T11:59:00.000Z');
    expect(met).toMatchObject({ acknowledgedAt: '2026-03-02T11:59:00.000Z', met: true });
    expect(firstResponse(met, '2026-03-05T00:00:00.000Z')).toBe(met);
    expect(firstResponse(open, '2026-03-02T12:00:01.000Z').met).toBe(false);
    expect(slaState(firstResponse(open, '2026-03-02T12:00:01.000Z'), loggedAt.toISOString(), policy, new Date())).toBe(
      'missed',
    );
  });
});
