import { createHmac } from 'node:crypto';
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

async function signInAsAdmin(): Promise<void> {
  await submitStaffSignIn(page, server.baseUrl, 'admin', server.adminPassword);
  await expect.poll(() => page.url()).toContain('/tickets');
}

const settingsNav = () => page.getByTestId('settings-nav');
const dialog = () => page.locator('.ant-modal:visible').last();
const dropdown = () => page.locator('.ant-select-dropdown:visible').last();

/** Sends a message the way the page's guide tells an integrator to. */
async function deliver(url: string, secret: string, message: unknown) {
  const body = JSON.stringify(message);
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Aftercare-Timestamp': String(timestamp),
      'X-Aftercare-Signature': `sha256=${signature}`,
    },
    body,
  });
}

describe('intake settings', () => {
  test('adds a webhook source, shows its secret once, and a message signed as the guide says becomes a ticket', async () => {
    await signInAsAdmin();
    await page.goto(`${server.baseUrl}/settings`);
    await settingsNav().getByText('消息来源').click();
    await expect.poll(() => page.url()).toContain('/settings/webhook-sources');
    await page.getByTestId('signing-guide').getByText('X-Aftercare-Timestamp: <unix seconds>').waitFor();

    await page.getByTestId('create-webhook-source').click();
    await page.getByTestId('webhook-source-key').fill('wechat');
    await page.getByTestId('webhook-source-name').fill('微信公众号');
    await page.getByTestId('webhook-source-type').click();
    await dropdown().getByText('维修', { exact: true }).click();
    await expect.poll(() => page.getByTestId('webhook-source-type').textContent()).toBe('维修');
    await dropdown().waitFor({ state: 'hidden' });
    await page.getByTestId('webhook-source-submit').click();

    const secretInput = page.getByTestId('webhook-secret');
    await secretInput.waitFor();
    const secret = await secretInput.inputValue();
    expect(secret).toMatch(/^whsec_/);
    expect(await dialog().textContent()).toContain('只显示这一次');
    const url = (await dialog().locator('.ant-typography code').first().textContent())!;
    expect(url).toBe(`${server.baseUrl}/api/v1/webhooks/inbound/wechat`);
    await page.getByTestId('secret-done').click();

    const row = page.getByTestId('webhook-sources-table').getByRole('row').filter({ hasText: 'wechat' });
    await row.waitFor();
    expect(await row.textContent()).toContain('微信公众号');
    expect(await row.textContent()).toContain('维修');
    expect(await row.textContent()).toContain(secret.slice(0, 9));
    expect(await row.textContent()).not.toContain(secret);

    const response = await deliver(url, secret, {
      messageId: 'wx-msg-1',
      customer: { name: '王小明', phone: '13900001234' },
      text: '空调开机半小时还是吹热风',
    });
    expect(response.status).toBe(202);
    const { action, ticketNumber } = (await response.json()) as { action: string; ticketNumber: string };
    expect(action).toBe('created');

    // Rotating gives a new secret, shown once; the old one no longer signs.
    await row.getByRole('button', { name: '更换密钥' }).click();
    await page.locator('.ant-popconfirm:visible').getByRole('button', { name: '更换密钥' }).click();
    await secretInput.waitFor();
    const rotated = await secretInput.inputValue();
    expect(rotated).not.toBe(secret);
    await page.getByTestId('secret-done').click();
    const stale = await deliver(url, secret, {
      messageId: 'wx-msg-2',
      customer: { name: '王小明' },
      text: '还没有人联系我',
    });
    expect(stale.status).toBe(401);

    await page.goto(`${server.baseUrl}/tickets/${ticketNumber}`);
    await page.getByTestId('ticket-number').getByText(ticketNumber).waitFor();
    expect(await page.getByTestId('classification-panel').textContent()).toContain('维修');
  });

  test('changes the ticket policy', async () => {
    await signInAsAdmin();
    await page.goto(`${server.baseUrl}/settings/ticket-policy`);
    const form = page.getByTestId('ticket-policy-form');
    const autoClose = form.locator('#autoCloseDays');
    await autoClose.waitFor();
    expect(await autoClose.inputValue()).toBe('7');
    await autoClose.fill('10');
    await form.locator('#majorCompensationThreshold').fill('5000');
    await page.getByTestId('ticket-policy-save').click();
    await page.getByText('已保存').waitFor();

    await page.reload();
    await autoClose.waitFor();
    expect(await autoClose.inputValue()).toBe('10');
    expect(await form.locator('#majorCompensationThreshold').inputValue()).toBe('5000.00');
    expect(await form.locator('#reopenWindowDays').inputValue()).toBe('14');
  });
});
