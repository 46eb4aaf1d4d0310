import { ProgrammeOpened, ProjectPublished, RoundAwarded, TenderAwarded, type EventData } from '@sanshe/contracts';
import { createEvent, ManualClock, newId } from '@sanshe/platform';
import { startEmbedded } from '@sanshe/embedded';
import request from 'supertest';

export interface ContractBody {
  contractId: string;
  organisationId: string;
  valueFen: number;
  disbursedFen: number;
  status: string;
  revision: number;
  needIds: string[];
  period: { startDate: string; endDate: string };
  milestones: Array<{ milestoneId: string; kind: string; status: string }>;
  tranches: Array<{
    trancheId: string;
    milestone: string;
    amountFen: number;
    status: string;
    approvedBy: string | null;
  }>;
  remediations: Array<{ remediationId: string; status: string }>;
  [key: string]: unknown;
}

/** The funder `tokens.funder` acts for: a funder sees and pays only contracts of their own programmes. */
export const FUNDER_CODE = 'GL-MZJ';

/** The embedded system with a manual clock, awards published as procurement would, and role tokens. */
export async function startHarness(env: NodeJS.ProcessEnv = {}) {
  const clock = new ManualClock('2026-03-02T01:00:00.000Z');
  const system = await startEmbedded({ clock, env });
  const sign = system.issuer.sign;
  const http = () => request(system.host.app);
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const orgA = newId();
  const orgB = newId();
  const tokens = {
    official: await sign({ sub: 'official-1', roles: ['official'] }),
    funder: await sign({ sub: 'funder-1', roles: ['funder'], funderCode: FUNDER_CODE }),
    evaluator: await sign({ sub: 'evaluator-1', roles: ['evaluator'] }),
    orgA: await sign({ sub: 'org-a-user', roles: ['org_user'], organisationId: orgA }),
    orgB: await sign({ sub: 'org-b-user', roles: ['org_user'], organisationId: orgB }),
    workerA: await sign({ sub: 'worker-a', roles: ['social_worker'], organisationId: orgA }),
    workerB: await sign({ sub: 'worker-b', roles: ['social_worker'], organisationId: orgB }),
  };
  const settle = () => system.host.settle();
  const publish = async (event: Parameters<typeof system.host.bus.publish>[0][number]) => {
    await system.host.bus.publish([event]);
    await settle();
  };
  const cause = (id: string) => ({ correlationId: `test-${id}`, causationId: null });

  // The programme of FUNDER_CODE that contracts draw on unless a test publishes its own project;
  // opened on first need, so that a test with programmes of its own sees only those.
  let programme: Promise<string> | null = null;
  function fundersProgramme(): Promise<string> {
    programme ??= (async () => {
      const programmeId = newId();
      await publish(
        createEvent(ProgrammeOpened, {
          source: '/sanshe/project-design',
          subject: programmeId,
          now: clock.now(),
          cause: cause(programmeId),
          data: {
            programmeId,
            name: '2026年鼓楼区政府购买社会服务（测试）',
            funderCode: FUNDER_CODE,
            funderName: '鼓楼区民政局',
            fiscalYear: 2026,
            mode: 'government_purchase',
            budgetFen: 10_000_000_00,
            matchingPercent: 0,
            maxGrantFen: null,
            openedAt: clock.now().toISOString(),
          },
        }),
      );
      return programmeId;
    })();
    return programme;
  }

  /** A project published on the funder's programme (what tells fulfilment whose contract it is). */
  async function projectOfFunder(): Promise<string> {
    const projectId = newId();
    await publish(
      createEvent(ProjectPublished, {
        source: '/sanshe/project-design',
        subject: projectId,
        now: clock.now(),
        cause: cause(projectId),
        data: {
          projectId,
          programmeId: await fundersProgramme(),
          title: '黄楼社区居家养老服务项目',
          category: 'elderly_care',
          communityCodes: ['XZ-GL-HL-01'],
          needIds: [newId()],
          budgetFen: 100_000_00,
          fundingMode: 'government_purchase',
          tranches: [{ percent: 100, milestone: 'signing' }],
          publishedAt: clock.now().toISOString(),
        },
      }),
    );
    return projectId;
  }

  /**
   * Publishes a tender award for an organisation (A by default) and returns the signed contract;
   * without a project of the test's own, on a project of the funder's programme.
   */
  async function tenderContract(
    extra: Partial<EventData<typeof TenderAwarded>> = {},
    token = tokens.official,
  ): Promise<ContractBody> {
    const tenderId = newId();
    const data: EventData<typeof TenderAwarded> = {
      tenderId,
      projectId: extra.projectId ?? (await projectOfFunder()),
      awardId: newId(),
      title: '黄楼社区居家养老服务项目',
      category: 'elderly_care',
      needIds: [newId(), newId()],
      organisationId: orgA,
      organisationName: '鼓楼区乐龄社工服务中心',
      amountFen: 100_000_00,
      fundingMode: 'government_purchase',
      tranches: [
        { percent: 30, milestone: 'signing' },
        { percent: 40, milestone: 'mid_term_evaluation' },
        { percent: 30, milestone: 'final_acceptance' },
      ],
      awardedAt: clock.now().toISOString(),
      ...extra,
    };
    const event = createEvent(TenderAwarded, {
      source: '/sanshe/procurement',
      subject: tenderId,
      now: clock.now(),
      cause: cause(tenderId),
      data,
    });
    await publish(event);
    const res = await http().get(`/api/fulfilment/contracts?tenderId=${tenderId}`).set(as(token));
    const contract = (res.body.items as ContractBody[])[0];
    if (!contract) throw new Error(`no contract: ${res.status} ${JSON.stringify(res.body)}`);
    return contract;
  }

  /** A round of the funder's programme awarding these grants (publish it to sign the contracts). */
  async function roundAwarded(grants: Array<{ organisationId: string; amountFen: number }>) {
    const roundId = newId();
    const programmeId = await fundersProgramme();
    return createEvent(RoundAwarded, {
      source: '/sanshe/procurement',
      subject: roundId,
      now: clock.now(),
      cause: cause(roundId),
      data: {
        roundId,
        title: '2026年鼓楼区公益创投',
        programmeId,
        projectId: null,
        budgetFen: 100_000_00,
        awardedFen: grants.reduce((s, g) => s + g.amountFen, 0),
        grants: grants.map((g, i) => ({
          grantId: newId(),
          applicationId: newId(),
          organisationId: g.organisationId,
          organisationName: `创投机构${i + 1}`,
          title: `社区公益项目${i + 1}`,
          category: 'elderly_care',
          amountFen: g.amountFen,
          matchingFundsFen: 0,
          rank: i + 1,
          totalScore: 90 - i,
        })),
        awardedAt: clock.now().toISOString(),
      },
    });
  }

  const post = (path: string, token: string, body: object = {}) =>
    http().post(`/api/fulfilment${path}`).set(as(token)).send(body);
  const get = (path: string, token: string) => http().get(`/api/fulfilment${path}`).set(as(token));
  const events = (type: string) =>
    system.host.inMemoryBus!.messages(type) as Array<{ data: Record<string, unknown>; subject: string }>;

  return {
    system,
    clock,
    http,
    as,
    sign,
    tokens,
    orgA,
    orgB,
    settle,
    publish,
    tenderContract,
    roundAwarded,
    fundersProgramme,
    post,
    get,
    events,
    close: () => system.host.close(),
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

export const gate = (c: ContractBody, kind: string) => c.milestones.find((m) => m.kind === kind)!;
export const tranche = (c: ContractBody, milestone: string) => c.tranches.find((t) => t.milestone === milestone)!;
