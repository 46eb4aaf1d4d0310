import request from 'supertest';
import { ManualClock } from '@sanshe/platform';
import { startEmbedded, type EmbeddedSystem } from '../../../../../apps/embedded/src/start';

const BASE = '/api/intake/open311/v2';
const GRID = 'XZ-GL-HL-01-G01';
const PHONE = '13912345678';
const NAME = '王秀英';
const ID_NUMBER = '11010519491231002X';
const SECRET_TEXT = '住黄楼路8号3单元，患糖尿病';

describe('the Open311 GeoReport v2 facade (embedded)', () => {
  const clock = new ManualClock('2026-03-02T01:00:00.000Z');
  let system: EmbeddedSystem;
  const t: Record<string, string> = {};
  const http = () => request(system.host.app);
  const as = (who: string) => ({ Authorization: `Bearer ${t[who]}` });

  beforeAll(async () => {
    system = await startEmbedded({ clock });
    t.staff = await system.issuer.sign({ sub: 'staff-hl', roles: ['community_staff'], communities: ['XZ-GL-HL-01'] });
    t.admin = await system.issuer.sign({ sub: 'admin', roles: ['admin'] });
    t.funder = await system.issuer.sign({ sub: 'funder', roles: ['funder'], funderCode: 'XZ-GL-MZJ' });
  });
  afterAll(() => system.host.close());

  async function post(form: string, who = 'staff') {
    const res = await http().post(`${BASE}/requests.json`).set(as(who)).type('form').send(form);
    await system.host.settle();
    return res;
  }

  const elderlyForm = (extra = '') =>
    `service_code=elderly_care&grid_code=${GRID}&description=${encodeURIComponent(SECRET_TEXT)}` +
    `&attribute[care_type]=home_visit&last_name=${encodeURIComponent('王')}&first_name=${encodeURIComponent('秀英')}` +
    `&phone=${PHONE}&consent=true&lat=34.26&long=117.18${extra}`;

  describe('services', () => {
    test('services.json lists the active categories to anyone, in Chinese by default and English with locale=en', async () => {
      const zh = await http().get(`${BASE}/services.json`);
      expect(zh.status).toBe(200);
      const elderly = (zh.body as Array<{ service_code: string }>).find((s) => s.service_code === 'elderly_care');
      expect(elderly).toEqual({
        service_code: 'elderly_care',
        service_name: '养老服务',
        description: expect.any(String),
        metadata: true,
        type: 'realtime',
        keywords: expect.stringContaining('养老'),
        group: 'elderly',
      });
      const en = await http().get(`${BASE}/services.json?locale=en`);
      expect(en.body).toContainEqual(
        expect.objectContaining({
          service_code: 'psychological_care',
          service_name: 'Psychological care',
          metadata: false,
        }),
      );
    });

    test("a service definition lists the category's fields as GeoReport attributes", async () => {
      const res = await http().get(`${BASE}/services/rehabilitation.json?locale=en`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        service_code: 'rehabilitation',
        attributes: [
          expect.objectContaining({
            variable: true,
            code: 'support_needed',
            datatype: 'multivaluelist',
            required: true,
            order: 1,
            values: expect.arrayContaining([{ key: 'nursing', name: 'Nursing' }]),
          }),
        ],
      });
    });

    test('an unknown service is a 404 problem, a malformed code a 400 problem', async () => {
      const unknown = await http().get(`${BASE}/services/no_such_service.json`);
      expect(unknown.status).toBe(404);
      expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
      const malformed = await http().get(`${BASE}/services/Bad-Code.json`);
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors.map((e: { field: string }) => e.field)).toEqual(['params.service_code']);
    });
  });

  describe('posting a service request', () => {
    test('form-encoded with attribute[...] logs an online need; the address stays with staff, the coordinates are not kept', async () => {
      const res = await post(elderlyForm('&address_string=' + encodeURIComponent('黄楼路8号')));
      expect(res.status).toBe(201);
      expect(res.body).toEqual([
        {
          service_request_id: expect.stringMatching(/^NEED-20260302-/),
          service_notice: expect.stringContaining('已受理'),
          account_id: null,
        },
      ]);

      const need = await http().get(`/api/intake/cases/${res.body[0].service_request_id}`).set(as('staff'));
      expect(need.body).toMatchObject({
        channel: 'online',
        category: 'elderly_care',
        attributes: { care_type: 'home_visit' },
        urgency: 'normal',
        contact: { name: NAME, phone: PHONE },
        description: `${SECRET_TEXT}\n地址：黄楼路8号`,
      });
      expect(JSON.stringify(need.body)).not.toContain('34.26');
    });

    test('multi-value attributes arrive as attribute[code][]=value, repeated', async () => {
      const form = `service_code=rehabilitation&grid_code=${GRID}&description=x&attribute[support_needed][]=nursing&attribute[support_needed][]=physiotherapy&urgency=high`;
      const res = await post(form);
      expect(res.status).toBe(201);
      const need = await http().get(`/api/intake/cases/${res.body[0].service_request_id}`).set(as('staff'));
      expect(need.body).toMatchObject({
        attributes: { support_needed: ['nursing', 'physiotherapy'] },
        urgency: 'high',
        contact: null,
      });
    });

    test('JSON is accepted as well, and notices follow locale=en', async () => {
      const res = await http()
        .post(`${BASE}/requests.json?locale=en`)
        .set(as('admin'))
        .send({
          service_code: 'hardship_aid',
          grid_code: GRID,
          description: 'x',
          attribute: { household_size: 4, aid_type: ['living'] },
        });
      expect(res.status).toBe(201);
      expect(res.body[0].service_notice).toMatch(/^Received as case NEED-/);
    });

    test('the same resident asking again for the same service is linked: 200 with the first case number', async () => {
      const first = await post(elderlyForm(`&resident_id_number=${ID_NUMBER}`));
      const again = await post(elderlyForm(`&resident_id_number=${ID_NUMBER}`));
      expect(first.status).toBe(201);
      expect(again.status).toBe(200);
      expect(again.body[0].service_request_id).toBe(first.body[0].service_request_id);
    });

    test.each([
      {
        name: 'without grid_code',
        form: `service_code=elderly_care&description=x&attribute[care_type]=home_visit`,
        status: 400,
        field: 'body.grid_code',
      },
      {
        name: 'with a phone but no consent',
        form: `service_code=elderly_care&grid_code=${GRID}&description=x&attribute[care_type]=home_visit&last_name=Wang&phone=${PHONE}`,
        status: 400,
        field: 'body.consent',
      },
      {
        name: 'with a malformed phone',
        form: `service_code=elderly_care&grid_code=${GRID}&description=x&attribute[care_type]=home_visit&last_name=Wang&phone=12345&consent=true`,
        status: 400,
        field: 'body.phone',
      },
      {
        name: 'for an unknown service',
        form: `service_code=no_such&grid_code=${GRID}&description=x`,
        status: 422,
        field: 'service_code',
      },
      {
        name: 'with a value outside the list',
        form: `service_code=elderly_care&grid_code=${GRID}&description=x&attribute[care_type]=spa`,
        status: 422,
        field: 'attribute[care_type]',
      },
      {
        name: 'for an unknown grid',
        form: `service_code=elderly_care&grid_code=XZ-NOWHERE&description=x&attribute[care_type]=home_visit`,
        status: 422,
        field: 'grid_code',
      },
    ])(
      'a request $name is refused with $status problem+json naming $field, and nothing is written',
      async ({ form, status, field }) => {
        const needs = system.host.stores['needs-intake']!.collection('needs');
        const before = await needs.countDocuments({});
        const res = await post(form);
        expect(res.status).toBe(status);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
        expect(JSON.stringify(res.body)).not.toContain(PHONE);
        expect(await needs.countDocuments({})).toBe(before);
      },
    );

    test('without a token it is 401, for a role that does not log needs 403, outside your communities 403', async () => {
      expect((await http().post(`${BASE}/requests.json`).type('form').send(elderlyForm())).status).toBe(401);
      expect((await post(elderlyForm(), 'funder')).status).toBe(403);
      expect((await post(elderlyForm().replace(GRID, 'XZ-YL-PL-01-G01'))).status).toBe(403);
    });

    test('a body that is neither a form nor JSON is a 415 problem', async () => {
      const res = await http()
        .post(`${BASE}/requests.json`)
        .set(as('staff'))
        .set('Content-Type', 'text/plain')
        .send('service_code=elderly_care');
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('HTTP.UNSUPPORTED_MEDIA_TYPE');
    });
  });

  describe('reading service requests (public)', () => {
    let early: string;
    let resolved: string;
    let late: string;

    beforeAll(async () => {
      clock.set('2026-04-01T02:00:00.000Z');
      early = (await post(elderlyForm())).body[0].service_request_id;
      clock.set('2026-04-03T02:00:00.000Z');
      resolved = (
        await post(`service_code=legal_services&grid_code=${GRID}&description=${encodeURIComponent(SECRET_TEXT)}`)
      ).body[0].service_request_id;
      const need = await http().get(`/api/intake/cases/${resolved}`).set(as('staff'));
      clock.set('2026-04-04T02:00:00.000Z');
      await http()
        .post(`/api/intake/needs/${need.body.needId}/resolve`)
        .set(as('staff'))
        .send({ how: 'resolved_directly', outcome: `已电话联系${NAME}` });
      clock.set('2026-04-05T02:00:00.000Z');
      late = (await post(elderlyForm())).body[0].service_request_id;
      await system.host.settle();
    });

    test('requests.json lists requests newest first with street, community and status, to staff of the area', async () => {
      expect((await http().get(`${BASE}/requests.json`)).status).toBe(401);
      const res = await http().get(`${BASE}/requests.json?start_date=2026-04-01T00:00:00Z`).set(as('staff'));
      expect(res.status).toBe(200);
      expect(res.body.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([
        late,
        resolved,
        early,
      ]);
      expect(res.body[1]).toEqual({
        service_request_id: resolved,
        status: 'closed',
        status_notes: 'resolved',
        service_name: '社区法律服务',
        service_code: 'legal_services',
        agency_responsible: '黄楼街道',
        requested_datetime: '2026-04-03T02:00:00.000Z',
        updated_datetime: '2026-04-04T02:00:00.000Z',
        address: '黄楼社区',
        zipcode: null,
        lat: null,
        long: null,
      });
    });

    test('filters: service code, status, case numbers and a date range with an offset', async () => {
      const ids = async (query: string) =>
        (
          (await http().get(`${BASE}/requests.json?${query}`).set(as('staff'))).body as Array<{
            service_request_id: string;
          }>
        ).map((r) => r.service_request_id);
      expect(await ids('service_code=legal_services&start_date=2026-04-01T00:00:00Z')).toEqual([resolved]);
      expect(await ids('status=closed&start_date=2026-04-01T00:00:00Z')).toEqual([resolved]);
      expect(await ids('status=open&service_code=elderly_care&start_date=2026-04-01T00:00:00Z')).toEqual([late, early]);
      expect(await ids(`service_request_id=${early},${late}`)).toEqual([late, early]);
      // 2026-04-03T10:00+08:00 is 02:00Z: the bounds are inclusive and compared as instants.
      expect(await ids('start_date=2026-04-03T10:00:00%2B08:00&end_date=2026-04-04T00:00:00Z')).toEqual([resolved]);
    });

    test('one request by its case number is an array of one; an unknown one a 404 problem', async () => {
      const res = await http().get(`${BASE}/requests/${early}.json`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual([
        expect.objectContaining({ service_request_id: early, status: 'open', status_notes: 'logged' }),
      ]);
      const unknown = await http().get(`${BASE}/requests/NEED-20260101-AAAAAA.json`);
      expect(unknown.status).toBe(404);
      expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    test('no read of the facade carries a name, phone, ID number, description, outcome or coordinates', async () => {
      const reads = await Promise.all([
        http().get(`${BASE}/requests.json`).set(as('staff')),
        http().get(`${BASE}/requests.json?locale=en&status=closed`).set(as('staff')),
        http().get(`${BASE}/requests/${resolved}.json`),
        http().get(`${BASE}/requests/${early}.json`),
      ]);
      for (const res of reads) {
        expect(res.status).toBe(200);
        for (const secret of [
          PHONE,
          NAME,
          '秀英',
          ID_NUMBER,
          SECRET_TEXT,
          '黄楼路8号',
          '已电话联系',
          '34.26',
          GRID,
          'staff-hl',
        ]) {
          expect(res.text).not.toContain(secret);
        }
      }
    });

    test.each([
      { name: 'an unknown status', query: 'status=pending', field: 'query.status' },
      { name: 'a malformed case number', query: 'service_request_id=123', field: 'query.service_request_id' },
      { name: 'a date that is not ISO 8601', query: 'start_date=yesterday', field: 'query.start_date' },
      {
        name: 'a start after the end',
        query: 'start_date=2026-04-05T00:00:00Z&end_date=2026-04-01T00:00:00Z',
        field: 'query.end_date',
      },
    ])('a search with $name is a 400 problem naming $field', async ({ query, field }) => {
      const res = await http().get(`${BASE}/requests.json?${query}`).set(as('staff'));
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });
  });

  test('the OpenAPI document describes the facade and both body types of POST requests.json', async () => {
    const res = await http().get('/api/intake/openapi.json');
    const post = res.body.paths['/open311/v2/requests.json'].post;
    expect(Object.keys(post.requestBody.content)).toEqual(['application/x-www-form-urlencoded', 'application/json']);
    expect(res.body.paths['/open311/v2/services/{service_code}.json'].get).toBeDefined();
    expect(res.body.paths['/open311/v2/requests/{service_request_id}.json'].get).toBeDefined();
  });
});
