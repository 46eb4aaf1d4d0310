/**
 * The identity provider: deploy/keycloak/sanshe-realm.json (imported by Keycloak in compose, and
 * through k8s/base/keycloak/realm-import.yaml in Kubernetes) against what the platform's token
 * verifier reads (packages/platform/src/http/auth.ts, toPrincipal), and compose's wiring of
 * Keycloak's URLs. No Keycloak runs here: its token is built from the realm's own mappers, by
 * the rules Keycloak applies to them, and handed to the platform's verifier.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { AreaCode } from '@sanshe/contracts';
import { createVerifier, Role } from '@sanshe/platform';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { interpolateCompose } from './environments';
import { parseYaml, readRepoFile, repoRoot, sorted } from './support';

interface Mapper {
  name: string;
  protocol: string;
  protocolMapper: string;
  config: Record<string, string>;
}
interface Client {
  clientId: string;
  publicClient: boolean;
  standardFlowEnabled: boolean;
  implicitFlowEnabled: boolean;
  directAccessGrantsEnabled: boolean;
  serviceAccountsEnabled: boolean;
  fullScopeAllowed: boolean;
  rootUrl: string;
  redirectUris: string[];
  webOrigins: string[];
  attributes: Record<string, string>;
  protocolMappers: Mapper[];
}
interface Realm {
  realm: string;
  enabled: boolean;
  sslRequired: string;
  registrationAllowed: boolean;
  roles: { realm: Array<{ name: string; composite: boolean }> };
  clients: Client[];
  scopeMappings: Array<{ client?: string; clientScope?: string; roles: string[] }>;
  components: Record<string, Array<{ providerId: string; config: Record<string, string[]> }>>;
}
interface ProfileAttribute {
  name: string;
  multivalued?: boolean;
  permissions: { view: string[]; edit: string[] };
  validations?: Record<string, Record<string, unknown>>;
}

const REALM_FILE = 'deploy/keycloak/sanshe-realm.json';
const realm = JSON.parse(readRepoFile(REALM_FILE)) as Realm;
const portalClient = realm.clients.find((c) => c.clientId === 'sanshe-portal')!;
const compose = parseYaml(readRepoFile('docker-compose.yml'), 'docker-compose.yml') as {
  services: Record<string, { image?: string; command?: string[]; environment?: Record<string, string>; volumes?: string[]; ports?: string[]; healthcheck?: { test: string[] } }>;
};
const serviceEnv = Object.fromEntries(
  Object.entries(compose.services['needs-intake']!.environment ?? {}).map(([k, v]) => [k, interpolateCompose(String(v))]),
);
const keycloakEnv = Object.fromEntries(
  Object.entries(compose.services['keycloak']!.environment ?? {}).map(([k, v]) => [k, interpolateCompose(String(v))]),
);

/** What toPrincipal reads from a token's payload, from its source: payload.<claim>. */
function claimsReadByVerifier(): Set<string> {
  const source = readRepoFile('packages/platform/src/http/auth.ts');
  const body = /function toPrincipal\(payload: JWTPayload\)[^{]*\{([\s\S]*?)\n\}/.exec(source)?.[1] ?? '';
  return new Set([...body.matchAll(/payload\.(\w+)/g)].map((m) => m[1]!));
}

/**
 * The access token Keycloak issues to the portal for a user, by the rules of the mappers the
 * realm uses: the realm-role mapper emits the user's realm roles that are in the client's scope
 * (all of them when fullScopeAllowed, else those of its scope mappings); an attribute mapper
 * emits the attribute's values (an array when multivalued, else the first); the audience mapper
 * adds its audience. Any other mapper type fails the test, so that it gets a rule here.
 */
function accessTokenClaims(
  client: Client,
  user: { sub: string; name: string; realmRoles: string[]; attributes: Record<string, string[]> },
): Record<string, unknown> {
  const inScope = client.fullScopeAllowed
    ? null
    : new Set(realm.scopeMappings.filter((m) => m.client === client.clientId).flatMap((m) => m.roles));
  const claims: Record<string, unknown> = { sub: user.sub, name: user.name, aud: [] as string[] };
  for (const mapper of client.protocolMappers) {
    if (mapper.config['access.token.claim'] !== 'true') continue;
    const claim = mapper.config['claim.name']!;
    switch (mapper.protocolMapper) {
      case 'oidc-usermodel-realm-role-mapper': {
        const roles = user.realmRoles.filter((r) => inScope === null || inScope.has(r));
        claims[claim] = mapper.config['multivalued'] === 'true' ? roles : roles.join(',');
        break;
      }
      case 'oidc-usermodel-attribute-mapper': {
        const values = user.attributes[mapper.config['user.attribute']!] ?? [];
        if (values.length > 0) claims[claim] = mapper.config['multivalued'] === 'true' ? values : values[0];
        break;
      }
      case 'oidc-audience-mapper':
        (claims['aud'] as string[]).push(mapper.config['included.custom.audience']!);
        break;
      default:
        throw new Error(`no rule here for mapper type ${mapper.protocolMapper}`);
    }
  }
  return claims;
}

async function verifyAsPlatform(claims: Record<string, unknown>, issuer: string, audience: string) {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'kc', alg: 'RS256' };
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: 'kc' })
    .setIssuer(issuer)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(privateKey);
  return createVerifier(createLocalJWKSet({ keys: [jwk] }), { issuer, audience }).verify(token);
}

// Every user gets Keycloak's default roles; a token carrying them would be refused by the
// verifier (roles must all be platform roles), which is why the client's scope is limited.
const streetOfficial = {
  sub: 'a1f0c3e2-0000-4000-8000-000000000001',
  name: '李某明',
  realmRoles: ['street_official', 'community_staff', 'default-roles-sanshe', 'offline_access', 'uma_authorization'],
  attributes: { communities: ['XZ-GL-01', 'XZ-GL-02'], org: ['ORG-42'] },
};

describe('deploy/keycloak/sanshe-realm.json', () => {
  test('the realm sanshe: enabled, no self-registration, TLS outside private networks', () => {
    expect(realm.realm).toBe('sanshe');
    expect(realm.enabled).toBe(true);
    expect(realm.registrationAllowed).toBe(false);
    expect(['external', 'all']).toContain(realm.sslRequired);
  });

  test("its realm roles are exactly the platform's roles (Role in packages/platform)", () => {
    expect(sorted(realm.roles.realm.map((r) => r.name))).toEqual(sorted(Role.options));
    expect(realm.roles.realm.every((r) => !r.composite)).toBe(true);
  });

  test('the portal is a public client: authorization code with PKCE (S256) only, no secret, no implicit or password grant', () => {
    expect(portalClient).toEqual(
      expect.objectContaining({
        publicClient: true,
        standardFlowEnabled: true,
        implicitFlowEnabled: false,
        directAccessGrantsEnabled: false,
        serviceAccountsEnabled: false,
      }),
    );
    expect(portalClient.attributes['pkce.code.challenge.method']).toBe('S256');
    expect(realm.clients.map((c) => c.clientId)).toEqual(['sanshe-portal']);
  });

  test('its tokens carry only platform roles: full scope off, the scope mappings are exactly the roles', () => {
    expect(portalClient.fullScopeAllowed).toBe(false);
    const mapped = realm.scopeMappings.filter((m) => m.client === 'sanshe-portal').flatMap((m) => m.roles);
    expect(sorted(mapped)).toEqual(sorted(Role.options));
  });

  test('the mappers put roles, communities, org and funder into the access token, under the names toPrincipal reads', () => {
    const read = claimsReadByVerifier();
    expect(sorted(read)).toEqual(sorted(['sub', 'name', 'roles', 'communities', 'org', 'funder']));
    const byClaim = Object.fromEntries(
      portalClient.protocolMappers.filter((m) => m.config['claim.name']).map((m) => [m.config['claim.name']!, m]),
    );
    expect(sorted(Object.keys(byClaim))).toEqual(['communities', 'funder', 'org', 'roles']);
    for (const claim of Object.keys(byClaim)) expect(read.has(claim)).toBe(true);
    expect(byClaim['roles']!.protocolMapper).toBe('oidc-usermodel-realm-role-mapper');
    expect(byClaim['roles']!.config).toEqual(expect.objectContaining({ multivalued: 'true', 'access.token.claim': 'true' }));
    expect(byClaim['communities']!.config).toEqual(
      expect.objectContaining({ 'user.attribute': 'communities', multivalued: 'true', 'access.token.claim': 'true' }),
    );
    expect(byClaim['org']!.config).toEqual(
      expect.objectContaining({ 'user.attribute': 'org', multivalued: 'false', 'access.token.claim': 'true' }),
    );
    expect(byClaim['funder']!.config).toEqual(
      expect.objectContaining({ 'user.attribute': 'funder', multivalued: 'false', 'access.token.claim': 'true' }),
    );
  });

  test('an audience mapper puts the audience the services expect (sanshe-api) into the access token', () => {
    const audience = portalClient.protocolMappers.filter((m) => m.protocolMapper === 'oidc-audience-mapper');
    expect(audience).toHaveLength(1);
    expect(audience[0]!.config).toEqual(
      expect.objectContaining({ 'included.custom.audience': 'sanshe-api', 'access.token.claim': 'true' }),
    );
    expect(serviceEnv['AUTH_AUDIENCE']).toBe('sanshe-api');
  });

  test('the token its mappers make is accepted by the platform’s verifier, and gives the principal its scopes', async () => {
    const claims = accessTokenClaims(portalClient, streetOfficial);
    const principal = await verifyAsPlatform(claims, serviceEnv['AUTH_ISSUER']!, serviceEnv['AUTH_AUDIENCE']!);
    expect(principal).toEqual({
      sub: streetOfficial.sub,
      name: streetOfficial.name,
      roles: ['street_official', 'community_staff'],
      communities: ['XZ-GL-01', 'XZ-GL-02'],
      organisationId: 'ORG-42',
      funderCode: null,
    });
  });

  test('a funder user’s funder attribute becomes the principal’s funder code (what scopes their programmes)', async () => {
    const funder = {
      sub: 'a1f0c3e2-0000-4000-8000-000000000002',
      name: '基金会某',
      realmRoles: ['funder', 'default-roles-sanshe'],
      attributes: { funder: ['FUND-XZ-CF'] },
    };
    const claims = accessTokenClaims(portalClient, funder);
    const principal = await verifyAsPlatform(claims, serviceEnv['AUTH_ISSUER']!, serviceEnv['AUTH_AUDIENCE']!);
    expect(principal).toEqual(expect.objectContaining({ roles: ['funder'], funderCode: 'FUND-XZ-CF' }));
  });

  test('the check can fail: with full scope, the default roles reach the token and the verifier refuses it', async () => {
    const claims = accessTokenClaims({ ...portalClient, fullScopeAllowed: true }, streetOfficial);
    await expect(verifyAsPlatform(claims, serviceEnv['AUTH_ISSUER']!, serviceEnv['AUTH_AUDIENCE']!)).rejects.toMatchObject({
      status: 401,
    });
  });

  test('the user profile declares communities (several area codes), org and funder, which only administrators may change', () => {
    const provider = realm.components['org.keycloak.userprofile.UserProfileProvider']![0]!;
    expect(provider.providerId).toBe('declarative-user-profile');
    const profile = JSON.parse(provider.config['kc.user.profile.config']![0]!) as {
      attributes: ProfileAttribute[];
      unmanagedAttributePolicy?: string;
    };
    // Undeclared attributes are dropped: a user cannot give themself a scope through their account.
    expect(profile.unmanagedAttributePolicy).toBeUndefined();
    const attribute = (name: string) => profile.attributes.find((a) => a.name === name)!;
    expect(attribute('communities').multivalued).toBe(true);
    expect(attribute('org').multivalued).toBe(false);
    expect(attribute('funder').multivalued).toBe(false);
    for (const name of ['communities', 'org', 'funder']) expect(attribute(name).permissions.edit).toEqual(['admin']);
    // The pattern of a community accepts what the platform's AreaCode accepts, and refuses what it refuses.
    const pattern = new RegExp(String(attribute('communities').validations?.['pattern']?.['pattern']));
    for (const code of ['XZ-GL-01', 'XZ-GL-01-G03', '320302', 'xz-gl', 'X', 'XZ GL', '-XZ']) {
      expect([code, pattern.test(code)]).toEqual([code, AreaCode.safeParse(code).success]);
    }
  });

  test('the portal’s redirect, logout and CORS origins are those of the compose ingress', () => {
    const published = compose.services['ingress']!.ports![0]!.split(':')[0];
    const origin = interpolateCompose('${SANSHE_PUBLIC_URL:-http://localhost:8080}');
    expect(origin).toBe(`http://localhost:${published}`);
    expect(portalClient.rootUrl).toBe(origin);
    expect(portalClient.redirectUris).toEqual([`${origin}/*`]);
    expect(portalClient.webOrigins).toEqual([origin]);
    expect(portalClient.attributes['post.logout.redirect.uris']).toBe(`${origin}/*`);
  });

  test('k8s/base/keycloak/realm-import.yaml is this realm, as deploy/keycloak/render-k8s-import.mjs writes it', () => {
    const rendered = execFileSync(process.execPath, [join(repoRoot, 'deploy/keycloak/render-k8s-import.mjs'), '--stdout'], {
      encoding: 'utf8',
    });
    const onDisk = readRepoFile('k8s/base/keycloak/realm-import.yaml');
    expect(onDisk).toBe(rendered); // if not: node deploy/keycloak/render-k8s-import.mjs
    const imported = (parseYaml(onDisk, 'realm-import.yaml') as { spec: { realm: Realm } }).spec.realm;
    // Only the portal client's URLs differ (they follow the Kubernetes host).
    const strip = (r: Realm) => ({
      ...r,
      clients: r.clients.map((c) => {
        const rest: Partial<Client> = { ...c };
        for (const key of ['rootUrl', 'redirectUris', 'webOrigins', 'attributes'] as const) delete rest[key];
        return rest;
      }),
    });
    expect(strip(imported)).toEqual(strip(realm));
  });
});

describe('Keycloak in docker-compose.yml', () => {
  const keycloak = compose.services['keycloak']!;
  const relativePath = keycloakEnv['KC_HTTP_RELATIVE_PATH']!;

  test('Keycloak 26 in development mode, importing the realm file at start', () => {
    expect(keycloak.image).toMatch(/^quay\.io\/keycloak\/keycloak:26\.\d+\.\d+$/);
    expect(keycloak.command).toEqual(['start-dev', '--import-realm']);
    expect(keycloak.volumes).toContain(`./${REALM_FILE}:/opt/keycloak/data/import/sanshe-realm.json:ro`);
    expect(keycloakEnv['KC_BOOTSTRAP_ADMIN_PASSWORD']).toBe('sample-secret-value'); // required, no default
  });

  test('services: the issuer is the public realm URL Keycloak signs with, the key set its internal URL', () => {
    expect(serviceEnv['AUTH_ISSUER']).toBe(`${keycloakEnv['KC_HOSTNAME']}/realms/${realm.realm}`);
    expect(new URL(serviceEnv['AUTH_ISSUER']!).origin).toBe(portalClient.rootUrl);
    expect(serviceEnv['AUTH_JWKS_URL']).toBe(`http://keycloak:8080${relativePath}/realms/${realm.realm}/protocol/openid-connect/certs`);
    expect(keycloakEnv['KC_HOSTNAME_BACKCHANNEL_DYNAMIC']).toBe('true');
    expect(new URL(keycloakEnv['KC_HOSTNAME']!).pathname).toBe(relativePath);
  });

  test('the ingress routes its relative path to it, and its healthcheck asks the management port', () => {
    const conf = readRepoFile('deploy/nginx/ingress.conf');
    const block = new RegExp(`location ${relativePath}/ \\{([^}]*)\\}`).exec(conf)?.[1] ?? '';
    expect(block).toMatch(/set \$sanshe_upstream http:\/\/keycloak:8080;\s*proxy_pass \$sanshe_upstream;/);
    expect(keycloakEnv['KC_HEALTH_ENABLED']).toBe('true');
    expect(keycloakEnv['KC_HTTP_MANAGEMENT_RELATIVE_PATH']).toBe('/');
    expect(keycloak.healthcheck!.test.join(' ')).toMatch(/\/dev\/tcp\/127\.0\.0\.1\/9000 .*GET \/health\/ready /);
  });
});
