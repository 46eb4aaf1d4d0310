/**
 * The social organisations' screens in Chromium: registration with the USCC checked as typed and
 * the roster of social workers; a sealed bid with its commitment receipt, revised, withdrawn and
 * made again, checked against the commitment published at opening; a contract's gates, tranches
 * and a remediation plan; a social worker's day of service records in one submission; a budget
 * and a month's expense report with its overspend alert. What the screens start from is made
 * through the HTTP APIs with development tokens; the server runs on a manual clock, so the bid
 * deadline and the standstill pass when the test says so.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ManualClock } from '@sanshe/platform';
import { describeBrowser, launchBrowser, screenshotDir, startPortal, type PortalUnderTest } from '../support/browser';
import { portalApi } from '../support/browser-api';

jest.setTimeout(240_000);

const VIEWPORT = { width: 1366, height: 900 };
const GRID = 'XZ-GL-HL-01-G01';
const DAY = 86_400_000;
const OURS = { uscc: '52320300MJ1234567U', name: '鼓楼区彭城社工服务中心' };
const RIVALS = [
  { uscc: '52320300MJ7654321Q', name: '鼓楼区阳光社会工作服务社', price: 98_000_00 },
  { uscc: '51320300MJ0000001A', name: '徐州市志愿服务协会', price: 110_000_00 },
];
const TITLE = '黄楼社区居家养老服务项目（社会组织投标）';

describeBrowser('the social organisations’ screens in Chromium', () => {
  // Starts at the real time, so the browser and the server agree on "now" until the test moves it.
  const clock = new ManualClock(new Date());
  let portal: PortalUnderTest;
  let browser: Browser;
  let shots: ReturnType<typeof screenshotDir>;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const tokens: Record<string, string> = {};
  // What one step leaves for the next.
  const state: {
    organisationId?: string;
    orgToken?: string;
    tenderId?: string;
    deadline?: string;
    commitment?: string;
    rivals?: Array<{ organisationId: string; token: string }>;
    contractId?: string;
    needIds?: string[];
    orgPage?: Page;
  } = {};

  const { call, ok, devToken } = portalApi(() => portal.baseUrl);

  const settle = () => portal.system.host.settle();
  /** Moves the server's clock just past a moment and lets the jobs and events it made due run. */
  async function pass(moment: string): Promise<void> {
    clock.set(new Date(new Date(moment).getTime() + 1000));
    await settle();
  }

  beforeAll(async () => {
    shots = screenshotDir();
    portal = await startPortal({ clock });
    browser = await launchBrowser();
    tokens.staff = await devToken({
      sub: 'staff-1',
      name: '王芳',
      roles: ['community_staff'],
      communities: ['XZ-GL-HL-01'],
    });
    tokens.official = await devToken({ sub: 'official-1', roles: ['official'] });
    tokens.funder = await devToken({ sub: 'funder-1', roles: ['funder'], funderCode: 'XZ-GL-MZJ-ORG' });
    tokens.evaluator = await devToken({ sub: 'evaluator-1', roles: ['evaluator'] });
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
    const context = await browser.newContext({
      viewport: VIEWPORT,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      acceptDownloads: true,
    });
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

  /** Signs in on the login page with an access token (an account linked to an organisation). */
  async function signInWithToken(page: Page, token: string): Promise<void> {
    await page.goto(`${portal.baseUrl}/login`);
    await page.getByRole('button', { name: '使用访问令牌登录' }).click();
    await page.getByLabel('使用访问令牌登录').fill(token);
    await page.locator('.ant-collapse-content').getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: /^您好，/ }).waitFor();
  }

  const menu = (page: Page, name: string) =>
    page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
  const fieldError = (page: Page, text: string) =>
    page.locator('.ant-form-item-explain-error').filter({ hasText: text });

  /** Picks an option (by its exact title) of an Ant Design select opened from its labelled combobox. */
  async function choose(page: Page, label: string, option: string, options: { many?: boolean } = {}): Promise<void> {
    // A select named by aria-label carries it on its wrapper and its input; the chosen value covers the input.
    await page.getByLabel(label, { exact: true }).first().click({ force: true });
    await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`).click();
    // A multiple select stays open for more; closing it keeps its menu from taking the next clicks.
    if (options.many) await page.keyboard.press('Escape');
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
  }

  /** A six-month service period starting a week from the server's today. */
  function servicePeriod(): { start: string; end: string } {
    const start = new Date(clock.now().getTime() + 7 * DAY + 8 * 3_600_000);
    const end = new Date(start);
    end.setUTCMonth(end.getUTCMonth() + 6);
    return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
  }

  test('an official registers an organisation: the USCC is checked as typed, the roster goes with it; an unlinked organisation user is offered registration', async () => {
    const page = await newPage();
    await signIn(page, 'official');
    await menu(page, '登记社会组织');
    await page.getByRole('heading', { name: '登记社会组织' }).waitFor();

    await page.getByLabel('机构名称').fill(OURS.name);
    // The check character is computed in the browser with the rule procurement applies.
    const uscc = page.getByLabel('统一社会信用代码');
    await uscc.fill('52320300mj1234567a');
    await fieldError(page, '校验码不符：第18位应为“U”，而非“A”').waitFor();
    // A valid code of another registering authority is not a social organisation's.
    await uscc.fill('12320300MJ12345670');
    await fieldError(page, '不是民政登记的社会组织代码').waitFor();
    await uscc.fill(OURS.uscc.toLowerCase());
    await page.getByText('校验通过：民办非企业单位').waitFor();
    await expect(uscc.inputValue()).resolves.toBe(OURS.uscc);
    await page.getByLabel('法定代表人').fill('张伟');
    await page.getByLabel('登记日期').fill('2019-05-20');
    await page.getByLabel('登记日期').press('Enter');
    await choose(page, '服务类别', '养老服务', { many: true });
    await choose(page, '服务区域', '黄楼街道（XZ-GL-HL）', { many: true });
    await page.getByLabel('专职人员数').fill('12');

    const workers = [
      { id: 'sw-liu', name: '刘洋', level: '社会工作师', number: 'SW2020-0001', generalist: true },
      { id: 'sw-chen', name: '陈静', level: '助理社会工作师', number: 'SW2022-0002', generalist: false },
      { id: 'sw-zhou', name: '周磊', level: '无证书', number: '', generalist: false },
    ];
    for (const [i, w] of workers.entries()) {
      const row = `第${i + 1}行`;
      await page.getByRole('button', { name: '添加社工' }).click();
      await page.getByLabel(`账号或工号 ${row}`).fill(w.id);
      await page.getByLabel(`姓名 ${row}`).fill(w.name);
      await choose(page, `证书等级 ${row}`, w.level);
      if (w.number) await page.getByLabel(`证书编号 ${row}`).fill(w.number);
      if (w.generalist) await page.getByLabel(`全科社工 ${row}`).check();
    }
    await choose(page, '驻点社区 第1行', '黄楼社区（XZ-GL-HL-01）', { many: true });
    // A certified worker without the certificate number is stopped before anything is sent.
    await page.getByLabel('证书编号 第2行').fill('');
    await page.getByRole('button', { name: /提交登记$/ }).click();
    await fieldError(page, '持证社工须填写证书编号').waitFor();
    await page.getByLabel('证书编号 第2行').fill('SW2022-0002');
    await page.getByRole('button', { name: /提交登记$/ }).click();

    await page.getByText(`已登记：${OURS.name}`).waitFor();
    const registered = page.getByTestId('registered');
    await expect(registered.innerText()).resolves.toMatch(/52320300MJ1234567U[\s\S]*待核验[\s\S]*3 名，持证 66%/);

    const list = await ok(tokens.official!, 'GET', '/api/procurement/organisations');
    const organisation = list.items!.find((o) => o['uscc'] === OURS.uscc)!;
    expect(organisation).toMatchObject({
      name: OURS.name,
      kind: 'private_non_enterprise_unit',
      legalRepresentative: '张伟',
      registeredOn: '2019-05-20',
      categories: ['elderly_care'],
      serviceAreaCodes: ['XZ-GL-HL'],
      capacity: { staffCount: 12, maxConcurrentProjects: 1 },
      status: 'registered',
      socialWorkers: { total: 3, certified: 2, certifiedPercent: 66 },
    });
    expect(organisation['workers']).toEqual([
      {
        workerId: 'sw-liu',
        name: '刘洋',
        certificateLevel: 'intermediate',
        certificateNumber: 'SW2020-0001',
        generalist: true,
        communityCodes: ['XZ-GL-HL-01'],
      },
      {
        workerId: 'sw-chen',
        name: '陈静',
        certificateLevel: 'assistant',
        certificateNumber: 'SW2022-0002',
        generalist: false,
        communityCodes: [],
      },
      {
        workerId: 'sw-zhou',
        name: '周磊',
        certificateLevel: 'none',
        certificateNumber: null,
        generalist: false,
        communityCodes: [],
      },
    ]);
    state.organisationId = organisation['organisationId'] as string;

    // The official opens the entry: the roster with the generalist and the station.
    await page.getByRole('button', { name: '查看机构' }).click();
    await page.getByRole('heading', { name: OURS.name }).waitFor();
    await page.getByRole('row').filter({ hasText: '刘洋' }).getByText('全科').waitFor();
    await page.getByRole('row').filter({ hasText: '刘洋' }).getByText('黄楼社区').waitFor();

    // An organisation user without an organisation is told so and offered the registration form.
    const unlinked = await newPage();
    await signIn(unlinked, 'org.user');
    await menu(unlinked, '我的机构');
    await unlinked.getByRole('heading', { name: '登记本机构' }).waitFor();
    await unlinked.getByText('您的账号尚未关联社会组织').waitFor();
    await unlinked.getByLabel('统一社会信用代码').waitFor();
  });

  test('the organisation bids in the UI: a sealed bid, its receipt kept and downloaded, revised, withdrawn and made again; an anonymous enquiry', async () => {
    const organisationId = state.organisationId!;
    await ok(tokens.official!, 'POST', `/api/procurement/organisations/${organisationId}/verify`, {});

    // A published project opens a tender (design → procurement), with two rival bidders.
    const needIds: string[] = [];
    for (const description of ['独居老人需要每周上门探访', '失能老人需要康复护理指导']) {
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
      needIds.push(need['needId'] as string);
    }
    await settle();
    const period = servicePeriod();
    const programme = await ok(tokens.funder!, 'POST', '/api/design/programmes', {
      name: '鼓楼区政府购买社会工作服务（社会组织测试）',
      funderCode: 'XZ-GL-MZJ-ORG',
      funderName: '鼓楼区民政局',
      fiscalYear: Number(period.start.slice(0, 4)),
      mode: 'government_purchase',
      budgetFen: 500_000_00,
    });
    const project = await ok(tokens.staff!, 'POST', '/api/design/projects', {
      title: TITLE,
      category: 'elderly_care',
      needIds,
      objectives: ['每周上门探访独居和失能老人，及时发现并处置风险'],
      kpis: [
        { kind: 'output', name: '上门探访人次', target: 96, unit: '人次', measurement: '服务记录统计' },
        { kind: 'outcome', name: '服务对象满意度', target: 90, unit: '%', measurement: '第三方评估问卷' },
      ],
      servicePeriod: period,
      budgetLines: [
        { kind: 'personnel', description: '持证社工薪酬', amountFen: 80_000_00 },
        { kind: 'activities', description: '探访与康复指导', amountFen: 25_000_00 },
        { kind: 'materials', description: '血压计、康复辅具', amountFen: 10_000_00 },
        { kind: 'administration', description: '项目管理', amountFen: 5_000_00 },
      ],
      fundingMode: 'government_purchase',
      programmeId: programme['programmeId'],
      procurementMethod: 'open_tender',
      eligibility: {
        organisationKinds: ['social_association', 'private_non_enterprise_unit'],
        serviceAreaCodes: [],
        minCertifiedSocialWorkerPercent: 50,
      },
      evaluationCriteria: [
        { code: 'price', name: '报价', kind: 'price', weight: 30 },
        { code: 'service_plan', name: '服务方案', kind: 'technical', weight: 50 },
        { code: 'team', name: '团队与资质', kind: 'qualification', weight: 20 },
      ],
    });
    const projectId = project['projectId'] as string;
    await ok(tokens.staff!, 'POST', `/api/design/projects/${projectId}/submit`);
    await ok(tokens.official!, 'POST', `/api/design/projects/${projectId}/approve`);
    await ok(tokens.official!, 'POST', `/api/design/projects/${projectId}/publish`, {
      bidDeadline: new Date(clock.now().getTime() + 30 * DAY).toISOString(),
    });
    await settle();
    const tenders = await ok(tokens.official!, 'GET', `/api/procurement/tenders?projectId=${projectId}`);
    const tender = tenders.items![0]!;
    state.tenderId = tender['tenderId'] as string;
    state.deadline = tender['deadline'] as string;
    state.rivals = [];
    for (const rival of RIVALS) {
      const org = await ok(tokens.official!, 'POST', '/api/procurement/organisations', {
        uscc: rival.uscc,
        name: rival.name,
        legalRepresentative: '李强',
        registeredOn: '2018-03-01',
        categories: ['elderly_care'],
      });
      const rivalId = org['organisationId'] as string;
      await ok(tokens.official!, 'POST', `/api/procurement/organisations/${rivalId}/verify`, {});
      await ok(tokens.official!, 'PUT', `/api/procurement/organisations/${rivalId}/social-workers`, {
        workers: [{ workerId: `${rivalId}-1`, name: '王磊', certificateLevel: 'senior', certificateNumber: 'SW-1' }],
      });
      const token = await devToken({ sub: `org-user-${rivalId}`, roles: ['org_user'], organisationId: rivalId });
      await ok(token, 'POST', `/api/procurement/tenders/${state.tenderId}/bids`, {
        priceFen: rival.price,
        proposal: `${rival.name}服务方案：每周上门一次。`,
      });
      state.rivals.push({ organisationId: rivalId, token });
    }

    state.orgToken = await devToken({ sub: 'org-user-ours', name: '孙丽', roles: ['org_user'], organisationId });
    const page = await newPage();
    state.orgPage = page;
    await signInWithToken(page, state.orgToken);
    await menu(page, '项目机会');
    const row = page.getByRole('row').filter({ hasText: TITLE });
    await row.waitFor();
    await expect(row.innerText()).resolves.toMatch(
      /公开招标[\s\S]*¥120,000\.00[\s\S]*澄清期[\s\S]*符合资格 · 匹配 2 项/,
    );
    await row.getByRole('link', { name: TITLE }).click();
    await page.getByRole('heading', { name: TITLE }).waitFor();
    await expect(page.getByTestId('eligibility').innerText()).resolves.toMatch(
      /机构已核验[\s\S]*组织类型符合[\s\S]*持证社工 66%，不低于 50%/,
    );

    // The sealed bid: price in yuan, sent in fen; the receipt is the commitment.
    await page.getByLabel('报价（元）').fill('108000');
    await page.getByLabel('技术方案').fill('每周上门探访两次，配备持证社工；建立健康档案，按月回访。');
    await page.getByRole('button', { name: /密封提交$/ }).click();
    const receipt = page.getByTestId('bid-receipt');
    await receipt.getByText('已投标（第1版）').waitFor();
    const first = (await page.getByTestId('commitment').innerText()).trim();
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    const bidId = (await page.getByTestId('bid-id').innerText()).trim();
    const stored = await ok(state.orgToken, 'GET', `/api/procurement/tenders/${state.tenderId}/bids/${bidId}`);
    expect(stored).toMatchObject({ organisationId, status: 'submitted', revision: 1, commitment: first });

    // The receipt downloads as a file the organisation can keep.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载回执' }).click(),
    ]);
    const file = JSON.parse(readFileSync((await download.path())!, 'utf8')) as Record<string, unknown>;
    expect(file).toMatchObject({ tenderId: state.tenderId, bidId, commitment: first, revision: 1 });

    // Revise: a new commitment; the history keeps the first.
    await page.getByRole('button', { name: /修改投标$/ }).click();
    await page.getByLabel('报价（元）').fill('106000');
    await page.getByLabel('技术方案').fill('每周上门探访两次，配备持证社工；增加康复指导，按月回访。');
    await page.getByRole('button', { name: /提交修改$/ }).click();
    await receipt.getByText('已投标（第2版）').waitFor();
    const second = (await page.getByTestId('commitment').innerText()).trim();
    expect(second).not.toBe(first);
    await expect(page.getByRole('table', { name: '承诺值历史' }).getByRole('row').count()).resolves.toBe(3);

    // Withdraw before the deadline, then bid again.
    await page.getByRole('button', { name: /撤回投标$/ }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '确定' }).click();
    await receipt.getByText('已撤回').waitFor();
    const withdrawn = await ok(state.orgToken, 'GET', `/api/procurement/tenders/${state.tenderId}/bids/${bidId}`);
    expect(withdrawn['status']).toBe('withdrawn');
    await page.getByRole('button', { name: /重新投标$/ }).click();
    await page.getByLabel('报价（元）').fill('105000');
    await page.getByLabel('技术方案').fill('每周上门探访两次，配备持证社工；增加康复指导和助餐，按月回访。');
    await page.getByRole('button', { name: /提交修改$/ }).click();
    await receipt.getByText('已投标（第3版）').waitFor();
    state.commitment = (await page.getByTestId('commitment').innerText()).trim();
    const final = await ok(state.orgToken, 'GET', `/api/procurement/tenders/${state.tenderId}/bids/${bidId}`);
    expect(final).toMatchObject({ status: 'submitted', revision: 3, commitment: state.commitment });
    expect((final['commitmentHistory'] as Array<{ commitment: string }>).map((h) => h.commitment)).toEqual([
      first,
      second,
      state.commitment,
    ]);
    await page.getByTestId('bid-receipt').evaluate((el) => el.closest('.ant-card')?.scrollIntoView());
    await shoot(page, 'org-bid-receipt');

    // An enquiry, published without naming who asked.
    await page.getByLabel('提问', { exact: true }).fill('服务对象中失能老人的人数是否已确定？');
    await page.getByRole('button', { name: /提交提问$/ }).click();
    await page
      .getByRole('listitem')
      .filter({ hasText: '服务对象中失能老人的人数是否已确定？' })
      .getByText('本机构提问')
      .waitFor();
    // Other bidders see it once answered, and never who asked.
    const enquiries = `/api/procurement/tenders/${state.tenderId}/enquiries`;
    expect((await ok(state.rivals[0]!.token, 'GET', enquiries)).items).toEqual([]);
    const asked = (await ok(tokens.official!, 'GET', enquiries)).items![0]!;
    await ok(tokens.official!, 'POST', `${enquiries}/${String(asked['enquiryId'])}/answer`, {
      answer: '已确定，共12位失能老人。',
    });
    expect((await ok(state.rivals[0]!.token, 'GET', enquiries)).items).toEqual([
      expect.objectContaining({ question: '服务对象中失能老人的人数是否已确定？', mine: false }),
    ]);
    await page.reload();
    await page.getByText('答复：已确定，共12位失能老人。').waitFor();

    // My bids lists the organisation's bids from procurement, named by their tender.
    await menu(page, '我的投标');
    await page.getByRole('row').filter({ hasText: TITLE }).getByText('已投标（第3版）').waitFor();
  });

  test('after the deadline the published commitment matches the receipt; after the award the contract shows gates, tranches and takes a remediation plan', async () => {
    const page = state.orgPage!;
    const tenderId = state.tenderId!;
    await pass(state.deadline!);
    await page.goto(`${portal.baseUrl}/org/tenders/${tenderId}`);
    await page.getByText('已开标', { exact: true }).waitFor();
    await expect(page.getByTestId('commitment-check').innerText()).resolves.toMatch(
      new RegExp(`开标公布的承诺值与您的回执一致[\\s\\S]*${state.commitment!}`),
    );
    const published = await call(null, 'GET', `/api/procurement/tenders/${tenderId}/commitments`);
    expect(published.body.items).toContainEqual(
      expect.objectContaining({ organisationId: state.organisationId, commitment: state.commitment }),
    );

    // Qualification, a panel of three, scores that put this organisation first, the award and its standstill.
    const opened = await ok(tokens.official!, 'GET', `/api/procurement/tenders/${tenderId}/bids`);
    const bids = opened.items! as Array<{ bidId: string; organisationId: string }>;
    await ok(tokens.official!, 'POST', `/api/procurement/tenders/${tenderId}/qualification`, {
      decisions: bids.map((b) => ({ bidId: b.bidId, qualified: true })),
    });
    const evaluators = ['evaluator-1', 'evaluator-2', 'evaluator-3'];
    await ok(tokens.official!, 'PUT', `/api/procurement/tenders/${tenderId}/panel`, {
      evaluators: evaluators.map((sub, i) => ({ evaluatorId: sub, name: `评审专家${i + 1}` })),
    });
    for (const sub of evaluators) {
      const token = await devToken({ sub, roles: ['evaluator'] });
      await ok(token, 'POST', `/api/procurement/tenders/${tenderId}/panel/declaration`, {
        conflictOfInterest: false,
        statement: '与投标人无利害关系',
      });
      await ok(token, 'PUT', `/api/procurement/tenders/${tenderId}/panel/scores`, {
        scores: bids.flatMap((b) =>
          ['service_plan', 'team'].map((criterionCode) => ({
            subjectId: b.bidId,
            criterionCode,
            score: b.organisationId === state.organisationId ? 92 : 80,
          })),
        ),
      });
    }
    await ok(tokens.official!, 'POST', `/api/procurement/tenders/${tenderId}/evaluation`);
    const awarded = await ok(tokens.official!, 'POST', `/api/procurement/tenders/${tenderId}/award`, {});
    const award = awarded['award'] as { organisationId: string; standstillEnd: string };
    expect(award.organisationId).toBe(state.organisationId);
    await page.reload();
    await page.getByTestId('award').getByText(`拟中标：${OURS.name}，¥105,000.00`).waitFor();
    await pass(award.standstillEnd);

    const contracts = await ok(tokens.official!, 'GET', `/api/fulfilment/contracts?tenderId=${tenderId}`);
    const contract = contracts.items![0]! as {
      contractId: string;
      needIds: string[];
      milestones: Array<{ milestoneId: string; kind: string }>;
      tranches: Array<{ trancheId: string; milestone: string }>;
    };
    state.contractId = contract.contractId;
    state.needIds = contract.needIds;
    // Signing accepted and paid; the mid-term evaluation fails, holding its tranche.
    const gate = (kind: string) => contract.milestones.find((m) => m.kind === kind)!.milestoneId;
    const tranche = (kind: string) => contract.tranches.find((x) => x.milestone === kind)!.trancheId;
    const base = `/api/fulfilment/contracts/${contract.contractId}`;
    await ok(tokens.official!, 'POST', `${base}/milestones/${gate('signing')}/accept`);
    await ok(tokens.funder!, 'POST', `${base}/tranches/${tranche('signing')}/disburse`);
    await ok(tokens.evaluator!, 'POST', `${base}/milestones/${gate('mid_term_evaluation')}/evaluations`, {
      score: 55,
      passed: false,
      summary: '走访频次未达标',
    });

    await menu(page, '合同履约');
    const row = page.getByRole('row').filter({ hasText: TITLE });
    await expect(row.innerText()).resolves.toMatch(/养老服务|elderly_care/);
    await expect(row.innerText()).resolves.toMatch(/¥105,000\.00[\s\S]*已完成 0\/2[\s\S]*履行中/);
    await row.getByRole('link', { name: TITLE }).click();
    await page.getByRole('heading', { name: TITLE }).waitFor();
    const states = await page
      .locator('[data-tranche-state]')
      .evaluateAll((tags) => tags.map((t) => t.getAttribute('data-tranche-state')));
    expect(states).toEqual(['paid', 'held', 'waiting']);
    await page.getByText('未通过 55分').waitFor();

    await page.getByRole('button', { name: /提交整改方案$/ }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '提交整改方案：中期评估' });
    await dialog.getByLabel('整改方案').fill('每周增加一次入户走访，补录服务台账');
    await dialog.getByRole('button', { name: /提交$/ }).click();
    await page.getByText('待确认', { exact: true }).waitFor();
    const remediated = await ok(state.orgToken!, 'GET', base);
    expect(remediated['remediations']).toEqual([
      expect.objectContaining({ plan: '每周增加一次入户走访，补录服务台账', status: 'submitted' }),
    ]);
  });

  test('a social worker logs a day’s records for two needs in one go: every line is checked before any is stored', async () => {
    const contractId = state.contractId!;
    const [firstNeed, secondNeed] = state.needIds!;
    const code = await ok(
      tokens.official!,
      'GET',
      `/api/fulfilment/contracts/${contractId}/needs/${firstNeed}/resident-code`,
    );
    const worker = await devToken({
      sub: 'worker-ours',
      name: '周强',
      roles: ['social_worker'],
      organisationId: state.organisationId,
    });
    const page = await newPage();
    await signInWithToken(page, worker);
    await menu(page, '服务记录');
    await choose(page, '合同', TITLE);
    await page.getByRole('button', { name: /提交当天记录$/ }).waitFor();

    await choose(page, '服务需求 第1行', `需求1（…${firstNeed!.slice(-6)}）`);
    await page.getByLabel('时长（小时） 第1行').fill('2');
    await page.getByLabel('服务地点 第1行').fill('黄楼社区3号楼');
    await page.getByLabel('备注 第1行').fill('测量血压，陪同聊天');
    await page.getByLabel('完成服务 第1行').check();
    await page.getByLabel('居民确认码 第1行').fill(String(code['code']).toLowerCase());
    await page.getByRole('button', { name: '添加一行' }).click();
    await choose(page, '服务需求 第2行', `需求2（…${secondNeed!.slice(-6)}）`);
    await page.getByLabel('时长（小时） 第2行').fill('1.5');
    await choose(page, '服务类型 第2行', '康复指导');
    await page.getByLabel('服务地点 第2行').fill('黄楼社区5号楼');
    await page.getByLabel('备注 第2行').fill('指导下肢康复训练');
    // A code the resident did not give: the server refuses the day, naming the line.
    await page.getByLabel('居民确认码 第2行').fill('ZZZZZ9');
    await page.getByRole('button', { name: /提交当天记录$/ }).click();
    const problems = page.getByTestId('day-problems');
    await problems.getByText('第2行·居民确认码：居民确认码不符').waitFor();
    await fieldError(page, '居民确认码不符').waitFor();
    const none = await ok(worker, 'GET', `/api/fulfilment/contracts/${contractId}/service-records`);
    expect(none.items).toEqual([]);

    await page.getByLabel('居民确认码 第2行').fill('');
    await fieldError(page, '居民确认码不符').waitFor({ state: 'detached' });
    await shoot(page, 'org-service-day');
    await page.getByRole('button', { name: /提交当天记录$/ }).click();
    const list = page.getByTestId('records');
    await list.getByRole('row').filter({ hasText: '黄楼社区3号楼' }).getByText('居民已确认').waitFor();
    await list.getByRole('row').filter({ hasText: '黄楼社区5号楼' }).getByText('未确认').waitFor();
    await expect(list.getByRole('row').filter({ hasText: '黄楼社区5号楼' }).innerText()).resolves.toMatch(
      /需求2[\s\S]*1\.5[\s\S]*康复指导/,
    );

    const records = await ok(worker, 'GET', `/api/fulfilment/contracts/${contractId}/service-records`);
    expect(records.items).toHaveLength(2);
    expect(records.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          needId: firstNeed,
          hours: 2,
          serviceType: 'home_visit',
          completesNeed: true,
          confirmed: true,
        }),
        expect.objectContaining({ needId: secondNeed, hours: 1.5, serviceType: 'rehabilitation', confirmed: false }),
      ]),
    );
    // The unconfirmed ones, as the organisation follows them up.
    await choose(page, '确认状态', '未确认');
    await expect(list.locator('tbody tr.ant-table-row').count()).resolves.toBe(1);
  });

  test('the organisation sets its budget and reports a month’s expenses with vouchers; an overspent line raises an alert', async () => {
    const contractId = state.contractId!;
    const page = state.orgPage!;
    await page.goto(`${portal.baseUrl}/org/contracts/${contractId}`);
    await page.locator('.ant-card').getByRole('link', { name: '经费报告' }).click();
    await page.getByText('报告支出前，请先按合同金额设置预算科目').waitFor();
    await page.getByLabel('预算 第1行').fill('80000');
    await page.getByLabel('预算 第2行').fill('25000');
    await page.getByText('合计 ¥105,000.00，合同金额 ¥105,000.00').waitFor();
    await page.getByRole('button', { name: /保存预算$/ }).click();
    const lines = page.getByTestId('budget-lines');
    await lines.getByRole('row').filter({ hasText: '人员经费' }).waitFor();

    await choose(page, '预算科目 第1行', '人员经费（personnel）');
    await page.getByLabel('支出金额 第1行').fill('6000');
    for (const voucher of ['FP-2026-001', 'FP-2026-002']) {
      await page.getByRole('combobox', { name: '凭证号 第1行' }).fill(voucher);
      await page.getByRole('combobox', { name: '凭证号 第1行' }).press('Enter');
    }
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: '添加支出' }).click();
    await choose(page, '预算科目 第2行', '活动经费（activities）');
    await page.getByLabel('支出金额 第2行').fill('30000');
    await page.getByRole('combobox', { name: '凭证号 第2行' }).fill('SJ-0001');
    await page.getByRole('combobox', { name: '凭证号 第2行' }).press('Enter');
    await page.keyboard.press('Escape');
    await page.getByLabel('说明').fill('首月支出');
    await page.getByRole('button', { name: /提交支出报告$/ }).click();

    await page.getByTestId('expense-alerts').getByText('超支预警：活动经费 超出预算允许的偏差').waitFor();
    await lines.getByRole('row').filter({ hasText: '活动经费' }).getByText('超支').waitFor();
    await expect(lines.getByRole('row').filter({ hasText: '活动经费' }).innerText()).resolves.toMatch(
      /¥25,000\.00[\s\S]*¥30,000\.00[\s\S]*\+20\.0%/,
    );
    await page.getByTestId('expense-reports').getByText('FP-2026-001、FP-2026-002', { exact: false }).waitFor();
    const budget = await ok(state.orgToken!, 'GET', `/api/fulfilment/contracts/${contractId}/budget`);
    expect(budget['lines']).toEqual([
      expect.objectContaining({ code: 'personnel', amountFen: 80_000_00, spentFen: 6_000_00, overspent: false }),
      expect.objectContaining({ code: 'activities', amountFen: 25_000_00, spentFen: 30_000_00, overspent: true }),
    ]);
    expect(budget['reports']).toEqual([
      expect.objectContaining({
        totalFen: 36_000_00,
        note: '首月支出',
        alerts: ['activities'],
        lines: [
          { code: 'personnel', amountFen: 6_000_00, vouchers: ['FP-2026-001', 'FP-2026-002'] },
          { code: 'activities', amountFen: 30_000_00, vouchers: ['SJ-0001'] },
        ],
      }),
    ]);
  });
});
