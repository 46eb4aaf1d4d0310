/**
 * Project design in a real browser: community staff turn a suggestion (clustered open needs)
 * into a project, see the policy linter's findings beside the fields they concern, fix them and
 * submit; a street official returns it with a reason the author then reads. The needs and the
 * funding programme are set up through the APIs with development tokens first.
 */
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeBrowser, launchBrowser, screenshotDir, startPortal, type PortalUnderTest } from '../support/browser';
import { chinaDay, portalApi } from '../support/browser-api';

jest.setTimeout(240_000);

const VIEWPORT = { width: 1440, height: 900 };
const COMMUNITY = 'XZ-GL-HL-01';

/** A China calendar date `days` from now, and one `months` after it. */
describeBrowser('project design in Chromium', () => {
  let portal: PortalUnderTest;
  let browser: Browser;
  let shots: ReturnType<typeof screenshotDir>;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const tokens: Record<'staff' | 'funder', string> = { staff: '', funder: '' };
  const programmeName = `黄楼街道居家养老服务资金（测试 ${Date.now()}）`;
  const start = chinaDay(7);
  const end = chinaDay(7, 6);

  const { call, devToken } = portalApi(() => portal.baseUrl);

  beforeAll(async () => {
    shots = screenshotDir();
    portal = await startPortal();
    browser = await launchBrowser();
    tokens.staff = await devToken({ sub: 'setup-staff-hl', roles: ['community_staff'], communities: [COMMUNITY] });
    tokens.funder = await devToken({ sub: 'setup-funder', roles: ['funder'], funderCode: 'XZ-GL-HL-TEST' });
    // Three older residents' needs in one grid: one suggestion (the default threshold is three).
    for (const description of ['独居老人需要每周上门探访', '高龄老人需要助餐服务', '失能老人需要康复护理指导']) {
      const logged = await call(tokens.staff, 'POST', '/api/intake/needs', {
        channel: 'window',
        category: 'elderly_care',
        attributes: { care_type: 'home_visit' },
        gridCode: `${COMMUNITY}-G01`,
        urgency: 'normal',
        beneficiaryCount: 1,
        beneficiaryGroups: ['elderly'],
        description,
      });
      expect(logged.status).toBe(201);
    }
    const programme = await call(tokens.funder, 'POST', '/api/design/programmes', {
      name: programmeName,
      funderCode: 'XZ-GL-HL-TEST',
      funderName: '黄楼街道办事处',
      fiscalYear: Number(start.slice(0, 4)),
      mode: 'government_purchase',
      budgetFen: 1_000_000_00,
      areaCodes: ['XZ-GL'],
    });
    expect(programme.status).toBe(201);
    // The needs reach design's read model through intake's events.
    await portal.system.host.settle();
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

  async function choose(page: Page, label: string, option: string): Promise<void> {
    await page.getByLabel(label, { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
  }

  /** Replaces a number input's value (Ant Design's InputNumber commits on blur). */
  async function setNumber(page: Page, label: string, value: number): Promise<void> {
    const input = page.getByLabel(label, { exact: true });
    await input.fill(String(value));
    await input.blur();
  }

  const lintPanel = (page: Page) => page.getByTestId('lint-panel');

  let projectId = '';

  test('community staff create a project from a suggestion, fix what the policy linter finds beside the fields, and submit it', async () => {
    const page = await newPage();
    await signIn(page, 'staff.hl');
    await page.getByRole('navigation').getByRole('link', { name: '项目建议' }).click();
    await page.getByRole('heading', { name: '项目建议' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: '养老服务' }).filter({ hasText: '黄楼社区' });
    await expect(row.innerText()).resolves.toMatch(/养老服务[\s\S]*黄楼社区[\s\S]*老年人[\s\S]*3[\s\S]*¥29,000\.00/);
    // The table's loading veil fades out (0.3 s): waited for the picture only.
    await page.locator('.ant-spin-blur').waitFor({ state: 'detached' });
    await page.waitForTimeout(500);
    await shoot(page, 'design-suggestions');

    // Create a draft from it: the title, needs and draft budget come prefilled.
    await row.getByRole('button', { name: '创建项目' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByLabel('项目名称').inputValue()).resolves.toBe('黄楼社区养老服务项目');
    await choose(page, '资金计划', programmeName);
    await dialog.getByRole('button', { name: '创建草稿' }).click();
    await page.waitForURL(/\/design\/projects\/[0-9a-f-]{36}$/);
    projectId = page.url().split('/').pop()!;
    await page.getByRole('heading', { name: '黄楼社区养老服务项目' }).waitFor();

    // The linter's findings, each beside the field it concerns and listed in the panel.
    await expect(page.getByTestId('findings-objectives').innerText()).resolves.toContain('须至少填写一项项目目标');
    await expect(page.getByTestId('findings-kpis').innerText()).resolves.toContain('须至少各有一项产出指标和成效指标');
    await expect(page.getByTestId('findings-servicePeriod').innerText()).resolves.toContain('须填写服务周期');
    await expect(lintPanel(page).innerText()).resolves.toMatch(/发现 4 个问题/);
    await expect(page.getByTestId('budget-total').innerText()).resolves.toContain('¥29,000.00');
    await shoot(page, 'project-editor');

    // Fix them: an objective, an output and an outcome indicator, the service period.
    await page.getByRole('button', { name: '添加 项目目标' }).click();
    await page.getByLabel('目标 1', { exact: true }).fill('每周上门探访独居和失能老人，及时发现并处置风险');
    await page.getByRole('button', { name: '添加 绩效指标' }).click();
    await page.getByRole('button', { name: '添加 绩效指标' }).click();
    for (const [n, name, target, unit, how] of [
      [1, '上门探访人次', 96, '人次', '服务记录统计'],
      [2, '服务对象满意度', 90, '%', '第三方评估问卷'],
    ] as const) {
      await page.getByLabel(`指标名称 ${n}`, { exact: true }).fill(name);
      await setNumber(page, `目标值 ${n}`, target);
      await page.getByLabel(`单位 ${n}`, { exact: true }).fill(unit);
      await page.getByLabel(`测量方式 ${n}`, { exact: true }).fill(how);
    }
    const from = page.getByPlaceholder('开始日期');
    await from.click();
    await from.fill(start);
    await from.press('Enter');
    const to = page.getByPlaceholder('结束日期');
    await to.fill(end);
    await to.press('Enter');
    // And break another rule: a price weight below the policy's floor (5 of 100).
    await setNumber(page, '分值 1', 5);
    await setNumber(page, '分值 3', 45);
    await page.getByText('有未保存的修改').waitFor();
    await page.getByRole('button', { name: '保存草稿' }).click();

    // Saved as a new version and checked again: the one finding left sits beside the weight.
    const weightFinding = page.getByTestId('findings-evaluationCriteria.0.weight');
    await expect(weightFinding.innerText()).resolves.toContain('价格分值低于政策下限');
    await expect(page.getByTestId('findings-objectives').count()).resolves.toBe(0);
    await expect(lintPanel(page).innerText()).resolves.toMatch(
      /发现 1 个问题[\s\S]*价格分值低于政策下限[\s\S]*评审标准/,
    );
    await shoot(page, 'project-editor-finding');

    await setNumber(page, '分值 1', 30);
    await setNumber(page, '分值 3', 20);
    await page.getByRole('button', { name: '提交审批' }).click();
    await page.locator('[data-status="submitted"]').first().waitFor();
    await expect(page.getByRole('button', { name: '提交审批' }).count()).resolves.toBe(0);

    // The server has the submitted project with what was typed, money in fen.
    const project = await call<{
      status: string;
      objectives: string[];
      kpis: Array<{ kind: string; target: number }>;
      servicePeriod: { start: string; end: string };
      budgetFen: number;
      programmeId: string;
      evaluationCriteria: Array<{ code: string; weight: number }>;
      needIds: string[];
    }>(tokens.staff, 'GET', `/api/design/projects/${projectId}`);
    expect(project.body).toMatchObject({
      status: 'submitted',
      objectives: ['每周上门探访独居和失能老人，及时发现并处置风险'],
      servicePeriod: { start, end },
      budgetFen: 29_000_00,
    });
    expect(project.body.kpis.map((k) => [k.kind, k.target])).toEqual([
      ['output', 96],
      ['outcome', 90],
    ]);
    expect(project.body.evaluationCriteria.map((c) => c.weight)).toEqual([30, 50, 20]);
    expect(project.body.needIds).toHaveLength(3);
  });

  test('a street official returns it with a reason; the author reads the reason and the version history', async () => {
    expect(projectId).not.toBe('');
    const official = await newPage();
    await signIn(official, 'street.hl');
    await official.getByRole('navigation').getByRole('link', { name: '服务项目' }).click();
    await official.getByRole('link', { name: '黄楼社区养老服务项目' }).click();
    // Deciders read the project but cannot edit it.
    await official.getByText('当前状态或角色下项目不可编辑。').waitFor();
    await official.getByRole('button', { name: '退回修改' }).click();
    const dialog = official.getByRole('dialog');
    await dialog.getByLabel('退回意见').fill('请补充服务对象的评估方法，并细化人员经费');
    await dialog.getByRole('button', { name: '确定' }).click();
    await official.locator('[data-status="returned"]').first().waitFor();

    const staff = await newPage();
    await signIn(staff, 'staff.hl');
    await staff.goto(`${portal.baseUrl}/design/projects/${projectId}`);
    await expect(staff.getByTestId('returned').innerText()).resolves.toContain(
      '项目被退回：请补充服务对象的评估方法，并细化人员经费',
    );
    // Returned projects are editable again.
    await staff.getByRole('button', { name: '保存草稿' }).waitFor();
    await staff.getByRole('tab', { name: '版本历史' }).click();
    const history = staff.getByTestId('history');
    // The history loads when its tab opens: wait for its first version's row.
    await history.getByRole('row').filter({ hasText: '创建' }).waitFor();
    await expect(history.innerText()).resolves.toMatch(
      /退回[\s\S]*请补充服务对象[\s\S]*提交审批[\s\S]*修改[\s\S]*创建/,
    );

    const project = await call<{ status: string; returnComments: string; version: number }>(
      tokens.staff,
      'GET',
      `/api/design/projects/${projectId}`,
    );
    expect(project.body).toMatchObject({
      status: 'returned',
      returnComments: '请补充服务对象的评估方法，并细化人员经费',
    });
  });
});
