import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startServer, type TestServer } from './server.js';

let server: TestServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

beforeEach(async () => {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
  });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return async () => {
    await context.close();
  };
});

async function signInAsAdmin(): Promise<void> {
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码').fill(server.adminPassword);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect.poll(() => page.url()).toContain('/tickets');
}

/** The open dropdown of a Select or TreeSelect. */
const dropdown = () => page.locator('.ant-select-dropdown:visible, .ant-tree-select-dropdown:visible').last();

/** The text input of an antd control, whether the test id sits on the input or on its wrapper. */
const inputOf = (testId: string) =>
  page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();

/** The open modal dialog. */
const dialog = () => page.locator('.ant-modal:visible').last();

const timeline = () => page.getByTestId('ticket-timeline');
const headerStatus = () => page.getByTestId('ticket-page').getByTestId('status-tag').first();

describe('tickets', () => {
  test('logs a phone call as a ticket and takes it to closed; the inbox finds it by a Chinese word', async () => {
    await signInAsAdmin();
    await page.getByTestId('new-ticket').click();
    const form = page.getByTestId('new-ticket-form');
    await form.waitFor();

    // Phone is the default channel for staff: call start time and duration are asked for.
    await expect
      .poll(() => page.getByTestId('channel').locator('.ant-radio-button-wrapper-checked').textContent())
      .toBe('电话');
    const started = inputOf('call-started-at');
    await started.click();
    await started.fill('2024-05-06 10:30');
    await started.press('Enter');
    await inputOf('call-minutes').fill('6');
    await inputOf('call-seconds').fill('30');

    await page.getByTestId('ticket-type').click();
    await dropdown().getByText('维修', { exact: true }).click();
    await page.getByTestId('ticket-title-input').fill('客户来电：空调不制冷');
    await page.getByTestId('ticket-description-input').fill('空调制冷效果异常，开机半小时仍然吹热风');

    await page.getByTestId('customer-name').fill('王小明');
    await page.getByTestId('customer-phone').fill('13900001234');
    await page.getByTestId('customer-email').fill('wangxm@example.com');
    await page.getByTestId('product-model').fill('KFR-35GW');
    await page.getByTestId('create-ticket-submit').click();

    await expect.poll(() => page.url()).toMatch(/\/tickets\/\d{6}-\d{3}$/);
    const number = page.url().split('/').pop()!;
    await page.getByTestId('ticket-number').getByText(number).waitFor();
    expect(await headerStatus().textContent()).toBe('新建');
    await timeline().getByText('创建工单 · 来源：电话').waitFor();
    expect(await timeline().textContent()).toContain('来电 2024-05-06 10:30 · 时长 6 分 30 秒');
    expect(await page.getByTestId('customer-panel').textContent()).toContain('wangxm@example.com');

    // Classify: set a category by hand; the override and its reason go into the timeline.
    await page.getByTestId('edit-classification').click();
    await page.getByTestId('classification-category').click();
    await dropdown().getByText('功能故障', { exact: true }).click();
    await page.getByTestId('classification-reason').fill('客户描述为制冷功能失效');
    await page.getByTestId('classification-form-submit').click();
    await page.getByTestId('ticket-category').getByText('功能故障').waitFor();
    await timeline().getByText('人工调整分类').waitFor();
    await expect.poll(() => headerStatus().textContent()).toBe('已分类');

    // Assign to myself (accepted at once), then start working on it.
    await page.getByTestId('action-assign-me').click();
    await page.getByTestId('ticket-owner').getByText('系统管理员').waitFor();
    await expect.poll(() => headerStatus().textContent()).toBe('已分派');
    await page.getByTestId('action-status').click();
    await dialog().getByText('处理中', { exact: true }).click();
    await page.getByTestId('status-form-submit').click();
    await expect.poll(() => headerStatus().textContent()).toBe('处理中');

    // Reply to the customer.
    const reply = '您好，已为您安排工程师明天上午上门检测空调。';
    await page.getByTestId('composer-reply-body').fill(reply);
    await page.getByTestId('composer-reply-submit').click();
    await timeline().getByText(reply).waitFor();

    // Resolve, then close on the customer's confirmation by phone.
    await page.getByTestId('action-resolve').click();
    await dialog().locator('textarea').fill('工程师已更换压缩机电容，空调制冷恢复正常。');
    await page.getByTestId('resolve-form-submit').click();
    await expect.poll(() => headerStatus().textContent()).toBe('已解决');

    await page.getByTestId('action-close').click();
    const closeForm = page.getByTestId('close-form');
    expect(await closeForm.locator('.ant-radio-wrapper-checked').textContent()).toBe('电话确认');
    await page.getByTestId('close-form-submit').click();
    await expect.poll(() => headerStatus().textContent()).toBe('已关闭');
    expect(await timeline().textContent()).toContain(reply);
    expect(await page.getByTestId('times-panel').textContent()).toContain('电话确认');

    // The inbox finds it by a Chinese word of its description.
    await page.goto(`${server.baseUrl}/tickets`);
    await page.getByTestId('view-all').click();
    const search = inputOf('ticket-search');
    await search.fill('制冷');
    await search.press('Enter');
    await expect.poll(() => page.url()).toContain('q=');
    const row = page.getByTestId('tickets-table').getByRole('row').filter({ hasText: number });
    await row.waitFor();
    expect(await row.textContent()).toContain('已关闭');
    expect(await row.textContent()).toContain('系统管理员');

    // A word that is nowhere finds nothing.
    await search.fill('洗衣机漏水');
    await search.press('Enter');
    await page.getByTestId('tickets-table').getByText('没有找到包含“洗衣机漏水”的工单').waitFor();
  });
});
