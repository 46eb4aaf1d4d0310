import { randomBytes, scrypt, timingSafeEqual, type BinaryLike } from 'node:crypto';
import type { Express } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { AppError, Principal, type LocalIssuer } from '@sanshe/platform';

const TOKEN_TTL_SECONDS = 8 * 3600;

/**
 * Demo accounts of embedded mode, one per role, so a new user can sign in to the portal at once.
 * Development only: they exist only while the development token endpoint does (never in
 * production). Organisation users and social workers have no organisation of their own: the demo
 * seed (`npm start -- --demo`) registers one and links them to it (`organisationLinks`).
 */
export const DEMO_PASSWORD = 'sanshe2026';

export interface DemoAccount {
  username: string;
  password: string;
  principal: z.input<typeof Principal>;
  /** What the account is for, shown on the login page (Chinese first). */
  title: { zh: string; en: string };
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    username: 'staff.hl',
    password: DEMO_PASSWORD,
    title: { zh: '黄楼社区 社区工作者', en: 'Community staff, Huanglou community' },
    principal: { sub: 'demo-staff-hl', name: '王芳', roles: ['community_staff'], communities: ['XZ-GL-HL-01'] },
  },
  {
    username: 'staff.mz',
    password: DEMO_PASSWORD,
    title: { zh: '民主社区 社区工作者', en: 'Community staff, Minzhu community' },
    principal: { sub: 'demo-staff-mz', name: '李娜', roles: ['community_staff'], communities: ['XZ-GL-HL-02'] },
  },
  {
    username: 'street.hl',
    password: DEMO_PASSWORD,
    title: { zh: '黄楼街道 街道干部', en: 'Street official, Huanglou street' },
    principal: { sub: 'demo-street-hl', name: '刘建国', roles: ['street_official'], communities: ['XZ-GL-HL'] },
  },
  {
    username: 'official',
    password: DEMO_PASSWORD,
    title: { zh: '市民政局 工作人员', en: 'Civil-affairs official (city bureau)' },
    principal: { sub: 'demo-official', name: '陈明', roles: ['official'] },
  },
  {
    username: 'funder',
    password: DEMO_PASSWORD,
    title: { zh: '资助方（公益创投）', en: 'Funder (venture philanthropy)' },
    // The funder of the demo seed's programmes (FUNDER.code in src/demo/stage-design.ts, not imported:
    // the demo imports this file): a funder sees only their own programmes.
    principal: { sub: 'demo-funder', name: '赵静', roles: ['funder'], funderCode: 'XZ-SSLD-FUND' },
  },
  {
    username: 'org.user',
    password: DEMO_PASSWORD,
    title: { zh: '社会组织 工作人员', en: 'Social organisation user' },
    principal: { sub: 'demo-org-user', name: '孙丽', roles: ['org_user'], organisationId: null },
  },
  {
    username: 'social.worker',
    password: DEMO_PASSWORD,
    title: { zh: '社工（全科社工）', en: 'Social worker (generalist)' },
    principal: { sub: 'demo-social-worker', name: '周强', roles: ['social_worker'], organisationId: null },
  },
  {
    username: 'evaluator',
    password: DEMO_PASSWORD,
    title: { zh: '第三方评估专家', en: 'Third-party evaluator' },
    principal: { sub: 'demo-evaluator', name: '钱伟', roles: ['evaluator'] },
  },
  {
    username: 'admin',
    password: DEMO_PASSWORD,
    title: { zh: '系统管理员', en: 'Administrator' },
    principal: { sub: 'demo-admin', name: '系统管理员', roles: ['admin'] },
  },
];

const LoginRequest = z
  .object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(200) })
  .strict();

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 } as const;

function scryptHash(password: BinaryLike, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

interface StoredCredential {
  salt: Buffer;
  hash: Buffer;
  account: DemoAccount;
}

/**
 * The accounts' scrypt hashes, each with its own random salt, made on first use (not at start-up,
 * which every test starts). Clear passwords are never compared: only the hashes, in constant time.
 */
function credentialStore(accounts: readonly DemoAccount[]) {
  let ready: Promise<Map<string, StoredCredential>> | undefined;
  const load = () =>
    (ready ??= Promise.all(
      accounts.map(async (account) => {
        const salt = randomBytes(16);
        return [account.username, { salt, hash: await scryptHash(account.password, salt), account }] as const;
      }),
    ).then((entries) => new Map(entries)));
  const dummySalt = randomBytes(16);

  return {
    async verify(username: string, password: string): Promise<DemoAccount | null> {
      const stored = (await load()).get(username);
      // An unknown user costs the same scrypt as a known one, so timing does not tell which exist.
      const hash = await scryptHash(password, stored?.salt ?? dummySalt);
      const expected = stored?.hash ?? Buffer.alloc(SCRYPT.keylen);
      const match = timingSafeEqual(hash, expected);
      return match && stored ? stored.account : null;
    },
  };
}

/**
 * The local identity endpoints of embedded mode: the JWKS (so services verify the
 * same way as against a real provider) and, outside production, a development
 * token endpoint and the demo accounts' login. Production uses an identity
 * provider through AUTH_JWKS_URL.
 */
export function mountDevAuth(
  app: Express,
  issuer: LocalIssuer,
  options: {
    devTokens: boolean;
    /** Organisations the demo seed linked accounts to (user name → organisation id), read at each sign-in. */
    organisationLinks?: ReadonlyMap<string, string>;
    /** Failed sign-ins allowed per address in 15 minutes (default 20). */
    loginAttemptsPer15Minutes?: number;
  },
): void {
  const principalOf = (account: DemoAccount) =>
    Principal.parse({
      ...account.principal,
      organisationId: options.organisationLinks?.get(account.username) ?? account.principal.organisationId ?? null,
    });
  app.get('/api/auth/.well-known/jwks.json', (_req, res) => {
    res.json(issuer.jwks());
  });
  if (!options.devTokens) return;
  app.post('/api/auth/dev-token', async (req, res, next) => {
    try {
      const principal = Principal.parse(req.body);
      res.json({
        token: await issuer.sign(principal, TOKEN_TTL_SECONDS),
        tokenType: 'Bearer',
        expiresIn: TOKEN_TTL_SECONDS,
      });
    } catch (error) {
      next(error);
    }
  });

  const credentials = credentialStore(DEMO_ACCOUNTS);
  // Guessing passwords is slowed per address; a successful sign-in does not count.
  const loginLimiter = rateLimit({
    windowMs: 15 * 60_000,
    limit: options.loginAttemptsPer15Minutes ?? 20,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) =>
      next(new AppError('AUTH.LOGIN_RATE_LIMITED', 429, 'too many failed sign-ins from this address; retry later')),
  });
  app.post('/api/auth/login', loginLimiter, async (req, res, next) => {
    try {
      const { username, password } = LoginRequest.parse(req.body);
      const account = await credentials.verify(username, password);
      if (!account) throw new AppError('AUTH.INVALID_CREDENTIALS', 401, 'wrong user name or password');
      const principal = principalOf(account);
      res.setHeader('Cache-Control', 'no-store');
      res.json({
        token: await issuer.sign(principal, TOKEN_TTL_SECONDS),
        tokenType: 'Bearer',
        expiresIn: TOKEN_TTL_SECONDS,
        principal,
      });
    } catch (error) {
      next(error);
    }
  });

  // The login page lists the demo accounts (development only, like the accounts themselves).
  app.get('/api/auth/demo-accounts', (_req, res) => {
    res.json({
      items: DEMO_ACCOUNTS.map((a) => ({
        username: a.username,
        password: a.password,
        title: a.title,
        ...principalOf(a),
      })),
    });
  });
}
