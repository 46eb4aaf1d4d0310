import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createLocalIssuer, type LocalIssuer } from '@sanshe/platform';
import { describeReal, REAL_INFRA } from '../support/infra';

const ROOT = path.join(__dirname, '../..');
const SERVICES = [
  { name: 'needs-intake', port: 18181 },
  { name: 'project-design', port: 18182 },
  { name: 'procurement', port: 18183 },
  { name: 'fulfilment', port: 18184 },
] as const;

async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Distributed mode as users run it: each service its own Node process
 * (`npm run start:<service>`, i.e. services/<name>/dist/main.js) on real Kafka,
 * the MongoDB-wire server and Redis, verifying tokens through a JWKS URL.
 */
describeReal('each service as its own process', () => {
  const run = `proc${randomUUID().slice(0, 8)}`;
  const children: ChildProcess[] = [];
  const output = new Map<string, string>();
  let jwks: http.Server;
  let issuer: LocalIssuer;

  beforeAll(async () => {
    if (!SERVICES.every((s) => existsSync(path.join(ROOT, 'services', s.name, 'dist/main.js')))) {
      const build = spawnSync('npx', ['tsc', '-b'], { cwd: ROOT, stdio: 'inherit' });
      if (build.status !== 0) throw new Error('the build failed');
    }
    issuer = await createLocalIssuer({ issuer: 'sanshe-test-idp' });
    jwks = http.createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(issuer.jwks()));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
    for (const service of SERVICES) {
      const child = spawn(process.execPath, [path.join(ROOT, 'services', service.name, 'dist/main.js')], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'production',
          HOST: '127.0.0.1',
          PORT: String(service.port),
          LOG_LEVEL: 'warn',
          KAFKA_BROKERS: REAL_INFRA.kafkaBrokers.join(','),
          MONGO_URL: REAL_INFRA.mongoUrl,
          MONGO_DB: `${run}_${service.name.replace('-', '_')}`,
          REDIS_URL: REAL_INFRA.redisUrl,
          PII_HASH_KEY: 'a-test-key-that-is-long-enough',
          PROCUREMENT_MASTER_KEY: 'dGVzdC1vbmx5LXByb2N1cmVtZW50LW1hc3Rlci1rZXk=',
          AUTH_JWKS_URL: jwksUrl,
          AUTH_ISSUER: 'sanshe-test-idp',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      output.set(service.name, '');
      const keep = (chunk: Buffer) => output.set(service.name, (output.get(service.name) ?? '') + chunk.toString());
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      children.push(child);
    }
  }, 120_000);

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await new Promise<void>((resolve) => (jwks ? jwks.close(() => resolve()) : resolve()));
  });

  test('every process becomes ready, an event crosses processes through Kafka, and SIGTERM stops each cleanly', async () => {
    for (const service of SERVICES) {
      const checks = await until(
        async () => {
          const res = await fetch(`http://127.0.0.1:${service.port}/health/ready`);
          return res.status === 200 ? ((await res.json()) as { checks: Record<string, boolean> }).checks : undefined;
        },
        `${service.name} ready (output: ${output.get(service.name)})`,
      );
      expect(Object.keys(checks).sort()).toEqual([
        `${service.name}.bus`,
        `${service.name}.jobs`,
        `${service.name}.store`,
      ]);
    }

    const staff = await issuer.sign({ sub: 'staff-p', roles: ['community_staff'], communities: ['XZ-YL-PL-01'] });
    const logged = await fetch(`http://127.0.0.1:18181/api/intake/needs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${staff}` },
      body: JSON.stringify({
        channel: 'phone',
        category: 'employment',
        gridCode: 'XZ-YL-PL-01-G02',
        urgency: 'normal',
        beneficiaryCount: 2,
        description: '失业人员需要就业指导',
      }),
    });
    expect(logged.status).toBe(201);
    const { needId } = (await logged.json()) as { needId: string };
    // A token from another issuer is refused by the process.
    const stranger = await (
      await createLocalIssuer({ issuer: 'sanshe-test-idp' })
    ).sign({ sub: 'x', roles: ['admin'] });
    expect(
      (
        await fetch(`http://127.0.0.1:18182/api/design/open-needs`, {
          headers: { authorization: `Bearer ${stranger}` },
        })
      ).status,
    ).toBe(401);

    await until(async () => {
      const res = await fetch(`http://127.0.0.1:18182/api/design/open-needs`, {
        headers: { authorization: `Bearer ${staff}` },
      });
      const body = (await res.json()) as { items: Array<{ needId: string }> };
      return body.items.some((n) => n.needId === needId) ? true : undefined;
    }, 'the need in project-design, through Kafka');

    const exits = children.map(
      (child) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code))),
    );
    for (const child of children) child.kill('SIGTERM');
    expect(await Promise.all(exits)).toEqual([0, 0, 0, 0]);
  }, 180_000);
});
