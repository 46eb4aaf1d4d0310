/**
 * The officials' screens in Chromium: project review, opening a tender, the evaluation panel
 * (declaration and scoring), award and complaints, tranche approvals. Data the screens start
 * from is made through the HTTP APIs with development tokens; the server runs on a manual
 * clock, so the bid deadline and the standstill period pass when the test says so.
 */
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { ManualClock } from '@sanshe/platform';
import { describeBrowser, launchBrowser, screenshotDir, startPortal, type PortalUnderTest } from '../support/browser';
import { DEMO_FUNDER_CODE, portalApi } from '../support/browser-api';

jest.setTimeout(240_000);

const VIEWPORT = { width: 1366, height: 900 };
const COMMUNITY = 'XZ-GL-HL-01';
const GRID = 'XZ-GL-HL-01-G01';
const DAY = 86_400_000;
const ORGANISATIONS = [
  { uscc: '52320300MJ1234567U', name: '徐州市彭城社工服务中心', price: 110_000_00 },
  { uscc: '52320300MJ7654321Q', name: '鼓楼区阳光社会工作服务社', price: 98_000_00 },
  { uscc: '51320300MJ0000001A', name: '徐州市志愿服务协会', price: 105_000_00 },
];
const APPROVED_TITLE = '黄楼社区居家养老服务项目（审批）';
const RETURNED_TITLE = '黄楼社区老年助餐服务项目（退回）';
const RERUN_TITLE = '黄楼社区紧急呼叫服务项目（重新招标）';

describeBrowser('the officials’ screens in Chromium', () => {
  // Starts at the real time: the browser's date pickers and the server agree on "now".
  const clock = new ManualClock(new Date());
  let portal: PortalUnderTest;
  let browser: Browser;
  let shots: ReturnType<typeof screenshotDir>;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const tokens: Record<string, string> = {};
  // What one step leaves for the next.
  const state: {
    approvedId?: string;
    returnedId?: string;
    programmeId?: string;
    tenderId?: string;
    deadline?: string;
    orgs?: Array<{ organisationId: string; token: string; name: string }>;
    official?: Page;
    contractId?: string;
  } = {};

  const { ok, devToken } = portalApi(() => portal.baseUrl);

  const settle = () => portal.system.host.settle();

  beforeAll(async () => {
    shots = screenshotDir();
    portal = await startPortal({ clock });
    browser = await launchBrowser();
    tokens.staff = await devToken({
      sub: 'staff-1',
      name: '王芳',
      roles: ['community_staff'],
      communities: [COMMUNITY],
    });
    tokens.official = await devToken({ sub: 'official-1', roles: ['official'] });
    tokens.admin = await devToken({ sub: 'admin-1', roles: ['admin'] });
    // The demo funder approves this programme's tranches in the portal, so it is that funder's.
    tokens.funder = await devToken({ sub: 'funder-1', roles: ['funder'], funderCode: DEMO_FUNDER_CODE });
  }, 400_000);

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await portal?.close();
    shots?.cleanup();
  });

  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return page;
  }

  const shoot = (page: Page, name: string, options: { fullPage?: boolean } = {}) =>
    page.screenshot({
      path: join(shots.dir, `${name}.png`),
      style: '.ant-message { display: none !important; }',
      ...options,
    });

  async function signIn(page: Page, username: string): Promise<void> {
    await page.goto(`${portal.baseUrl}/login`);
    await page.getByRole('button', { name: `使用 ${username}` }).click();
    await page.getByRole('button', { name: /^(loading )?登录$/ }).click();
    await page.getByRole('heading', { name: /^您好，/ }).waitFor();
  }

  const menu = (page: Page, name: string) =>
    page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
  const dialog = (page: Page, title: string) => page.getByRole('dialog').filter({ hasText: title });
  const fieldError = (page: Page, text: string) =>
    page.locator('.ant-form-item-explain-error').filter({ hasText: text });

  async function choose(page: Page, label: string, option: string): Promise<void> {
    await page.getByLabel(label, { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
    await page.locator('.ant-select-dropdown').last().waitFor({ state: 'hidden' });
  }

  /** A six-month service period starting a week from the server's today. */
  function servicePeriod(): { start: string; end: string } {
    const start = new Date(clock.now().getTime() + 7 * DAY + 8 * 3_600_000);
    const end = new Date(start);
    end.setUTCMonth(end.getUTCMonth() + 6);
    return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
  }

  async function logNeed(description: string): Promise<string> {
    const need = await ok(tokens.staff!, 'POST', '/api/intake/needs', {
      channel: 'window',
      category: 'elderly_care',
      attributes: { care_type: 'home_visit' },
      gridCode: GRID,
      urgency: 'high',
      beneficiaryCount: 1,
      beneficiaryGroups: ['elderly', 'living_alone'],
      description,
    });
    return need['needId'] as string;
  }

  async function submittedProject(title: string, needIds: string[], programmeId: string): Promise<string> {
    const project = await ok(tokens.staff!, 'POST', '/api/design/projects', {
      title,
      category: 'elderly_care',
      needIds,
      objectives: ['每周上门探访独居和失能老人，及时发现并处置风险'],
      kpis: [
        { kind: 'output', name: '上门探访人次', target: 96, unit: '人次', measurement: '服务记录统计' },
        { kind: 'outcome', name: '服务对象满意度', target: 90, unit: '%', measurement: '第三方评估问卷' },
      ],
      servicePeriod: servicePeriod(),
      budgetLines: [
        { kind: 'personnel', description: '持证社工薪酬', amountFen: 80_000_00 },
        { kind: 'activities', description: '探访与康复指导', amountFen: 25_000_00 },
        { kind: 'materials', description: '血压计、康复辅具', amountFen: 10_000_00 },
        { kind: 'administration', description: '项目管理', amountFen: 5_000_00 },
      ],
      fundingMode: 'government_purchase',
      programmeId,
      procurementMethod: 'open_tender',
      eligibility: {
        organisationKinds: ['social_association', 'private_non_enterprise_unit'],
        serviceAreaCodes: [],
        minCertifiedSocialWorkerPercent: 0,
      },
      evaluationCriteria: [
        { code: 'price', name: '报价', kind: 'price', weight: 30 },
        { code: 'service_plan', name: '服务方案', kind: 'technical', weight: 50 },
        { code: 'team', name: '团队与资质', kind: 'qualification', weight: 20 },
      ],
    });
    const projectId = project['projectId'] as string;
    await ok(tokens.staff!, 'POST', `/api/design/projects/${projectId}/submit`);
    return projectId;
  }

  test('an official returns one submitted project with a reason and approves another against the programme’s budget', async () => {
    const needs = [];
    for (const description of ['独居老人需要每周上门探访', '失能老人需要康复护理指导', '高龄老人需要助餐服务']) {
      needs.push(await logNeed(description));
    }
    await settle();
    const programme = await ok(tokens.funder!, 'POST', '/api/design/programmes', {
      name: '鼓楼区政府购买社会工作服务（审批测试）',
      funderCode: DEMO_FUNDER_CODE,
      funderName: '鼓楼区民政局',
      fiscalYear: Number(servicePeriod().start.slice(0, 4)),
      mode: 'government_purchase',
      budgetFen: 500_000_00,
    });
    state.programmeId = programme['programmeId'] as string;
    state.approvedId = await submittedProject(APPROVED_TITLE, needs.slice(0, 2), state.programmeId);
    state.returnedId = await submittedProject(RETURNED_TITLE, needs.slice(2), state.programmeId);
    await settle();

    const page = await newPage();
    state.official = page;
    await signIn(page, 'official');
    await menu(page, '项目审批');
    await page.getByRole('heading', { name: '服务项目审批' }).waitFor();
    await page.getByRole('row').filter({ hasText: APPROVED_TITLE }).waitFor();
    await expect(page.getByRole('row').filter({ hasText: RETURNED_TITLE }).innerText()).resolves.toMatch(
      /养老服务[\s\S]*黄楼社区[\s\S]*政府购买服务[\s\S]*¥120,000\.00[\s\S]*1[\s\S]*待审批/,
    );

    // Return one: the reason is required, then the project goes back to its authors.
    await page.getByRole('link', { name: RETURNED_TITLE }).click();
    await page.getByRole('heading', { name: RETURNED_TITLE }).waitFor();
    await expect(page.getByTestId('linked-needs').innerText()).resolves.toBe('1');
    await page.getByTestId('lint').getByText('未发现不符合政策规则之处').waitFor();
    await page.getByRole('button', { name: /退回修改$/ }).click();
    const returning = dialog(page, '退回项目');
    await returning.getByRole('button', { name: '退回修改' }).click();
    await fieldError(page, '请填写退回意见').waitFor();
    await returning.getByLabel('退回意见').fill('请细化助餐服务的预算明细和服务频次');
    await returning.getByRole('button', { name: '退回修改' }).click();
    await page.locator('.ant-card-head').first().getByText('已退回', { exact: true }).waitFor();
    const returned = await ok(tokens.official!, 'GET', `/api/design/projects/${state.returnedId}`);
    expect(returned).toMatchObject({ status: 'returned', returnComments: '请细化助餐服务的预算明细和服务频次' });

    // Approve the other: objectives, indicators, budget lines, the programme's budget, then the decision.
    await page.getByRole('link', { name: '返回' }).click();
    await page.getByRole('link', { name: APPROVED_TITLE }).click();
    await page.getByRole('heading', { name: APPROVED_TITLE }).waitFor();
    await page.getByText('每周上门探访独居和失能老人，及时发现并处置风险').waitFor();
    await page.getByRole('cell', { name: '服务对象满意度' }).waitFor();
    await page.getByRole('cell', { name: '持证社工薪酬' }).waitFor();
    await expect(page.getByTestId('linked-needs').innerText()).resolves.toBe('2');
    await page.getByTestId('lint').getByText('未发现不符合政策规则之处').waitFor();
    const programmeCard = page.getByTestId('programme');
    await programmeCard.getByText('本项目申请 ¥120,000.00，可用额度足够').waitFor();
    await page.getByRole('button', { name: /批准$/ }).click();
    await dialog(page, '批准该项目？').getByRole('button', { name: '批准' }).click();
    await programmeCard.getByText('已为本项目预留 ¥120,000.00').waitFor();
    await page.getByRole('button', { name: /发布并开启招标$/ }).waitFor();
    const approved = await ok(tokens.official!, 'GET', `/api/design/projects/${state.approvedId}`);
    expect(approved).toMatchObject({ status: 'approved', approvedBy: 'demo-official' });
    const reserved = await ok(tokens.funder!, 'GET', `/api/design/programmes/${state.programmeId}`);
    expect(reserved).toMatchObject({ reservedFen: 120_000_00, availableFen: 380_000_00 });
  });

  test('the official opens the tender from the approved project with a deadline the policy allows; bids stay sealed', async () => {
    const page = state.official!;
    await menu(page, '招标与创投');
    await page.getByRole('button', { name: /发布招标$/ }).click();
    const opening = dialog(page, '发布项目并开启招标');
    await choose(page, '已批准的项目', APPROVED_TITLE);
    await opening.getByText('按现行政策，该采购方式的投标期不少于 20 天').waitFor();
    await opening.getByRole('cell', { name: '服务方案' }).waitFor();
    // The earliest deadline the policy allows, a day on, is proposed.
    const chosen = await opening.getByLabel('投标截止时间').inputValue();
    expect(chosen).toMatch(/^\d{4}-\d{2}-\d{2} 17:00$/);
    await opening.getByRole('button', { name: '发布' }).click();
    await page.waitForURL('**/officials/procurement/tenders/*');
    await page.getByRole('heading', { name: APPROVED_TITLE }).waitFor();
    await page.locator('[data-status="enquiry"]').waitFor();
    await expect(page.getByTestId('tender-facts').innerText()).resolves.toMatch(/公开招标[\s\S]*投标数\s*密封中/);

    const tenders = await ok(tokens.official!, 'GET', `/api/procurement/tenders?projectId=${state.approvedId}`);
    const tender = tenders.items![0]!;
    expect(tender).toMatchObject({
      status: 'enquiry',
      method: 'open_tender',
      bidCount: null,
      budgetCeilingFen: 120_000_00,
    });
    // The browser chose the date in China's time zone.
    expect(tender['deadline']).toBe(new Date(`${chosen.replace(' ', 'T')}:00+08:00`).toISOString());
    expect(new Date(tender['deadline'] as string).getTime() - clock.now().getTime()).toBeGreaterThan(20 * DAY);
    expect(page.url()).toContain(tender['tenderId'] as string);
    state.tenderId = tender['tenderId'] as string;
    state.deadline = tender['deadline'] as string;
    // Design follows procurement's tender.opened: the project is in procurement.
    await settle();
    const project = await ok(tokens.official!, 'GET', `/api/design/projects/${state.approvedId}`);
    expect(project['status']).toBe('in_procurement');
  });

  test('the official opens a venture-funding round (公益创投) with its budget and criteria', async () => {
    const page = state.official!;
    await menu(page, '招标与创投');
    await page.getByRole('button', { name: /开启创投轮次$/ }).click();
    const opening = dialog(page, '开启公益创投轮次');
    await opening.getByLabel('轮次名称').fill('2026年黄楼街道为老服务公益创投');
    await page.getByLabel('资助类别', { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '养老服务' }).first().click();
    // A multiple select stays open: a click elsewhere in the dialog closes it (Escape would close the dialog).
    await opening.getByText('开启公益创投轮次').click();
    await page.locator('.ant-select-dropdown').last().waitFor({ state: 'hidden' });
    await opening.getByLabel('轮次预算（元）').fill('200000');
    await opening.getByLabel('单项资助上限（元）').fill('50000');
    // Weights must add up to 100: the defaults do (40 + 40 + 20).
    await opening.getByRole('button', { name: '开启' }).click();
    await page.waitForURL('**/officials/procurement/rounds/*');
    await page.getByRole('heading', { name: '2026年黄楼街道为老服务公益创投' }).waitFor();
    await page.getByText('申报中', { exact: true }).waitFor();
    await page.getByText('需求契合度 40%；项目方案 40%；机构能力 20%').waitFor();

    const rounds = await ok(tokens.official!, 'GET', '/api/procurement/rounds');
    const round = rounds.items!.find((r) => r['title'] === '2026年黄楼街道为老服务公益创投')!;
    expect(round).toMatchObject({
      status: 'open',
      budgetFen: 200_000_00,
      maxGrantFen: 50_000_00,
      categories: ['elderly_care'],
    });
    expect(page.url()).toContain(round['roundId'] as string);
  });

  test('after the deadline the official qualifies the bids and names the panel; the evaluator declares per bidder and scores', async () => {
    const tenderId = state.tenderId!;
    state.orgs = [];
    for (const org of ORGANISATIONS) {
      const registered = await ok(tokens.admin!, 'POST', '/api/procurement/organisations', {
        uscc: org.uscc,
        name: org.name,
        legalRepresentative: '张伟',
        registeredOn: '2019-05-20',
        categories: ['elderly_care'],
      });
      const organisationId = registered['organisationId'] as string;
      await ok(tokens.official!, 'POST', `/api/procurement/organisations/${organisationId}/verify`, {});
      const token = await devToken({ sub: `org-user-${organisationId}`, roles: ['org_user'], organisationId });
      await ok(token, 'POST', `/api/procurement/tenders/${tenderId}/bids`, {
        priceFen: org.price,
        proposal: `${org.name}服务方案：每周上门两次，配备持证社工。`,
      });
      state.orgs.push({ organisationId, token, name: org.name });
    }
    // The deadline passes on the server's clock: the bids open together.
    clock.set(new Date(new Date(state.deadline!).getTime() + 1000));
    await settle();

    const page = state.official!;
    await page.goto(`${portal.baseUrl}/officials/procurement/tenders/${tenderId}`);
    await page.locator('[data-status="closed"]').waitFor();
    const bids = page.getByTestId('bids');
    await bids.getByText('开标结果（3 份投标）').waitFor();
    await bids.getByRole('cell', { name: '¥98,000.00' }).waitFor();
    await bids.getByRole('button', { name: '全部设为合格' }).click();
    await bids.getByRole('button', { name: '提交资格审查' }).click();
    await page.locator('[data-status="evaluation"]').waitFor();

    const panel = page.getByTestId('panel');
    await panel.getByRole('button', { name: '组建评审组' }).click();
    const members = [
      ['demo-evaluator', '钱伟'],
      ['ev-2', '评审专家乙'],
      ['ev-3', '评审专家丙'],
    ] as const;
    for (const [i, [id, name]] of members.entries()) {
      await panel.getByLabel(`专家${i + 1} 账号`).fill(id);
      await panel.getByLabel(`专家${i + 1} 姓名`).fill(name);
    }
    await panel.getByRole('button', { name: /保存评审组$/ }).click();
    await panel.getByRole('cell', { name: '评审专家丙' }).waitFor();
    await expect(panel.locator('[data-member-status="assigned"]').count()).resolves.toBe(3);

    // Two evaluators work through the API; the third in the browser.
    const tender = await ok(tokens.official!, 'GET', `/api/procurement/tenders/${tenderId}`);
    const opened = (await ok(tokens.official!, 'GET', `/api/procurement/tenders/${tenderId}/bids`)).items!;
    const bidOf = (name: string) => opened.find((b) => b['organisationName'] === name)!['bidId'] as string;
    expect((tender['criteria'] as Array<{ code: string }>).map((c) => c.code)).toEqual([
      'price',
      'service_plan',
      'team',
    ]);
    const fair: Record<string, number> = {
      [ORGANISATIONS[0]!.name]: 90,
      [ORGANISATIONS[1]!.name]: 80,
      [ORGANISATIONS[2]!.name]: 85,
    };
    for (const sub of ['ev-2', 'ev-3']) {
      const token = await devToken({ sub, roles: ['evaluator'] });
      await ok(token, 'POST', `/api/procurement/tenders/${tenderId}/panel/declaration`, {
        conflictOfInterest: false,
        statement: '与投标人无利害关系',
      });
      await ok(token, 'PUT', `/api/procurement/tenders/${tenderId}/panel/scores`, {
        scores: ORGANISATIONS.flatMap((o) =>
          ['service_plan', 'team'].map((criterionCode) => ({
            subjectId: bidOf(o.name),
            criterionCode,
            score: fair[o.name],
          })),
        ),
      });
    }

    const evaluator = await newPage();
    await signIn(evaluator, 'evaluator');
    await menu(evaluator, '评审任务');
    await evaluator.getByRole('link', { name: APPROVED_TITLE }).click();
    const declaration = evaluator.getByTestId('declaration');
    for (const org of ORGANISATIONS) await declaration.getByLabel(`与 ${org.name} 存在利害关系`).waitFor();
    await declaration.getByLabel('声明内容').fill('本人与上述投标人均无任职、持股、亲属或业务往来关系。');
    await declaration.getByRole('button', { name: '提交声明' }).click();
    await dialog(evaluator, '提交利益冲突声明？').getByRole('button', { name: '提交声明' }).click();

    // The sheet: the price score comes from the formula (base 98,000 / price × 30); the rest are scored here.
    const sheet = evaluator.getByTestId('score-sheet');
    await sheet.waitFor();
    await expect(sheet.getByRole('row').filter({ hasText: ORGANISATIONS[0]!.name }).innerText()).resolves.toMatch(
      /¥110,000\.00\s+26\.73/,
    );
    await expect(sheet.getByRole('row').filter({ hasText: ORGANISATIONS[1]!.name }).innerText()).resolves.toMatch(
      /¥98,000\.00\s+30\.00/,
    );
    const mine: Record<string, [number, number]> = {
      // Far below the others on the service plan: the evaluation will flag it.
      [ORGANISATIONS[0]!.name]: [30, 90],
      [ORGANISATIONS[1]!.name]: [80, 80],
      [ORGANISATIONS[2]!.name]: [85, 85],
    };
    for (const [name, [plan, team]] of Object.entries(mine)) {
      await sheet.getByLabel(`${name} · 服务方案 得分`).fill(String(plan));
      await sheet.getByLabel(`${name} · 团队与资质 得分`).fill(String(team));
    }
    await sheet.getByRole('button', { name: '提交评分表' }).click();
    await evaluator.getByTestId('sheet-submitted').waitFor();
    await shoot(evaluator, 'evaluation-panel', { fullPage: true });

    const panelView = await ok(tokens.official!, 'GET', `/api/procurement/tenders/${tenderId}/panel`);
    const me = (panelView['evaluators'] as Array<Record<string, unknown>>).find(
      (e) => e['evaluatorId'] === 'demo-evaluator',
    )!;
    expect(me).toMatchObject({ status: 'declared', declaration: { conflictOfInterest: false } });
    expect(me['sheetSubmittedAt']).not.toBeNull();
    const sheets = await ok(tokens.official!, 'GET', `/api/procurement/tenders/${tenderId}/panel/sheets`);
    const submitted = (
      sheets['current'] as Array<{ evaluatorId: string; scores: Array<Record<string, unknown>> }>
    ).find((s) => s.evaluatorId === 'demo-evaluator')!;
    expect(submitted.scores).toHaveLength(6);
    expect(submitted.scores).toContainEqual(
      expect.objectContaining({ subjectId: bidOf(ORGANISATIONS[0]!.name), criterionCode: 'service_plan', score: 30 }),
    );
  });

  test('the official sees every sheet with the outlier flagged and the ranking, awards, and dismisses a complaint', async () => {
    const tenderId = state.tenderId!;
    const page = state.official!;
    await page.reload();
    await page.getByRole('button', { name: /汇总评分并排名$/ }).click();
    const evaluation = page.getByTestId('evaluation');
    await evaluation.waitFor();
    // 105,000: 28.00 + 85 × 0.7 = 87.5 beats 98,000: 30 + 80 × 0.7 = 86 and 110,000: 26.73 + (70 × 0.5 + 90 × 0.2) = 79.73.
    const ranking = page.getByTestId('ranking');
    await expect(ranking.getByRole('row').nth(1).innerText()).resolves.toMatch(
      new RegExp(`^1\\s+${ORGANISATIONS[2]!.name}[\\s\\S]*28\\.00[\\s\\S]*87\\.50\\s*$`),
    );
    await expect(ranking.getByRole('row').nth(3).innerText()).resolves.toMatch(/79\.73\s*$/);
    const sheets = page.getByTestId('sheets');
    await expect(sheets.locator('[data-outlier]').count()).resolves.toBe(1);
    await expect(
      sheets
        .getByRole('row')
        .filter({ has: page.locator('[data-outlier]') })
        .innerText(),
    ).resolves.toMatch(new RegExp(`钱伟[\\s\\S]*${ORGANISATIONS[0]!.name}[\\s\\S]*30 异常`));
    await shoot(page, 'evaluation-ranking', { fullPage: true });

    const award = page.getByTestId('award');
    await award.getByRole('button', { name: /定标$/ }).click();
    await dialog(page, '确认定标？').getByText('7天0小时').waitFor();
    await dialog(page, '确认定标？').getByRole('button', { name: '定标' }).click();
    await award.locator('[data-award-status="pending"]').waitFor();
    const awarded = await ok(tokens.official!, 'GET', `/api/procurement/tenders/${tenderId}`);
    const pending = awarded['award'] as { status: string; organisationName: string; standstillEnd: string };
    expect(awarded['status']).toBe('awarded');
    expect(pending).toMatchObject({ status: 'pending', organisationName: ORGANISATIONS[2]!.name });
    expect(new Date(pending.standstillEnd).getTime() - clock.now().getTime()).toBe(7 * DAY);

    // A losing bidder complains during the standstill period; the official dismisses it with reasons.
    await ok(state.orgs![0]!.token, 'POST', `/api/procurement/tenders/${tenderId}/complaints`, {
      title: '评分异常',
      description: '我方服务方案得分明显偏低，请求复核评分。',
    });
    await page.reload();
    const complaint = page.getByTestId('complaints').getByRole('row').filter({ hasText: '评分异常' });
    await complaint.getByText('待处理').waitFor();
    await complaint.getByRole('button', { name: '驳回' }).click();
    const deciding = dialog(page, '驳回投诉：评分异常');
    await deciding.getByLabel('处理意见').fill('异常评分已标注，按均值计分，不影响排名结果');
    await deciding.getByRole('button', { name: '确定' }).click();
    await complaint.getByText('已驳回').waitFor();
    const complaints = await ok(tokens.official!, 'GET', `/api/procurement/tenders/${tenderId}/complaints`);
    expect(complaints.items![0]).toMatchObject({ status: 'rejected' });

    // The standstill ends: the award takes effect and fulfilment signs the contract.
    clock.set(new Date(new Date(pending.standstillEnd).getTime() + 1000));
    await ok(tokens.official!, 'GET', `/api/procurement/tenders/${tenderId}`);
    await settle();
    const contracts = await ok(tokens.official!, 'GET', `/api/fulfilment/contracts?tenderId=${tenderId}`);
    expect(contracts.items).toHaveLength(1);
    expect(contracts.items![0]).toMatchObject({ valueFen: 105_000_00, disbursedFen: 0 });
    state.contractId = contracts.items![0]!['contractId'] as string;
    await page.reload();
    await page.locator('[data-status="complete"]').waitFor();
    await page.getByTestId('award').locator('[data-award-status="active"]').waitFor();
  });

  test('the official confirms signing; a failed mid-term gate holds its tranche; the funder approves the payable one', async () => {
    const contractId = state.contractId!;
    const page = state.official!;
    await menu(page, '拨付审批');
    const card = (p: Page): Locator => p.locator(`[data-contract-id="${contractId}"]`);
    await card(page).locator('[data-milestone="signing"][data-milestone-status="pending"]').waitFor();
    await card(page)
      .getByRole('button', { name: /确认签订$/ })
      .click();
    await card(page).locator('[data-milestone="signing"][data-milestone-status="accepted"]').waitFor();

    // An evaluator fails the mid-term gate: its tranche is held until a remediation is accepted.
    const contract = await ok(tokens.official!, 'GET', `/api/fulfilment/contracts/${contractId}`);
    const midTerm = (contract['milestones'] as Array<{ milestoneId: string; kind: string }>).find(
      (m) => m.kind === 'mid_term_evaluation',
    )!;
    const gateKeeper = await devToken({ sub: 'ev-2', roles: ['evaluator'] });
    await ok(
      gateKeeper,
      'POST',
      `/api/fulfilment/contracts/${contractId}/milestones/${midTerm.milestoneId}/evaluations`,
      {
        score: 52,
        passed: false,
        summary: '走访频次未达标',
      },
    );

    const funder = await newPage();
    await signIn(funder, 'funder');
    await menu(funder, '拨付审批');
    const mine = card(funder);
    const tranches = mine.getByTestId('tranches');
    const row = (n: number) => tranches.getByRole('row').nth(n);
    await row(1).locator('[data-tranche-state="payable"]').waitFor();
    await row(2).locator('[data-tranche-state="held"]').waitFor();
    await row(3).locator('[data-tranche-state="waiting"]').waitFor();
    await expect(row(1).innerText()).resolves.toMatch(/合同签订\s+30%\s+¥31,500\.00\s+可拨付/);
    await expect(row(2).innerText()).resolves.toMatch(/中期评估\s+40%\s+¥42,000\.00\s+暂停拨付（评估未通过）/);
    await expect(mine.getByText('中期评估：评估未通过').count()).resolves.toBe(1);
    await expect(funder.getByTestId('due-summary').innerText()).resolves.toContain('¥31,500.00');
    // Only the payable tranche can be approved.
    await expect(tranches.getByRole('button', { name: /^批准拨付第/ }).count()).resolves.toBe(1);
    await shoot(funder, 'tranche-approvals', { fullPage: true });
    await tranches.getByRole('button', { name: '批准拨付第1笔' }).click();
    const confirm = dialog(funder, '批准拨付？');
    await confirm.getByText('已拨付 ¥0.00，拨付后累计 ¥31,500.00（合同金额 ¥105,000.00）').waitFor();
    await confirm.getByRole('button', { name: '批准拨付' }).click();
    await row(1).locator('[data-tranche-state="disbursed"]').waitFor();
    await expect(row(1).innerText()).resolves.toContain('demo-funder');
    await expect(mine.innerText()).resolves.toMatch(/已拨付\s*¥31,500\.00[\s\S]*未拨付\s*¥73,500\.00/);

    const paid = await ok(tokens.funder!, 'GET', `/api/fulfilment/contracts/${contractId}`);
    expect(paid['disbursedFen']).toBe(31_500_00);
    const [signing, mid] = paid['tranches'] as Array<{ status: string; approvedBy: string | null }>;
    expect(signing).toMatchObject({ status: 'disbursed', approvedBy: 'demo-funder' });
    expect(mid).toMatchObject({ status: 'scheduled' });
  });

  test('a tender with too few bids fails (流标); the official re-runs it', async () => {
    const need = await logNeed('独居老人需要安装紧急呼叫设备');
    await settle();
    // The clock has moved on: a programme of the fiscal year the new service period starts in.
    // Another funder's (one programme per funder, year and mode), opened by that funder.
    const otherFunder = await devToken({ sub: 'funder-2', roles: ['funder'], funderCode: 'XZ-GL-MZJ-UI2' });
    const programme = await ok(otherFunder, 'POST', '/api/design/programmes', {
      name: '鼓楼区政府购买社会工作服务（重新招标测试）',
      funderCode: 'XZ-GL-MZJ-UI2',
      funderName: '鼓楼区民政局',
      fiscalYear: Number(servicePeriod().start.slice(0, 4)),
      mode: 'government_purchase',
      budgetFen: 500_000_00,
    });
    const projectId = await submittedProject(RERUN_TITLE, [need], programme['programmeId'] as string);
    await ok(tokens.official!, 'POST', `/api/design/projects/${projectId}/approve`);
    const deadline = new Date(clock.now().getTime() + 21 * DAY).toISOString();
    await ok(tokens.official!, 'POST', `/api/design/projects/${projectId}/publish`, { bidDeadline: deadline });
    await settle();
    const first = (await ok(tokens.official!, 'GET', `/api/procurement/tenders?projectId=${projectId}`)).items![0]!;
    const firstId = first['tenderId'] as string;
    // One bid where an open tender needs three.
    await ok(state.orgs![1]!.token, 'POST', `/api/procurement/tenders/${firstId}/bids`, {
      priceFen: 99_000_00,
      proposal: '服务方案：为独居老人安装紧急呼叫设备并定期巡检。',
    });
    clock.set(new Date(new Date(deadline).getTime() + 1000));
    await settle();

    const page = state.official!;
    await page.goto(`${portal.baseUrl}/officials/procurement/tenders/${firstId}`);
    await page.locator('[data-status="unsuccessful"]').waitFor();
    await page.getByText(/^流标（/).waitFor();
    await page.getByRole('button', { name: /重新招标$/ }).click();
    const rerun = dialog(page, '重新招标');
    await rerun.getByRole('button', { name: '确定' }).click();
    await fieldError(page, '请填写理由').waitFor();
    await rerun.getByLabel('理由').fill('仅收到1份投标，不足3家，重新公开招标');
    await rerun.getByRole('button', { name: '确定' }).click();
    await page.waitForURL((url) => url.pathname.includes('/tenders/') && !url.pathname.endsWith(firstId));
    await page.getByText('第2次招标').waitFor();
    await page.locator('[data-status="enquiry"]').waitFor();

    const attempts = (await ok(tokens.official!, 'GET', `/api/procurement/tenders?projectId=${projectId}`)).items!;
    expect(attempts).toHaveLength(2);
    const second = attempts.find((a) => a['attempt'] === 2)!;
    expect(second).toMatchObject({ previousTenderId: firstId, status: 'enquiry' });
    expect(attempts.find((a) => a['attempt'] === 1)).toMatchObject({ status: 'unsuccessful' });
    expect(page.url()).toContain(second['tenderId'] as string);
    // The failed attempt points at its re-run and offers it no more.
    await page.goto(`${portal.baseUrl}/officials/procurement/tenders/${firstId}`);
    await page.getByRole('link', { name: '已重新招标：查看第2次招标' }).waitFor();
    await expect(page.getByRole('button', { name: /重新招标$/ }).count()).resolves.toBe(0);
  });
});
