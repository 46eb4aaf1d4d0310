import { FUNDER_CODE, gate, startHarness, tranche, type ContractBody, type Harness } from './harness';

/** Object-level authorisation of funders: each sees and pays only contracts of their own programmes. */
describe("a funder sees, pays and reports on their own programmes' contracts only (embedded)", () => {
  let h: Harness;
  let contract: ContractBody;
  let programmeId: string;
  let rival: string;
  let noCode: string;

  beforeAll(async () => {
    h = await startHarness();
    contract = await h.tenderContract();
    programmeId = await h.fundersProgramme();
    rival = await h.sign({ sub: 'rival-funder', roles: ['funder'], funderCode: 'XZ-RIVAL-FUND' });
    noCode = await h.sign({ sub: 'funder-without-code', roles: ['funder'] });
    await h.post(
      `/contracts/${contract.contractId}/milestones/${gate(contract, 'signing').milestoneId}/accept`,
      h.tokens.official,
    );
  });
  afterAll(() => h.close());

  const stored = async () => (await h.get(`/contracts/${contract.contractId}`, h.tokens.official)).body as ContractBody;

  test("another funder's contract looks absent: read, list, records, budget", async () => {
    for (const path of [
      `/contracts/${contract.contractId}`,
      `/contracts/${contract.contractId}/service-records`,
      `/contracts/${contract.contractId}/budget`,
    ]) {
      const res = await h.get(path, rival);
      expect([path, res.status, res.body.code]).toEqual([path, 404, 'FULFILMENT.CONTRACT_NOT_FOUND']);
    }
    expect((await h.get(`/contracts?tenderId=${contract.tenderId as string}`, rival)).body.items).toEqual([]);
  });

  test('another funder cannot pay the tranche; it stays scheduled, and the owner pays it', async () => {
    const path = `/contracts/${contract.contractId}/tranches/${tranche(contract, 'signing').trancheId}/disburse`;
    expect((await h.post(path, rival)).status).toBe(404);
    expect(tranche(await stored(), 'signing').status).toBe('scheduled');
    expect(h.events('fulfilment.payment.disbursed').filter((e) => e.subject === contract.contractId)).toHaveLength(0);
    const paid = await h.post(path, h.tokens.funder);
    expect(paid.status).toBe(200);
    expect(tranche(paid.body as ContractBody, 'signing')).toMatchObject({
      status: 'disbursed',
      approvedBy: 'funder-1',
    });
  });

  test('the owner lists and reads their contract', async () => {
    expect((await h.get(`/contracts/${contract.contractId}`, h.tokens.funder)).status).toBe(200);
    const listed = await h.get(`/contracts?tenderId=${contract.tenderId as string}`, h.tokens.funder);
    expect((listed.body.items as ContractBody[]).map((c) => c.contractId)).toEqual([contract.contractId]);
  });

  test("the funding view is forced to the funder's own: another's programme or code is a 404", async () => {
    for (const path of [
      `/funding?programmeId=${programmeId}`,
      `/funding?funderCode=${FUNDER_CODE}`,
      `/funding.csv?programmeId=${programmeId}`,
    ]) {
      expect([path, (await h.get(path, rival)).status]).toEqual([path, 404]);
    }
    const own = await h.get('/funding', rival);
    expect(own.status).toBe(200);
    expect(own.body.programmes).toEqual([]);
    expect(own.body.totals.committedFen).toBe(0);
    const owner = await h.get('/funding', h.tokens.funder);
    expect(owner.body.programmes.map((p: { programmeId: string }) => p.programmeId)).toEqual([programmeId]);
    expect(owner.body.totals.committedFen).toBe(contract.valueFen);
  });

  test('a funder token without a funder code is refused outright (fail closed)', async () => {
    for (const path of ['/contracts', `/contracts/${contract.contractId}`, '/funding', '/funding.csv']) {
      const res = await h.get(path, noCode);
      expect([path, res.status, res.body.code]).toEqual([path, 403, 'AUTH.NO_FUNDER_SCOPE']);
    }
    const pay = await h.post(
      `/contracts/${contract.contractId}/tranches/${tranche(contract, 'final_acceptance').trancheId}/disburse`,
      noCode,
    );
    expect([pay.status, pay.body.code]).toEqual([403, 'AUTH.NO_FUNDER_SCOPE']);
  });
});
