import { startHarness, type ContractBody, type Harness } from './harness';

type Record = { recordId: string; needId: string; confirmed: boolean; completesNeed: boolean };

describe('service records: a day at once, resident codes, and needs fulfilled only by their own contract (embedded)', () => {
  let h: Harness;
  let c: ContractBody;
  let other: ContractBody;
  const today = '2026-03-02';
  beforeAll(async () => {
    h = await startHarness({ FULFILMENT_CONFIRMATION_REQUIRED: 'true' });
    c = await h.tenderContract();
    other = await h.tenderContract();
  });
  afterAll(() => h.close());

  const code = async (contract: ContractBody, needId: string) =>
    (await h.get(`/contracts/${contract.contractId}/needs/${needId}/resident-code`, h.tokens.official)).body
      .code as string;
  const day = (contract: ContractBody, records: object[], token = h.tokens.workerA, deliveredOn = today) =>
    h.post(`/contracts/${contract.contractId}/service-records/day`, token, { deliveredOn, records });

  test('only an official reads a resident code; it never appears in the contract', async () => {
    expect(
      (await h.get(`/contracts/${c.contractId}/needs/${c.needIds[0]}/resident-code`, h.tokens.workerA)).status,
    ).toBe(403);
    expect(await code(c, c.needIds[0]!)).toMatch(/^[0-9A-Z]{6}$/);
    const seen = await h.get(`/contracts/${c.contractId}`, h.tokens.orgA);
    expect(JSON.stringify(seen.body)).not.toContain(await code(c, c.needIds[0]!));
  });

  test('a day with a wrong code, a need of another contract, or more than 24 hours stores nothing', async () => {
    const [n1, n2] = c.needIds;
    const wrong = await day(c, [
      { needId: n1, hours: 2, serviceType: 'home_visit' },
      { needId: n2, hours: 1, serviceType: 'meal_delivery', residentCode: 'ZZZZZZ' },
      { needId: other.needIds[0], hours: 1, serviceType: 'home_visit' },
    ]);
    expect(wrong.status).toBe(422);
    expect((wrong.body.errors as Array<{ field: string }>).map((e) => e.field)).toEqual([
      'records.1.residentCode',
      'records.2.needId',
    ]);
    const tooLong = await day(c, [
      { needId: n1, hours: 20, serviceType: 'home_visit' },
      { needId: n2, hours: 5, serviceType: 'home_visit' },
    ]);
    expect(tooLong.body.code).toBe('FULFILMENT.DAY_OVERBOOKED');
    const future = await day(c, [{ needId: n1, hours: 1, serviceType: 'home_visit' }], h.tokens.workerA, '2026-03-03');
    expect(future.body.code).toBe('FULFILMENT.OUTSIDE_PERIOD');
    expect((await h.get(`/contracts/${c.contractId}/service-records`, h.tokens.official)).body.items).toEqual([]);
  });

  test('a day is stored at once; only a confirmed completing visit fulfils a need when confirmation is required', async () => {
    const [n1, n2] = c.needIds;
    const res = await day(c, [
      { needId: n1, hours: 2, serviceType: 'home_visit', place: '黄楼新村3幢', completesNeed: true },
      { needId: n2, hours: 1.5, serviceType: 'meal_delivery', completesNeed: true, residentCode: await code(c, n2!) },
    ]);
    expect(res.status).toBe(201);
    const items = res.body.items as Record[];
    expect(items.map((r) => r.confirmed)).toEqual([false, true]);
    await h.settle();
    const fulfilled = h.events('fulfilment.need.fulfilled').filter((e) => e.data.contractId === c.contractId);
    expect(fulfilled.map((e) => e.data.needId)).toEqual([n2]);
    const recorded = h.events('fulfilment.service.recorded').filter((e) => e.data.contractId === c.contractId);
    expect(recorded.map((e) => e.data.confirmed)).toEqual([false, true]);
    const ghosts = await h.get(`/contracts/${c.contractId}/service-records?confirmed=false`, h.tokens.funder);
    expect((ghosts.body.items as Record[]).map((r) => r.needId)).toEqual([n1]);
    // A second completing visit of the same need does not fulfil it twice.
    await day(c, [
      { needId: n2, hours: 1, serviceType: 'home_visit', completesNeed: true, residentCode: await code(c, n2!) },
    ]);
    await h.settle();
    expect(h.events('fulfilment.need.fulfilled').filter((e) => e.data.needId === n2)).toHaveLength(1);
  });

  test("a need is fulfilled only by its own contract's records", async () => {
    const theirs = other.needIds[1]!;
    const res = await h.post(`/contracts/${c.contractId}/service-records`, h.tokens.workerA, {
      needId: theirs,
      deliveredOn: today,
      hours: 1,
      serviceType: 'home_visit',
      completesNeed: true,
    });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field: 'needId', reason: 'not one of the contract needs' }]);
    await h.settle();
    expect(h.events('fulfilment.need.fulfilled').some((e) => e.data.needId === theirs)).toBe(false);
    const own = await h.post(`/contracts/${other.contractId}/service-records`, h.tokens.workerA, {
      needId: theirs,
      deliveredOn: today,
      hours: 1,
      serviceType: 'home_visit',
      completesNeed: true,
      residentCode: await code(other, theirs),
    });
    expect(own.status).toBe(201);
    await h.settle();
    const fulfilled = h.events('fulfilment.need.fulfilled').filter((e) => e.data.needId === theirs);
    expect(fulfilled.map((e) => e.data.contractId)).toEqual([other.contractId]);
  });

  test("organisation B neither reads nor writes organisation A's records", async () => {
    expect((await h.get(`/contracts/${c.contractId}/service-records`, h.tokens.orgB)).status).toBe(404);
    expect((await h.get(`/contracts/${c.contractId}/service-records`, h.tokens.orgA)).status).toBe(200);
    expect(
      (await day(c, [{ needId: c.needIds[0], hours: 1, serviceType: 'home_visit' }], h.tokens.workerB)).status,
    ).toBe(403);
  });
});
