import { grantContract, paidFirstTranche } from '../../../test/open-data-fixture';
import { durationMonths, toGrant, toPackage, type GrantContext } from './three-sixty-giving';

const USCC = '52320106MJ5872341X';
const ctx: GrantContext = {
  prefix: '360G-sanshe-demo',
  publisherName: '三社联动平台（演示数据）',
  recipient: { name: '鼓楼区乐龄社工服务中心', uscc: USCC, kind: 'private_non_enterprise_unit' },
  round: { title: '2026年鼓楼区公益创投', awardedAt: '2026-03-01T08:00:00.000Z' },
  funder: { code: 'GL-MZJ', name: '鼓楼区民政局', programmeName: '2026年公益创投资金' },
  communities: ['XZ-GL-HL-01', 'XZ-GL-HL-02'],
};

describe('360Giving grant from a grant contract', () => {
  test('an active grant: prefixed id, yuan, award date of the round, period, recipient by USCC, funder, programme, places', () => {
    const c = grantContract();
    const g = toGrant(c, ctx);
    expect(g).toMatchObject({
      id: '360G-sanshe-demo-a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
      title: '社区老人助餐',
      currency: 'CNY',
      amountAwarded: 123456.78,
      amountDisbursed: 0,
      awardDate: '2026-03-01T08:00:00.000Z',
      plannedDates: [{ startDate: '2026-03-02', endDate: '2027-03-01', duration: 12 }],
      recipientOrganization: [
        { id: `CN-USCI-${USCC}`, name: '鼓楼区乐龄社工服务中心', organisationType: '民办非企业单位' },
      ],
      fundingOrganization: [{ id: '360G-sanshe-demo-funder-GL-MZJ', name: '鼓楼区民政局' }],
      grantProgramme: [{ code: c.source.kind === 'grant' ? c.source.roundId : '', title: '2026年鼓楼区公益创投' }],
      beneficiaryLocation: [
        { id: 'XZ-GL-HL-01', name: 'XZ-GL-HL-01', countryCode: 'CN' },
        { id: 'XZ-GL-HL-02', name: 'XZ-GL-HL-02', countryCode: 'CN' },
      ],
      locationScope: 'GLS060',
      fromOpenCall: 'Yes',
      dateModified: c.signedAt,
    });
    expect(g.description).toContain('2026年鼓楼区公益创投');
    expect(g.classifications).toContainEqual({ vocabulary: 'sanshe-contract-status', code: 'active', title: '履行中' });
    expect(g).not.toHaveProperty('actualDates');
    expect(g).not.toHaveProperty('disbursementTransaction');
  });

  test('unknown facts fall back: a local recipient id, the publisher as funder, signing as award date, no places', () => {
    const c = grantContract();
    const g = toGrant(c, {
      ...ctx,
      recipient: { name: '某机构', uscc: null, kind: null },
      round: null,
      funder: null,
      communities: [],
    });
    expect(g.recipientOrganization).toEqual([{ id: `360G-sanshe-demo-org-${c.organisationId}`, name: '某机构' }]);
    expect(g.fundingOrganization).toEqual([{ id: '360G-sanshe-demo-publisher', name: '三社联动平台（演示数据）' }]);
    expect(g.awardDate).toBe(c.signedAt);
    expect(g).not.toHaveProperty('grantProgramme');
    expect(g).not.toHaveProperty('beneficiaryLocation');
    expect(g).not.toHaveProperty('locationScope');
  });

  test("an amended grant shows the current revision's value and end date; payments are transactions", () => {
    const c = paidFirstTranche(
      grantContract({
        revision: 2,
        valueFen: 150_000_00,
        period: { startDate: '2026-03-02', endDate: '2027-06-01' },
        amendments: [
          {
            revision: 2,
            reason: '扩大服务范围',
            previousValueFen: 123_456_78,
            valueFen: 150_000_00,
            previousEndDate: '2027-03-01',
            endDate: '2027-06-01',
            amendedBy: 'official-1',
            amendedAt: '2026-04-01T00:00:00.000Z',
          },
        ],
      }),
    );
    const g = toGrant(c, ctx);
    expect(g.amountAwarded).toBe(150000);
    expect(g.amountDisbursed).toBe(61728.39);
    expect(g.plannedDates[0]).toMatchObject({ endDate: '2027-06-01', duration: 15 });
    expect(g.description).toContain('1次修订');
    expect(g.disbursementTransaction).toEqual([
      { id: `${g.id}-t1`, transactionDate: '2026-03-05T02:00:00.000Z', value: 61728.39, currency: 'CNY' },
    ]);
    expect(g.dateModified).toBe('2026-04-01T00:00:00.000Z');
    // Who amended it and why stay inside: staff ids and free text are not published.
    expect(JSON.stringify(g)).not.toContain('official-1');
    expect(JSON.stringify(g)).not.toContain('扩大服务范围');
  });

  test('a terminated grant: awarded what was paid, the earlier value in words, the early end as actual dates', () => {
    const c = {
      ...paidFirstTranche(grantContract()),
      status: 'terminated' as const,
      termination: { reason: '机构失联', terminatedBy: 'official-1', terminatedAt: '2026-06-10T03:00:00.000Z' },
    };
    const g = toGrant(c, ctx);
    expect(g.amountAwarded).toBe(61728.39);
    expect(g.amountDisbursed).toBe(61728.39);
    expect(g.description).toContain('2026-06-10终止');
    expect(g.description).toContain('123456.78元');
    expect(g.actualDates).toEqual([{ startDate: '2026-03-02', endDate: '2026-06-10', description: '合同提前终止' }]);
    expect(g.classifications).toContainEqual({
      vocabulary: 'sanshe-contract-status',
      code: 'terminated',
      title: '已终止',
    });
    expect(JSON.stringify(g)).not.toContain('机构失联');
  });

  test('a completed grant ends on its completion day', () => {
    const c = grantContract({
      status: 'completed',
      completion: {
        performanceScore: 88,
        components: { evaluation: 90, delivery: null, confirmation: null, firstTimePass: 100 },
        completedAt: '2027-02-20T05:00:00.000Z',
      },
    });
    expect(toGrant(c, ctx).actualDates).toEqual([
      { startDate: '2026-03-02', endDate: '2027-02-20', description: '结项' },
    ]);
  });

  test('a tender contract is not a grant', () => {
    const tender = grantContract({ source: { kind: 'tender', tenderId: 'x', awardId: 'y' } });
    expect(() => toGrant(tender, ctx)).toThrow('not a grant');
  });

  test('durations in months, to one decimal', () => {
    expect(durationMonths('2026-03-02', '2027-03-01')).toBe(12);
    expect(durationMonths('2026-01-01', '2026-06-30')).toBe(5.9);
    expect(durationMonths('2026-03-02', '2026-03-02')).toBe(0);
  });

  test('the package: version 1.4, the prefix as identifier, publisher and licence', () => {
    const p = toPackage([toGrant(grantContract(), ctx)], {
      prefix: '360G-sanshe-demo',
      publisherName: '三社联动平台（演示数据）',
      license: 'https://creativecommons.org/licenses/by/4.0/',
      now: new Date('2026-07-01T00:00:00.000Z'),
    });
    expect(p).toMatchObject({
      version: '1.4',
      identifier: '360G-sanshe-demo-grants',
      modified: '2026-07-01T00:00:00.000Z',
      publisher: { name: '三社联动平台（演示数据）' },
      license: 'https://creativecommons.org/licenses/by/4.0/',
    });
    expect(p.grants).toHaveLength(1);
  });
});
