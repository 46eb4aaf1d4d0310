import { bidCommitment } from './commitment';
import { closingStatus, enquiryPeriodEnd, isPastDeadline, publicStatus } from './tender';

describe('tender rules', () => {
  test('at the deadline instant the tender is past its deadline', () => {
    expect(isPastDeadline('2026-03-01T10:00:00.000Z', new Date('2026-03-01T09:59:59.999Z'))).toBe(false);
    expect(isPastDeadline('2026-03-01T10:00:00.000Z', new Date('2026-03-01T10:00:00.000Z'))).toBe(true);
  });

  test('an open tender with fewer than 3 qualified bids fails', () => {
    expect(closingStatus(2, 3)).toBe('unsuccessful');
    expect(closingStatus(3, 3)).toBe('closed');
  });

  test('enquiries close the lead time before the deadline, but never in the first half of the period', () => {
    const start = new Date('2026-03-01T00:00:00.000Z');
    expect(enquiryPeriodEnd(start, new Date('2026-03-21T00:00:00.000Z'), 3 * 86400).toISOString()).toBe(
      '2026-03-18T00:00:00.000Z',
    );
    expect(enquiryPeriodEnd(start, new Date('2026-03-01T00:00:08.000Z'), 3 * 86400).toISOString()).toBe(
      '2026-03-01T00:00:04.000Z',
    );
  });

  test('a tendering tender shows as enquiry while its enquiry period runs', () => {
    expect(publicStatus('tendering', '2026-03-18T00:00:00.000Z', new Date('2026-03-10T00:00:00Z'))).toBe('enquiry');
    expect(publicStatus('tendering', '2026-03-18T00:00:00.000Z', new Date('2026-03-19T00:00:00Z'))).toBe('tendering');
    expect(publicStatus('closed', '2026-03-18T00:00:00.000Z', new Date('2026-03-10T00:00:00Z'))).toBe('closed');
  });

  test('the commitment is SHA-256 of JSON [tenderId, organisationId, priceFen, proposal, nonce] and changes with any part', () => {
    const bid = { tenderId: 't', organisationId: 'o', priceFen: 100, proposal: 'p' };
    const c = bidCommitment(bid, 'n');
    // Pinned: the canonical form is published, and receipts already given must stay checkable.
    expect(c).toBe('af000d7833f9d8bb184c1892a260a483ef413b0a2d965669ea3ca99339a52e5a');
    expect(bidCommitment({ ...bid, priceFen: 101 }, 'n')).not.toBe(c);
    expect(bidCommitment(bid, 'm')).not.toBe(c);
  });
});
