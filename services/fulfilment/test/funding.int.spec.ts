import { ProgrammeOpened, ProjectPublished } from '@sanshe/contracts';
import { createEvent, newId } from '@sanshe/platform';
import { createRepositories } from '../src/adapters/store/repositories';
import { fundingProjection } from '../src/app/funding-projection';
import { gate, startHarness, tranche, type ContractBody, type Harness } from './harness';

type Figures = {
  key: string;
  committedFen: number;
  disbursedFen: number;
  spentFen: number;
  serviceHours: number;
  serviceRecords: number;
  beneficiaries: number;
  budgetedFen: number | null;
  remainingFen: number | null;
  burnRatePercent: number | null;
  costPerBeneficiaryFen: number | null;
  costPerServiceHourFen: number | null;
};
type View = { totals: Figures; rows: Figures[]; tranchesDue: { count: number; amountFen: number } };

describe("funders' views, projected from events (embedded)", () => {
  let h: Harness;
  const programmeId = newId();
  let a: ContractBody;
  let b: ContractBody;

  const published = async (community: string, category: string) => {
    const projectId = newId();
    await h.publish(
      createEvent(ProjectPublished, {
        source: '/sanshe/project-design',
        subject: projectId,
        now: h.clock.now(),
        cause: { correlationId: 't', causationId: null },
        data: {
          projectId,
          programmeId,
          title: '项目',
          category,
          communityCodes: [community],
          needIds: [newId()],
          budgetFen: 100_000_00,
          fundingMode: 'government_purchase',
          tranches: [{ percent: 100, milestone: 'signing' }],
          publishedAt: h.clock.now().toISOString(),
        },
      }),
    );
    return projectId;
  };

  beforeAll(async () => {
    h = await startHarness();
    await h.publish(
      createEvent(ProgrammeOpened, {
        source: '/sanshe/project-design',
        subject: programmeId,
        now: h.clock.now(),
        cause: { correlationId: 't', causationId: null },
        data: {
          programmeId,
          name: '2026年鼓楼区政府购买社会服务',
          funderCode: 'GL-MZJ',
          funderName: '鼓楼区民政局',
          fiscalYear: 2026,
          mode: 'government_purchase',
          budgetFen: 500_000_00,
          matchingPercent: 0,
          maxGrantFen: null,
          openedAt: h.clock.now().toISOString(),
        },
      }),
    );
    a = await h.tenderContract({ projectId: await published('XZ-GL-HL-01', 'elderly_care'), amountFen: 100_000_00 });
    b = await h.tenderContract({
      projectId: await published('XZ-GL-HL-02', 'child_care'),
      amountFen: 50_000_00,
      category: 'child_care',
      organisationId: h.orgB,
      organisationName: '乙机构',
    });
    // Services: 3 records over 2 needs of A (5 hours), 1 record of B (2 hours).
    await h.post(`/contracts/${a.contractId}/service-records/day`, h.tokens.workerA, {
      deliveredOn: '2026-03-02',
      records: [
        { needId: a.needIds[0], hours: 2, serviceType: 'home_visit' },
        { needId: a.needIds[0], hours: 1, serviceType: 'home_visit' },
        { needId: a.needIds[1], hours: 2, serviceType: 'meal_delivery' },
      ],
    });
    await h.post(`/contracts/${b.contractId}/service-records`, h.tokens.workerB, {
      needId: b.needIds[0],
      deliveredOn: '2026-03-02',
      hours: 2,
      serviceType: 'tutoring',
    });
    // Payments: A's signing tranche (30,000 yuan); B's signing gate open but unpaid (due).
    await h.post(`/contracts/${a.contractId}/milestones/${gate(a, 'signing').milestoneId}/accept`, h.tokens.official);
    await h.post(`/contracts/${a.contractId}/tranches/${tranche(a, 'signing').trancheId}/disburse`, h.tokens.funder);
    await h.post(`/contracts/${b.contractId}/milestones/${gate(b, 'signing').milestoneId}/accept`, h.tokens.official);
    // Spending: A reports 12,000 yuan; B's value is amended down by 10,000 yuan.
    await h
      .http()
      .put(`/api/fulfilment/contracts/${a.contractId}/budget`)
      .set(h.as(h.tokens.orgA))
      .send({ lines: [{ code: 'staff', name: '人员经费', amountFen: 100_000_00 }] });
    await h.post(`/contracts/${a.contractId}/expense-reports`, h.tokens.orgA, {
      period: '2026-03',
      lines: [{ code: 'staff', amountFen: 12_000_00, vouchers: ['GZ-2026-03'] }],
    });
    await h.post(`/contracts/${b.contractId}/amendments`, h.tokens.official, {
      reason: '服务对象减少',
      valueFen: 40_000_00,
    });
    await h.settle();
  });
  afterAll(() => h.close());

  const view = async (query: string, token = h.tokens.funder) => {
    const res = await h.get(`/funding?${query}`, token);
    expect(res.status).toBe(200);
    return res.body as View;
  };

  test('a programme shows budgeted, committed, disbursed, spent, remaining, unit costs and tranches due', async () => {
    const v = await view(`programmeId=${programmeId}`);
    expect(v.totals).toEqual({
      committedFen: 140_000_00,
      disbursedFen: 30_000_00,
      spentFen: 12_000_00,
      serviceHours: 7,
      serviceRecords: 4,
      beneficiaries: 3,
      budgetedFen: 500_000_00,
      remainingFen: 360_000_00,
      burnRatePercent: 21.4,
      costPerBeneficiaryFen: 10_000_00,
      costPerServiceHourFen: Math.round(30_000_00 / 7),
    });
    expect(v.tranchesDue).toEqual({ count: 1, amountFen: tranche(b, 'signing').amountFen * 0.8 });
    expect((await view('funderCode=GL-MZJ')).totals.committedFen).toBe(140_000_00);
  });

  test('by community, street, district, category and organisation, and by month', async () => {
    const byCommunity = await view(`programmeId=${programmeId}&by=community`);
    expect(byCommunity.rows.map((r) => [r.key, r.committedFen, r.serviceHours])).toEqual([
      ['XZ-GL-HL-01', 100_000_00, 5],
      ['XZ-GL-HL-02', 40_000_00, 2],
    ]);
    expect((await view(`programmeId=${programmeId}&by=street`)).rows.map((r) => r.key)).toEqual(['XZ-GL-HL']);
    expect((await view(`programmeId=${programmeId}&by=district`)).rows.map((r) => r.key)).toEqual(['XZ-GL']);
    expect((await view(`programmeId=${programmeId}&by=category`)).rows.map((r) => r.key)).toEqual([
      'elderly_care',
      'child_care',
    ]);
    expect((await view(`programmeId=${programmeId}&by=organisation`)).rows.map((r) => r.key)).toEqual([h.orgA, h.orgB]);
    const march = await view(`programmeId=${programmeId}&period=2026-03`);
    expect(march.totals).toMatchObject({ disbursedFen: 30_000_00, spentFen: 12_000_00, serviceRecords: 4 });
    expect((await view(`programmeId=${programmeId}&period=2026-04`)).totals.serviceRecords).toBe(0);
  });

  test('the view exports as CSV, and only funders and officials read it', async () => {
    const res = await h.get(`/funding.csv?programmeId=${programmeId}&by=community`, h.tokens.official);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'key,label,committedFen,disbursedFen,spentFen,serviceHours,serviceRecords,beneficiaries,burnRatePercent,costPerBeneficiaryFen,costPerServiceHourFen',
    );
    expect(lines[1]).toMatch(/^XZ-GL-HL-01,XZ-GL-HL-01,10000000,3000000,1200000,5,3,2,30,1500000,600000$/);
    expect(lines.at(-1)).toMatch(/^TOTAL,合计,14000000,/);
    expect((await h.get(`/funding?programmeId=${programmeId}`, h.tokens.orgA)).status).toBe(403);
  });

  test('a redelivered event does not count twice', async () => {
    const before = (await view(`programmeId=${programmeId}`)).totals;
    const payment = h.events('fulfilment.payment.disbursed').at(-1) as unknown as Parameters<Harness['publish']>[0];
    await h.publish(payment);
    expect((await view(`programmeId=${programmeId}`)).totals).toEqual(before);
  });
});

describe("funders' view: events that arrive before their contract (embedded)", () => {
  test('a payment and a record parked before the contract facts count once the facts arrive', async () => {
    const h = await startHarness();
    try {
      const service = h.system.host.services.find((s) => s.definition.name === 'fulfilment')!;
      const deps = { repos: createRepositories(service.deps.store) };
      const at = '2026-03-02T01:00:00.000Z';
      await fundingProjection.paymentDisbursed(deps, {
        contractId: 'c-early',
        trancheId: 't-1',
        amountFen: 500,
        disbursedTotalFen: 500,
        disbursedAt: at,
      });
      await fundingProjection.serviceRecorded(deps, {
        contractId: 'c-early',
        recordId: 'r-1',
        needId: 'n-1',
        hours: 2,
        deliveredOn: '2026-03-02',
      });
      expect(await deps.repos.funding.pending.countDocuments({ contractId: 'c-early' })).toBe(2);
      await fundingProjection.grantContracted(deps, {
        contractId: 'c-early',
        roundId: 'r',
        grantId: 'g',
        programmeId: null,
        projectId: null,
        organisationId: 'o',
        organisationName: '机构',
        category: 'elderly_care',
        valueFen: 1_000,
        signedAt: at,
      });
      expect(await deps.repos.funding.pending.countDocuments({ contractId: 'c-early' })).toBe(0);
      // A grant of no programme is no funder's: the view of every programme is an official's.
      const res = await h.get('/funding', h.tokens.official);
      expect(res.body.totals).toMatchObject({
        committedFen: 1_000,
        disbursedFen: 500,
        serviceHours: 2,
        beneficiaries: 1,
      });
    } finally {
      await h.close();
    }
  });
});
