import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import type { AuditEntry, Host, LocalIssuer } from '@sanshe/platform';
import { serviceFactories } from '@sanshe/embedded';
import { describeReal, REAL_INFRA } from '../support/infra';
import { eventually, startDistributed } from '../support/distributed';

const CLI = join(__dirname, '..', '..', 'packages', 'platform', 'dist', 'audit', 'verify-cli.js');

/** The audit chain on the MongoDB-wire server, checked by the documented command `npm run audit:verify`. */
describeReal('the audit log on the real store', () => {
  let host: Host;
  let issuer: LocalIssuer;
  let namespace: string;

  beforeAll(async () => {
    ({ host, issuer, namespace } = await startDistributed([serviceFactories({}).intake], { prefix: 'audit' }));
  }, 60_000);
  afterAll(async () => {
    await host?.close();
  });

  const verifyCommand = () =>
    spawnSync(process.execPath, [CLI, 'needs-intake'], {
      env: { ...process.env, MONGO_URL: REAL_INFRA.mongoUrl, SANSHE_NAMESPACE: namespace },
      encoding: 'utf8',
    });

  test('commands, reads and events are chained; the verify command passes, then catches a tampered entry', async () => {
    const staff = await issuer.sign({ sub: 'staff-audit', roles: ['community_staff'], communities: ['XZ-TS-TX-01'] });
    const logged = await request(host.app)
      .post('/api/intake/needs')
      .set('Authorization', `Bearer ${staff}`)
      .send({
        channel: 'phone',
        category: 'employment',
        attributes: {},
        gridCode: 'XZ-TS-TX-01-G01',
        urgency: 'normal',
        beneficiaryCount: 1,
        beneficiaryGroups: ['low_income'],
        description: '求职登记',
        contact: { name: '赵芳', phone: '13912348888', consent: true },
      });
    expect(logged.status).toBe(201);
    const read = await request(host.app)
      .get(`/api/intake/needs/${logged.body.needId as string}`)
      .set('Authorization', `Bearer ${staff}`);
    expect(read.status).toBe(200);
    const log = host.stores['needs-intake']!.collection<AuditEntry>('audit_log');
    await eventually(
      async () =>
        (await log.findOne({ action: 'intake.need.logged', resource: logged.body.needId as string })) ?? undefined,
      'the need.logged event in the audit chain',
    );

    const clean = verifyCommand();
    expect(clean.status).toBe(0);
    const verdict = JSON.parse(clean.stdout.trim()) as { service: string; ok: boolean; checked: number };
    expect(verdict).toMatchObject({ service: 'needs-intake', ok: true });
    expect(verdict.checked).toBeGreaterThanOrEqual(3);

    await log.updateOne({ kind: 'personal_data_read' }, { $set: { actor: 'nobody' } });
    const tampered = verifyCommand();
    expect(tampered.status).toBe(1);
    expect(JSON.parse(tampered.stdout.trim())).toMatchObject({
      ok: false,
      problem: { reason: expect.stringContaining('changed') },
    });
  });
});
