/**
 * The funders' dashboards in a real browser. Set up through the APIs (development tokens): a
 * programme, a project approved and published against it, the award procurement would publish
 * (put on the embedded bus, as procurement's own tests of fulfilment do), a disbursed tranche,
 * service records and an expense report; then the funder reads the figures in yuan, drills down
 * district → street → community and downloads the CSV; an official reads the policy indicators.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TenderAwarded } from '@sanshe/contracts';
import { createEvent, newId } from '@sanshe/platform';
import { describeBrowser, launchBrowser, screenshotDir, startPortal, type PortalUnderTest } from '../support/browser';
import { chinaDay, DEMO_FUNDER_CODE, portalApi } from '../support/browser-api';

jest.setTimeout(240_000);

const VIEWPORT = { width: 1440, height: 900 };
const COMMUNITY = 'XZ-GL-HL-01';

interface Contract {
  contractId: string;
  milestones: Array<{ milestoneId: string; kind: string }>;
  tranches: Array<{ trancheId: string; milestone: string; amountFen: number }>;
}

describeBrowser("funders' dashboards in Chromium", () => {
  let portal: PortalUnderTest;
  let browser: Browser;
  let shots: ReturnType<typeof screenshotDir>;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const programmeName = `鼓楼区居家养老购买服务（测试 ${Date.now()}）`;
  let programmeId = '';
  let funderToken = '';

  const { ok, devToken } = portalApi(() => portal.baseUrl);

  /** Everything the dashboard will show, made the way the services make it. */
  async function setUp(): Promise<void> {
    const organisationId = newId();
    const staff = await devToken({ sub: 'setup-staff', roles: ['community_staff'], communities: [COMMUNITY] });
    const official = await devToken({ sub: 'setup-official', roles: ['official'] });
    const worker = await devToken({ sub: 'setup-worker', roles: ['social_worker'], organisationId });
    const orgUser = await devToken({ sub: 'setup-org-user', roles: ['org_user'], organisationId });
    // The demo funder reads this programme in the portal, so it is that funder's.
    funderToken = await devToken({ sub: 'setup-funder', roles: ['funder'], funderCode: DEMO_FUNDER_CODE });
    const start = chinaDay(7);

    const needIds: string[] = [];
    for (const description of ['独居老人需要每周上门探访', '高龄老人需要助餐服务']) {
      const need = await ok<{ needId: string }>(staff, 'POST', '/api/intake/needs', {
        channel: 'window',
        category: 'elderly_care',
        attributes: { care_type: 'home_visit' },
        gridCode: `${COMMUNITY}-G01`,
        urgency: 'normal',
        beneficiaryCount: 1,
        beneficiaryGroups: ['elderly'],
        description,
      });
      needIds.push(need.needId);
    }
    await portal.system.host.settle();
    programmeId = (
      await ok<{ programmeId: string }>(funderToken, 'POST', '/api/design/programmes', {
        name: programmeName,
        funderCode: DEMO_FUNDER_CODE,
        funderName: '鼓楼区民政局',
        fiscalYear: Number(start.slice(0, 4)),
        mode: 'government_purchase',
        budgetFen: 500_000_00,
      })
    ).programmeId;
    const project = await ok<{ projectId: string }>(staff, 'POST', '/api/design/projects', {
      title: '黄楼社区居家养老服务项目',
      category: 'elderly_care',
      needIds,
      objectives: ['每周上门探访独居和失能老人'],
      kpis: [
        { kind: 'output', name: '上门探访人次', target: 96, unit: '人次', measurement: '服务记录统计' },
        { kind: 'outcome', name: '服务对象满意度', target: 90, unit: '%', measurement: '第三方评估问卷' },
      ],
      servicePeriod: { start, end: chinaDay(7, 6) },
      budgetLines: [
        { kind: 'personnel', description: '持证社工薪酬', amountFen: 80_000_00 },
        { kind: 'activities', description: '探访与康复指导', amountFen: 20_000_00 },
      ],
      fundingMode: 'government_purchase',
      programmeId,
      evaluationCriteria: [
        { code: 'price', name: '报价', kind: 'price', weight: 30 },
        { code: 'service_plan', name: '服务方案', kind: 'technical', weight: 70 },
      ],
    });
    const projectId = project.projectId;
    await ok(staff, 'POST', `/api/design/projects/${projectId}/submit`, {});
    await ok(official, 'POST', `/api/design/projects/${projectId}/approve`, {});
    await ok(official, 'POST', `/api/design/projects/${projectId}/publish`, {});
    await portal.system.host.settle();

    // The award that ends procurement's tender (its bids, panel and standstill are procurement's tests).
    const tenderId = newId();
    await portal.system.host.bus.publish([
      createEvent(TenderAwarded, {
        source: '/sanshe/procurement',
        subject: tenderId,
        now: new Date(),
        cause: { correlationId: `funders-${tenderId}`, causationId: null },
        data: {
          tenderId,
          projectId,
          awardId: newId(),
          title: '黄楼社区居家养老服务项目',
          category: 'elderly_care',
          needIds,
          organisationId,
          organisationName: '鼓楼区乐龄社工服务中心',
          amountFen: 100_000_00,
          fundingMode: 'government_purchase',
          tranches: [
            { percent: 30, milestone: 'signing' },
            { percent: 40, milestone: 'mid_term_evaluation' },
            { percent: 30, milestone: 'final_acceptance' },
          ],
          awardedAt: new Date().toISOString(),
        },
      }),
    ]);
    await portal.system.host.settle();
    const contract = (
      await ok<{ items: Contract[] }>(official, 'GET', `/api/fulfilment/contracts?projectId=${projectId}`)
    ).items[0]!;
    const c = `/api/fulfilment/contracts/${contract.contractId}`;
    const signing = contract.milestones.find((m) => m.kind === 'signing')!;
    const firstTranche = contract.tranches.find((t) => t.milestone === 'signing')!;
    await ok(official, 'POST', `${c}/milestones/${signing.milestoneId}/accept`, {});
    await ok(funderToken, 'POST', `${c}/tranches/${firstTranche.trancheId}/disburse`, {});
    // Two needs served: 2 + 3 hours today (the contract's days are UTC dates).
    await ok(worker, 'POST', `${c}/service-records/day`, {
      deliveredOn: chinaDay(0),
      records: [
        { needId: needIds[0], hours: 2, serviceType: 'home_visit' },
        { needId: needIds[1], hours: 3, serviceType: 'meal_delivery' },
      ],
    });
    await ok(orgUser, 'PUT', `${c}/budget`, { lines: [{ code: 'staff', name: '人员经费', amountFen: 100_000_00 }] });
    await ok(orgUser, 'POST', `${c}/expense-reports`, {
      period: new Date().toISOString().slice(0, 7),
      lines: [{ code: 'staff', amountFen: 12_000_00, vouchers: ['GZ-TEST-01'] }],
    });
    await portal.system.host.settle();
  }

  beforeAll(async () => {
    shots = screenshotDir();
    portal = await startPortal();
    browser = await launchBrowser();
    await setUp();
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

  /** Waits until a statistic card shows the text (the figures load after the page). */
  const figure = (page: Page, id: string, text: string) =>
    page.getByTestId(`figure-${id}`).getByText(text, { exact: true }).waitFor();

  test('a funder reads the figures in yuan, narrows to a programme, drills down to the community and downloads the CSV', async () => {
    const page = await newPage();
    await signIn(page, 'funder');
    await page.getByRole('navigation').getByRole('link', { name: '资金看板' }).click();
    await page.getByRole('heading', { name: '资金使用看板' }).waitFor();
    await figure(page, 'committed', '¥100,000.00');
    await figure(page, 'disbursed', '¥30,000.00');
    await figure(page, 'spent', '¥12,000.00');
    await figure(page, 'burn-rate', '30%');
    await figure(page, 'per-beneficiary', '¥15,000.00');
    await figure(page, 'per-hour', '¥6,000.00');

    // One programme: its budget, and what is not yet committed.
    await page.getByRole('combobox', { name: '资金计划' }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: programmeName }).click();
    await page.waitForURL(/programmeId=/);
    await figure(page, 'budgeted', '¥500,000.00');
    await figure(page, 'remaining', '¥400,000.00');
    await figure(page, 'committed', '¥100,000.00');
    for (const chart of ['programme-chart', 'monthly-chart', 'category-chart', 'organisation-chart', 'area-chart'])
      await page.getByTestId(chart).locator('canvas').waitFor();

    // District → street → community.
    const areas = page.getByTestId('area-table');
    await areas.getByRole('button', { name: '查看 鼓楼区 的下级区域' }).click();
    await areas.getByRole('button', { name: '查看 黄楼街道 的下级区域' }).click();
    await expect(page.getByTestId('area-trail').innerText()).resolves.toMatch(/全部区县\s*\/\s*鼓楼区\s*\/\s*黄楼街道/);
    const community = areas.getByRole('row').filter({ hasText: '黄楼社区' });
    await expect(community.innerText()).resolves.toMatch(
      /黄楼社区\s+¥100,000\.00\s+¥30,000\.00\s+¥12,000\.00\s+30%\s+5\s+2\s+¥15,000\.00\s+¥6,000\.00/,
    );
    await page.waitForTimeout(600); // the charts' entry animation, for the picture only
    await shoot(page, 'spending-dashboard', { fullPage: true });

    // The CSV comes with the session's token (fetched, then saved as a file).
    await page.getByRole('button', { name: '导出 CSV' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: '按社区' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('funding-community-all.csv');
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[1]).toBe('XZ-GL-HL-01,XZ-GL-HL-01,10000000,3000000,1200000,5,2,2,30,1500000,600000');
    expect(lines.at(-1)).toMatch(/^TOTAL,合计,10000000,3000000,1200000,/);

    // What the server holds is what the dashboard showed.
    const view = await ok<{ totals: Record<string, number | null> }>(
      funderToken,
      'GET',
      `/api/fulfilment/funding?programmeId=${programmeId}`,
    );
    expect(view.totals).toMatchObject({
      budgetedFen: 500_000_00,
      committedFen: 100_000_00,
      disbursedFen: 30_000_00,
      spentFen: 12_000_00,
      remainingFen: 400_000_00,
      burnRatePercent: 30,
      beneficiaries: 2,
      serviceHours: 5,
    });
  });

  test('an official reads the policy indicators against their targets and drills into a district', async () => {
    const page = await newPage();
    await signIn(page, 'official');
    await page.getByRole('navigation').getByRole('link', { name: '政策指标' }).click();
    await page.getByRole('heading', { name: '政策指标看板' }).waitFor();
    await expect(page.getByTestId('indicator-certified_social_workers').innerText()).resolves.toMatch(
      /持证社工占比[\s\S]*目标值: ≥ 60%/,
    );
    const table = page.getByTestId('indicator-table');
    await table.getByRole('button', { name: '鼓楼区' }).click();
    await page.waitForURL(/trail=XZ-GL/);
    await table.getByRole('button', { name: '黄楼街道' }).waitFor();
    await expect(page.getByTestId('indicator-trail').innerText()).resolves.toMatch(/全部区县\s*\/\s*鼓楼区/);
    await page.getByTestId('indicator-chart').locator('canvas').waitFor();
    await page.waitForTimeout(600); // the charts' entry animation, for the picture only
    await shoot(page, 'policy-indicators', { fullPage: true });
  });
});
