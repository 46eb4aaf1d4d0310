import { IDEMPOTENCY_COLLECTION } from '@sanshe/platform';
import { startHarness, type Harness, type TenderView } from './harness';

/**
 * Procurement's creating commands with an Idempotency-Key: a re-send is answered from the
 * key's record, and a try that runs again after a crash (the answer never stored) finds what
 * the first one made instead of making it twice (chaos finding 4).
 */
describe('Idempotency-Key on procurement commands (embedded)', () => {
  let h: Harness;
  let tender: TenderView;
  let org: Awaited<ReturnType<Harness['organisation']>>;

  beforeAll(async () => {
    h = await startHarness();
    org = await h.organisation('彭城社工服务中心');
    tender = await h.tender();
  });
  afterAll(() => h.close());

  const store = () => h.system.host.stores.procurement!;
  const post = (path: string, token: string, key: string, body: object) =>
    h.http().post(`/api/procurement${path}`).set(h.as(token)).set('Idempotency-Key', key).send(body);
  /** What a crash between the write and the stored answer leaves: the key pending, its lease over. */
  const crashedAfterWriting = () =>
    store()
      .collection(IDEMPOTENCY_COLLECTION)
      .updateMany({}, { $set: { state: 'pending', leaseUntil: new Date(h.clock.now().getTime() - 1).toISOString() } });

  test('registering an organisation: a re-send is replayed, a re-run finds it (no 409, no second one)', async () => {
    const body = {
      uscc: h.uscc(700),
      name: '幂等测试社工中心',
      legalRepresentative: '王芳',
      registeredOn: '2020-01-01',
      categories: ['elderly_care'],
    };
    const first = await post('/organisations', h.tokens.official, 'register-1', body);
    expect(first.status).toBe(201);
    const again = await post('/organisations', h.tokens.official, 'register-1', body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.organisationId).toBe(first.body.organisationId);
    await crashedAfterWriting();
    const rerun = await post('/organisations', h.tokens.official, 'register-1', body);
    expect(rerun.status).toBe(201);
    expect(rerun.body.organisationId).toBe(first.body.organisationId);
    expect(await store().collection('organisations').countDocuments({ uscc: body.uscc })).toBe(1);
    // Without the key the same code is still refused as registered.
    const unkeyed = await h.http().post('/api/procurement/organisations').set(h.as(h.tokens.official)).send(body);
    expect(unkeyed.body.code).toBe('PROCUREMENT.ORGANISATION_EXISTS');
  });

  test('a bid run again after a crash is not a second revision', async () => {
    const body = { priceFen: 110_000_00, proposal: '服务方案：每周上门两次，配备持证社工。' };
    const path = `/tenders/${tender.tenderId}/bids`;
    const first = await post(path, org.token, 'bid-1', body);
    expect(first.status).toBe(201);
    await crashedAfterWriting();
    const rerun = await post(path, org.token, 'bid-1', body);
    expect(rerun.status).toBe(201);
    expect(rerun.body).toMatchObject({ bidId: first.body.bidId, revision: 1, commitment: first.body.commitment });
    await h.settle();
    expect(h.events('procurement.bid.submitted').filter((e) => e.data.bidId === first.body.bidId)).toHaveLength(1);
    // A revision sent with a new key is one.
    const revised = await post(path, org.token, 'bid-2', { ...body, priceFen: 105_000_00 });
    expect(revised.status).toBe(200);
    expect(revised.body.revision).toBe(2);
  });

  test('an enquiry and a sanction run again after a crash are made once', async () => {
    const asked = await post(`/tenders/${tender.tenderId}/enquiries`, org.token, 'enquiry-1', {
      question: '服务时间是否包含周末？',
    });
    expect(asked.status).toBe(201);
    const sanction = { kind: 'suspension', reason: '年检逾期未报', until: '2026-06-01T00:00:00.000Z' };
    const sanctioned = await post(`/organisations/${org.organisationId}/sanctions`, h.tokens.official, 's-1', sanction);
    expect(sanctioned.status).toBe(201);
    await crashedAfterWriting();
    const askedAgain = await post(`/tenders/${tender.tenderId}/enquiries`, org.token, 'enquiry-1', {
      question: '服务时间是否包含周末？',
    });
    expect(askedAgain.body.enquiryId).toBe(asked.body.enquiryId);
    expect(await store().collection('enquiries').countDocuments({ tenderId: tender.tenderId })).toBe(1);
    await post(`/organisations/${org.organisationId}/sanctions`, h.tokens.official, 's-1', sanction);
    const stored = await store()
      .collection<{ _id: string; sanctions: unknown[] }>('organisations')
      .findOne({ _id: org.organisationId });
    expect(stored?.sanctions).toHaveLength(1);
  });
});
