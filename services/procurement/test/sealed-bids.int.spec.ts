import { createHash } from 'node:crypto';
import { pass, startHarness, type Harness, type TenderView } from './harness';

const SECRET = '秘密方案-独一无二的服务承诺-X7Q';
const PRICE = 98_765_43;

describe('sealed bids (embedded)', () => {
  let h: Harness;
  let tender: TenderView;
  let a: Awaited<ReturnType<Harness['organisation']>>;
  let b: Awaited<ReturnType<Harness['organisation']>>;
  let c: Awaited<ReturnType<Harness['organisation']>>;
  let bidA: { bidId: string; commitment: string };

  beforeAll(async () => {
    h = await startHarness();
    a = await h.organisation('彭城社工服务中心');
    b = await h.organisation('阳光社会工作服务社');
    c = await h.organisation('志愿服务协会');
    tender = await h.tender();
    const res = await h.bid(a.token, tender.tenderId, PRICE, `${SECRET} 每周上门两次`);
    expect(res.status).toBe(201);
    bidA = res.body;
    await h.bid(b.token, tender.tenderId, 100_000_00, '服务方案乙：每周上门一次，配备持证社工。');
  });
  afterAll(() => h.close());

  const leaks = (body: unknown) => {
    const text = JSON.stringify(body);
    return text.includes(SECRET) || text.includes(String(PRICE)) || text.includes(String(PRICE / 100));
  };

  test('a bid is stored only as ciphertext: neither the proposal nor the price is in the database', async () => {
    const stored = await h.system.host.stores.procurement!.collection('bids').findOne({ _id: bidA.bidId });
    expect(stored).toMatchObject({ opened: null, sealed: { epk: expect.any(String), data: expect.any(String) } });
    expect(leaks(stored)).toBe(false);
    // Nor in any event.
    expect(leaks(h.events('procurement.bid.submitted'))).toBe(false);
  });

  describe('before the deadline no role can read a bid’s content, through any endpoint or export', () => {
    const roles: Array<[string, () => Promise<string | null>]> = [
      ['community staff', async () => h.tokens.staff],
      ['a street official', async () => h.tokens.street],
      ['a civil-affairs official', async () => h.tokens.official],
      ['an administrator', async () => h.tokens.admin],
      ['a funder', async () => h.tokens.funder],
      ['an evaluator on the tender’s panel', async () => h.sign({ sub: 'ev-panel', roles: ['evaluator'] })],
      ['another organisation (a bidder too)', async () => b.token],
      ['an organisation that did not bid', async () => c.token],
      ['a social worker of the bidding organisation', async () => a.worker],
      ['the bidding organisation itself', async () => a.token],
      ['anyone, anonymously', async () => null],
    ];

    beforeAll(async () => {
      await h
        .http()
        .put(`/api/procurement/tenders/${tender.tenderId}/panel`)
        .set(h.as(h.tokens.official))
        .send({ evaluators: [{ evaluatorId: 'ev-panel', name: '评审' }] });
    });

    test.each(roles)('%s gets no content from any read', async (_role, token) => {
      const t = await token();
      const get = (path: string) => {
        const req = h.http().get(`/api/procurement${path}`);
        return t ? req.set(h.as(t)) : req;
      };
      const reads = [
        '/tenders',
        `/tenders/${tender.tenderId}`,
        `/tenders/${tender.tenderId}/bids`,
        `/tenders/${tender.tenderId}/bids/${bidA.bidId}`,
        `/tenders/${tender.tenderId}/commitments`,
        `/tenders/${tender.tenderId}/evaluation`,
        `/tenders/${tender.tenderId}/panel`,
        `/tenders/${tender.tenderId}/panel/sheets`,
        `/tenders/${tender.tenderId}/enquiries`,
        `/tenders/${tender.tenderId}/complaints`,
        `/tenders/${tender.tenderId}/recommendations`,
        `/tenders/${tender.tenderId}/ocds-record`,
        '/ocds/releases',
        `/ocds/releases?ocid=${tender.ocid}`,
      ];
      for (const path of reads) {
        const res = await get(path);
        expect([path, leaks(res.body)]).toEqual([path, false]);
      }
      // The list of opened bids answers 409 (sealed) or is refused by role; never 200.
      const list = await get(`/tenders/${tender.tenderId}/bids`);
      expect([401, 403, 409]).toContain(list.status);
      if (list.status === 409) expect(list.body.code).toBe('PROCUREMENT.BID_SEALED');
    });

    test('not even the number of bids is told', async () => {
      const res = await h.http().get(`/api/procurement/tenders/${tender.tenderId}`).set(h.as(h.tokens.official));
      expect(res.body.bidCount).toBeNull();
    });

    test('the bidder gets back its receipt, never the content; another organisation cannot see that the bid exists', async () => {
      const own = await h
        .http()
        .get(`/api/procurement/tenders/${tender.tenderId}/bids/${bidA.bidId}`)
        .set(h.as(a.token));
      expect(own.status).toBe(200);
      expect(own.body).toMatchObject({
        bidId: bidA.bidId,
        commitment: bidA.commitment,
        revision: 1,
        status: 'submitted',
      });
      expect(own.body).not.toHaveProperty('proposal');
      const other = await h
        .http()
        .get(`/api/procurement/tenders/${tender.tenderId}/bids/${bidA.bidId}`)
        .set(h.as(b.token));
      expect(other.status).toBe(404);
    });
  });

  test('an organisation lists its own bids, receipts only; another organisation’s list never shows them', async () => {
    const mine = await h.http().get('/api/procurement/bids').set(h.as(a.token));
    expect(mine.status).toBe(200);
    const items = mine.body.items as Array<{ bidId: string; tenderId: string; commitment: string }>;
    expect(items.map((b) => b.bidId)).toContain(bidA.bidId);
    expect(JSON.stringify(mine.body)).not.toMatch(/proposal|priceFen/);
    const filtered = await h.http().get(`/api/procurement/bids?tenderId=${tender.tenderId}`).set(h.as(a.token));
    expect((filtered.body.items as Array<{ tenderId: string }>).every((b) => b.tenderId === tender.tenderId)).toBe(
      true,
    );
    const theirs = await h.http().get('/api/procurement/bids').set(h.as(b.token));
    expect((theirs.body.items as Array<{ bidId: string }>).map((x) => x.bidId)).not.toContain(bidA.bidId);
  });

  test('organisation B can neither withdraw nor revise organisation A’s bid', async () => {
    const withdraw = await h
      .http()
      .post(`/api/procurement/tenders/${tender.tenderId}/bids/${bidA.bidId}/withdraw`)
      .set(h.as(b.token));
    expect(withdraw.status).toBe(404);
    // Submitting again as B revises B's own bid, never A's.
    const revised = await h.bid(b.token, tender.tenderId, 99_000_00, '服务方案乙（修订）：每周上门两次。');
    expect(revised.status).toBe(200);
    expect(revised.body.organisationId).toBe(b.organisationId);
    expect(revised.body.bidId).not.toBe(bidA.bidId);
  });

  test('a revision gets a new commitment and the earlier one stays in the history', async () => {
    const revised = await h.bid(c.token, tender.tenderId, 97_000_00, '服务方案丙：第一版，每周上门。');
    expect(revised.status).toBe(201);
    const again = await h.bid(c.token, tender.tenderId, 96_000_00, '服务方案丙：第二版，每周上门两次。');
    expect(again.status).toBe(200);
    expect(again.body.revision).toBe(2);
    expect(again.body.commitment).not.toBe(revised.body.commitment);
    expect(again.body.commitmentHistory).toEqual([
      expect.objectContaining({ commitment: revised.body.commitment, revision: 1, superseded: true }),
      expect.objectContaining({ commitment: again.body.commitment, revision: 2, superseded: false }),
    ]);
    expect(h.events('procurement.bid.submitted').filter((e) => e.data.bidId === again.body.bidId)).toHaveLength(2);
  });

  test('a withdrawn bid loses its sealed content; its commitments stay on record', async () => {
    const d = await h.organisation('临时退出的机构');
    const first = await h.bid(d.token, tender.tenderId, 90_000_00, '服务方案丁：将被撤回');
    const withdrawn = await h
      .http()
      .post(`/api/procurement/tenders/${tender.tenderId}/bids/${first.body.bidId}/withdraw`)
      .set(h.as(d.token));
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    const stored = await h.system.host.stores.procurement!.collection('bids').findOne({ _id: first.body.bidId });
    expect(stored).toMatchObject({ sealed: null, status: 'withdrawn' });
    expect(h.events('procurement.bid.withdrawn').map((e) => e.data.bidId)).toContain(first.body.bidId);
    const twice = await h
      .http()
      .post(`/api/procurement/tenders/${tender.tenderId}/bids/${first.body.bidId}/withdraw`)
      .set(h.as(d.token));
    expect(twice.status).toBe(409);
  });

  test('when the deadline has passed, a new bid is rejected with 409 even before the closing job has run', async () => {
    // The closing job is lost: the server clock alone must close the tender.
    await h.procurementJobs().cancel(`close-tender:${tender.tenderId}`);
    h.clock.set(new Date(new Date(tender.deadline).getTime() + 1));
    const late = await h
      .http()
      .post(`/api/procurement/tenders/${tender.tenderId}/bids`)
      .set(h.as(c.token))
      .send({ priceFen: 1_00, proposal: 'too late to be considered' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('PROCUREMENT.TENDER_CLOSED');
    const closed = await h.http().get(`/api/procurement/tenders/${tender.tenderId}`).set(h.as(h.tokens.staff));
    expect(closed.body).toMatchObject({ status: 'closed', bidCount: 3 });
    const stored = await h.system.host.stores.procurement!.collection('tenders').findOne({ _id: tender.tenderId });
    expect(stored).toMatchObject({ closedBy: 'clock' });
  });

  test('at opening all commitments are published; anyone recomputes them from the opened bids', async () => {
    await h.settle();
    const published = await h.http().get(`/api/procurement/tenders/${tender.tenderId}/commitments`);
    expect(published.status).toBe(200);
    const items = published.body.items as Array<{
      bidId: string;
      status: string;
      commitment: string;
      history: Array<{ commitment: string }>;
    }>;
    expect(items.map((i) => i.status).sort()).toEqual(['submitted', 'submitted', 'submitted', 'withdrawn']);
    const opened = await h.http().get(`/api/procurement/tenders/${tender.tenderId}/bids`).set(h.as(h.tokens.official));
    expect(opened.status).toBe(200);
    for (const bid of opened.body.items as Array<{
      bidId: string;
      organisationId: string;
      priceFen: number;
      proposal: string;
      nonce: string;
      commitment: string;
    }>) {
      const recomputed = createHash('sha256')
        .update(JSON.stringify([tender.tenderId, bid.organisationId, bid.priceFen, bid.proposal, bid.nonce]), 'utf8')
        .digest('hex');
      expect(recomputed).toBe(bid.commitment);
      expect(items.find((i) => i.bidId === bid.bidId)?.commitment).toBe(bid.commitment);
    }
    const mine = (opened.body.items as Array<{ bidId: string; proposal: string; priceFen: number }>).find(
      (x) => x.bidId === bidA.bidId,
    );
    expect(mine).toMatchObject({ priceFen: PRICE, proposal: `${SECRET} 每周上门两次` });
    const closedEvent = h.events('procurement.tender.closed').find((e) => e.data.tenderId === tender.tenderId);
    expect((closedEvent?.data.commitments as unknown[]).length).toBe(3);
  });

  test('after opening, an evaluator still reads nothing before declaring no conflict of interest', async () => {
    const ev = await h.sign({ sub: 'ev-panel', roles: ['evaluator'] });
    const before = await h.http().get(`/api/procurement/tenders/${tender.tenderId}/bids`).set(h.as(ev));
    expect(before.status).toBe(403);
    const outsider = await h.sign({ sub: 'ev-outsider', roles: ['evaluator'] });
    expect((await h.http().get(`/api/procurement/tenders/${tender.tenderId}/bids`).set(h.as(outsider))).status).toBe(
      403,
    );
    await h
      .http()
      .post(`/api/procurement/tenders/${tender.tenderId}/panel/declaration`)
      .set(h.as(ev))
      .send({ conflictOfInterest: false, statement: '无利害关系' });
    const after = await h.http().get(`/api/procurement/tenders/${tender.tenderId}/bids`).set(h.as(ev));
    expect(after.status).toBe(200);
    await pass(h, tender.deadline);
  });
  test('no event ended in procurement’s dead-letter topic', async () => {
    await h.settle();
    expect(h.system.host.inMemoryBus!.messages('dlq.procurement')).toEqual([]);
  });
});
