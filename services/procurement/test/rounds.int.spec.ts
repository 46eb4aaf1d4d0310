import { ProjectPublished } from '@sanshe/contracts';
import { createEvent, newId } from '@sanshe/platform';
import { pass, startHarness, type Harness } from './harness';

describe('venture-funding rounds (embedded)', () => {
  let h: Harness;
  let roundId: string;
  let deadline: string;
  const orgs: Array<Awaited<ReturnType<Harness['organisation']>>> = [];
  const apps = new Map<string, string>();

  beforeAll(async () => {
    h = await startHarness();
    for (const name of ['创投甲', '创投乙', '创投丙', '创投丁']) orgs.push(await h.organisation(name));
  });
  afterAll(() => h.close());

  const post = (path: string, token: string, body: object = {}) =>
    h.http().post(`/api/procurement${path}`).set(h.as(token)).send(body);
  const put = (path: string, token: string, body: object) =>
    h.http().put(`/api/procurement${path}`).set(h.as(token)).send(body);
  const get = (path: string, token: string) => h.http().get(`/api/procurement${path}`).set(h.as(token));
  const application = (title: string, requestedFen: number, matchingFundsFen: number, category = 'elderly_care') => ({
    title,
    category,
    proposal: `${title}：面向社区老人的公益服务方案，含志愿者培训与活动。`,
    requestedFen,
    matchingFundsFen,
    budgetLines: [{ item: '活动物资', amountFen: requestedFen }],
  });

  test('an official or funder opens a round with its criteria, budget and bonus rule; organisations cannot', async () => {
    deadline = new Date(h.clock.now().getTime() + 14 * 86400_000).toISOString();
    const body = {
      title: '2026年鼓楼区公益创投',
      categories: ['elderly_care', 'child_care'],
      budgetFen: 100_000_00,
      maxGrantFen: 60_000_00,
      deadline,
      criteria: [
        { code: 'need_fit', name: '需求契合度', weight: 40 },
        { code: 'feasibility', name: '可行性', weight: 40 },
        { code: 'sustainability', name: '可持续性', weight: 20 },
      ],
      matchingBonus: { pointsPerTenPercent: 1, maxPoints: 5 },
      minScore: 60,
    };
    expect((await post('/rounds', orgs[0]!.token, body)).status).toBe(403);
    const bad = await post('/rounds', h.tokens.funder, { ...body, criteria: [{ code: 'x', name: 'x', weight: 50 }] });
    expect(bad.status).toBe(400);
    const res = await post('/rounds', h.tokens.funder, body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'open', applicationCount: null });
    roundId = res.body.roundId;
    await h.settle();
    expect(h.events('procurement.round.opened').map((e) => e.data.roundId)).toContain(roundId);
  });

  test('organisations apply with proposal, budget and matching funds, and revise before the deadline', async () => {
    const asks: Array<[number, number, number]> = [
      [0, 50_000_00, 30_000_00],
      [1, 40_000_00, 0],
      [2, 30_000_00, 10_000_00],
      [3, 70_000_00, 0],
    ];
    for (const [i, requested, matching] of asks) {
      const res = await post(
        `/rounds/${roundId}/applications`,
        orgs[i]!.token,
        application(`项目${i}`, requested, matching),
      );
      expect(res.status).toBe(201);
      apps.set(orgs[i]!.organisationId, res.body.applicationId);
    }
    const revised = await post(
      `/rounds/${roundId}/applications`,
      orgs[1]!.token,
      application('项目1（修订）', 40_000_00, 8_000_00),
    );
    expect(revised.status).toBe(200);
    expect(revised.body).toMatchObject({
      applicationId: apps.get(orgs[1]!.organisationId),
      matchingFundsFen: 8_000_00,
    });
  });

  test('organisation A never sees or changes organisation B’s application', async () => {
    const [a, b] = [orgs[0]!, orgs[1]!];
    const bId = apps.get(b.organisationId)!;
    expect((await get(`/rounds/${roundId}/applications/${bId}`, a.token)).status).toBe(404);
    expect((await post(`/rounds/${roundId}/applications/${bId}/withdraw`, a.token)).status).toBe(404);
    const list = await get(`/rounds/${roundId}/applications`, a.token);
    expect(list.body.items.map((x: { organisationId: string }) => x.organisationId)).toEqual([a.organisationId]);
    expect(JSON.stringify(list.body)).not.toContain('项目1');
    expect((await get(`/rounds/${roundId}/applications/${bId}`, b.token)).body.title).toBe('项目1（修订）');
    expect((await get(`/rounds/${roundId}/applications`, h.tokens.official)).body.items).toHaveLength(4);
  });

  test('after the deadline no application is taken; those breaking the rules are marked with the reasons', async () => {
    await put(`/rounds/${roundId}/panel`, h.tokens.funder, {
      evaluators: ['r-1', 'r-2', 'r-3'].map((evaluatorId) => ({ evaluatorId, name: evaluatorId })),
    }).expect(200);
    await pass(h, deadline);
    expect(
      (await post(`/rounds/${roundId}/applications`, orgs[0]!.token, application('迟到', 10_000_00, 0))).status,
    ).toBe(409);
    const round = await get(`/rounds/${roundId}`, h.tokens.staff);
    expect(round.body).toMatchObject({ status: 'closed', applicationCount: 4 });
    const over = await get(`/rounds/${roundId}/applications/${apps.get(orgs[3]!.organisationId)}`, h.tokens.official);
    expect(over.body).toMatchObject({ status: 'ineligible', ineligibleReasons: ['asks 7000000 fen; at most 6000000'] });
  });

  test('the panel scores; the bonus for matching funds counts; grants go in rank order within the budget (round.awarded)', async () => {
    // Per application: need_fit, feasibility, sustainability (all three evaluators alike).
    const marks = new Map([
      [orgs[0]!.organisationId, [80, 80, 80]], // 80 + 5 bonus (60% matched, capped) = 85
      [orgs[1]!.organisationId, [85, 85, 85]], // 85 + 2 (20%) = 87
      [orgs[2]!.organisationId, [70, 70, 70]], // 70 + 3 (33%) = 73
    ]);
    for (const sub of ['r-1', 'r-2', 'r-3']) {
      const token = await h.sign({ sub, roles: ['evaluator'] });
      await post(`/rounds/${roundId}/panel/declaration`, token, {
        conflictOfInterest: false,
        statement: '无利害关系',
      }).expect(200);
      const scores = [...marks].flatMap(([orgId, m]) =>
        ['need_fit', 'feasibility', 'sustainability'].map((criterionCode, i) => ({
          subjectId: apps.get(orgId),
          criterionCode,
          score: m[i],
        })),
      );
      const sheet = await put(`/rounds/${roundId}/panel/scores`, token, { scores });
      expect(sheet.status).toBe(200);
    }
    const evaluation = await post(`/rounds/${roundId}/evaluation`, h.tokens.funder);
    expect(evaluation.status).toBe(200);
    expect(
      evaluation.body.ranking.map(
        (r: { organisationId: string; bonus: number; totalScore: number; grantFen: number }) => [
          r.organisationId,
          r.bonus,
          r.totalScore,
          r.grantFen,
        ],
      ),
    ).toEqual([
      [orgs[1]!.organisationId, 2, 87, 40_000_00],
      [orgs[0]!.organisationId, 5, 85, 50_000_00],
      [orgs[2]!.organisationId, 3, 73, 0],
    ]);
    expect(evaluation.body.ranking[2].decision).toBe('does not fit the remaining budget (1000000 fen)');
    const awarded = await post(`/rounds/${roundId}/award`, h.tokens.funder);
    expect(awarded.body).toMatchObject({ status: 'awarded', awardedFen: 90_000_00 });
    await h.settle();
    const event = h.events('procurement.round.awarded').find((e) => e.data.roundId === roundId);
    expect(
      (event?.data.grants as Array<{ organisationId: string; amountFen: number; rank: number }>).map((g) => [
        g.organisationId,
        g.amountFen,
        g.rank,
      ]),
    ).toEqual([
      [orgs[1]!.organisationId, 40_000_00, 1],
      [orgs[0]!.organisationId, 50_000_00, 2],
    ]);
    expect(
      (await get(`/rounds/${roundId}/applications/${apps.get(orgs[2]!.organisationId)}`, orgs[2]!.token)).body.status,
    ).toBe('not_granted');
    expect(
      (await get(`/rounds/${roundId}/applications/${apps.get(orgs[1]!.organisationId)}`, orgs[1]!.token)).body.status,
    ).toBe('granted');
  });
  test('a published venture-funding project opens its round once, with its budget, ceiling and non-price criteria', async () => {
    const projectId = newId();
    const programmeId = newId();
    const event = createEvent(ProjectPublished, {
      source: '/sanshe/project-design',
      subject: projectId,
      now: h.clock.now(),
      cause: { correlationId: 'vf', causationId: null },
      data: {
        projectId,
        title: '社区儿童托管公益创投',
        category: 'child_care',
        communityCodes: ['XZ-GL-HL-01'],
        needIds: [newId()],
        budgetFen: 200_000_00,
        budgetCeilingFen: 50_000_00,
        fundingMode: 'venture_funding',
        tranches: [{ percent: 100, milestone: 'final_acceptance' }],
        publishedAt: h.clock.now().toISOString(),
        programmeId,
        evaluationCriteria: [
          { code: 'price', name: '报价', kind: 'price', weight: 10 },
          { code: 'plan', name: '方案', kind: 'technical', weight: 60 },
          { code: 'team', name: '团队', kind: 'qualification', weight: 30 },
        ],
        eligibility: {
          organisationKinds: ['private_non_enterprise_unit'],
          serviceAreaCodes: [],
          minCertifiedSocialWorkerPercent: 0,
        },
      },
    });
    await h.system.host.bus.publish([event, event]);
    await h.settle();
    const round = await get(`/rounds/${projectId}`, h.tokens.official);
    expect(round.body).toMatchObject({
      roundId: projectId,
      projectId,
      programmeId,
      budgetFen: 200_000_00,
      maxGrantFen: 50_000_00,
      categories: ['child_care'],
      eligibleKinds: ['private_non_enterprise_unit'],
      criteria: [
        { code: 'plan', weight: 67 },
        { code: 'team', weight: 33 },
      ],
      status: 'open',
    });
    expect(h.events('procurement.round.opened').filter((e) => e.data.roundId === projectId)).toHaveLength(1);
  });

  test('no event ended in procurement’s dead-letter topic', async () => {
    await h.settle();
    expect(h.system.host.inMemoryBus!.messages('dlq.procurement')).toEqual([]);
  });
});
