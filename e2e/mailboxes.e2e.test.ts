import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestImapServer, type TestImapServer } from '../server/src/test/imap-server.js';
import { launchChromium, openPage, submitStaffSignIn } from './browser.js';
import { startServer, type TestServer } from './server.js';

let server: TestServer;
let imap: TestImapServer;
let browser: Browser;
let page: Page;

const account = { username: 'service', password: 'imap-E2e-password' };

beforeAll(async () => {
  imap = await startTestImapServer();
  imap.addUser(account.username, account.password);
  server = await startServer();
  browser = await launchChromium();
  page = (await openPage(browser)).page;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await imap?.stop();
});

const dialog = () => page.locator('.ant-modal:visible').last();

describe('mailboxes', () => {
  test('an administrator adds a mailbox, tests it, and sees a customer e-mail become a ticket', async () => {
    await submitStaffSignIn(page, server.baseUrl, 'admin', server.adminPassword);
    await expect.poll(() => page.url()).toContain('/tickets');

    await page.goto(`${server.baseUrl}/settings`);
    await page.getByTestId('settings-nav').getByText('邮箱收信').click();
    await expect.poll(() => page.url()).toContain('/settings/mailboxes');

    await page.getByTestId('create-mailbox').click();
    await page.getByTestId('mailbox-name').fill('售后服务邮箱');
    await page.getByTestId('mailbox-address').fill('service@aftercare.test');
    await page.getByTestId('mailbox-host').fill(imap.host);
    // Choosing the encryption offers its usual port.
    const security = page.getByTestId('mailbox-security');
    await expect
      .poll(async () => {
        if ((await security.textContent()) !== '不加密') {
          await security.click();
          const option = page.locator('.ant-select-dropdown:visible').getByText('不加密', { exact: true });
          await option.waitFor();
          await option.click();
        }
        return security.textContent();
      })
      .toBe('不加密');
    await expect.poll(() => page.getByTestId('mailbox-port').inputValue()).toBe('143');
    await page.getByTestId('mailbox-port').fill(String(imap.port));
    await page.getByTestId('mailbox-username').fill(account.username);

    // Without the password the test cannot sign in, and says so in words.
    await page.getByTestId('mailbox-password').fill('wrong-password');
    await page.getByTestId('mailbox-test').click();
    await expect
      .poll(() => page.getByTestId('mailbox-test-result').textContent(), { timeout: 20_000 })
      .toContain('登录失败');
    await page.getByTestId('mailbox-password').fill(account.password);
    await page.getByTestId('mailbox-test').click();
    await expect
      .poll(() => page.getByTestId('mailbox-test-result').textContent(), { timeout: 20_000 })
      .toContain('连接成功');
    expect(await dialog().textContent()).toContain('支持 IDLE');
    await page.getByTestId('mailbox-submit').click();

    const row = page.getByTestId('mailboxes-table').getByRole('row').filter({ hasText: '售后服务邮箱' });
    await row.waitFor();
    expect(await row.textContent()).toContain(`service@${imap.host}:${imap.port}`);

    await imap.append(
      account,
      [
        'From: =?UTF-8?B?5p2o5biG?= <yangfan@example.com>',
        'To: service@aftercare.test',
        'Subject: =?UTF-8?B?5YeA5rC05Zmo5ryP5rC0?=',
        'Message-ID: <e2e-first@mail.example.com>',
        'Date: Mon, 2 Mar 2026 10:00:00 +0800',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        '净水器接头处一直漏水。',
        '',
      ].join('\r\n'),
    );
    await row.getByRole('button', { name: '立即收信' }).click();
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.getByTestId('mailboxes-table').getByTestId('mailbox-status').first().textContent();
        },
        { timeout: 30_000, intervals: [2000] },
      )
      .toContain('新建工单 1');

    await page
      .getByTestId('mailboxes-table')
      .getByRole('row')
      .filter({ hasText: '售后服务邮箱' })
      .getByRole('button', { name: '收信记录' })
      .click();
    const log = page.getByTestId('mailbox-messages');
    await log.getByText('净水器漏水').waitFor();
    expect(await log.textContent()).toContain('新建工单');
    await log.getByRole('link').first().click();
    await page.getByTestId('ticket-number').waitFor();
    expect(await page.textContent('body')).toContain('净水器接头处一直漏水。');
  });
});
