import { startHarness, type ContractBody, type Harness } from './harness';

type Budget = {
  lines: Array<{ code: string; spentFen: number; variancePercent: number; overspent: boolean }>;
  reports: Array<{ alerts: string[] }>;
};

describe('expense reports against budget lines, with the variance alert (embedded)', () => {
  let h: Harness;
  let c: ContractBody;
  beforeAll(async () => {
    h = await startHarness({ FULFILMENT_EXPENSE_VARIANCE_PERCENT: '10' });
    c = await h.tenderContract({ amountFen: 100_000_00 });
  });
  afterAll(() => h.close());

  const put = (token: string, body: object) =>
    h.http().put(`/api/fulfilment/contracts/${c.contractId}/budget`).set(h.as(token)).send(body);
  const report = (token: string, lines: object[], period = '2026-03') =>
    h.post(`/contracts/${c.contractId}/expense-reports`, token, { period, lines });
  const lines = [
    { code: 'staff', name: '人员经费', amountFen: 60_000_00 },
    { code: 'activities', name: '活动经费', amountFen: 30_000_00 },
    { code: 'admin', name: '管理费用', amountFen: 10_000_00 },
  ];

  test('the budget lines must add up to the contract value, and only the contracted organisation sets them', async () => {
    expect((await report(h.tokens.orgA, [{ code: 'staff', amountFen: 1, vouchers: ['F001'] }])).body.code).toBe(
      'FULFILMENT.NO_BUDGET',
    );
    const short = await put(h.tokens.orgA, { lines: lines.slice(0, 2) });
    expect(short.status).toBe(422);
    expect((await put(h.tokens.orgB, { lines })).status).toBe(404);
    const res = await put(h.tokens.orgA, { lines });
    expect(res.status).toBe(200);
    expect((res.body as Budget).lines.map((l) => l.spentFen)).toEqual([0, 0, 0]);
  });

  test('spending within the variance raises nothing; past it, an overspend alert for that line', async () => {
    const needsVouchers = await report(h.tokens.orgA, [{ code: 'activities', amountFen: 100, vouchers: [] }]);
    expect(needsVouchers.status).toBe(400);
    const unknown = await report(h.tokens.orgA, [{ code: 'travel', amountFen: 100, vouchers: ['F1'] }]);
    expect(unknown.status).toBe(422);
    expect((await report(h.tokens.orgB, [{ code: 'staff', amountFen: 100, vouchers: ['F1'] }])).status).toBe(404);

    const march = await report(h.tokens.orgA, [
      { code: 'staff', amountFen: 20_000_00, vouchers: ['工资表2026-03'] },
      { code: 'activities', amountFen: 32_000_00, vouchers: ['FP-0001', 'FP-0002'] },
    ]);
    expect(march.status).toBe(201);
    expect((march.body as Budget).reports[0]!.alerts).toEqual([]);
    expect((march.body as Budget).lines.find((l) => l.code === 'activities')).toMatchObject({
      spentFen: 32_000_00,
      variancePercent: 6.7,
      overspent: false,
    });
    const april = await report(
      h.tokens.orgA,
      [{ code: 'activities', amountFen: 2_000_00, vouchers: ['FP-0003'] }],
      '2026-04',
    );
    expect((april.body as Budget).reports[1]!.alerts).toEqual(['activities']);
    expect((april.body as Budget).lines.find((l) => l.code === 'activities')).toMatchObject({
      spentFen: 34_000_00,
      variancePercent: 13.3,
      overspent: true,
    });
    await h.settle();
    const alerts = h.events('fulfilment.expense.overspent').filter((e) => e.data.contractId === c.contractId);
    expect(alerts.map((e) => [e.data.code, e.data.variancePercent, e.data.allowedPercent])).toEqual([
      ['activities', 13.3, 10],
    ]);
    expect(h.events('fulfilment.expense.reported').filter((e) => e.data.contractId === c.contractId)).toHaveLength(2);
  });

  test('a budget cannot drop a line with reported spending; another organisation cannot read the budget', async () => {
    const dropped = await put(h.tokens.orgA, {
      lines: [
        { code: 'staff', name: '人员经费', amountFen: 70_000_00 },
        { code: 'admin', name: '管理费用', amountFen: 30_000_00 },
      ],
    });
    expect(dropped.status).toBe(422);
    expect(dropped.body.detail).toContain('activities');
    expect((await h.get(`/contracts/${c.contractId}/budget`, h.tokens.orgB)).status).toBe(404);
    expect((await h.get(`/contracts/${c.contractId}/budget`, h.tokens.funder)).status).toBe(200);
  });

  test('concurrent reports never lose each other’s amounts', async () => {
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        report(h.tokens.orgA, [{ code: 'admin', amountFen: 1_000, vouchers: [`R-${i}`] }], '2026-05'),
      ),
    );
    const budget = (await h.get(`/contracts/${c.contractId}/budget`, h.tokens.official)).body as Budget;
    expect(budget.lines.find((l) => l.code === 'admin')!.spentFen).toBe(10_000);
    expect(budget.reports).toHaveLength(12);
  });
});
