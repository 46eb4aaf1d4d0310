import { loadConfig } from '@sanshe/platform';
import { policyAt } from './domain/policy';
import { ProcurementSettings } from './settings';

describe('procurement settings', () => {
  test('defaults: price weight at least 10, 3 bids for an open tender and 2 for competitive consultation', () => {
    const s = loadConfig(ProcurementSettings, {});
    expect(s.policies).toHaveLength(1);
    expect(s.policies[0]).toMatchObject({
      minPriceWeight: 10,
      minQualifiedBids: { open_tender: 3, competitive_consultation: 2, single_source: 1 },
      standstillSeconds: 7 * 86400,
      minEvaluators: 3,
    });
    expect(s.masterKey).toHaveLength(32);
    expect(s.ocds.ocidPrefix).toBe('ocds-sanshe');
  });

  test('dated policy changes apply from their effective date and keep what they do not change', () => {
    const s = loadConfig(ProcurementSettings, {
      MIN_PRICE_WEIGHT: '10',
      PROCUREMENT_POLICIES: JSON.stringify([
        {
          effectiveFrom: '2027-01-01T00:00:00+08:00',
          minPriceWeight: 15,
          minQualifiedBids: { competitive_consultation: 3 },
        },
      ]),
    });
    expect(policyAt(s.policies, new Date('2026-12-31T15:59:59Z'))).toMatchObject({ minPriceWeight: 10 });
    expect(policyAt(s.policies, new Date('2026-12-31T16:00:00Z'))).toMatchObject({
      minPriceWeight: 15,
      minQualifiedBids: { open_tender: 3, competitive_consultation: 3 },
      effectiveFrom: '2026-12-31T16:00:00.000Z',
    });
  });

  test('production refuses the development master key; a key must be 32 bytes', () => {
    expect(() => loadConfig(ProcurementSettings, { NODE_ENV: 'production' })).toThrow(
      /PROCUREMENT_MASTER_KEY: set a real key/,
    );
    expect(() =>
      loadConfig(ProcurementSettings, { PROCUREMENT_MASTER_KEY: Buffer.alloc(16).toString('base64') }),
    ).toThrow(/32 bytes/);
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(
      loadConfig(ProcurementSettings, { NODE_ENV: 'production', PROCUREMENT_MASTER_KEY: key }).masterKey.equals(
        Buffer.alloc(32, 7),
      ),
    ).toBe(true);
  });

  test('a malformed policy list or ocid prefix is named', () => {
    expect(() => loadConfig(ProcurementSettings, { PROCUREMENT_POLICIES: '[{"minPriceWeight":5}]' })).toThrow(
      /PROCUREMENT_POLICIES/,
    );
    expect(() => loadConfig(ProcurementSettings, { OCDS_OCID_PREFIX: 'sanshe' })).toThrow(/OCDS_OCID_PREFIX/);
  });
});
