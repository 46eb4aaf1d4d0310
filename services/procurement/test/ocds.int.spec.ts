import { newId } from '@sanshe/platform';
import { ContractSigned } from '@sanshe/contracts';
import { createEvent } from '@sanshe/platform';
import { evaluate, pass, startHarness, type Harness, type TenderView } from './harness';
import { assertValid, ocdsValidators, type OcdsValidators } from './ocds-schema';

const SECRET = '密封内容-不得提前公开-OCDS';
const PRICE = 97_531_00;

describe('OCDS 1.1 publication (embedded), validated against the standard with the bid and award-criteria extensions', () => {
  let h: Harness;
  let v: OcdsValidators;
  let tender: TenderView;
  const orgs: Array<Awaited<ReturnType<Harness['organisation']>>> = [];

  beforeAll(async () => {
    v = ocdsValidators();
    h = await startHarness('2026-03-02T01:00:00.000Z', {
      OCDS_OCID_PREFIX: 'ocds-xz0516',
      PROCUREMENT_STANDSTILL_SECONDS: '86400',
    });
    for (const name of ['开放甲', '开放乙', '开放丙']) orgs.push(await h.organisation(name));
    tender = await h.tender({
      evaluationCriteria: [
        { code: 'price', name: '报价', kind: 'price', weight: 30 },
        { code: 'service_plan', name: '服务方案', kind: 'technical', weight: 50 },
        { code: 'team', name: '团队资质', kind: 'qualification', weight: 20 },
      ],
      procurementMethod: 'open_tender',
      servicePeriod: { start: '2026-04-01', end: '2026-09-30' },
    });
  });
  afterAll(() => h.close());

  const releases = async () => {
    const res = await h.http().get(`/api/procurement/ocds/releases?ocid=${tender.ocid}`);
    expect(res.status).toBe(200);
    return res.body as { releases: Array<Record<string, unknown> & { tag: string[] }> };
  };
  const validPackage = (body: unknown) => {
    assertValid(v.releasePackage, body, 'release package');
    for (const r of (body as { releases: unknown[] }).releases) {
      assertValid(v.release, r, 'release');
      for (const lot of (r as { tender?: { lots?: unknown[] } }).tender?.lots ?? []) assertValid(v.lot, lot, 'lot');
    }
  };

  test('the validators bite: the extensions are applied and a wrong release is refused', () => {
    const props = v.extendedReleaseSchema.properties as Record<string, unknown>;
    expect(props).toHaveProperty('bids');
    const base = {
      ocid: 'ocds-xz0516-1',
      id: '1',
      date: '2026-03-02T01:00:00Z',
      tag: ['tender'],
      initiationType: 'tender',
    };
    expect(v.release({ ...base, tender: { id: 't', status: 'active' } })).toBe(true);
    expect(v.release({ ...base, tender: { id: 't', status: 'open-ish' } })).toBe(false);
    expect(v.release({ ...base, bids: { details: [{ status: 'valid' }] } })).toBe(false);
    expect(v.release({ ...base, tag: ['bidOpening'] })).toBe(false);
    expect(v.lot({ id: '1', awardCriteria: { criteria: [{ numbers: [{ number: 30, weight: 'percent' }] }] } })).toBe(
      false,
    );
  });

  test('the ocid carries the configured prefix; planning and tender releases validate', async () => {
    expect(tender.ocid).toBe(`ocds-xz0516-${tender.tenderId}`);
    const pkg = await releases();
    validPackage(pkg);
    expect(pkg.releases.map((r) => r.tag)).toEqual([['planning'], ['tender']]);
    expect(pkg.releases[1]).toMatchObject({
      initiationType: 'tender',
      tender: {
        status: 'active',
        procurementMethod: 'open',
        procurementMethodDetails: '公开招标',
        mainProcurementCategory: 'services',
        awardCriteria: 'ratedCriteria',
        contractPeriod: { startDate: '2026-04-01T00:00:00+08:00', endDate: '2026-09-30T23:59:59+08:00' },
        lots: [
          {
            awardCriteria: {
              criteria: [
                { type: 'price', name: '报价', numbers: [{ number: 30, weight: 'percentageExact' }] },
                { type: 'quality', name: '服务方案', numbers: [{ number: 50, weight: 'percentageExact' }] },
                { type: 'quality', name: '团队资质', numbers: [{ number: 20, weight: 'percentageExact' }] },
              ],
            },
          },
        ],
      },
    });
  });

  test('no sealed content, nor any bid at all, appears before opening', async () => {
    for (const [i, org] of orgs.entries())
      await h.bid(org.token, tender.tenderId, i === 0 ? PRICE : 100_000_00 + i, `${SECRET} 方案${i}`);
    const pkg = await releases();
    validPackage(pkg);
    const text = JSON.stringify(pkg);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(String(PRICE / 100));
    for (const r of pkg.releases) expect(r).not.toHaveProperty('bids');
    const all = await h.http().get('/api/procurement/ocds/releases');
    validPackage(all.body);
    expect(JSON.stringify(all.body)).not.toContain(SECRET);
  });

  test('at opening the bids appear with their values and published commitments; through award and contract every release validates', async () => {
    await pass(h, tender.deadline);
    const evaluation = await evaluate(h, tender.tenderId, { [orgs[0]!.organisationId]: 90 });
    expect(evaluation.status).toBe(200);
    const awarded = await h
      .http()
      .post(`/api/procurement/tenders/${tender.tenderId}/award`)
      .set(h.as(h.tokens.official))
      .send({});
    expect(awarded.status).toBe(200);
    await pass(h, awarded.body.award.standstillEnd);
    // Fulfilment signs the contract from tender.awarded; procurement hears of it.
    await h.settle();
    const pkg = await releases();
    validPackage(pkg);
    expect(pkg.releases.map((r) => r.tag[0])).toEqual([
      'planning',
      'tender',
      'tenderUpdate', // opened
      'tenderUpdate', // qualified
      'tenderUpdate', // evaluated
      'award',
      'awardUpdate',
      'contract',
    ]);
    const opened = pkg.releases[2] as unknown as {
      bids: { details: Array<{ value: { amount: number }; identifiers: Array<{ scheme: string; id: string }> }> };
    };
    expect(opened.bids.details.map((d) => d.value.amount)).toContain(PRICE / 100);
    const commitments = await h.http().get(`/api/procurement/tenders/${tender.tenderId}/commitments`);
    expect(opened.bids.details.map((d) => d.identifiers[0])).toEqual(
      (commitments.body.items as Array<{ commitment: string }>).map((c) => ({
        scheme: 'SHA-256-commitment',
        id: c.commitment,
      })),
    );
  });

  test('each tender has its compiled record, which validates as a record package', async () => {
    const res = await h.http().get(`/api/procurement/tenders/${tender.tenderId}/ocds-record`);
    expect(res.status).toBe(200);
    assertValid(v.recordPackage, res.body, 'record package');
    const compiled = res.body.records[0].compiledRelease;
    assertValid(v.release, compiled, 'compiled release');
    expect(compiled).toMatchObject({
      ocid: tender.ocid,
      tag: ['compiled'],
      tender: { status: 'complete', numberOfTenderers: 3 },
      awards: [{ status: 'active', suppliers: [{ name: '开放甲' }] }],
      contracts: [{ status: 'active', value: { amount: PRICE / 100, currency: 'CNY' } }],
      parties: expect.arrayContaining([
        expect.objectContaining({ roles: ['buyer', 'procuringEntity'] }),
        expect.objectContaining({
          name: '开放甲',
          roles: ['tenderer', 'supplier'],
          identifier: expect.objectContaining({ scheme: 'CN-USCI' }),
        }),
      ]),
    });
    expect(res.body.records[0].releases).toHaveLength(8);
  });

  test('a contract signed for a tender that is not awarded is ignored by the record', async () => {
    const event = createEvent(ContractSigned, {
      source: '/sanshe/fulfilment',
      subject: newId(),
      now: h.clock.now(),
      cause: { correlationId: 'x', causationId: null },
      data: {
        contractId: newId(),
        tenderId: newId(),
        projectId: newId(),
        organisationId: orgs[0]!.organisationId,
        needIds: [newId()],
        valueFen: 1,
        signedAt: h.clock.now().toISOString(),
      },
    });
    await h.system.host.bus.publish([event]);
    await h.settle();
    expect(h.system.host.inMemoryBus!.messages('dlq.procurement')).toEqual([]);
  });
});
