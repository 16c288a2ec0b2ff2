import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { launchChromium, submitStaffSignIn } from './browser.js';
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
  const context = await browser.newContext({ locale: 'zh-CN' });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return async () => {
    await context.close();
  };
});

async function signIn(username: string, password: string): Promise<void> {
  await submitStaffSignIn(page, server.baseUrl, username, password);
}

const mainNav = () => page.getByTestId('main-nav');
const settingsNav = () => page.getByTestId('settings-nav');

describe('staff app', () => {
  test('signs in in Chinese and switches the language to English and back', async () => {
    await signIn('admin', server.adminPassword);
    await expect.poll(() => page.url()).toContain('/tickets');
    await mainNav().getByText('工单').waitFor();
    await page.getByText('Aftercare 售后服务台').waitFor();

    await page.getByTestId('language-switch').getByText('English').click();
    await mainNav().getByText('Tickets').waitFor();
    expect(await mainNav().textContent()).toContain('Settings');
    expect(await page.evaluate(() => localStorage.getItem('aftercare.locale'))).toBe('en');

    await page.getByTestId('language-switch').getByText('中文').click();
    await mainNav().getByText('工单').waitFor();
    expect(await mainNav().textContent()).not.toContain('Tickets');
  });

  test('shows an error for a wrong password', async () => {
    await signIn('admin', 'definitely-not-the-password');
    const error = page.getByTestId('sign-in-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('用户名或密码错误');
    expect(page.url()).toContain('/login');
  });

  test('creates an agent who cannot see the users admin page', async () => {
    const username = `agent${Date.now() % 100_000}`;
    const password = 'Agent-Password-2024!';

    await signIn('admin', server.adminPassword);
    await mainNav().getByText('设置').click();
    await settingsNav().getByText('用户').click();
    await page.getByTestId('users-table').getByText('admin', { exact: true }).waitFor();

    await page.getByTestId('create-user').click();
    const form = page.getByTestId('user-form');
    await form.getByLabel('用户名').fill(username);
    await form.getByLabel('显示名称').fill('测试客服');
    await form.getByLabel('初始密码').fill(password);
    await form.getByLabel('角色').click();
    await page.locator('.ant-select-dropdown').getByText('客服专员', { exact: true }).click();
    await page.getByTestId('user-form-submit').click();

    const row = page.getByTestId('users-table').getByRole('row').filter({ hasText: username });
    await row.waitFor();
    expect(await row.textContent()).toContain('测试客服');
    expect(await row.textContent()).toContain('客服专员');

    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await expect.poll(() => page.url()).toContain('/login');

    await signIn(username, password);
    await mainNav().getByText('工单').waitFor();
    await page.getByTestId('user-menu').getByText('测试客服').waitFor();

    await mainNav().getByText('设置').click();
    await settingsNav().getByText('API 令牌').waitFor();
    const items = await settingsNav().textContent();
    expect(items).not.toContain('用户');
    expect(items).not.toContain('角色');

    await page.goto(`${server.baseUrl}/settings/users`);
    await page.getByText('403').first().waitFor();
  });
});
