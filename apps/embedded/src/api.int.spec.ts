import request from 'supertest';
import { ManualClock, type DocumentStore } from '@sanshe/platform';
import { startEmbedded, type EmbeddedSystem } from './start';

const ID = '7d4f3b2a-1c5e-4f6a-9b8c-0d1e2f3a4b5c';

/** Every endpoint of the flow, with a body that breaks its schema in a telling way. */
const BAD_INPUTS: Array<{
  name: string;
  method: 'post' | 'get' | 'patch';
  path: string;
  role: string;
  body?: unknown;
  field: string;
}> = [
  {
    name: 'a need without a category and with a fractional count',
    method: 'post',
    path: '/api/intake/needs',
    role: 'staff',
    body: { channel: 'window', gridCode: 'XZ-GL-HL-01-G01', urgency: 'high', beneficiaryCount: 1.5, description: 'x' },
    field: 'body.category',
  },
  {
    name: 'a need with an unknown urgency',
    method: 'post',
    path: '/api/intake/needs',
    role: 'staff',
    body: {
      channel: 'window',
      category: 'elderly_care',
      attributes: { care_type: 'home_visit' },
      gridCode: 'XZ-GL-HL-01-G01',
      urgency: 'whenever',
      beneficiaryCount: 1,
      description: 'x',
    },
    field: 'body.urgency',
  },
  {
    name: 'a need with an unexpected extra field',
    method: 'post',
    path: '/api/intake/needs',
    role: 'staff',
    body: {
      channel: 'window',
      category: 'elderly_care',
      attributes: { care_type: 'home_visit' },
      gridCode: 'XZ-GL-HL-01-G01',
      urgency: 'high',
      beneficiaryCount: 1,
      description: 'x',
      idNumber: '11010519491231002X',
    },
    field: 'body',
  },
  {
    name: 'a need looked up by a malformed id',
    method: 'get',
    path: '/api/intake/needs/not-a-uuid',
    role: 'staff',
    field: 'params.needId',
  },
  {
    name: 'a project with a budget line in yuan decimals',
    method: 'post',
    path: '/api/design/projects',
    role: 'staff',
    body: {
      title: '养老项目',
      category: 'elderly_care',
      needIds: [ID],
      budgetLines: [{ kind: 'personnel', description: '社工', amountFen: 1000.5 }],
      fundingMode: 'government_purchase',
    },
    field: 'body.budgetLines.0.amountFen',
  },
  {
    // A sum other than 100% is the linter's (tranches-total, 422 on submission); a tranche of 0% is malformed.
    name: 'a project with a tranche of 0%',
    method: 'post',
    path: '/api/design/projects',
    role: 'staff',
    body: {
      title: '养老项目',
      category: 'elderly_care',
      needIds: [ID],
      fundingMode: 'government_purchase',
      tranches: [
        { percent: 0, milestone: 'signing' },
        { percent: 100, milestone: 'final_acceptance' },
      ],
    },
    field: 'body.tranches.0.percent',
  },
  {
    name: 'a project with an unknown funding mode',
    method: 'post',
    path: '/api/design/projects',
    role: 'staff',
    body: { title: '养老项目', category: 'elderly_care', needIds: [ID], fundingMode: 'lottery' },
    field: 'body.fundingMode',
  },
  {
    name: 'a project whose evaluation criterion weighs 120 points',
    method: 'patch',
    path: `/api/design/projects/${ID}`,
    role: 'staff',
    body: { evaluationCriteria: [{ code: 'price', name: '报价', kind: 'price', weight: 120 }] },
    field: 'body.evaluationCriteria.0.weight',
  },
  {
    name: 'returning a project without comments',
    method: 'post',
    path: `/api/design/projects/${ID}/return`,
    role: 'official',
    body: {},
    field: 'body.comments',
  },
  {
    name: 'publishing with a deadline that is not a date-time',
    method: 'post',
    path: `/api/design/projects/${ID}/publish`,
    role: 'official',
    body: { bidDeadline: 'next Friday' },
    field: 'body.bidDeadline',
  },
  {
    name: 'a funding programme with a budget in yuan decimals',
    method: 'post',
    path: '/api/design/programmes',
    role: 'funder',
    body: {
      name: '购买服务资金',
      funderCode: 'XZ-GL-MZJ',
      funderName: '鼓楼区民政局',
      fiscalYear: 2026,
      mode: 'government_purchase',
      budgetFen: 99.5,
    },
    field: 'body.budgetFen',
  },
  {
    name: 'a policy version whose price-weight floor is above 100',
    method: 'post',
    path: '/api/design/policies',
    role: 'admin',
    body: {
      effectiveFrom: '2030-01-01T00:00:00+08:00',
      note: '示例',
      values: {
        minPriceWeightPercent: 120,
        maxPriceWeightPercent: null,
        maxAdministrationSharePercent: 10,
        minServiceDays: 30,
        maxServiceMonths: 36,
        minJustificationChars: 20,
        minBidPeriodDays: { open_tender: 20 },
      },
    },
    field: 'body.values.minPriceWeightPercent',
  },
  {
    name: 'suggestions at an unknown level',
    method: 'get',
    path: '/api/design/suggestions?level=planet',
    role: 'official',
    field: 'query.level',
  },
  {
    name: 'approving a project by a malformed id',
    method: 'post',
    path: '/api/design/projects/123/approve',
    role: 'official',
    field: 'params.projectId',
  },
  {
    name: 'an organisation whose USCC check character is wrong',
    method: 'post',
    path: '/api/procurement/organisations',
    role: 'admin',
    body: {
      uscc: '52320300MJ1234567Y',
      name: '某社工中心',
      legalRepresentative: '张伟',
      registeredOn: '2019-05-20',
      categories: ['elderly_care'],
    },
    field: 'body.uscc',
  },
  {
    name: 'an organisation that is a company, not a social organisation',
    method: 'post',
    path: '/api/procurement/organisations',
    role: 'admin',
    body: {
      uscc: '91350100M000100Y43',
      name: '某公司',
      legalRepresentative: '张伟',
      registeredOn: '2019-05-20',
      categories: ['elderly_care'],
    },
    field: 'body.uscc',
  },
  {
    name: 'a bid with a negative price',
    method: 'post',
    path: `/api/procurement/tenders/${ID}/bids`,
    role: 'org',
    body: { priceFen: -5, proposal: 'a proposal of some length' },
    field: 'body.priceFen',
  },
  {
    name: 'a disqualification without its reason',
    method: 'post',
    path: `/api/procurement/tenders/${ID}/qualification`,
    role: 'official',
    body: { decisions: [{ bidId: ID, qualified: false }] },
    field: 'body.decisions.0.reason',
  },
  {
    name: 'a service record with 30 hours in a day',
    method: 'post',
    path: `/api/fulfilment/contracts/${ID}/service-records`,
    role: 'worker',
    body: { needId: ID, deliveredOn: '2026-03-10', hours: 30, serviceType: 'home_visit' },
    field: 'body.hours',
  },
  {
    name: 'a service record with an impossible date',
    method: 'post',
    path: `/api/fulfilment/contracts/${ID}/service-records`,
    role: 'worker',
    body: { needId: ID, deliveredOn: '2026-02-30', hours: 2, serviceType: 'home_visit' },
    field: 'body.deliveredOn',
  },
  {
    name: 'disbursing a tranche by a malformed id',
    method: 'post',
    path: `/api/fulfilment/contracts/${ID}/tranches/x/disburse`,
    role: 'funder',
    field: 'params.trancheId',
  },
];

const COLLECTIONS: Record<string, string[]> = {
  'needs-intake': ['needs', 'areas', 'categories'],
  'project-design': ['projects', 'open_needs', 'programmes', 'policy_versions', 'unit_costs'],
  procurement: ['organisations', 'tenders', 'bids'],
  fulfilment: ['contracts', 'service_records'],
};

async function countAll(stores: Record<string, DocumentStore>): Promise<number> {
  let total = 0;
  for (const [service, names] of Object.entries(COLLECTIONS)) {
    for (const name of names) total += await stores[service]!.collection(name).countDocuments({});
  }
  return total;
}

describe('the HTTP surface of the embedded system', () => {
  let system: EmbeddedSystem;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    system = await startEmbedded({ clock: new ManualClock() });
    const { issuer } = system;
    tokens.staff = await issuer.sign({ sub: 's', roles: ['community_staff'], communities: ['XZ-GL-HL-01'] });
    tokens.official = await issuer.sign({ sub: 'o', roles: ['official'] });
    tokens.admin = await issuer.sign({ sub: 'a', roles: ['admin'] });
    tokens.funder = await issuer.sign({ sub: 'f', roles: ['funder'], funderCode: 'XZ-GL-MZJ' });
    tokens.org = await issuer.sign({ sub: 'u', roles: ['org_user'], organisationId: ID });
    tokens.worker = await issuer.sign({ sub: 'w', roles: ['social_worker'], organisationId: ID });
  });
  afterAll(() => system.host.close());

  test.each(BAD_INPUTS)('$name is refused with 400 problem+json naming $field, and nothing is written', async (c) => {
    const before = await countAll(system.host.stores);
    const call = request(system.host.app)[c.method](c.path).set('Authorization', `Bearer ${tokens[c.role]}`);
    const res = c.body === undefined ? await call : await call.send(c.body as object);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, code: 'VALIDATION.INVALID_INPUT', title: 'Bad Request' });
    expect((res.body.errors as Array<{ field: string; reason: string }>).map((e) => e.field)).toContain(c.field);
    for (const e of res.body.errors as Array<{ reason: string }>) expect(e.reason.length).toBeGreaterThan(0);
    await system.host.settle();
    expect(await countAll(system.host.stores)).toBe(before);
  });

  test('a resident ID number sent by mistake is never echoed back in the problem', async () => {
    const res = await request(system.host.app)
      .post('/api/intake/needs')
      .set('Authorization', `Bearer ${tokens.staff}`)
      .send({
        channel: 'window',
        category: 'elderly_care',
        attributes: { care_type: 'home_visit' },
        gridCode: 'XZ-GL-HL-01-G01',
        urgency: 'high',
        beneficiaryCount: 1,
        description: 'x',
        idNumber: '11010519491231002X',
      });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toContain('11010519491231002X');
  });

  test('malformed JSON is a 400 problem, not a 500', async () => {
    const res = await request(system.host.app)
      .post('/api/intake/needs')
      .set('Authorization', `Bearer ${tokens.staff}`)
      .set('Content-Type', 'application/json')
      .send('{"category": ');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('HTTP.MALFORMED_JSON');
  });

  test('a body over the size limit is a 413 problem', async () => {
    const res = await request(system.host.app)
      .post('/api/intake/needs')
      .set('Authorization', `Bearer ${tokens.staff}`)
      .send({ description: 'x'.repeat(300_000) });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('HTTP.BODY_TOO_LARGE');
  });

  test('without a token a protected route is 401, with the wrong role 403', async () => {
    const anonymous = await request(system.host.app).get('/api/intake/needs');
    expect(anonymous.status).toBe(401);
    const wrongRole = await request(system.host.app)
      .post('/api/design/projects/' + ID + '/approve')
      .set('Authorization', `Bearer ${tokens.staff}`);
    expect(wrongRole.status).toBe(403);
    const forged = await request(system.host.app).get('/api/intake/needs').set('Authorization', 'Bearer not.a.jwt');
    expect(forged.status).toBe(401);
  });

  test('staff cannot log a need for a community they do not serve', async () => {
    const res = await request(system.host.app)
      .post('/api/intake/needs')
      .set('Authorization', `Bearer ${tokens.staff}`)
      .send({
        channel: 'window',
        category: 'elderly_care',
        attributes: { care_type: 'home_visit' },
        gridCode: 'XZ-YL-PL-01-G01',
        urgency: 'high',
        beneficiaryCount: 1,
        description: 'x',
      });
    expect(res.status).toBe(403);
  });

  test('an unknown route is a 404 problem', async () => {
    const res = await request(system.host.app).get('/api/nowhere');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('HTTP.NOT_FOUND');
  });

  test('health, readiness with every adapter, and Prometheus metrics are served', async () => {
    expect((await request(system.host.app).get('/health/live')).status).toBe(200);
    const ready = await request(system.host.app).get('/health/ready');
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.body.checks)).toEqual(
      expect.arrayContaining(['needs-intake.store', 'procurement.jobs', 'fulfilment.bus']),
    );
    const metrics = await request(system.host.app).get('/metrics');
    expect(metrics.text).toContain('http_requests_total');
  });

  test('responses carry a request id and echo a valid correlation id', async () => {
    const res = await request(system.host.app).get('/health/live').set('x-correlation-id', 'case-42');
    expect(res.headers['x-request-id']).toMatch(/.+/);
    expect(res.headers['x-correlation-id']).toBe('case-42');
  });

  test.each([
    [
      '/api/intake',
      [
        'post /needs',
        'get /needs',
        'get /needs/{needId}',
        'get /cases/{caseNumber}',
        'post /needs/{needId}/acknowledge',
      ],
    ],
    [
      '/api/design',
      [
        'get /open-needs',
        'get /suggestions',
        'post /projects',
        'get /projects',
        'get /projects/{projectId}',
        'patch /projects/{projectId}',
        'get /projects/{projectId}/history',
        'post /projects/{projectId}/lint',
        'post /projects/{projectId}/submit',
        'post /projects/{projectId}/return',
        'post /projects/{projectId}/approve',
        'post /projects/{projectId}/publish',
        'post /projects/{projectId}/cancel',
        'post /programmes',
        'get /programmes',
        'get /programmes/{programmeId}',
        'get /policies',
        'post /policies',
        'get /unit-costs',
        'put /unit-costs/{category}',
      ],
    ],
    [
      '/api/procurement',
      [
        'post /organisations',
        'get /tenders',
        'get /tenders/{tenderId}',
        'post /tenders/{tenderId}/bids',
        'get /tenders/{tenderId}/bids',
        'post /tenders/{tenderId}/evaluation',
        'post /tenders/{tenderId}/award',
      ],
    ],
    [
      '/api/fulfilment',
      [
        'get /contracts',
        'get /contracts/{contractId}',
        'post /contracts/{contractId}/service-records',
        'post /contracts/{contractId}/milestones/{milestoneId}/accept',
        'post /contracts/{contractId}/tranches/{trancheId}/disburse',
      ],
    ],
  ])('%s/openapi.json describes every endpoint of the flow', async (prefix, operations) => {
    const res = await request(system.host.app).get(`${prefix}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const documented = Object.entries(res.body.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`),
    );
    expect(documented).toEqual(expect.arrayContaining(operations));
    for (const path of Object.values(
      res.body.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>,
    )) {
      for (const op of Object.values(path)) expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['400']));
    }
  });
});
