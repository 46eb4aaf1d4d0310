import { z } from 'zod';
import { ROLES, type Session } from '../auth/session';
import { request } from './client';

const Principal = z.object({
  sub: z.string(),
  name: z.string(),
  roles: z.array(z.enum(ROLES)),
  communities: z.array(z.string()),
  organisationId: z.string().nullable(),
});

const LoginResponse = z.object({ token: z.string(), expiresIn: z.number(), principal: Principal });

const DemoAccounts = z.object({
  items: z.array(
    Principal.extend({
      username: z.string(),
      password: z.string(),
      title: z.object({ zh: z.string(), en: z.string() }),
    }),
  ),
});
export type DemoAccount = z.infer<typeof DemoAccounts>['items'][number];

/** Embedded mode's sign-in (apps/embedded/src/dev-auth.ts); absent in production deployments. */
export const authApi = {
  async login(username: string, password: string): Promise<Session> {
    const res = await request('/api/auth/login', {
      body: { username, password },
      anonymous: true,
      schema: LoginResponse,
    });
    return { token: res.token, principal: res.principal, expiresAt: Date.now() + res.expiresIn * 1000 };
  },
  /** The demo accounts, or none where the server has no such endpoint. */
  async demoAccounts(): Promise<DemoAccount[]> {
    try {
      return (await request('/api/auth/demo-accounts', { anonymous: true, schema: DemoAccounts })).items;
    } catch {
      return [];
    }
  },
};
