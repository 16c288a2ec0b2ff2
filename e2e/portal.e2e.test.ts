import { deflateSync } from 'node:zlib';
import type { ParsedMail } from 'mailparser';
import {
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type Page,
  request,
} from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestSmtpServer, type TestSmtpServer } from '../server/src/test/smtp-server.js';
import { launchChromium } from './browser.js';
import { startServer, type TestServer } from './server.js';

let smtp: TestSmtpServer;
let server: TestServer;
let browser: Browser;
let staff: APIRequestContext;
let staffCsrf: string;

const CUSTOMER_EMAIL = 'li.hua@example.com';
const CUSTOMER_PHONE = '13912345678';

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  server = await startServer({ env: (baseUrl) => ({ SMTP_URL: smtp.url, AFTERCARE_PUBLIC_URL: baseUrl }) });
  browser = await launchChromium();
  staff = await request.newContext({ baseURL: server.baseUrl });
  const signIn = await staff.post('/api/v1/auth/sign-in', {
    data: { username: 'admin', password: server.adminPassword },
  });
  expect(signIn.status()).toBe(200);
  staffCsrf = ((await signIn.json()) as { csrfToken: string }).csrfToken;
});

afterAll(async () => {
  await staff?.dispose();
  await browser?.close();
  await server?.stop();
  await smtp?.close();
});

/** A JSON call to the staff API as the administrator. */
async function staffApi<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
  const response = await staff.fetch(`/api/v1${path}`, {
    method,
    headers: { 'X-CSRF-Token': staffCsrf },
    ...(body === undefined ? {} : { data: body }),
  });
  expect(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

/** A phone-sized browser as a Chinese customer in Shanghai sees the portal. */
async function openPhone(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

/** A small real PNG (a 4×4 orange square), made here so the test needs no fixture file. */
function makePng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const size = 4;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array(size).fill([255, 136, 0]).flat())]);
  const pixels = Buffer.concat(Array(size).fill(row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The first message after `seen` that `match` accepts, waiting for it to arrive. */
async function nextMail(
  seen: number,
  match: (mail: ParsedMail) => boolean,
  timeoutMs = 30_000,
): Promise<ParsedMail> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = smtp.messages.slice(seen).find(match);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `no matching e-mail; received: ${smtp.messages.map((mail) => mail.subject ?? '').join(' | ')}`,
  );
}

const toCustomer = (mail: ParsedMail) => JSON.stringify(mail.to ?? '').includes(CUSTOMER_EMAIL);

/** The one-time code in a code e-mail: six digits standing alone (not part of a ticket number). */
function codeIn(mail: ParsedMail): string | null {
  return /(?<![\d-])(\d{6})(?![\d-])/.exec(mail.text ?? '')?.[1] ?? null;
}

describe('customer portal on a phone', () => {
  test('submit with a photo, look up with a code, reply, confirm the solution, answer the survey', async () => {
    await staffApi('PUT', '/survey-settings', {
      ...(await staffApi<Record<string, unknown>>('GET', '/survey-settings')),
      delayMinutes: 0,
    });

    // 1. Home: three clear actions.
    const first = await openPhone();
    let page = first.page;
    await page.goto(`${server.baseUrl}/portal`);
    expect(await page.getByTestId('home-submit').textContent()).toContain('提交问题');
    expect(await page.getByTestId('home-lookup').textContent()).toContain('查询工单');
    expect(await page.getByTestId('home-sign-in').textContent()).toContain('登录查看我的工单');
    await page.getByTestId('home-submit').click();
    await expect.poll(() => page.url()).toBe(`${server.baseUrl}/portal/new`);

    // 2. The form checks itself before sending and keeps what was typed.
    await page.getByTestId('description').fill('洗衣机脱水时噪音很大，机身晃动。');
    await page.getByTestId('submit-ticket').click();
    const form = page.getByTestId('submit-form');
    await form.getByText('请选择问题类型').waitFor();
    expect(await form.getByText('请填写联系人').count()).toBe(1);
    expect(await form.getByText('请填写手机号或邮箱').count()).toBe(1);
    expect(await page.getByTestId('description').inputValue()).toBe('洗衣机脱水时噪音很大，机身晃动。');

    await page.getByTestId('ticket-types').getByText('维修', { exact: true }).click();
    await page.getByTestId('product-model').fill('WM-8000');
    await page.getByTestId('serial-number').fill('SN20240501');
    await page.getByTestId('contact-name').fill('李华');
    await page.getByTestId('contact-phone').fill('1391234');
    await page.getByTestId('contact-email').fill(CUSTOMER_EMAIL);
    await page.getByTestId('submit-ticket').click();
    await form.getByText('手机号格式不正确').waitFor();
    await page.getByTestId('contact-phone').fill(CUSTOMER_PHONE);
    await page.getByTestId('preferred-contact-time').fill('工作日 9:00–18:00');

    await page
      .getByTestId('file-picker')
      .locator('input[type=file]')
      .setInputFiles({ name: 'noise.png', mimeType: 'image/png', buffer: makePng() });
    const thumbnail = page.getByTestId('picked-file').getByRole('img', { name: 'noise.png' });
    await thumbnail.waitFor();
    expect(await page.getByTestId('file-picker').textContent()).toContain('每个文件不超过 20 MB');

    // The server's own checks land on the field they concern, in Chinese, and nothing typed is lost.
    await page.getByTestId('order-number').fill('A'.repeat(101));
    await page.getByTestId('submit-ticket').click();
    const orderField = page.locator('.field').filter({ has: page.getByTestId('order-number') });
    const orderError = await orderField.locator('.field-error').textContent();
    expect(orderError).toMatch(/100/);
    expect(orderError).toMatch(/[\u4e00-\u9fff]/);
    await page.getByTestId('submit-error').waitFor();
    expect(await page.getByTestId('order-number').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('contact-name').inputValue()).toBe('李华');
    expect(await page.getByTestId('description').inputValue()).toBe('洗衣机脱水时噪音很大，机身晃动。');
    await thumbnail.waitFor();
    await page.getByTestId('order-number').fill('JD-20241101-7788');

    const seenBeforeSubmit = smtp.messages.length;
    await page.getByTestId('submit-ticket').click();

    // 3. The ticket number, a copy button and the link.
    const number = ((await page.getByTestId('submitted-number').textContent()) ?? '').trim();
    expect(number).toMatch(/^\d{6}-\d{3,}$/);
    expect(await page.getByTestId('submitted').textContent()).toContain('提交成功');
    expect(await page.getByTestId('submitted-link').textContent()).toBe(
      `${server.baseUrl}/portal/t/${number}`,
    );
    await page.getByTestId('copy-number').waitFor();
    await first.context.close();

    // The acknowledgement reaches the customer with the portal link.
    const acknowledgement = await nextMail(
      seenBeforeSubmit,
      (mail) => toCustomer(mail) && (mail.subject ?? '').includes(number),
    );
    expect(acknowledgement.text).toContain(`/portal/t/${number}`);

    // 4. Another phone, no session: look the ticket up with a one-time code from the e-mail.
    const second = await openPhone();
    page = second.page;
    await page.goto(`${server.baseUrl}/portal`);
    await page.getByTestId('home-lookup').click();
    await page.getByTestId('lookup-number').fill(number);
    await page.getByTestId('destination').fill(CUSTOMER_EMAIL);
    const seenBeforeCode = smtp.messages.length;
    await page.getByRole('button', { name: '获取验证码' }).click();
    const sent = await page.getByTestId('code-sent').textContent();
    expect(sent).toContain('验证码已发送至');
    expect(sent).not.toContain(CUSTOMER_EMAIL);
    const codeMail = await nextMail(seenBeforeCode, (mail) => toCustomer(mail) && codeIn(mail) !== null);
    await page.getByTestId('code').fill('000000' === codeIn(codeMail) ? '111111' : '000000');
    await page.getByRole('button', { name: '确认' }).click();
    await page.getByTestId('code-verify-form').getByRole('alert').waitFor();
    await page.getByTestId('code').fill(codeIn(codeMail)!);
    await page.getByRole('button', { name: '确认' }).click();

    // 5. The ticket: friendly status, the description and the photo as a thumbnail.
    await expect.poll(() => page.url()).toBe(`${server.baseUrl}/portal/t/${number}`);
    const ticketPage = page.getByTestId('ticket-page');
    await ticketPage.waitFor();
    expect(await page.getByTestId('ticket-number').textContent()).toBe(number);
    expect(await page.locator('.step-current').textContent()).toContain('已提交');
    expect(await page.getByTestId('ticket-details').textContent()).toContain('洗衣机脱水时噪音很大');
    expect(await page.getByTestId('ticket-details').textContent()).toContain('WM-8000');
    expect(await page.getByTestId('ticket-details').textContent()).toContain('JD-20241101-7788');
    const photo = page.getByTestId('attachment-image').getByRole('img', { name: 'noise.png' });
    await photo.waitFor();
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(4);
    expect(await page.getByTestId('confirmation').count()).toBe(0);

    // 6. A reply with the customer's words appears in the timeline.
    await page.getByTestId('reply-send').click();
    await page.getByTestId('reply-form').getByText('请输入内容').waitFor();
    await page.getByTestId('reply-body').fill('补充：噪音在脱水最后两分钟最明显。');
    await page.getByTestId('reply-send').click();
    await page.getByTestId('reply-sent').waitFor();
    await page
      .getByTestId('timeline-entry')
      .filter({ hasText: '补充：噪音在脱水最后两分钟最明显。' })
      .waitFor();
    expect(await page.getByTestId('reply-body').inputValue()).toBe('');

    // 7. Staff take it on and resolve it.
    const me = await staffApi<{ user: { id: string } }>('GET', '/auth/me');
    const assigned = await staffApi<{ status: string }>('POST', `/tickets/${number}/assign`, {
      ownerId: me.user.id,
    });
    // Taking a ticket for oneself starts the work; otherwise the owner starts it.
    if (assigned.status !== 'in_progress') {
      await staffApi('POST', `/tickets/${number}/status`, { status: 'in_progress' });
    }
    await staffApi('POST', `/tickets/${number}/resolve`, { summary: '已更换减震器，噪音消除。' });

    // 8. The customer confirms it is solved.
    await page.reload();
    await page.getByTestId('confirmation').waitFor();
    expect(await page.getByTestId('ticket-status').textContent()).toBe('已解决，待您确认');
    expect(await page.locator('.step-current').textContent()).toContain('待确认');
    expect(await page.getByTestId('timeline').textContent()).toContain('已更换减震器，噪音消除。');
    const seenBeforeClose = smtp.messages.length;
    await page.getByRole('button', { name: '已解决，确认关闭' }).click();
    await page.getByTestId('confirm-outcome').getByText('感谢您的确认，工单已关闭。').waitFor();
    await expect.poll(() => page.getByTestId('ticket-status').textContent()).toBe('已完成');
    expect(await page.getByTestId('confirmation').count()).toBe(0);
    const closed = await staffApi<{ ticket: { status: string } }>('GET', `/tickets/${number}`);
    expect(closed.ticket.status).toBe('closed');

    // 9. The survey invitation arrives; the ticket page links to the same survey.
    const surveyMail = await nextMail(
      seenBeforeClose,
      (mail) => toCustomer(mail) && /\/portal\/s\/\S+/.test(mail.text ?? ''),
      // The survey sweep runs once a minute.
      90_000,
    );
    const surveyUrl = /(https?:\/\/\S+\/portal\/s\/[^\s)>"']+)/.exec(surveyMail.text ?? '')![1]!;
    expect(surveyUrl.startsWith(`${server.baseUrl}/portal/s/`)).toBe(true);
    await page.reload();
    const banner = page.getByTestId('survey-banner');
    await banner.waitFor();
    expect(await banner.getAttribute('href')).toBe(surveyUrl);
    await banner.click();

    // 10. Answer it: 2 of 5 overall.
    await page.getByTestId('survey-form').waitFor();
    expect(await page.getByTestId('survey-form').textContent()).toContain(number);
    for (const key of ['speed', 'result', 'professionalism']) {
      await page.getByTestId(`question-${key}`).getByText('4', { exact: true }).click();
    }
    await page.getByTestId('survey-submit').click();
    const overall = page.getByTestId('question-overall');
    await overall.getByText('请回答这个问题').waitFor();
    // On a phone the buttons carry numbers; the scale's ends are written under them.
    expect(await overall.locator('.scale-ends').textContent()).toBe('1 非常不满意5 非常满意');
    await overall.getByText('2', { exact: true }).click();
    expect(await overall.getByTestId('chosen-overall').textContent()).toBe('2 · 不满意');
    expect(await overall.getByRole('radio', { checked: true }).getAttribute('value')).toBe('2');
    expect(await overall.getByText('请回答这个问题').count()).toBe(0);
    await page.getByTestId('question-suggestions').locator('textarea').fill('希望上门时间能更早确认。');
    await page.getByTestId('survey-submit').click();
    await page.getByTestId('survey-thanks').getByText('感谢您的评价！').waitFor();

    // Staff see the answer; 2 of 5 is a low rating, so the supervisor gets a follow-up (R6.2).
    const { survey } = await staffApi<{
      survey: {
        status: string;
        isLow: boolean | null;
        answers: { key: string; rawScore: number | null; text: string | null }[];
        followUp: { status: string } | null;
      };
    }>('GET', `/tickets/${number}/survey`);
    expect(survey.status).toBe('answered');
    expect(survey.answers.find((answer) => answer.key === 'overall')?.rawScore).toBe(2);
    expect(survey.answers.find((answer) => answer.key === 'speed')?.rawScore).toBe(4);
    expect(survey.answers.find((answer) => answer.key === 'suggestions')?.text).toBe(
      '希望上门时间能更早确认。',
    );
    expect(survey.isLow).toBe(true);
    expect(survey.followUp?.status).toBe('open');

    // The language switch: the thank-you page in English, and the choice is remembered.
    await page.getByTestId('language-switch').click();
    await page.getByTestId('survey-thanks').getByText('Thank you for your feedback!').waitFor();

    // The link cannot be used twice; a forged one is refused.
    await page.goto(surveyUrl);
    await page.getByTestId('survey-answered').getByText('You have already answered').waitFor();
    await page.getByTestId('language-switch').click();
    await page.getByTestId('survey-answered').getByText('您已经评价过了').waitFor();
    await page.goto(`${server.baseUrl}/portal/s/forged-token`);
    await page.getByTestId('survey-invalid').getByText('链接无效').waitFor();

    // 11. Signing in with the e-mail address lists the customer's tickets.
    await page.goto(`${server.baseUrl}/portal`);
    await page.getByTestId('home-sign-in').click();
    await page.getByTestId('destination').fill(CUSTOMER_EMAIL);
    const seenBeforeSignIn = smtp.messages.length;
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.getByTestId('code-sent').waitFor();
    const signInMail = await nextMail(seenBeforeSignIn, (mail) => toCustomer(mail) && codeIn(mail) !== null);
    await page.getByTestId('code').fill(codeIn(signInMail)!);
    await page.getByRole('button', { name: '确认' }).click();
    await expect.poll(() => page.url()).toBe(`${server.baseUrl}/portal/tickets`);
    const item = page.getByTestId('ticket-item').filter({ hasText: number });
    await item.waitFor();
    expect(await item.getByTestId('ticket-status').textContent()).toBe('已完成');
    expect(await item.textContent()).toContain('洗衣机脱水时噪音很大');
    await second.context.close();
  }, 240_000);
});
