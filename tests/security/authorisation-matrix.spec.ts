/**
 * The role × endpoint matrix: every documented route of the four services, called as every
 * role and anonymously. A role the route does not declare gets 403, no token gets 401 (unless
 * the route is public), a declared role gets past the role check (whatever the random ids and
 * empty body then earn it: 400, 404, 409...), and nothing answers 5xx. The declared roles must
 * also equal the reviewed policy in access-policy.json, so a widened route shows up in review.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { ManualClock, newId } from '@sanshe/platform';
import { startEmbedded, type EmbeddedSystem } from '@sanshe/embedded';
import { concretePath, documentedRoutes, routeName, type DocumentedRoute } from './routes';

const ROLES = [
  'community_staff',
  'street_official',
  'official',
  'org_user',
  'social_worker',
  'funder',
  'evaluator',
  'admin',
] as const;
const POLICY_FILE = join(__dirname, 'access-policy.json');

type Outcome = 'allowed' | 'forbidden' | 'unauthenticated';

function outcomeOf(status: number): Outcome {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  return 'allowed';
}

describe('authorisation: every route × every role', () => {
  let system: EmbeddedSystem;
  let routes: DocumentedRoute[];
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    system = await startEmbedded({ clock: new ManualClock() });
    for (const role of ROLES) {
      tokens[role] = await system.issuer.sign({
        sub: `matrix-${role}`,
        roles: [role],
        communities: role === 'street_official' ? ['XZ-GL-HL'] : ['XZ-GL-HL-01'],
        organisationId: role === 'org_user' || role === 'social_worker' ? newId() : null,
        // A funder without a funder code is refused on every funder route (403), whatever its role.
        funderCode: role === 'funder' ? 'XZ-MATRIX-FUND' : null,
      });
    }
    routes = await documentedRoutes(system.host.app);
  });
  afterAll(() => system.host.close());

  test('the declared roles of every route are the reviewed policy', () => {
    const declared = Object.fromEntries(routes.map((r) => [routeName(r), [...r.roles].sort()]));
    if (process.env.UPDATE_ACCESS_POLICY === '1') writeFileSync(POLICY_FILE, `${JSON.stringify(declared, null, 2)}\n`);
    const policy = JSON.parse(readFileSync(POLICY_FILE, 'utf8')) as Record<string, string[]>;
    expect(declared).toEqual(policy);
    expect(routes.length).toBeGreaterThan(80);
  });

  test('each role is let in exactly where the route declares it, and nothing answers 5xx', async () => {
    const mismatches: string[] = [];
    let calls = 0;
    for (const route of routes) {
      for (const who of [...ROLES, 'anonymous'] as const) {
        let call = request(system.host.app)[route.method](concretePath(route));
        if (who !== 'anonymous') call = call.set('Authorization', `Bearer ${tokens[who]}`);
        if (route.bodyTypes.length > 0) {
          call = route.bodyTypes.includes('application/json') ? call.send({}) : call.type(route.bodyTypes[0]!).send('');
        }
        const res = await call;
        calls += 1;
        const expected: Outcome = route.roles.includes('public')
          ? 'allowed'
          : who === 'anonymous'
            ? 'unauthenticated'
            : route.roles.includes(who)
              ? 'allowed'
              : 'forbidden';
        const actual = outcomeOf(res.status);
        if (res.status >= 500)
          mismatches.push(`${routeName(route)} as ${who}: ${res.status} ${JSON.stringify(res.body)}`);
        else if (actual !== expected)
          mismatches.push(`${routeName(route)} as ${who}: expected ${expected}, got ${res.status}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(calls).toBe(routes.length * (ROLES.length + 1));
    process.stdout.write(
      `authorisation matrix: ${routes.length} routes × ${ROLES.length + 1} callers = ${calls} calls\n`,
    );
  }, 300_000);
});
