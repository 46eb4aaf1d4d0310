import { ProjectCancelled } from '@sanshe/contracts';
import { createEvent } from '@sanshe/platform';
import { evaluate, pass, startHarness, type Harness } from './harness';

const PROPOSAL = '服务方案：每周上门两次，配备持证社工，建立个案档案。';

describe('tender life cycle (embedded)', () => {
  let h: Harness;
  const orgs: Array<Awaited<ReturnType<Harness['organisation']>>> = [];

  beforeAll(async () => {
    h = await startHarness();
    for (const name of ['甲社工中心', '乙社工服务社', '丙志愿协会', '丁社区服务中心'])
      orgs.push(await h.organisation(name));
  });
  afterAll(() => h.close());

  const post = (path: string, token: string, body: object = {}) =>
    h.http().post(`/api/procurement${path}`).set(h.as(token)).send(body);
  const get = (path: string, token: string) => h.http().get(`/api/procurement${path}`).set(h.as(token));

  describe('enquiries', () => {
    test('bidders ask during the enquiry period; answers are published to all without naming who asked', async () => {
      const tender = await h.tender();
      expect(tender.status).toBe('enquiry');
      const [a, b] = [orgs[0]!, orgs[1]!];
      const asked = await post(`/tenders/${tender.tenderId}/enquiries`, a.token, {
        question: '是否要求配备康复治疗师？',
      });
      expect(asked.status).toBe(201);
      // Before the answer, only the asker (and officials, to answer it) see the question.
      expect((await get(`/tenders/${tender.tenderId}/enquiries`, b.token)).body.items).toEqual([]);
      expect((await get(`/tenders/${tender.tenderId}/enquiries`, a.token)).body.items).toEqual([
        expect.objectContaining({ mine: true, answer: null }),
      ]);
      expect(
        (
          await post(`/tenders/${tender.tenderId}/enquiries/${asked.body.enquiryId}/answer`, a.token, {
            answer: '自答',
          })
        ).status,
      ).toBe(403);
      const answered = await post(
        `/tenders/${tender.tenderId}/enquiries/${asked.body.enquiryId}/answer`,
        h.tokens.official,
        { answer: '需配备至少一名康复治疗师。' },
      );
      expect(answered.status).toBe(200);
      for (const token of [b.token, h.tokens.staff, h.tokens.official]) {
        const list = await get(`/tenders/${tender.tenderId}/enquiries`, token);
        expect(list.body.items).toEqual([
          expect.objectContaining({
            question: '是否要求配备康复治疗师？',
            answer: '需配备至少一名康复治疗师。',
            mine: false,
          }),
        ]);
        expect(JSON.stringify(list.body)).not.toContain(a.organisationId);
      }
      await pass(h, tender.enquiryPeriod.end);
      const late = await post(`/tenders/${tender.tenderId}/enquiries`, b.token, { question: '还能提问吗？请回复。' });
      expect(late.status).toBe(409);
      expect((await get(`/tenders/${tender.tenderId}`, h.tokens.staff)).body.status).toBe('tendering');
      await post(`/tenders/${tender.tenderId}/cancel`, h.tokens.official, { reason: '测试结束，取消采购' });
    });
  });

  describe('流标 and what follows', () => {
    test('an open tender with 2 bids fails at closing (tender.failed); it continues as competitive consultation with the reason recorded', async () => {
      const tender = await h.tender();
      await h.bid(orgs[0]!.token, tender.tenderId, 100_000_00, PROPOSAL);
      await h.bid(orgs[1]!.token, tender.tenderId, 95_000_00, PROPOSAL);
      await pass(h, tender.deadline);
      const failed = await get(`/tenders/${tender.tenderId}`, h.tokens.official);
      expect(failed.body).toMatchObject({ status: 'unsuccessful', failure: { stage: 'closing' }, minQualifiedBids: 3 });
      expect(h.events('procurement.tender.failed').map((e) => e.data.tenderId)).toContain(tender.tenderId);
      const toNegotiation = await post(`/tenders/${tender.tenderId}/continue`, h.tokens.official, {
        method: 'competitive_negotiation',
        reason: '改为竞争性谈判',
      });
      expect(toNegotiation.status).toBe(422);
      const continued = await post(`/tenders/${tender.tenderId}/continue`, h.tokens.official, {
        method: 'competitive_consultation',
        reason: '公开招标仅2家有效投标，经财政部门批准转为竞争性磋商',
      });
      expect(continued.status).toBe(200);
      expect(continued.body).toMatchObject({
        status: 'closed',
        method: 'competitive_consultation',
        methodDetails: '竞争性磋商',
        minQualifiedBids: 2,
        methodChanges: [
          {
            from: 'open_tender',
            to: 'competitive_consultation',
            reason: '公开招标仅2家有效投标，经财政部门批准转为竞争性磋商',
          },
        ],
      });
      const evaluation = await evaluate(h, tender.tenderId, {
        [orgs[0]!.organisationId]: 90,
        [orgs[1]!.organisationId]: 80,
      });
      expect(evaluation.status).toBe(200);
      expect(evaluation.body.ranking).toHaveLength(2);
    });

    test('manual disqualification needs a reason; too few qualified bids fail the tender; a re-run is a new procedure', async () => {
      const tender = await h.tender();
      const bids: Array<{ bidId: string }> = [];
      for (const org of orgs.slice(0, 3))
        bids.push((await h.bid(org.token, tender.tenderId, 100_000_00, PROPOSAL)).body as { bidId: string });
      await pass(h, tender.deadline);
      expect((await get(`/tenders/${tender.tenderId}`, h.tokens.official)).body.status).toBe('closed');
      const noReason = await post(`/tenders/${tender.tenderId}/qualification`, h.tokens.official, {
        decisions: [{ bidId: bids[0]!.bidId, qualified: false }],
      });
      expect(noReason.status).toBe(400);
      const partial = await post(`/tenders/${tender.tenderId}/qualification`, h.tokens.official, {
        decisions: [{ bidId: bids[0]!.bidId, qualified: false, reason: '未提供社工资格证书复印件' }],
      });
      expect(partial.body.status).toBe('closed');
      const rest = await post(`/tenders/${tender.tenderId}/qualification`, h.tokens.official, {
        decisions: [
          { bidId: bids[1]!.bidId, qualified: true },
          { bidId: bids[2]!.bidId, qualified: true },
        ],
      });
      expect(rest.body).toMatchObject({
        status: 'unsuccessful',
        failure: { stage: 'qualification', reason: '2 qualified bids; the open_tender procedure needs at least 3' },
      });
      const opened = await get(`/tenders/${tender.tenderId}/bids`, h.tokens.official);
      expect(opened.body.items.find((b: { bidId: string }) => b.bidId === bids[0]!.bidId).qualification).toMatchObject({
        status: 'disqualified',
        reason: '未提供社工资格证书复印件',
        decidedBy: 'official-1',
      });
      const rerun = await post(`/tenders/${tender.tenderId}/rerun`, h.tokens.official, {
        reason: '有效投标不足三家，重新招标',
        method: 'competitive_consultation',
      });
      expect(rerun.status).toBe(201);
      expect(rerun.body).toMatchObject({
        attempt: 2,
        previousTenderId: tender.tenderId,
        method: 'competitive_consultation',
        status: 'enquiry',
      });
      expect(rerun.body.ocid).not.toBe(tender.ocid);
      expect(
        (await post(`/tenders/${tender.tenderId}/rerun`, h.tokens.official, { reason: '再来一次重新招标' })).status,
      ).toBe(409);
      await h.settle();
      expect(
        h.events('procurement.tender.opened').find((e) => e.data.tenderId === rerun.body.tenderId)?.data,
      ).toMatchObject({ attempt: 2, previousTenderId: tender.tenderId });
    });

    test('automatic checks at opening disqualify an organisation suspended before the deadline or a price above the ceiling', async () => {
      const tender = await h.tender({ budgetCeilingFen: 110_000_00 });
      for (const org of orgs)
        await h.bid(org.token, tender.tenderId, org === orgs[3] ? 120_000_00 : 100_000_00, PROPOSAL);
      await post(`/organisations/${orgs[2]!.organisationId}/sanctions`, h.tokens.official, {
        kind: 'suspension',
        reason: '年检不合格，暂停一个月',
        until: new Date(new Date(tender.deadline).getTime() + 30 * 86400_000).toISOString(),
      });
      await pass(h, tender.deadline);
      const opened = await get(`/tenders/${tender.tenderId}/bids`, h.tokens.official);
      const byOrg = new Map(
        (
          opened.body.items as Array<{
            organisationId: string;
            qualification: { status: string; reason: string; decidedBy: string };
          }>
        ).map((b) => [b.organisationId, b.qualification]),
      );
      expect(byOrg.get(orgs[2]!.organisationId)).toMatchObject({
        status: 'disqualified',
        decidedBy: 'automatic',
        reason: expect.stringContaining('organisation is suspended'),
      });
      expect(byOrg.get(orgs[3]!.organisationId)).toMatchObject({
        status: 'disqualified',
        reason: expect.stringContaining('ceiling'),
      });
      // 2 eligible of 4: the open tender fails at closing.
      expect((await get(`/tenders/${tender.tenderId}`, h.tokens.official)).body.status).toBe('unsuccessful');
      const sanctions = (await get(`/organisations/${orgs[2]!.organisationId}`, h.tokens.official)).body
        .sanctions as Array<{ sanctionId: string }>;
      await post(
        `/organisations/${orgs[2]!.organisationId}/sanctions/${sanctions[0]!.sanctionId}/lift`,
        h.tokens.official,
        { reason: '测试后恢复资格' },
      );
    });
  });

  describe('cancellation', () => {
    test('a project cancelled in design cancels its running tender; its sealed bids are never opened', async () => {
      const tender = await h.tender();
      await h.bid(orgs[0]!.token, tender.tenderId, 100_000_00, PROPOSAL);
      const now = h.clock.now();
      await h.system.host.bus.publish([
        createEvent(ProjectCancelled, {
          source: '/sanshe/project-design',
          subject: tender.projectId,
          now,
          cause: { correlationId: 'cancel', causationId: null },
          data: {
            projectId: tender.projectId,
            needIds: [],
            previousStatus: 'in_procurement',
            reason: '需求已由其他项目覆盖',
            programmeId: null,
            releasedFen: 120_000_00,
            cancelledBy: 'official-1',
            cancelledAt: now.toISOString(),
          },
        }),
      ]);
      await h.settle();
      const cancelled = await get(`/tenders/${tender.tenderId}`, h.tokens.official);
      expect(cancelled.body).toMatchObject({
        status: 'cancelled',
        cancellation: { reason: 'project cancelled: 需求已由其他项目覆盖' },
      });
      expect(h.events('procurement.tender.cancelled').map((e) => e.data.tenderId)).toContain(tender.tenderId);
      await pass(h, tender.deadline);
      expect((await get(`/tenders/${tender.tenderId}/bids`, h.tokens.official)).status).toBe(409);
      const stored = await h.system.host.stores.procurement!.collection('bids').findOne({ tenderId: tender.tenderId });
      expect(stored).toMatchObject({ opened: null });
      expect(
        (await post(`/tenders/${tender.tenderId}/cancel`, h.tokens.official, { reason: '再次取消试试' })).status,
      ).toBe(409);
    });
  });

  describe('evaluation panel, award and complaints', () => {
    let tenderId: string;
    let bidOf: Map<string, string>;

    beforeAll(async () => {
      const tender = await h.tender();
      tenderId = tender.tenderId;
      bidOf = new Map();
      const prices = [110_000_00, 98_000_00, 105_000_00, 108_000_00];
      for (const [i, org] of orgs.entries())
        bidOf.set(org.organisationId, (await h.bid(org.token, tenderId, prices[i]!, PROPOSAL)).body.bidId);
      await h
        .http()
        .put(`/api/procurement/tenders/${tenderId}/panel`)
        .set(h.as(h.tokens.official))
        .send({
          evaluators: [
            { evaluatorId: 'e-1', name: '专家一' },
            { evaluatorId: 'e-2', name: '专家二' },
            { evaluatorId: 'e-3', name: '专家三' },
            { evaluatorId: 'e-4', name: '专家四', affiliationOrganisationId: orgs[1]!.organisationId },
          ],
        })
        .expect(200);
      await pass(h, tender.deadline);
      await post(`/tenders/${tenderId}/qualification`, h.tokens.official, {
        decisions: [...bidOf.values()].map((bidId) => ({ bidId, qualified: true })),
      }).expect(200);
    });

    const evaluator = (sub: string, org?: string) =>
      h.sign({ sub, roles: ['evaluator'], ...(org ? { organisationId: org } : {}) });
    const sheet = (scores: [number, number, number, number]) => ({
      scores: orgs.map((o, i) => ({
        subjectId: bidOf.get(o.organisationId),
        criterionCode: 'service_plan',
        score: scores[i],
      })),
    });

    test('an evaluator who belongs to a bidder is recused automatically, even after declaring no conflict', async () => {
      const e4 = await evaluator('e-4');
      const declared = await post(`/tenders/${tenderId}/panel/declaration`, e4, {
        conflictOfInterest: false,
        statement: '无利害关系',
      });
      expect(declared.body.evaluators).toEqual([
        expect.objectContaining({
          evaluatorId: 'e-4',
          status: 'recused',
          detectedConflict: expect.stringContaining(orgs[1]!.organisationId),
        }),
      ]);
      expect(
        (
          await h
            .http()
            .put(`/api/procurement/tenders/${tenderId}/panel/scores`)
            .set(h.as(e4))
            .send(sheet([90, 90, 90, 90]))
        ).status,
      ).toBe(403);
      expect((await get(`/tenders/${tenderId}/bids`, e4)).status).toBe(403);
    });

    test('an evaluator must declare before scoring, score every bid on every criterion, and may not see other tenders', async () => {
      const e1 = await evaluator('e-1');
      expect(
        (
          await h
            .http()
            .put(`/api/procurement/tenders/${tenderId}/panel/scores`)
            .set(h.as(e1))
            .send(sheet([90, 80, 85, 75]))
        ).status,
      ).toBe(403);
      await post(`/tenders/${tenderId}/panel/declaration`, e1, {
        conflictOfInterest: false,
        statement: '与各投标人无利害关系',
      }).expect(200);
      const incomplete = await h
        .http()
        .put(`/api/procurement/tenders/${tenderId}/panel/scores`)
        .set(h.as(e1))
        .send({
          scores: [{ subjectId: bidOf.get(orgs[0]!.organisationId), criterionCode: 'service_plan', score: 90 }],
        });
      expect(incomplete.status).toBe(422);
      expect(
        (
          await h
            .http()
            .put(`/api/procurement/tenders/${tenderId}/panel/scores`)
            .set(h.as(e1))
            .send(sheet([60, 80, 85, 75]))
        ).status,
      ).toBe(200);
      // A second sheet replaces the first; both stay on record.
      expect(
        (
          await h
            .http()
            .put(`/api/procurement/tenders/${tenderId}/panel/scores`)
            .set(h.as(e1))
            .send(sheet([92, 80, 85, 75]))
        ).status,
      ).toBe(200);
      const other = await h.tender();
      expect((await get(`/tenders/${other.tenderId}/panel`, e1)).status).toBe(404);
      await post(`/tenders/${other.tenderId}/cancel`, h.tokens.official, { reason: '测试结束，取消采购' });
    });

    test('too few sheets cannot be finalised; then means per criterion, the price formula, and the outlier flagged', async () => {
      expect((await post(`/tenders/${tenderId}/evaluation`, h.tokens.official)).body.code).toBe(
        'PROCUREMENT.SHEETS_MISSING',
      );
      const e2 = await evaluator('e-2');
      const e3 = await evaluator('e-3');
      for (const [token, scores] of [
        [e2, [92, 80, 85, 75]],
        [e3, [92, 80, 40, 75]],
      ] as const) {
        await post(`/tenders/${tenderId}/panel/declaration`, token, {
          conflictOfInterest: false,
          statement: '无利害关系',
        }).expect(200);
        await h
          .http()
          .put(`/api/procurement/tenders/${tenderId}/panel/scores`)
          .set(h.as(token))
          .send(sheet([...scores]))
          .expect(200);
      }
      const result = await post(`/tenders/${tenderId}/evaluation`, h.tokens.official);
      expect(result.status).toBe(200);
      expect(result.body).toMatchObject({
        basePriceFen: 98_000_00,
        priceWeight: 30,
        evaluators: ['e-1', 'e-2', 'e-3'],
      });
      // org 0: 26.73 + 92 × 0.7 = 91.13; org 1: 30 + 56 = 86; org 3: 27.22 + 52.5 = 79.72;
      // org 2: mean (85, 85, 40) = 70 → 28 + 49 = 77.
      expect(
        result.body.ranking.map((r: { organisationId: string; totalScore: number }) => [
          r.organisationId,
          r.totalScore,
        ]),
      ).toEqual([
        [orgs[0]!.organisationId, 91.13],
        [orgs[1]!.organisationId, 86],
        [orgs[3]!.organisationId, 79.72],
        [orgs[2]!.organisationId, 77],
      ]);
      expect(result.body.outliers).toEqual([
        expect.objectContaining({
          evaluatorId: 'e-3',
          subjectId: bidOf.get(orgs[2]!.organisationId),
          score: 40,
          mean: 70,
          reason: '30 points from the mean 70',
        }),
      ]);
      const sheets = await get(`/tenders/${tenderId}/panel/sheets`, h.tokens.official);
      expect(sheets.body.current).toHaveLength(3);
      expect(
        sheets.body.history
          .filter((s: { evaluatorId: string }) => s.evaluatorId === 'e-1')
          .map((s: { version: number }) => s.version),
      ).toEqual([1, 2]);
    });

    test('the award waits out the standstill; a complaint holds it; upheld, the evaluation reopens and the next bid wins', async () => {
      const awarded = await post(`/tenders/${tenderId}/award`, h.tokens.official);
      expect(awarded.body).toMatchObject({
        status: 'awarded',
        award: { status: 'pending', organisationId: orgs[0]!.organisationId },
      });
      const outsider = await h.organisation('未投标机构');
      expect(
        (
          await post(`/tenders/${tenderId}/complaints`, outsider.token, {
            title: '质疑',
            description: '我方未投标也想质疑一下结果。',
          })
        ).status,
      ).toBe(404);
      const complaint = await post(`/tenders/${tenderId}/complaints`, orgs[1]!.token, {
        title: '对中标候选人资格的质疑',
        description: '中标候选人的持证社工人数与登记信息不符，请复核。',
      });
      expect(complaint.status).toBe(201);
      // Others see only their own complaints.
      expect((await get(`/tenders/${tenderId}/complaints`, orgs[2]!.token)).body.items).toEqual([]);
      await pass(h, awarded.body.award.standstillEnd);
      expect((await get(`/tenders/${tenderId}`, h.tokens.official)).body).toMatchObject({
        status: 'awarded',
        award: { status: 'pending' },
      });
      expect(h.events('procurement.tender.awarded').filter((e) => e.data.tenderId === tenderId)).toEqual([]);
      const upheld = await post(
        `/tenders/${tenderId}/complaints/${complaint.body.complaintId}/resolve`,
        h.tokens.official,
        {
          decision: 'upheld',
          resolution: '经核实，中标候选人持证社工人数不实',
        },
      );
      expect(upheld.body).toMatchObject({ status: 'evaluation', award: null });
      await post(`/tenders/${tenderId}/qualification`, h.tokens.official, {
        decisions: [
          { bidId: bidOf.get(orgs[0]!.organisationId), qualified: false, reason: '质疑成立：持证社工人数不实' },
        ],
      }).expect(200);
      const again = await post(`/tenders/${tenderId}/evaluation`, h.tokens.official);
      expect(again.body.ranking[0]).toMatchObject({ organisationId: orgs[1]!.organisationId, priceScore: 30 });
      const second = await post(`/tenders/${tenderId}/award`, h.tokens.official);
      const rejected = await post(`/tenders/${tenderId}/complaints`, orgs[2]!.token, {
        title: '质疑',
        description: '评分不公，请复核评审过程。',
      });
      await post(`/tenders/${tenderId}/complaints/${rejected.body.complaintId}/resolve`, h.tokens.official, {
        decision: 'rejected',
        resolution: '评审程序合法，质疑不成立',
      }).expect(200);
      // Still within the standstill: nothing yet.
      expect((await get(`/tenders/${tenderId}`, h.tokens.official)).body.status).toBe('awarded');
      await pass(h, second.body.award.standstillEnd);
      const done = await get(`/tenders/${tenderId}`, h.tokens.official);
      expect(done.body).toMatchObject({
        status: 'complete',
        award: { status: 'active', organisationId: orgs[1]!.organisationId },
        awardedBidId: bidOf.get(orgs[1]!.organisationId),
      });
      const events = h.events('procurement.tender.awarded').filter((e) => e.data.tenderId === tenderId);
      expect(events.map((e) => [e.data.organisationId, e.data.amountFen])).toEqual([
        [orgs[1]!.organisationId, 98_000_00],
      ]);
      // Fulfilment signs the contract from it; procurement's OCDS record gets the contract.
      await h.settle();
      const record = await h.http().get(`/api/procurement/tenders/${tenderId}/ocds-record`);
      const compiled = record.body.records[0].compiledRelease;
      expect(compiled.awards.map((a: { status: string }) => a.status)).toEqual(['cancelled', 'active']);
      expect(compiled.contracts).toHaveLength(1);
    });
  });
  test('no event ended in procurement’s dead-letter topic', async () => {
    await h.settle();
    expect(h.system.host.inMemoryBus!.messages('dlq.procurement')).toEqual([]);
  });
});
