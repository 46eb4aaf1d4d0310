import { z } from 'zod';
import type { Role } from '@sanshe/platform';
import type { DemoHttp } from './client';
import { DEMO_PASSWORD } from '../dev-auth';

const TokenAnswer = z.object({ token: z.string().min(1) });

/** Someone the story is told by: signs in once, then calls with the token. */
export interface Persona {
  sub: string;
  name: string;
  token(): Promise<string>;
}

export interface MintedPrincipal {
  sub: string;
  name: string;
  roles: Role[];
  communities?: string[];
  organisationId?: string | null;
}

/**
 * The people of the demo. The demo accounts sign in as a user does (`POST /api/auth/login`, on
 * first use, so org.user and social.worker sign in after the seed linked them to their
 * organisation); the others (staff of other communities, other organisations' users, the other
 * evaluators) get a development token with their claims, the way the tests make users.
 */
export class Cast {
  private readonly people = new Map<string, Persona>();

  constructor(private readonly http: DemoHttp) {}

  /** A demo account of `dev-auth.ts` by user name; `sub` as the account's principal has it. */
  account(username: string, sub: string, name: string): Persona {
    return this.remember(`account:${username}`, sub, name, async () => {
      const answer = await this.http.call(TokenAnswer, 'POST', '/api/auth/login', {
        body: { username, password: DEMO_PASSWORD },
      });
      return answer.token;
    });
  }

  minted(principal: MintedPrincipal): Persona {
    return this.remember(`minted:${principal.sub}`, principal.sub, principal.name, async () => {
      const answer = await this.http.call(TokenAnswer, 'POST', '/api/auth/dev-token', { body: principal });
      return answer.token;
    });
  }

  private remember(key: string, sub: string, name: string, signIn: () => Promise<string>): Persona {
    const known = this.people.get(key);
    if (known) return known;
    let token: Promise<string> | null = null;
    const persona: Persona = { sub, name, token: () => (token ??= signIn()) };
    this.people.set(key, persona);
    return persona;
  }
}
