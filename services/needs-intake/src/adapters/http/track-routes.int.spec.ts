import request from 'supertest';
import { ManualClock } from '@sanshe/platform';
import { startEmbedded, type EmbeddedSystem } from '@sanshe/embedded';

const PHONE = '13812345678';
const NAME = '王阿姨';
const DESCRIPTION = '独居老人需要每周上门探访';
const UNKNOWN_CASE = 'NEED-20260302-ZZZZZZ';

const need = (extra: Record<string, unknown> = {}) => ({
  channel: 'window',
  category: 'elderly_care',
  attributes: { care_type: 'home_visit', self_care_level: 'partial' },
  gridCode: 'XZ-GL-HL-01-G01',
  urgency: 'high',
  beneficiaryCount: 1,
  description: DESCRIPTION,
  contact: { name: NAME, phone: PHONE, consent: true },
  ...extra,
});

async function start(clock: ManualClock, ratePerMinute: string) {
  const system = await startEmbedded({ env: { INTAKE_TRACK_RATE_PER_MINUTE: ratePerMinute }, clock });
  const staff = await system.issuer.sign({
    sub: 'staff-owner',
    roles: ['community_staff'],
    communities: ['XZ-GL-HL-01'],
  });
  const logNeed = async (body: Record<string, unknown> = need()) => {
    const res = await request(system.host.app)
      .post('/api/intake/needs')
      .set('Authorization', `Bearer ${staff}`)
      .send(body);
    await system.host.settle();
    expect(res.status).toBe(201);
    return res.body as { needId: string; caseNumber: string };
  };
  return { system, staff, logNeed };
}

describe('resident lookup by case number and the last four phone digits', () => {
  const clock = new ManualClock('2026-03-02T01:00:00.000Z');
  let system: EmbeddedSystem;
  let staff: string;
  let logNeed: (body?: Record<string, unknown>) => Promise<{ needId: string; caseNumber: string }>;
  const track = (body: object) => request(system.host.app).post('/api/intake/track').send(body);

  beforeAll(async () => {
    ({ system, staff, logNeed } = await start(clock, '1000'));
  });
  afterAll(() => system.host.close());

  test('with the right digits, the resident sees the category, status and timeline, and no personal data', async () => {
    const { needId, caseNumber } = await logNeed();
    clock.advance(10 * 60_000);
    await request(system.host.app)
      .post(`/api/intake/needs/${needId}/acknowledge`)
      .set('Authorization', `Bearer ${staff}`)
      .send({});

    const res = await track({ caseNumber, phoneLast4: '5678' });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      caseNumber,
      category: { zh: '养老服务', en: 'Elderly care' },
      status: 'acknowledged',
      timeline: [
        { status: 'logged', at: '2026-03-02T01:00:00.000Z' },
        { status: 'acknowledged', at: '2026-03-02T01:10:00.000Z' },
      ],
      loggedAt: '2026-03-02T01:00:00.000Z',
    });
    const json = JSON.stringify(res.body);
    for (const secret of [PHONE, '5678', NAME, DESCRIPTION, 'staff-owner', needId, 'partial', 'XZ-GL-HL-01-G01'])
      expect(json).not.toContain(secret);
    for (const key of ['phone', 'contact', 'name', 'description', 'ownerId', 'attributes', 'note', 'cause'])
      expect(json).not.toContain(`"${key}"`);
  });

  test('a successful lookup carries the standard RateLimit headers', async () => {
    const { caseNumber } = await logNeed();
    const res = await track({ caseNumber, phoneLast4: '5678' });
    expect(res.status).toBe(200);
    expect(res.headers['ratelimit-policy']).toMatch(/^"1000-in-1min"; q=1000; w=60/);
    expect(res.headers.ratelimit).toMatch(/^"1000-in-1min"; r=\d+; t=\d+/);
  });

  test('wrong digits, an unknown case number and a need without a phone all get the identical 404', async () => {
    const { caseNumber } = await logNeed();
    const { caseNumber: withoutPhone } = await logNeed(need({ contact: undefined }));

    const wrongDigits = await track({ caseNumber, phoneLast4: '0000' });
    const unknownCase = await track({ caseNumber: UNKNOWN_CASE, phoneLast4: '5678' });
    const noPhone = await track({ caseNumber: withoutPhone, phoneLast4: '5678' });

    for (const res of [wrongDigits, unknownCase, noPhone]) {
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toEqual(wrongDigits.body);
    }
    expect(wrongDigits.body).toMatchObject({ code: 'INTAKE.CASE_NOT_FOUND', status: 404 });
    expect(JSON.stringify(wrongDigits.body)).not.toContain(caseNumber);
  });

  test('after five wrong tries a case number is locked for 15 minutes, even for the right digits; then it opens again', async () => {
    const { caseNumber } = await logNeed();
    for (let i = 0; i < 5; i++) expect((await track({ caseNumber, phoneLast4: `000${i}` })).status).toBe(404);

    const locked = await track({ caseNumber, phoneLast4: '5678' });
    expect(locked.status).toBe(429);
    expect(locked.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(locked.headers['retry-after']).toBe('900');
    expect(locked.body).toMatchObject({ status: 429, code: 'INTAKE.TRACK_LOCKED' });
    // The lock lives in the service's store, where every replica reads it.
    const stored = await system.host.stores['needs-intake']!.collection('track_attempts').findOne({ _id: caseNumber });
    expect(stored).toMatchObject({ lockedUntil: '2026-03-02T01:25:00.000Z' });

    clock.advance(15 * 60_000);
    await system.host.settle();
    expect((await track({ caseNumber, phoneLast4: '5678' })).status).toBe(200);
  });

  test('an unknown case number locks exactly like a real one, so the lock reveals nothing', async () => {
    const unknown = 'NEED-20260302-YYYYYY';
    for (let i = 0; i < 5; i++) expect((await track({ caseNumber: unknown, phoneLast4: '1234' })).status).toBe(404);
    const res = await track({ caseNumber: unknown, phoneLast4: '1234' });
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('INTAKE.TRACK_LOCKED');
  });

  test('failures spread over more than 15 minutes do not lock', async () => {
    const { caseNumber } = await logNeed();
    for (let i = 0; i < 4; i++) await track({ caseNumber, phoneLast4: '0000' });
    clock.advance(16 * 60_000);
    await system.host.settle();
    expect((await track({ caseNumber, phoneLast4: '0000' })).status).toBe(404);
    expect((await track({ caseNumber, phoneLast4: '5678' })).status).toBe(200);
  });

  test.each([
    { name: 'a malformed case number', body: { caseNumber: 'NEED-1', phoneLast4: '5678' }, field: 'body.caseNumber' },
    { name: 'three digits', body: { caseNumber: UNKNOWN_CASE, phoneLast4: '678' }, field: 'body.phoneLast4' },
    { name: 'letters for digits', body: { caseNumber: UNKNOWN_CASE, phoneLast4: '56a8' }, field: 'body.phoneLast4' },
    { name: 'the whole phone number', body: { caseNumber: UNKNOWN_CASE, phoneLast4: PHONE }, field: 'body.phoneLast4' },
    { name: 'an extra field', body: { caseNumber: UNKNOWN_CASE, phoneLast4: '5678', name: NAME }, field: 'body' },
  ])('$name is refused with 400 problem+json naming $field', async ({ body, field }) => {
    const res = await track(body);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((res.body.errors as Array<{ field: string }>).map((e) => e.field)).toContain(field);
    expect(JSON.stringify(res.body)).not.toContain(PHONE);
  });

  test('the lookup is public and documented in the OpenAPI description', async () => {
    const doc = await request(system.host.app).get('/api/intake/openapi.json');
    const operation = doc.body.paths['/track'].post;
    expect(operation.security).toBeUndefined();
    expect(operation.requestBody.content['application/json'].schema).toBeDefined();
  });
});

describe('resident lookup rate limit per address', () => {
  const clock = new ManualClock('2026-03-02T01:00:00.000Z');
  let system: EmbeddedSystem;
  afterAll(() => system.host.close());

  test('beyond the configured lookups per minute, the address gets 429 problem+json with Retry-After', async () => {
    let logNeed: (body?: Record<string, unknown>) => Promise<{ caseNumber: string }>;
    ({ system, logNeed } = await start(clock, '3'));
    const { caseNumber } = await logNeed();
    const track = () => request(system.host.app).post('/api/intake/track').send({ caseNumber, phoneLast4: '5678' });

    for (let i = 0; i < 3; i++) expect((await track()).status).toBe(200);
    const limited = await track();

    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.body).toMatchObject({ status: 429, code: 'INTAKE.TRACK_RATE_LIMITED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited.headers.ratelimit).toMatch(/r=0/);
    // Invalid input counts too: probing with garbage is no way around the limit.
    expect((await request(system.host.app).post('/api/intake/track').send({})).status).toBe(429);
  });
});

describe('the OpenAPI document of the resident lookup', () => {
  test('documents the 429 answer of the rate limit and the lock', async () => {
    const system = await startEmbedded();
    try {
      const doc = (await request(system.host.app).get('/api/intake/openapi.json')).body as {
        paths: Record<string, { post?: { responses: Record<string, unknown> } }>;
      };
      expect(Object.keys(doc.paths['/track']?.post?.responses ?? {})).toEqual(
        expect.arrayContaining(['200', '400', '429']),
      );
    } finally {
      await system.host.close();
    }
  });
});
