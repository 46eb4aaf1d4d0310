import type { Logger } from '@sanshe/platform';
import type { Agenda } from './agenda';
import type { Calendar } from './calendar';
import { Cast, type Persona } from './cast';
import type { DemoHttp } from './client';
import { COMMUNITIES, HANDOVER_COLLEAGUE } from './fixtures/places';
import { EXTRA_EVALUATORS, type OrgKey } from './fixtures/organisations';
import { FakeIdentities } from './identities';
import type { Random } from './random';

/** The people of the story by what they do. */
export class People {
  readonly street: Persona;
  readonly official: Persona;
  readonly funder: Persona;
  readonly evaluator: Persona;
  readonly admin: Persona;
  readonly colleague: Persona;
  readonly evaluators: readonly Persona[];

  constructor(private readonly cast: Cast) {
    this.street = cast.account('street.hl', 'demo-street-hl', '刘建国');
    this.official = cast.account('official', 'demo-official', '陈明');
    this.funder = cast.account('funder', 'demo-funder', '赵静');
    this.evaluator = cast.account('evaluator', 'demo-evaluator', '钱伟');
    this.admin = cast.account('admin', 'demo-admin', '系统管理员');
    this.colleague = cast.minted({
      sub: HANDOVER_COLLEAGUE.sub,
      name: HANDOVER_COLLEAGUE.name,
      roles: ['community_staff'],
      communities: [HANDOVER_COLLEAGUE.community],
    });
    this.evaluators = [
      this.evaluator,
      ...EXTRA_EVALUATORS.map((e) => cast.minted({ sub: e.sub, name: e.name, roles: ['evaluator'] })),
    ];
  }

  /** The community-staff member who owns a community's needs. */
  staff(communityCode: string): Persona {
    const c = COMMUNITIES.find((x) => x.code === communityCode);
    if (!c) throw new Error(`no demo community ${communityCode}`);
    if (c.staff.username) return this.cast.account(c.staff.username, c.staff.sub, c.staff.name);
    return this.cast.minted({
      sub: c.staff.sub,
      name: c.staff.name,
      roles: ['community_staff'],
      communities: [c.code],
    });
  }

  /** An organisation's user (org.user for 彭城社工; made-up colleagues for the others). */
  orgUser(organisationId: string, user: { sub: string; name: string }, demoAccount: boolean): Persona {
    if (demoAccount) return this.cast.account('org.user', user.sub, user.name);
    return this.cast.minted({ sub: user.sub, name: user.name, roles: ['org_user'], organisationId });
  }

  /** A social worker of an organisation (social.worker is the demo account 周强). */
  socialWorker(organisationId: string, worker: { workerId: string; name: string }, demoAccount: boolean): Persona {
    if (demoAccount) return this.cast.account('social.worker', worker.workerId, worker.name);
    return this.cast.minted({ sub: worker.workerId, name: worker.name, roles: ['social_worker'], organisationId });
  }
}

/** A need the seed logged, and who owns it now. */
export interface SeededNeed {
  needId: string;
  caseNumber: string;
  communityCode: string;
  category: string;
  owner: Persona;
}

export interface SeededOrganisation {
  key: OrgKey;
  organisationId: string;
  name: string;
  user: Persona;
}

/** What the stages share while the story is told. */
export interface DemoContext {
  http: DemoHttp;
  agenda: Agenda;
  cal: Calendar;
  random: Random;
  fake: FakeIdentities;
  people: People;
  logger: Logger | null;
  /** Needs logged for a project, by the cohort's key. */
  cohorts: Map<string, SeededNeed[]>;
  /** Every need the seed logged, by id. */
  needs: Map<string, SeededNeed>;
  /** Projects by the plan's key. */
  projects: Map<string, string>;
  /** Funding programmes opened by the funder: `${fiscalYear}:${mode}` → id. */
  programmes: Map<string, string>;
  organisations: Map<OrgKey, SeededOrganisation>;
  /** Links the demo accounts org.user and social.worker to their organisation. */
  linkAccount(username: 'org.user' | 'social.worker', organisationId: string): void;
  counts: Record<string, number>;
}

type Given = 'people' | 'fake' | 'cohorts' | 'needs' | 'projects' | 'programmes' | 'organisations' | 'counts';

export function createContext(parts: Omit<DemoContext, Given>): DemoContext {
  return {
    ...parts,
    people: new People(new Cast(parts.http)),
    fake: new FakeIdentities(parts.random),
    cohorts: new Map(),
    needs: new Map(),
    projects: new Map(),
    programmes: new Map(),
    organisations: new Map(),
    counts: {},
  };
}

export function count(ctx: DemoContext, what: string, by = 1): void {
  ctx.counts[what] = (ctx.counts[what] ?? 0) + by;
}

export function organisation(ctx: DemoContext, key: OrgKey): SeededOrganisation {
  const org = ctx.organisations.get(key);
  if (!org) throw new Error(`organisation ${key} is not registered yet`);
  return org;
}
