import { bidCommitment } from './commitment';
import { closingStatus, isPastDeadline } from './tender';

describe('tender rules', () => {
  test('at the deadline instant the tender is past its deadline', () => {
    expect(isPastDeadline('2026-03-01T10:00:00.000Z', new Date('2026-03-01T09:59:59.999Z'))).toBe(false);
    expect(isPastDeadline('2026-03-01T10:00:00.000Z', new Date('2026-03-01T10:00:00.000Z'))).toBe(true);
  });

  test('an open tender with fewer than 3 qualified bids fails', () => {
    expect(closingStatus(2, 3)).toBe('unsuccessful');
    expect(closingStatus(3, 3)).toBe('closed');
  });

  test('a commitment changes with any part of the bid', () => {
    const bid = { tenderId: 't', organisationId: 'o', priceFen: 100, proposal: 'p' };
    const c = bidCommitment(bid, 'n');
    expect(c).toMatch(/^[0-9a-f]{64}$/);
    expect(bidCommitment({ ...bid, priceFen: 101 }, 'n')).not.toBe(c);
    expect(bidCommitment(bid, 'm')).not.toBe(c);
  });
});
