import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { launchChromium, openPage, submitStaffSignIn } from './browser.js';
import { startServer, type TestServer } from './server.js';

let server: TestServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

beforeEach(async () => {
  const opened = await openPage(browser);
  const context = opened.context;
  page = opened.page;
  return async () => {
    await context.close();
  };
});

async function signIn(username: string, password: string): Promise<void> {
  await submitStaffSignIn(page, server.baseUrl, username, password);
  await expect.poll(() => page.url()).toContain('/tickets');
}

async function signOut(): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('sign-out').click();
  await expect.poll(() => page.url()).toContain('/login');
}

/** A JSON call to the API with the browser's session cookie and CSRF token. */
async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const me = await page.request.get(`${server.baseUrl}/api/v1/auth/me`);
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  const response = await page.request.fetch(`${server.baseUrl}/api/v1${path}`, {
    method,
    headers: { 'X-CSRF-Token': csrfToken },
    ...(body === undefined ? {} : { data: body }),
  });
  expect(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

type Keyed = { id: string; key: string };

/**
 * As the administrator: an agent (客服专员) in the frontline group, and a rule that sends phone calls to
 * that group, whose round-robin routing then gives them to the agent — its only member.
 */
async function setUpFrontlineAgent(agent: { username: string; displayName: string; password: string }) {
  await signIn('admin', server.adminPassword);
  const roles = await api<{ items: Keyed[] }>('GET', '/roles');
  const groups = await api<{ items: Keyed[] }>('GET', '/groups');
  const roleId = roles.items.find((role) => role.key === 'agent')!.id;
  const frontline = groups.items.find((group) => group.key === 'frontline')!.id;
  await api('POST', '/users', { ...agent, roleId, groupIds: [frontline] });
  await api('POST', '/classification-rules', {
    name: '电话来电交客服一线组',
    conditions: { channels: ['phone'] },
    actions: { groupKey: 'frontline' },
  });
  await signOut();
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
  test('an agent logs a phone call as a ticket and takes it to closed; the inbox finds it by a Chinese word', async () => {
    const agent = { username: 'zhangli', displayName: '张丽', password: 'Agent-Password-2024!' };
    await setUpFrontlineAgent(agent);
    await signIn(agent.username, agent.password);
    await page.getByTestId('user-menu').getByText(agent.displayName).waitFor();
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
    await expect.poll(() => page.getByTestId('ticket-type').textContent()).toContain('维修');
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
    // Routed to the frontline group and, by round-robin, to the agent, who has yet to accept it.
    expect(await headerStatus().textContent()).toBe('已分派');
    await page.getByTestId('ticket-owner').getByText(agent.displayName).waitFor();
    await page.getByTestId('action-accept').waitFor();
    await timeline().getByText('创建工单 · 来源：电话').waitFor();
    expect(await timeline().textContent()).toContain('来电 2024-05-06 10:30 · 时长 6 分 30 秒');
    expect(await page.getByTestId('customer-panel').textContent()).toContain('wangxm@example.com');

    // Classify: set a category by hand; the override and its reason go into the timeline.
    await page.getByTestId('edit-classification').click();
    await page.getByTestId('classification-category').click();
    // Typing narrows the tree to one node, which is then the active one: Enter takes it, as a user may.
    // (A click could land while a loaded machine is still filtering and redrawing the tree.)
    await page.keyboard.type('功能故障');
    await dropdown().getByText('功能故障', { exact: true }).waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('classification-category').textContent()).toContain('功能故障');
    await page.getByTestId('classification-reason').fill('客户描述为制冷功能失效');
    await page.getByTestId('classification-form-submit').click();
    await page.getByTestId('ticket-category').getByText('功能故障').waitFor();
    await timeline().getByText('人工调整分类').waitFor();
    expect(await headerStatus().textContent()).toBe('已分派');

    // An agent may not assign tickets (no tickets.assign); accepting the assignment starts the work.
    expect(await page.getByTestId('action-assign-me').count()).toBe(0);
    await page.getByTestId('action-accept').click();
    await expect.poll(() => headerStatus().textContent()).toBe('处理中');
    await page.getByTestId('ticket-owner').getByText(agent.displayName).waitFor();

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
    expect(await row.textContent()).toContain(agent.displayName);

    // A word that is nowhere finds nothing.
    await search.fill('洗衣机漏水');
    await search.press('Enter');
    await page.getByTestId('tickets-table').getByText('没有找到包含“洗衣机漏水”的工单').waitFor();
  });
});
