import request from 'supertest';
import type { Host, LocalIssuer } from '@sanshe/platform';
import { serviceFactories } from '@sanshe/embedded';
import { describeReal } from '../support/infra';
import { startDistributed } from '../support/distributed';

const GRID = 'XZ-TS-TX-01-G01';
const HEADER =
  'channel,category,grid_code,urgency,beneficiary_count,beneficiary_groups,description,contact_name,contact_phone,consent';
const row = (n: number) =>
  `phone,employment,${GRID},normal,1,low_income,求职登记${n},王${n},1390000${String(1000 + n)},true`;

/** Intake's entry points on the real adapters: Open311, a CSV import run as a BullMQ job, the resident lookup. */
describeReal('needs intake on real Kafka, MongoDB-wire server and Redis', () => {
  let host: Host;
  let issuer: LocalIssuer;
  let staff: string;

  beforeAll(async () => {
    ({ host, issuer } = await startDistributed([serviceFactories({}).intake], { prefix: 'intake' }));
    staff = await issuer.sign({ sub: 'staff-ts', roles: ['community_staff'], communities: ['XZ-TS-TX-01'] });
  }, 60_000);
  afterAll(async () => {
    await host?.close();
  });

  test('an Open311 request is logged and the resident follows it by case number and phone digits', async () => {
    const posted = await request(host.app)
      .post('/api/intake/open311/v2/requests.json')
      .set('Authorization', `Bearer ${staff}`)
      .type('form')
      .send({
        service_code: 'legal_services',
        grid_code: GRID,
        description: '邻里纠纷需要法律咨询',
        first_name: '芳',
        last_name: '赵',
        phone: '13912348888',
        consent: 'true',
      });
    expect(posted.status).toBe(201);
    const caseNumber = posted.body[0].service_request_id as string;
    const tracked = await request(host.app).post('/api/intake/track').send({ caseNumber, phoneLast4: '8888' });
    expect(tracked.status).toBe(200);
    expect(tracked.body).toMatchObject({ caseNumber, status: 'logged', category: { zh: '社区法律服务' } });
    expect(JSON.stringify(tracked.body)).not.toContain('13912348888');
    const wrong = await request(host.app).post('/api/intake/track').send({ caseNumber, phoneLast4: '0000' });
    expect(wrong.status).toBe(404);
  });

  test('a CSV import runs as a BullMQ job to the end, with progress', async () => {
    const csv = `${[HEADER, row(1), row(2), row(3)].join('\n')}\n`;
    const accepted = await request(host.app)
      .post('/api/intake/imports')
      .set('Authorization', `Bearer ${staff}`)
      .type('text/csv')
      .send(csv);
    expect(accepted.status).toBe(202);
    const importId = accepted.body.importId as string;
    const deadline = Date.now() + 30_000;
    let progress: { status: string; processedRows: number; totalRows: number } = {
      status: '',
      processedRows: 0,
      totalRows: 0,
    };
    while (Date.now() < deadline) {
      progress = (
        await request(host.app).get(`/api/intake/imports/${importId}`).set('Authorization', `Bearer ${staff}`)
      ).body;
      if (progress.status === 'done' || progress.status === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(progress).toMatchObject({ status: 'done', processedRows: 3, totalRows: 3 });
    const listed = await request(host.app)
      .get(`/api/intake/needs?area=${GRID}&category=employment`)
      .set('Authorization', `Bearer ${staff}`);
    expect(listed.body.total).toBe(3);
  }, 60_000);
});
