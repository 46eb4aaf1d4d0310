import { IDEMPOTENCY_COLLECTION } from '@sanshe/platform';
import { startHarness, type ContractBody, type Harness } from './harness';

/**
 * Fulfilment's creating commands with an Idempotency-Key: a re-sent day of service records or
 * expense report is answered from the key's record, and a try that runs again after a crash
 * (even one that stored only part of a day) counts nothing twice (chaos finding 4).
 */
describe('Idempotency-Key on fulfilment commands (embedded)', () => {
  let h: Harness;
  let c: ContractBody;
  beforeAll(async () => {
    h = await startHarness();
    c = await h.tenderContract({ amountFen: 100_000_00 });
  });
  afterAll(() => h.close());

  const store = () => h.system.host.stores.fulfilment!;
  const post = (path: string, token: string, key: string, body: object) =>
    h.http().post(`/api/fulfilment${path}`).set(h.as(token)).set('Idempotency-Key', key).send(body);
  /** What a crash between the write and the stored answer leaves: the key pending, its lease over. */
  const crashedAfterWriting = () =>
    store()
      .collection(IDEMPOTENCY_COLLECTION)
      .updateMany({}, { $set: { state: 'pending', leaseUntil: new Date(h.clock.now().getTime() - 1).toISOString() } });

  test('a day of records: replayed when re-sent; a re-run after a partial insert stores only what is missing', async () => {
    const [n1, n2] = c.needIds;
    const day = {
      deliveredOn: '2026-03-02',
      records: [
        { needId: n1, hours: 8, serviceType: 'home_visit' },
        { needId: n2, hours: 8, serviceType: 'meal_delivery' },
      ],
    };
    const path = `/contracts/${c.contractId}/service-records/day`;
    const first = await post(path, h.tokens.workerA, 'day-1', day);
    expect(first.status).toBe(201);
    const ids = (first.body.items as Array<{ recordId: string }>).map((r) => r.recordId);
    const again = await post(path, h.tokens.workerA, 'day-1', day);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);

    // The first try stored the first record only, then its process died.
    await store().collection('service_records').deleteOne({ _id: ids[1] });
    await crashedAfterWriting();
    // 16 hours again would overbook the day (24 h): the re-run does not count its own records twice.
    const rerun = await post(path, h.tokens.workerA, 'day-1', day);
    expect(rerun.status).toBe(201);
    expect((rerun.body.items as Array<{ recordId: string }>).map((r) => r.recordId)).toEqual(ids);
    const records = await h.get(`/contracts/${c.contractId}/service-records`, h.tokens.official);
    expect((records.body.items as unknown[]).length).toBe(2);
  });

  test('an expense report run again after a crash is counted once', async () => {
    const budget = [
      { code: 'staff', name: '人员经费', amountFen: 60_000_00 },
      { code: 'activities', name: '活动经费', amountFen: 40_000_00 },
    ];
    const put = await h
      .http()
      .put(`/api/fulfilment/contracts/${c.contractId}/budget`)
      .set(h.as(h.tokens.orgA))
      .send({ lines: budget });
    expect(put.status).toBe(200);
    const report = { period: '2026-03', lines: [{ code: 'staff', amountFen: 5_000_00, vouchers: ['F001'] }] };
    const path = `/contracts/${c.contractId}/expense-reports`;
    expect((await post(path, h.tokens.orgA, 'report-1', report)).status).toBe(201);
    await crashedAfterWriting();
    const rerun = await post(path, h.tokens.orgA, 'report-1', report);
    expect(rerun.status).toBe(201);
    const staff = (rerun.body.lines as Array<{ code: string; spentFen: number }>).find((l) => l.code === 'staff');
    expect(staff?.spentFen).toBe(5_000_00);
    await h.settle();
    expect(h.events('fulfilment.expense.reported').filter((e) => e.data.contractId === c.contractId)).toHaveLength(1);
  });
});
