import { grantContract, paidFirstTranche } from '../../../test/open-data-fixture';
import { lastModified, nameBasedUuid, yuan } from './common';

describe('open-data values', () => {
  test('yuan from fen is exact to the fen, and prints as the decimal amount', () => {
    expect(yuan(123_456_78)).toBe(123456.78);
    expect(JSON.stringify([yuan(1), yuan(10), yuan(99_999_999_99), yuan(0)])).toBe('[0.01,0.1,99999999.99,0]');
    // Every amount of fen up to a large grant round-trips without drift.
    for (let fen = 0; fen < 20_000; fen += 7) expect(Math.round(yuan(fen) * 100)).toBe(fen);
  });

  test('name-based UUIDs are version 5, stable for a name and distinct across names', () => {
    const a = nameBasedUuid('service_area|c1|XZ-GL-HL-01');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(nameBasedUuid('service_area|c1|XZ-GL-HL-01')).toBe(a);
    expect(nameBasedUuid('service_area|c1|XZ-GL-HL-02')).not.toBe(a);
  });

  test('last modified is the latest of signing, amendments, payments, completion and termination', () => {
    const signed = grantContract();
    expect(lastModified(signed)).toBe(signed.signedAt);
    const paid = paidFirstTranche(signed, '2026-04-01T00:00:00.000Z');
    expect(lastModified(paid)).toBe('2026-04-01T00:00:00.000Z');
    const terminated = {
      ...paid,
      status: 'terminated' as const,
      termination: { reason: 'r', terminatedBy: 'o', terminatedAt: '2026-05-01T00:00:00.000Z' },
    };
    expect(lastModified(terminated)).toBe('2026-05-01T00:00:00.000Z');
  });
});
