import { ContractCompleted, ContractTerminated, GrantContracted, type EventEnvelope } from '@sanshe/contracts';
import { createEvent, newId } from '@sanshe/platform';
import { evaluate, pass, startHarness, type Harness } from './harness';

const PROPOSAL = '服务方案：每周上门两次，配备持证社工，建立个案档案。';

interface Rating {
  completedContracts: number;
  terminatedContracts: number;
  meanScore: number | null;
  score: number | null;
  recent: Array<{ contractId: string; outcome: string; score: number | null; reason: string | null }>;
}

describe('organisations’ performance ratings from fulfilment (embedded)', () => {
  let h: Harness;
  const orgs: Array<Awaited<ReturnType<Harness['organisation']>>> = [];

  beforeAll(async () => {
    h = await startHarness();
    for (const name of ['甲社工中心', '乙社工服务社', '丙志愿协会']) orgs.push(await h.organisation(name));
  });
  afterAll(() => h.close());

  const rating = async (organisationId: string, token = h.tokens.official): Promise<Rating> => {
    const res = await h.http().get(`/api/procurement/organisations/${organisationId}`).set(h.as(token));
    expect(res.status).toBe(200);
    return res.body.rating as Rating;
  };
  const fulfilment = (method: 'get' | 'post', path: string, token: string, body: object = {}) =>
    method === 'get'
      ? h.http().get(`/api/fulfilment${path}`).set(h.as(token))
      : h.http().post(`/api/fulfilment${path}`).set(h.as(token)).send(body);
  const cause = { correlationId: 'ratings-test', causationId: null };
  const publish = async (...events: EventEnvelope[]) => {
    await h.system.host.bus.publish(events);
    await h.settle();
  };

  test('a contract completed through fulfilment rates its organisation with the performance score, on the read API and in recommendations', async () => {
    const tender = await h.tender();
    for (const [i, org] of orgs.entries())
      await h.bid(org.token, tender.tenderId, [100_000_00, 104_000_00, 108_000_00][i]!, PROPOSAL);
    await pass(h, tender.deadline);
    const [winner] = orgs;
    expect((await evaluate(h, tender.tenderId, { [winner!.organisationId]: 90 })).status).toBe(200);
    const awarded = await h
      .http()
      .post(`/api/procurement/tenders/${tender.tenderId}/award`)
      .set(h.as(h.tokens.official))
      .send({});
    expect(awarded.body.award.organisationId).toBe(winner!.organisationId);
    await pass(h, awarded.body.award.standstillEnd);

    const contracts = await fulfilment('get', `/contracts?tenderId=${tender.tenderId}`, h.tokens.official);
    const contract = contracts.body.items[0] as {
      contractId: string;
      milestones: Array<{ milestoneId: string; kind: string }>;
    };
    // Running: no closed contract yet, so no rating.
    expect(await rating(winner!.organisationId)).toEqual({
      completedContracts: 0,
      terminatedContracts: 0,
      meanScore: null,
      score: null,
      recent: [],
    });
    const evaluator = await h.sign({ sub: 'ev-fulfilment', roles: ['evaluator'] });
    const gate = (kind: string) =>
      `/contracts/${contract.contractId}/milestones/${contract.milestones.find((m) => m.kind === kind)!.milestoneId}`;
    expect((await fulfilment('post', `${gate('signing')}/accept`, h.tokens.official)).status).toBe(200);
    for (const [kind, score] of [
      ['mid_term_evaluation', 82],
      ['final_acceptance', 88],
    ] as const)
      expect(
        (await fulfilment('post', `${gate(kind)}/evaluations`, evaluator, { score, passed: true, summary: '达标' }))
          .status,
      ).toBe(201);
    await h.settle();
    const completed = await fulfilment('get', `/contracts/${contract.contractId}`, h.tokens.official);
    expect(completed.body.status).toBe('completed');
    const performanceScore = completed.body.completion.performanceScore as number;
    const expected = Math.round(performanceScore * 10) / 10;

    const own = await rating(winner!.organisationId, winner!.token);
    expect(own).toEqual({
      completedContracts: 1,
      terminatedContracts: 0,
      meanScore: expected,
      score: expected,
      recent: [
        expect.objectContaining({
          contractId: contract.contractId,
          outcome: 'completed',
          score: performanceScore,
          reason: null,
        }),
      ],
    });
    // The list carries each organisation's rating too; another organisation's entry stays hidden.
    const list = await h.http().get('/api/procurement/organisations').set(h.as(h.tokens.official));
    const byId = new Map(
      (list.body.items as Array<{ organisationId: string; rating: Rating }>).map((o) => [o.organisationId, o.rating]),
    );
    expect(byId.get(winner!.organisationId)).toEqual(own);
    expect(byId.get(orgs[1]!.organisationId)).toMatchObject({ completedContracts: 0, score: null });
    const otherOrgView = await h
      .http()
      .get(`/api/procurement/organisations/${winner!.organisationId}`)
      .set(h.as(orgs[1]!.token));
    expect(otherOrgView.status).toBe(404);

    const next = await h.tender();
    const recommended = await h
      .http()
      .get(`/api/procurement/tenders/${next.tenderId}/recommendations`)
      .set(h.as(h.tokens.official));
    const item = (
      recommended.body.items as Array<{
        organisationId: string;
        factors: { pastPerformance: { score: number; reason: string } };
      }>
    ).find((i) => i.organisationId === winner!.organisationId)!;
    // One contract is pulled halfway toward neutral 50.
    expect(item.factors.pastPerformance).toEqual({
      score: Math.round(((expected + 50) / 2) * 10) / 1000,
      reason: `rated ${expected} from 1 completed contracts (mean score ${expected}), recent ones weighing more`,
    });
  });

  test('terminations count against the organisation whichever event comes first; redeliveries and unknown organisations change nothing', async () => {
    const org = orgs[2]!;
    const at = (days: number) => new Date(h.clock.now().getTime() + days * 86_400_000).toISOString();
    const grantContractId = newId();
    const terminated = createEvent(ContractTerminated, {
      source: '/sanshe/fulfilment',
      subject: grantContractId,
      now: h.clock.now(),
      cause,
      data: {
        contractId: grantContractId,
        reason: '服务严重不达标，经约谈仍未整改',
        terminatedBy: 'official-1',
        terminatedAt: at(1),
        valueFen: 50_000_00,
        disbursedFen: 25_000_00,
      },
    });
    // The termination names no organisation, and its grant's contract event has not been read yet.
    await publish(terminated);
    expect((await rating(org.organisationId)).terminatedContracts).toBe(0);
    await publish(
      createEvent(GrantContracted, {
        source: '/sanshe/fulfilment',
        subject: grantContractId,
        now: h.clock.now(),
        cause,
        data: {
          contractId: grantContractId,
          roundId: newId(),
          grantId: newId(),
          programmeId: null,
          projectId: null,
          organisationId: org.organisationId,
          organisationName: '丙志愿协会',
          category: 'elderly_care',
          valueFen: 50_000_00,
          signedAt: at(0),
        },
      }),
    );
    expect(await rating(org.organisationId)).toMatchObject({
      completedContracts: 0,
      terminatedContracts: 1,
      meanScore: null,
      score: 0,
      recent: [
        { contractId: grantContractId, outcome: 'terminated', score: null, reason: '服务严重不达标，经约谈仍未整改' },
      ],
    });

    const contractId = newId();
    const completedData = {
      contractId,
      organisationId: org.organisationId,
      tenderId: newId(),
      roundId: null,
      valueFen: 80_000_00,
      disbursedFen: 80_000_00,
      performanceScore: 91,
      components: { evaluation: 90, delivery: 100, confirmation: 80, firstTimePass: 100 },
      completedAt: at(2),
    };
    const completed = createEvent(ContractCompleted, {
      source: '/sanshe/fulfilment',
      subject: contractId,
      now: h.clock.now(),
      cause,
      data: completedData,
    });
    await publish(completed);
    const once = await rating(org.organisationId);
    // Latest (91) weighs 1, the termination (0) 2^(-1/5): 91 / 1.8706.
    expect(once).toMatchObject({ completedContracts: 1, terminatedContracts: 1, meanScore: 91, score: 48.6 });

    // The same event again, a re-publication of it under a new id, and the termination again.
    const republished = createEvent(ContractCompleted, {
      source: '/sanshe/fulfilment',
      subject: contractId,
      now: h.clock.now(),
      cause,
      data: completedData,
    });
    await publish(completed, republished, terminated);
    expect(await rating(org.organisationId)).toEqual(once);

    // An organisation procurement never registered: stored, harmless, never shown.
    const stranger = newId();
    await publish(
      createEvent(ContractCompleted, {
        source: '/sanshe/fulfilment',
        subject: newId(),
        now: h.clock.now(),
        cause,
        data: { ...completedData, contractId: newId(), organisationId: stranger, performanceScore: 12 },
      }),
    );
    expect(h.events('dlq.procurement')).toEqual([]);
    const list = await h.http().get('/api/procurement/organisations').set(h.as(h.tokens.official));
    expect(list.status).toBe(200);
    expect((list.body.items as Array<{ organisationId: string }>).map((o) => o.organisationId)).not.toContain(stranger);
    expect((await h.http().get(`/api/procurement/organisations/${stranger}`).set(h.as(h.tokens.official))).status).toBe(
      404,
    );
    expect(await rating(org.organisationId)).toEqual(once);
  });

  test('a termination names its organisation; only one for its own fault counts against it', async () => {
    const org = await h.organisation('丁社区服务中心');
    const at = new Date(h.clock.now().getTime() + 86_400_000).toISOString();
    const terminate = (fault: 'organisation' | 'purchaser' | 'none', reason: string) => {
      const contractId = newId();
      return createEvent(ContractTerminated, {
        source: '/sanshe/fulfilment',
        subject: contractId,
        now: h.clock.now(),
        cause,
        data: {
          contractId,
          organisationId: org.organisationId,
          reason,
          fault,
          terminatedBy: 'official-1',
          terminatedAt: at,
          valueFen: 40_000_00,
          disbursedFen: 10_000_00,
        },
      });
    };
    // No contract link was ever published: the event itself names the organisation.
    await publish(terminate('purchaser', '财政预算调整，项目撤销'), terminate('none', '疫情封控，双方协商解除'));
    expect(await rating(org.organisationId)).toMatchObject({ terminatedContracts: 0, score: null, recent: [] });
    await publish(terminate('organisation', '机构擅自转包服务'));
    expect(await rating(org.organisationId)).toMatchObject({
      terminatedContracts: 1,
      score: 0,
      recent: [{ outcome: 'terminated', reason: '机构擅自转包服务' }],
    });
    expect(h.events('dlq.procurement')).toEqual([]);
  });
});
