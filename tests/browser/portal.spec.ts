/**
 * The portal in a real browser: headless Debian Chromium driven by playwright-core against
 * the embedded platform (in this process, ephemeral port) serving the built portal.
 * Screenshots go to docs/screenshots with `npm run screenshots`, else to a temporary folder.
 */
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { describeBrowser, launchBrowser, screenshotDir, startPortal, type PortalUnderTest } from '../support/browser';

/**
 * Ticks a checkbox, trying again when a re-render of the controlled form swallowed
 * the click (seen on a loaded machine); fails if it never sticks.
 */
async function checkSurely(box: Locator): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await box.check({ timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
      if (await box.isChecked()) return;
    }
  }
}

jest.setTimeout(180_000);

const VIEWPORT = { width: 1280, height: 800 };

describeBrowser('the portal in Chromium', () => {
  let portal: PortalUnderTest;
  let browser: Browser;
  let shots: ReturnType<typeof screenshotDir>;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    shots = screenshotDir();
    portal = await startPortal();
    browser = await launchBrowser();
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

  // Toasts come and go; they are left out of the pictures.
  const shoot = (page: Page, name: string, options: { fullPage?: boolean } = {}) =>
    page.screenshot({
      path: join(shots.dir, `${name}.png`),
      style: '.ant-message { display: none !important; }',
      ...options,
    });

  /** Signs in with a demo account picked from the login page's list. */
  async function signIn(page: Page, username: string, options: { from?: string } = {}): Promise<void> {
    if (!options.from) await page.goto(`${portal.baseUrl}/login`);
    await page.getByRole('button', { name: `使用 ${username}` }).click();
    await page.getByRole('button', { name: /^(loading )?登录$/ }).click();
    if (!options.from) await page.getByRole('heading', { name: /^您好，/ }).waitFor();
  }

  /** An inline validation message under a form field (Ant Design announces it as an alert). */
  const fieldError = (page: Page, text: string) =>
    page.locator('.ant-form-item-explain-error').filter({ hasText: text });

  /** Picks an option of an Ant Design select opened from its labelled input. */
  async function choose(page: Page, label: string, option: string): Promise<void> {
    await page.getByLabel(label, { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
    await page.locator('.ant-select-dropdown').last().waitFor({ state: 'hidden' });
  }

  test('community staff log a need with its category fields, see its SLA, acknowledge it; the resident follows it; English is remembered', async () => {
    const page = await newPage();
    await page.goto(`${portal.baseUrl}/needs`);
    await page.waitForURL('**/login');
    await page.getByRole('button', { name: '使用 staff.hl' }).waitFor();
    await shoot(page, 'login');
    await signIn(page, 'staff.hl', { from: '/needs' });
    // Back where the user was going, with the name and role in the header.
    await page.getByRole('heading', { name: '需求列表' }).waitFor();
    await expect(page.getByTestId('user-menu').innerText()).resolves.toMatch(/王芳\s*社区工作者/);

    // Log a need: inline validation first, then the category's own fields.
    await page.getByRole('navigation').getByRole('link', { name: '登记需求' }).click();
    await page.getByRole('heading', { name: '登记居民需求' }).waitFor();
    await page.getByRole('button', { name: '登记并生成受理编号' }).click();
    await fieldError(page, '请选择需求类别').waitFor();
    await fieldError(page, '请填写需求描述').waitFor();

    await choose(page, '需求类别', '养老服务');
    await page.getByText('养老服务 · 类别信息').waitFor();
    await page.getByLabel('所在网格').click();
    for (const level of ['鼓楼区', '黄楼街道', '黄楼社区', '黄楼社区第1网格']) {
      await page.locator(`.ant-cascader-menu-item[title="${level}"]`).click();
    }
    // Until its closing animation ends, the menu would take the next clicks.
    await page.locator('.ant-cascader-dropdown').waitFor({ state: 'hidden' });
    await expect(
      page.getByLabel('所在网格').locator('xpath=ancestor::div[contains(@class,"ant-select")][1]').innerText(),
    ).resolves.toContain('黄楼社区第1网格');
    await page.getByText('紧急', { exact: true }).click();
    await checkSurely(page.getByLabel('老年人'));
    await checkSurely(page.getByLabel('独居'));
    await page.getByLabel('需求描述').fill('独居老人需要每周上门探访，行动不便');
    // The category's required field is checked inline too.
    await page.getByRole('button', { name: '登记并生成受理编号' }).click();
    await fieldError(page, '请选择服务类型').waitFor();
    await checkSurely(page.getByLabel('上门探访'));
    await checkSurely(page.getByLabel('半失能'));

    await page.getByLabel('联系人姓名').fill('张大爷');
    await page.getByLabel('手机号码').fill('13912345678');
    // The resident ID is checked in the browser with the same check-character rule as the API.
    const residentId = page.getByLabel('居民身份证号（可选）');
    await residentId.fill('110105194912310021');
    await fieldError(page, '身份证号无效：校验码不符').waitFor();
    await residentId.fill('11010519491231002X');
    await fieldError(page, '身份证号无效：校验码不符').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: '登记并生成受理编号' }).click();
    await fieldError(page, '登记联系方式须经居民同意').waitFor();
    await checkSurely(page.getByLabel('居民已同意本平台处理其联系方式（《个人信息保护法》）'));
    await fieldError(page, '登记联系方式须经居民同意').waitFor({ state: 'detached' });
    await expect(page.locator('.ant-form-item-explain-error').count()).resolves.toBe(0);
    await shoot(page, 'log-need', { fullPage: true });
    await page.getByRole('button', { name: '登记并生成受理编号' }).click();

    const caseNumber = (await page.getByTestId('case-number').innerText()).trim();
    expect(caseNumber).toMatch(/^NEED-\d{8}-[0-9A-Z]{6}$/);

    // My needs: the new need with its acknowledgement countdown (high urgency: 4 hours).
    await page.getByRole('navigation').getByRole('link', { name: '我的需求' }).click();
    const row = page.getByRole('row').filter({ hasText: caseNumber });
    await row.waitFor();
    await expect(row.innerText()).resolves.toMatch(
      /养老服务[\s\S]*黄楼社区第1网格[\s\S]*紧急[\s\S]*已登记[\s\S]*剩余 3小时5\d分/,
    );
    await expect(row.locator('[data-sla-state]').getAttribute('data-sla-state')).resolves.toBe('on_time');
    await shoot(page, 'needs-list');

    // The need: acknowledge it (首问负责), the timeline grows, the SLA is met.
    await row.getByRole('link', { name: caseNumber }).click();
    await page.getByRole('heading', { name: caseNumber }).waitFor();
    await expect(page.getByText('服务类型').isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: /受理$/ }).click();
    await page.getByText('按时响应').waitFor();
    const timeline = page.getByTestId('timeline');
    await expect(timeline.innerText()).resolves.toMatch(/已登记[\s\S]*已受理/);
    await shoot(page, 'need-detail');

    // The resident, without an account: case number and the phone's last four digits.
    const resident = await newPage();
    await resident.goto(`${portal.baseUrl}/track`);
    await resident.getByLabel('受理编号').fill(caseNumber.toLowerCase());
    await resident.getByLabel('手机号后四位').fill('0000');
    await resident.getByRole('button', { name: /^(loading )?查询$/ }).click();
    await resident.getByText('未找到与受理编号和手机号后四位相符的需求').waitFor();
    await resident.getByLabel('手机号后四位').fill('5678');
    await resident.getByRole('button', { name: /^(loading )?查询$/ }).click();
    const result = resident.getByTestId('track-result');
    await result.waitFor();
    await expect(result.innerText()).resolves.toMatch(/养老服务[\s\S]*已受理/);
    await expect(result.innerText()).resolves.not.toMatch(/张大爷|13912345678|独居老人/);
    await shoot(resident, 'track');

    // English, remembered across a reload.
    await page.getByRole('navigation').getByRole('link', { name: '我的需求' }).click();
    await page.getByRole('button', { name: '语言' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'My needs' }).waitFor();
    await page.reload();
    const englishRow = page.getByRole('row').filter({ hasText: caseNumber });
    await englishRow.waitFor();
    await expect(englishRow.innerText()).resolves.toMatch(/Elderly care[\s\S]*High[\s\S]*Acknowledged[\s\S]*Met/);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await shoot(page, 'needs-list-en');
    await page.getByRole('button', { name: 'Language' }).click();
    await page.getByRole('navigation').getByRole('link', { name: '我的需求' }).waitFor();
  });

  test('CSV import shows progress and row errors; statistics draw their charts', async () => {
    const page = await newPage();
    await signIn(page, 'staff.hl');
    await page.getByRole('navigation').getByRole('link', { name: '批量导入' }).click();
    const header =
      'channel,category,grid_code,urgency,beneficiary_count,description,contact_name,contact_phone,consent,attr.care_type';
    const good = 'window,elderly_care,XZ-GL-HL-01-G02,normal,2,助餐服务需求,李阿姨,13700001111,true,meal_assistance';
    const more = [
      'grid_visit,psychological_care,XZ-GL-HL-01-G01,high,1,失独老人情绪低落需要陪伴,,,,',
      'phone,legal_services,XZ-GL-HL-01-G02,low,3,邻里纠纷需要法律咨询,,,,',
      'window,community_culture,XZ-GL-HL-01-G01,normal,20,希望开设老年书法班,,,,',
      'online,safety,XZ-GL-HL-01-G02,critical,12,楼道堆放杂物存在消防隐患,,,,',
      'grid_visit,elderly_care,XZ-GL-HL-01-G01,high,1,高龄老人需要助浴,王奶奶,13600002222,true,nursing',
    ];
    const bad = 'phone,elderly_care,XZ-YL-PL-01-G01,urgentish,1,网格不在本社区,,,,home_visit';
    const upload = async (name: string, csv: string) => {
      await page
        .locator('input[type=file]')
        .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(`${csv}\n`, 'utf8') });
      await page.getByTestId('import-file').filter({ hasText: name }).waitFor();
      await page.getByRole('button', { name: '开始导入' }).click();
    };

    await upload('bad.csv', [header, good, bad].join('\n'));
    await page.getByText('未导入', { exact: true }).waitFor();
    const errors = page.getByRole('row').filter({ hasText: 'urgency' });
    await expect(errors.first().innerText()).resolves.toMatch(/^3\s+urgency/);

    await upload('good.csv', [header, good, ...more].join('\n'));
    await page.getByText('已完成', { exact: true }).waitFor();
    await page.getByText(/新建需求 6 条/).waitFor();
    await expect(
      page
        .getByRole('row')
        .filter({ hasText: /NEED-\d{8}-/ })
        .count(),
    ).resolves.toBe(6);
    await shoot(page, 'import');

    // One of them resolved directly, then closed with the resident's satisfaction.
    await page.goto(`${portal.baseUrl}/needs?category=community_culture`);
    const row = page.getByRole('row').filter({ hasText: '社区文化' });
    await row.getByRole('link').click();
    await page.getByRole('button', { name: '解决 / 转介' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: '确定' }).click();
    await fieldError(page, '请填写办理结果').waitFor();
    await dialog.getByLabel('办理结果').fill('已协调社区活动室，每周三下午开设书法班');
    await dialog.getByRole('button', { name: '确定' }).click();
    await page.getByRole('button', { name: '办结' }).click();
    await dialog.locator('.ant-rate-star').nth(3).click();
    await dialog.getByRole('button', { name: '确定' }).click();
    await page.getByTestId('timeline').getByText('已办结').waitFor();
    await expect(page.getByTestId('timeline').innerText()).resolves.toMatch(/已登记[\s\S]*已直接解决[\s\S]*已办结/);
    await expect(page.getByRole('button', { name: '办结' }).count()).resolves.toBe(0);

    await page.getByRole('navigation').getByRole('link', { name: '需求统计' }).click();
    await page.getByRole('figure', { name: '各状态需求数' }).locator('canvas').waitFor();
    await page.getByRole('figure', { name: '紧急程度分布' }).locator('canvas').waitFor();
    await page.getByText('按网格').click();
    await page.getByRole('cell', { name: '黄楼社区第2网格' }).waitFor();
    await page.getByText('按类别').click();
    await page.getByRole('cell', { name: '精神关爱' }).waitFor();
    await page.locator('.ant-segmented-item-selected', { hasText: '按类别' }).waitFor();
    await expect(page.getByPlaceholder('开始日期').isVisible()).resolves.toBe(true); // Ant Design's own words, in Chinese
    await page.waitForTimeout(500); // the charts' entry animation
    await shoot(page, 'stats');
  });

  test('navigation follows the role; a page of another role is refused; a refused token signs out', async () => {
    const page = await newPage();
    // Keyboard only: type, Enter.
    await page.goto(`${portal.baseUrl}/login`);
    await page.getByLabel('用户名').fill('funder');
    await page.getByLabel('密码').fill('wrong-password');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: '用户名或密码错误' }).waitFor();
    await page.getByLabel('密码').fill('sanshe2026');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: '您好，赵静' }).waitFor();
    const menu = page.getByRole('navigation');
    await expect(menu.getByRole('link').allInnerTexts()).resolves.toEqual([
      '工作台',
      '需求统计',
      '服务项目',
      '拨付审批',
      '资金看板',
      '政策指标',
      '进度查询',
    ]);
    await page.goto(`${portal.baseUrl}/needs/new`);
    await page.getByText('您的角色无权访问此页面').waitFor();

    const street = await newPage();
    await signIn(street, 'street.hl');
    await expect(street.getByRole('navigation').getByRole('link').allInnerTexts()).resolves.toEqual([
      '工作台',
      '辖区需求',
      '需求统计',
      '项目建议',
      '服务项目',
      '政策指标',
      '进度查询',
    ]);

    const worker = await newPage();
    await signIn(worker, 'social.worker');
    await worker.getByText('尚未关联机构').waitFor();
    await worker.getByRole('navigation').getByRole('link', { name: '服务记录' }).waitFor();

    // A token the server no longer accepts: the next call signs the user out.
    await street.evaluate(`(() => {
      const session = JSON.parse(sessionStorage.getItem('sanshe.session'));
      session.token = session.token.slice(0, -6) + 'AAAAAA';
      sessionStorage.setItem('sanshe.session', JSON.stringify(session));
    })()`);
    await street.goto(`${portal.baseUrl}/needs`);
    await street.waitForURL('**/login');
    await street.getByText('登录已过期，请重新登录').waitFor();
  });
});
