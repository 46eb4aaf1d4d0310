import { ContractSigned, ServiceRecorded, TenderOpened } from '@sanshe/contracts';
import { newId } from '@sanshe/platform';
import {
  completeProject,
  event,
  HL1,
  needLogged,
  programmeBody,
  startDesign,
  tokens,
  type DesignSystem,
} from './support';

describe('the life of a project through the HTTP API (project-design, embedded)', () => {
  let sys: DesignSystem;
  let t: Awaited<ReturnType<typeof tokens>>;
  let programmeId: string;

  beforeAll(async () => {
    sys = await startDesign();
    t = await tokens(sys.issuer);
    const res = await sys.http().post('/api/design/programmes').set(sys.as(t.funder)).send(programmeBody());
    expect(res.status).toBe(201);
    programmeId = res.body.programmeId;
  });
  afterAll(() => sys.host.close());

  async function openNeeds(n: number): Promise<string[]> {
    const events = Array.from({ length: n }, () => needLogged(HL1));
    await sys.publish(events);
    return events.map((e) => e.subject);
  }

  test('a draft is saved incomplete; the linter names each field and rule; submission is refused with 422 until they are fixed', async () => {
    const needIds = await openNeeds(2);
    const created = await sys
      .http()
      .post('/api/design/projects')
      .set(sys.as(t.staff))
      .send({ title: '居家养老', category: 'elderly_care', needIds, fundingMode: 'government_purchase' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', version: 1, communityCodes: [HL1.community], budgetFen: 0 });
    const projectId = created.body.projectId as string;

    const lint = await sys.http().post(`/api/design/projects/${projectId}/lint`).set(sys.as(t.staff));
    expect(lint.status).toBe(200);
    expect(lint.body.policy.effectiveFrom).toBe('2021-12-31T16:00:00.000Z');
    const rules = (lint.body.violations as Array<{ rule: string; field: string }>).map((v) => `${v.rule}@${v.field}`);
    expect(rules).toEqual(
      expect.arrayContaining([
        'objectives-required@objectives',
        'kpi-output-and-outcome@kpis',
        'period-required@servicePeriod',
        'budget-lines-required@budgetLines',
        'programme-required@programmeId',
        'criteria-weights-total@evaluationCriteria',
        'price-weight-min@evaluationCriteria',
      ]),
    );

    const refused = await sys.http().post(`/api/design/projects/${projectId}/submit`).set(sys.as(t.staff));
    expect(refused.status).toBe(422);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body.code).toBe('DESIGN.POLICY_VIOLATIONS');
    expect(refused.body.errors).toContainEqual({
      field: 'programmeId',
      reason: 'programme-required: choose the funding programme',
    });

    const { needIds: _n, title: _t, category: _c, ...rest } = completeProject(needIds, programmeId);
    const fixed = await sys
      .http()
      .patch(`/api/design/projects/${projectId}`)
      .set(sys.as(t.staff))
      .send({
        ...rest,
        tranches: [
          { percent: 50, milestone: 'signing' },
          { percent: 40, milestone: 'final_acceptance' },
        ],
        expectedVersion: 1,
      });
    expect(fixed.status).toBe(200);
    expect(fixed.body).toMatchObject({ version: 2, budgetFen: 120_000_00, requestedFen: 120_000_00 });
    const stillWrong = await sys.http().post(`/api/design/projects/${projectId}/lint`).set(sys.as(t.staff));
    expect(stillWrong.body.violations).toEqual([
      { field: 'tranches', rule: 'tranches-total', message: 'tranche percentages must sum to 100, not 90' },
    ]);
    expect((await sys.http().post(`/api/design/projects/${projectId}/submit`).set(sys.as(t.staff))).status).toBe(422);

    const stale = await sys
      .http()
      .patch(`/api/design/projects/${projectId}`)
      .set(sys.as(t.staff))
      .send({ title: '另一个标题', expectedVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('DESIGN.VERSION_MISMATCH');

    await sys
      .http()
      .patch(`/api/design/projects/${projectId}`)
      .set(sys.as(t.staff))
      .send({
        tranches: [
          { percent: 60, milestone: 'signing' },
          { percent: 40, milestone: 'final_acceptance' },
        ],
      });
    const submitted = await sys.http().post(`/api/design/projects/${projectId}/submit`).set(sys.as(t.staff));
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', version: 4, submittedAt: '2026-03-02T01:00:00.000Z' });
  });

  test('submitted → returned with comments → edited → resubmitted → approved → published; each step versioned, audited and announced', async () => {
    const needIds = await openNeeds(2);
    const projectId = (
      await sys.http().post('/api/design/projects').set(sys.as(t.staff)).send(completeProject(needIds, programmeId))
    ).body.projectId as string;
    expect((await sys.http().post(`/api/design/projects/${projectId}/submit`).set(sys.as(t.staff))).status).toBe(200);

    const returned = await sys
      .http()
      .post(`/api/design/projects/${projectId}/return`)
      .set(sys.as(t.street))
      .send({ comments: '请补充服务对象的筛选标准' });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ status: 'returned', returnComments: '请补充服务对象的筛选标准' });

    sys.clock.advance(3_600_000);
    const edited = await sys
      .http()
      .patch(`/api/design/projects/${projectId}`)
      .set(sys.as(t.staff))
      .send({ objectives: ['每周上门探访独居老人，及时发现风险', '筛选标准：80岁以上独居或失能老人'] });
    expect(edited.body).toMatchObject({ status: 'returned', version: 4 });
    expect((await sys.http().post(`/api/design/projects/${projectId}/submit`).set(sys.as(t.staff))).status).toBe(200);

    const approved = await sys.http().post(`/api/design/projects/${projectId}/approve`).set(sys.as(t.street));
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      approvedBy: 'street-hl',
      reservation: { programmeId, amountFen: 120_000_00 },
    });

    const bidDeadline = '2026-04-10T09:00:00+08:00';
    const published = await sys
      .http()
      .post(`/api/design/projects/${projectId}/publish`)
      .set(sys.as(t.official))
      .send({ bidDeadline });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', bidDeadline: '2026-04-10T01:00:00.000Z', version: 7 });

    const event = sys.published('design.project.published').find((e) => e.subject === projectId);
    expect(event?.data).toMatchObject({
      projectId,
      needIds,
      budgetFen: 120_000_00,
      budgetCeilingFen: 120_000_00,
      programmeId,
      procurementMethod: 'open_tender',
      methodJustification: null,
      evaluationCriteria: [
        { code: 'price', kind: 'price', weight: 30 },
        { code: 'service_plan', kind: 'technical', weight: 50 },
        { code: 'team', kind: 'qualification', weight: 20 },
      ],
      eligibility: { organisationKinds: ['social_association', 'private_non_enterprise_unit', 'foundation'] },
      tranches: [
        { percent: 30, milestone: 'signing' },
        { percent: 40, milestone: 'mid_term_evaluation' },
        { percent: 30, milestone: 'final_acceptance' },
      ],
      bidDeadline: '2026-04-10T01:00:00.000Z',
      servicePeriod: { start: '2026-04-01', end: '2027-03-31' },
    });

    const history = await sys.http().get(`/api/design/projects/${projectId}/history`).set(sys.as(t.staff));
    expect(history.body.version).toBe(7);
    expect(
      (history.body.items as Array<{ version: number; action: string; by: string; fields?: string[] }>).map((h) => [
        h.version,
        h.action,
        h.by,
      ]),
    ).toEqual([
      [1, 'created', 'staff-hl1'],
      [2, 'submitted', 'staff-hl1'],
      [3, 'returned', 'street-hl'],
      [4, 'revised', 'staff-hl1'],
      [5, 'submitted', 'staff-hl1'],
      [6, 'approved', 'street-hl'],
      [7, 'published', 'official-gl'],
    ]);
    expect(history.body.items[3]).toMatchObject({ fields: ['objectives'], at: '2026-03-02T02:00:00.000Z' });
    for (const type of ['created', 'submitted', 'returned', 'revised', 'approved', 'published']) {
      expect(sys.published(`design.project.${type}`).map((e) => e.subject)).toContain(projectId);
    }
  });

  test('a move the current state does not allow is a 409 with the reason', async () => {
    const needIds = await openNeeds(1);
    const projectId = (
      await sys.http().post('/api/design/projects').set(sys.as(t.staff)).send(completeProject(needIds, programmeId))
    ).body.projectId as string;
    const approveDraft = await sys.http().post(`/api/design/projects/${projectId}/approve`).set(sys.as(t.official));
    expect(approveDraft.status).toBe(409);
    expect(approveDraft.body).toMatchObject({
      code: 'DESIGN.INVALID_TRANSITION',
      detail: 'only a submitted project can be approved (it is draft)',
    });
    const publishDraft = await sys.http().post(`/api/design/projects/${projectId}/publish`).set(sys.as(t.official));
    expect(publishDraft.body.detail).toBe('only an approved project can be published (it is draft)');
    await sys.http().post(`/api/design/projects/${projectId}/submit`).set(sys.as(t.staff));
    const editSubmitted = await sys
      .http()
      .patch(`/api/design/projects/${projectId}`)
      .set(sys.as(t.staff))
      .send({ title: '改个标题' });
    expect(editSubmitted.status).toBe(409);
    expect(editSubmitted.body.detail).toBe('only a draft or a returned project can be edited (it is submitted)');
    await sys
      .http()
      .post(`/api/design/projects/${projectId}/cancel`)
      .set(sys.as(t.staff))
      .send({ reason: '需求已由其他渠道解决' });
    const again = await sys
      .http()
      .post(`/api/design/projects/${projectId}/cancel`)
      .set(sys.as(t.staff))
      .send({ reason: '再取消一次' });
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/already cancelled project cannot be cancelled \(it is cancelled\)/);
  });

  test('procurement and fulfilment move a published project on, in whatever order their events arrive, once', async () => {
    const needIds = await openNeeds(1);
    const projectId = (
      await sys.http().post('/api/design/projects').set(sys.as(t.staff)).send(completeProject(needIds, programmeId))
    ).body.projectId as string;
    await sys.http().post(`/api/design/projects/${projectId}/submit`).set(sys.as(t.staff));
    await sys.http().post(`/api/design/projects/${projectId}/approve`).set(sys.as(t.official));
    await sys.http().post(`/api/design/projects/${projectId}/publish`).set(sys.as(t.official));

    const tenderId = newId();
    const contractId = newId();
    const opened = event(TenderOpened, tenderId, {
      tenderId,
      projectId,
      title: 't',
      budgetFen: 120_000_00,
      deadline: '2026-03-22T01:00:00.000Z',
    });
    await sys.publish([opened, opened]);
    const status = async () =>
      (await sys.http().get(`/api/design/projects/${projectId}`).set(sys.as(t.staff))).body.status as string;
    expect(await status()).toBe('in_procurement');

    // A service record overtakes the contract signature (another topic): it waits for the link.
    await sys.publish([
      event(ServiceRecorded, contractId, {
        contractId,
        recordId: newId(),
        needId: needIds[0]!,
        hours: 2,
        deliveredOn: '2026-04-02',
      }),
    ]);
    expect(await status()).toBe('in_procurement');
    await sys.publish([
      event(ContractSigned, contractId, {
        contractId,
        tenderId,
        projectId,
        organisationId: newId(),
        needIds,
        valueFen: 110_000_00,
        signedAt: '2026-03-25T01:00:00.000Z',
      }),
    ]);
    const project = (await sys.http().get(`/api/design/projects/${projectId}`).set(sys.as(t.staff))).body;
    expect(project).toMatchObject({ status: 'in_delivery', contractIds: [contractId] });
    // A late tender.opened changes nothing.
    await sys.publish([{ ...opened, id: newId() }]);
    expect(await status()).toBe('in_delivery');

    const moves = sys
      .published<{ projectId: string; from: string; to: string }>('design.project.status-changed')
      .filter((e) => e.data.projectId === projectId)
      .map((e) => `${e.data.from}→${e.data.to}`);
    expect(moves).toEqual(['published→in_procurement', 'in_procurement→contracted', 'contracted→in_delivery']);

    // A tender of a project this service does not know is acknowledged, not dead-lettered.
    const stranger = newId();
    await sys.publish([
      event(TenderOpened, stranger, {
        tenderId: stranger,
        projectId: newId(),
        title: 'x',
        budgetFen: 1,
        deadline: '2026-03-22T01:00:00.000Z',
      }),
    ]);
    expect(sys.host.inMemoryBus!.deadLettered()).toEqual([]);
  });
});
