/**
 * Property-based fuzzing of every documented endpoint (fast-check): malformed JSON, wrong
 * types, huge and odd strings, MongoDB operators ($gt, $where, ...) and prototype keys in
 * bodies, queries and path parameters, unknown fields. Every answer must be below 500, a
 * refusal must be problem+json, and a refusal must leave every store exactly as it was.
 * FUZZ_RUNS sets the cases per route and kind (default 10); FUZZ_SEED replays a run.
 */
import fc from 'fast-check';
import request from 'supertest';
import { ManualClock, newId } from '@sanshe/platform';
import { startEmbedded, type EmbeddedSystem } from '@sanshe/embedded';
import { fingerprint } from './fingerprint';
import { concretePath, documentedRoutes, routeName, type DocumentedRoute } from './routes';
import { bodyArbitrary, malformedJson, pathValue, queryArbitrary } from './fuzz-arbitraries';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10);
const SEED = Number(process.env.FUZZ_SEED ?? 20261127);
const ALL_ROLES = [
  'community_staff',
  'street_official',
  'official',
  'org_user',
  'social_worker',
  'funder',
  'evaluator',
  'admin',
];

jest.setTimeout(600_000);

describe('fuzzing every endpoint', () => {
  let system: EmbeddedSystem;
  let routes: DocumentedRoute[];
  let token: string;
  let baseline: string;
  const stats = { cases: 0, byStatus: new Map<number, number>() };

  beforeAll(async () => {
    system = await startEmbedded({ clock: new ManualClock() });
    // One caller holding every role, so requests get past the role check into validation.
    token = await system.issuer.sign({
      sub: 'fuzzer',
      roles: ALL_ROLES as never,
      communities: ['XZ-GL-HL-01'],
      organisationId: newId(),
      funderCode: 'XZ-FUZZ-FUND',
    });
    routes = await documentedRoutes(system.host.app);
    baseline = await fingerprint(system.host.stores);
  });
  afterAll(async () => {
    const statuses = [...stats.byStatus.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
    process.stdout.write(
      `fuzz: ${stats.cases} cases over ${routes.length} routes (seed ${SEED}); statuses ${statuses.join(' ')}\n`,
    );
    await system.host.close();
  });

  async function check(route: DocumentedRoute, res: request.Response, what: string): Promise<void> {
    stats.cases += 1;
    stats.byStatus.set(res.status, (stats.byStatus.get(res.status) ?? 0) + 1);
    if (res.status >= 500)
      throw new Error(`${routeName(route)} answered ${res.status} to ${what}: ${JSON.stringify(res.body)}`);
    if (res.status >= 400) {
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      await system.host.settle();
      const now = await fingerprint(system.host.stores);
      if (now !== baseline)
        throw new Error(`${routeName(route)} refused ${what} with ${res.status} but changed a store`);
    } else {
      // A generated input can be valid (an empty list query): that is a write or a read, not a defect.
      await system.host.settle();
      baseline = await fingerprint(system.host.stores);
    }
  }

  const send = (route: DocumentedRoute, path: string) =>
    request(system.host.app)[route.method](path).set('Authorization', `Bearer ${token}`);

  test('structured inputs: odd path values, hostile queries, wrongly typed and operator-laden bodies', async () => {
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            params: fc.array(pathValue, { minLength: route.params.length, maxLength: route.params.length }),
            query: queryArbitrary(route.queryNames),
            body: bodyArbitrary(route.bodyProperties),
          }),
          async ({ params, query, body }) => {
            let i = 0;
            const path = concretePath(route, () => params[i++] ?? '');
            let call = send(route, path).query(query);
            // Sent as JSON text, so any JSON value goes, a bare `true` or `null` included.
            if (route.bodyTypes.includes('application/json'))
              call = call.set('Content-Type', 'application/json').send(JSON.stringify(body));
            const res = await call;
            await check(
              route,
              res,
              `params ${JSON.stringify(params)} query ${JSON.stringify(query)} body ${JSON.stringify(body).slice(0, 300)}`,
            );
          },
        ),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    }
  });

  test('malformed JSON and oversize bodies are refused with 400 and 413', async () => {
    const bodyRoutes = routes.filter((r) => r.bodyTypes.includes('application/json'));
    expect(bodyRoutes.length).toBeGreaterThan(40);
    for (const route of bodyRoutes) {
      await fc.assert(
        fc.asyncProperty(malformedJson, async (text) => {
          const res = await send(route, concretePath(route)).set('Content-Type', 'application/json').send(text);
          await check(route, res, `malformed JSON ${JSON.stringify(text)}`);
          expect([400, 404, 413]).toContain(res.status);
        }),
        { numRuns: Math.max(3, Math.floor(RUNS / 2)), seed: SEED, endOnFailure: true },
      );
      const huge = await send(route, concretePath(route)).send({ description: 'x'.repeat(300 * 1024) });
      await check(route, huge, 'a 300 KB body');
      expect(huge.status).toBe(413);
    }
  });
});
