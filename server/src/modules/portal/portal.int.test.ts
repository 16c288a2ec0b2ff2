import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildHttpApp } from '../../platform/http/app.js';
import { type Session, signInAdmin, startTestApp, type TestApp } from '../../test/harness.js';
import { latestCode, multipart, PortalBrowser, signInToPortal, type UploadFile } from '../../test/portal.js';
import { httpModules } from '../index.js';
import { sweepSurveys } from '../surveys/surveys.service.js';
import { purgeExpiredPortalData } from './portal.service.js';

let t: TestApp;
let admin: Session;
let dataDir: string;
let addresses = 0;

/** A customer's browser, each on its own address so the per-address limits of one test leave the others be. */
const customer = (language = 'zh-CN') => {
  addresses += 1;
  return new PortalBrowser(t.app, {
    ip: `10.1.${Math.floor(addresses / 200)}.${(addresses % 200) + 1}`,
    language,
  });
};

const PHOTO: UploadFile = {
  name: '接头漏水.jpg',
  type: 'image/jpeg',
  content: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]),
};

const requestForm = (overrides: Record<string, string> = {}) => ({
  type: 'repair',
  description: '净水器接头处漏水，地板都湿了',
  contactName: '杨帆',
  contactEmail: 'yangfan@example.com',
  productModel: 'RO-600',
  ...overrides,
});

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'aftercare-portal-'));
  t = await startTestApp({
    AFTERCARE_DATA_DIR: dataDir,
    SMS_PROVIDER: 'log',
    AFTERCARE_PUBLIC_URL: 'https://service.aftercare.test',
    AFTERCARE_PORTAL_RATE_PER_MINUTE: '20',
    AFTERCARE_PUBLIC_FORM_RATE_PER_MINUTE: '20',
  });
});
beforeEach(async () => {
  // Tests move the clock; a fresh staff session keeps working whatever the time.
  admin = await signInAdmin(t.app);
});
afterAll(async () => {
  await t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A ticket registered by staff for a customer, accepted, so it is in progress. */
async function staffTicket(customerFields: object, extra: object = {}) {
  const created = await admin.request('POST', '/api/v1/tickets', {
    title: '扫地机器人无法回充',
    description: '回充座指示灯不亮',
    type: 'repair',
    customer: customerFields,
    ownerId: admin.userId,
    ...extra,
  });
  expect(created.statusCode).toBe(201);
  const { id, number } = created.json() as { id: string; number: string };
  expect((await admin.request('POST', `/api/v1/tickets/${id}/accept`)).json().status).toBe('in_progress');
  return { id, number };
}

const staffView = async (number: string) => (await admin.request('GET', `/api/v1/tickets/${number}`)).json();

const unattachedUploads = async () =>
  (
    await t.db.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM attachments WHERE ticket_id IS NULL',
    )
  )[0]!.count;

function filesOnDisk(): number {
  const root = join(dataDir, 'attachments');
  try {
    return readdirSync(root).reduce((sum, month) => sum + readdirSync(join(root, month)).length, 0);
  } catch {
    return 0;
  }
}

describe('the request form', () => {
  it("offers the active categories and the kinds of feedback in the reader's language", async () => {
    const categories = (await admin.request('GET', '/api/v1/categories')).json().items as {
      id: string;
      code: string;
      name: string;
      nameEn: string;
      parentId: string | null;
    }[];
    const child = categories.find((category) => category.parentId !== null)!;
    const zh = await customer().request('GET', '/api/v1/portal/categories');
    expect(zh.statusCode).toBe(200);
    expect(zh.json()).toContainEqual({ id: child.id, name: child.name, parentId: child.parentId });
    const en = await customer('en').request('GET', '/api/v1/portal/categories');
    expect(en.json()).toContainEqual({ id: child.id, name: child.nameEn, parentId: child.parentId });

    expect(
      (await admin.request('PATCH', `/api/v1/categories/${child.id}`, { isActive: false })).statusCode,
    ).toBe(200);
    const offered = (await customer().request('GET', '/api/v1/portal/categories')).json() as { id: string }[];
    expect(offered.map((category) => category.id)).not.toContain(child.id);
    await admin.request('PATCH', `/api/v1/categories/${child.id}`, { isActive: true });

    const types = await customer().request('GET', '/api/v1/portal/ticket-types');
    expect(types.json()).toContainEqual({ value: 'repair', label: '维修' });
    expect(types.json()).toHaveLength(8);
    expect((await customer('en').request('GET', '/api/v1/portal/ticket-types')).json()).toContainEqual({
      value: 'return_exchange',
      label: 'Return / exchange',
    });
  });

  it('takes a request with a photo through intake and lets the browser follow that ticket', async () => {
    const browser = customer();
    const response = await browser.send('/api/v1/portal/tickets', multipart(requestForm(), [PHOTO]));
    expect(response.statusCode).toBe(201);
    const { number, url, csrfToken } = response.json();
    expect(number).toMatch(/^202603-\d{3}$/);
    expect(url).toBe(`https://service.aftercare.test/portal/t/${number}`);
    expect(csrfToken).toEqual(expect.any(String));
    const cookie = response.cookies.find((candidate) => candidate.name === 'aftercare_portal')!;
    expect(cookie).toMatchObject({ path: '/api/v1/portal', httpOnly: true, sameSite: 'Lax' });

    expect((await browser.request('GET', '/api/v1/portal/session')).json()).toEqual({
      scope: 'ticket',
      ticketNumber: number,
      destinationMasked: 'y******@example.com',
      csrfToken,
    });

    // The one intake path: channel, customer, routing, SLA, audit and the acknowledgement with the portal link.
    const staff = await staffView(number);
    expect(staff.ticket).toMatchObject({
      channel: 'portal',
      title: '净水器接头处漏水，地板都湿了',
      customer: { name: '杨帆' },
      contact: { email: 'yangfan@example.com' },
    });
    expect(staff.sla.milestones.length).toBeGreaterThan(0);
    const audit = (
      await admin.request('GET', `/api/v1/audit?entityType=ticket&entityId=${staff.ticket.id}`)
    ).json();
    expect(audit.items.map((entry: { action: string }) => entry.action)).toContain('ticket.created');
    const ack = await t.db.query<{ template: string; body: string; channel: string }>(
      `SELECT template, body, channel FROM notifications WHERE ticket_id = $1 AND channel = 'email'`,
      [staff.ticket.id],
    );
    expect(ack).toHaveLength(1);
    expect(ack[0]!.template).toBe('ticketAcknowledged');
    expect(ack[0]!.body).toContain(`https://service.aftercare.test/portal/t/${number}`);

    const view = await browser.request('GET', `/api/v1/portal/tickets/${number}`);
    expect(view.statusCode).toBe(200);
    const ticket = view.json();
    expect(ticket).toMatchObject({
      number,
      status: staff.ticket.status,
      type: 'repair',
      description: '净水器接头处漏水，地板都湿了',
      productModel: 'RO-600',
      canConfirm: false,
      pendingPlan: null,
      survey: null,
    });
    const openDue = (staff.sla.milestones as { milestone: string; dueAt: string; metAt: string | null }[])
      .filter(
        (m) => ['first_response', 'solution_provided', 'closed_confirmed'].includes(m.milestone) && !m.metAt,
      )
      .map((m) => m.dueAt)
      .sort()[0];
    expect(ticket.nextExpectedAt).toBe(openDue);
    const withFiles = ticket.timeline.filter((entry: { attachments: unknown[] }) => entry.attachments.length);
    expect(withFiles).toHaveLength(1);
    expect(withFiles[0]).toMatchObject({
      authorLabel: '您',
      attachments: [{ fileName: '接头漏水.jpg', contentType: 'image/jpeg', sizeBytes: 12 }],
    });
    expect(ticket.timeline.map((entry: { kind: string }) => entry.kind)).toContain('created');

    const file = await browser.request(
      'GET',
      `/api/v1/portal/tickets/${number}/attachments/${withFiles[0].attachments[0].id}`,
    );
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    expect(file.rawPayload.equals(PHOTO.content as Buffer)).toBe(true);

    const list = (await browser.request('GET', '/api/v1/portal/tickets')).json();
    expect(list.items).toEqual([
      {
        number,
        title: '净水器接头处漏水，地板都湿了',
        type: 'repair',
        status: staff.ticket.status,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        nextExpectedAt: openDue,
      },
    ]);
  });

  it('answers a retry with the same Idempotency-Key and files with the first ticket, and keeps no second copy', async () => {
    const key = 'portal-retry-0001';
    const body = requestForm({ contactEmail: 'retry@example.com', description: '第二次提交同一个问题' });
    const first = await customer().send('/api/v1/portal/tickets', multipart(body, [PHOTO]), {
      headers: { 'idempotency-key': key },
    });
    const again = await customer().send('/api/v1/portal/tickets', multipart(body, [PHOTO]), {
      headers: { 'idempotency-key': key },
    });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json().number).toBe(first.json().number);
    const rows = await t.db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM tickets WHERE description = '第二次提交同一个问题'`,
    );
    expect(rows[0]!.count).toBe(1);
    expect(await unattachedUploads()).toBe(0);

    const changed = await customer().send(
      '/api/v1/portal/tickets',
      multipart({ ...body, description: '换了内容' }, [PHOTO]),
      { headers: { 'idempotency-key': key } },
    );
    expect(changed.statusCode).toBe(409);
    expect(await unattachedUploads()).toBe(0);
  });

  it('refuses bad input naming the field, and keeps no file of a refused request', async () => {
    const filesBefore = filesOnDisk();
    const cases: [Record<string, string>, UploadFile[], number, string][] = [
      [requestForm({ description: '' }), [PHOTO], 400, 'body.description'],
      [requestForm({ contactEmail: 'not-an-address' }), [PHOTO], 400, 'body.contactEmail'],
      [requestForm({ contactEmail: '' }), [], 400, 'body.contactPhone'],
      [requestForm({ contactPhone: '12-ab' }), [], 400, 'body.contactPhone'],
      [requestForm({ website: 'http://spam.example' }), [PHOTO], 400, 'body.website'],
      [requestForm({ categoryId: '00000000-0000-4000-8000-000000000000' }), [PHOTO], 400, 'body.categoryId'],
      [requestForm({ type: 'wish' }), [PHOTO], 400, 'body.type'],
      [requestForm({ colour: 'red' }), [], 400, 'body.colour'],
      [
        requestForm(),
        [PHOTO, { name: 'setup.exe', type: 'application/x-msdownload', content: 'MZ' }],
        415,
        'body.file',
      ],
      [requestForm(), Array.from({ length: 11 }, () => PHOTO), 413, 'body.files'],
    ];
    for (const [fields, files, status, field] of cases) {
      const response = await customer().send('/api/v1/portal/tickets', multipart(fields, files));
      expect({ field, status: response.statusCode, named: response.json().field }).toEqual({
        field,
        status,
        named: field,
      });
    }
    const padded = Object.fromEntries(Array.from({ length: 25 }, (_, index) => [`extra${index}`, 'x']));
    const tooMany = await customer().send(
      '/api/v1/portal/tickets',
      multipart({ ...requestForm(), ...padded }),
    );
    expect({ status: tooMany.statusCode, code: tooMany.json().code }).toEqual({
      status: 413,
      code: 'payload_too_large',
    });
    expect(await unattachedUploads()).toBe(0);
    expect(filesOnDisk()).toBe(filesBefore);
  });

  it('keeps an account session when a signed-in customer submits, and shows the new ticket in it', async () => {
    await staffTicket({ name: '钱多多', email: 'qian@example.com' });
    const browser = customer();
    await signInToPortal(browser, t.db, 'qian@example.com');
    const response = await browser.send(
      '/api/v1/portal/tickets',
      multipart(requestForm({ contactName: '钱多多', contactEmail: '', contactPhone: '13700001111' })),
    );
    expect(response.statusCode).toBe(201);
    expect(response.cookies.find((cookie) => cookie.name === 'aftercare_portal')).toBeUndefined();
    expect((await browser.request('GET', '/api/v1/portal/session')).json().scope).toBe('account');
    const numbers = (await browser.request('GET', '/api/v1/portal/tickets'))
      .json()
      .items.map((item: { number: string }) => item.number);
    expect(numbers[0]).toBe(response.json().number);
    expect(numbers).toHaveLength(2);
    // The verified address became the ticket's, so the acknowledgement goes where the customer reads.
    expect((await staffView(response.json().number)).ticket.contact.email).toBe('qian@example.com');
  });
});

describe('one-time codes', () => {
  it('sends a code only where a ticket is reached, answers the same either way, and never to a webhook', async () => {
    await staffTicket({ name: '李娜', email: 'li.na@example.com' });
    const hook = await admin.request('POST', '/api/v1/webhook-endpoints', {
      name: '数据平台',
      url: 'https://hooks.example.com/aftercare',
      events: ['ticket.created', 'ticket.replied'],
    });
    expect(hook.statusCode).toBe(201);

    const known = await customer('en').request('POST', '/api/v1/portal/codes', {
      destination: 'Li.Na@Example.com',
    });
    const unknown = await customer('en').request('POST', '/api/v1/portal/codes', {
      destination: 'nobody@example.com',
    });
    expect(known.statusCode).toBe(202);
    expect(known.json()).toEqual({ destinationMasked: 'l****@example.com', expiresInSeconds: 600 });
    expect(unknown.statusCode).toBe(202);
    expect(Object.keys(unknown.json()).sort()).toEqual(['destinationMasked', 'expiresInSeconds']);

    const sent = await t.db.query<{
      channel: string;
      recipient: string;
      ticket_id: string | null;
      subject: string;
      body: string;
    }>(
      `SELECT channel, recipient, ticket_id, subject, body FROM notifications WHERE template = 'portalCode'`,
    );
    expect(sent.filter((row) => row.recipient === 'nobody@example.com')).toEqual([]);
    const mine = sent.filter((row) => row.recipient === 'li.na@example.com');
    expect(mine).toHaveLength(1);
    const code = /\b(\d{6})\b/.exec(mine[0]!.body)![1]!;
    expect(mine[0]).toMatchObject({ channel: 'email', ticket_id: null, subject: 'Your verification code' });
    expect(mine[0]!.subject).not.toContain(code);
    const hooks = await t.db.query(`SELECT body FROM notifications WHERE channel = 'webhook'`);
    expect(JSON.stringify(hooks)).not.toContain(code);

    // A wrong guess tells nothing either: the same answer whether a code was sent or not.
    const guess = code === '123456' ? '654321' : '123456';
    const guesses = await Promise.all(
      ['li.na@example.com', 'nobody@example.com'].map(async (destination) => {
        const response = await customer().request('POST', '/api/v1/portal/sessions', {
          destination,
          code: guess,
        });
        const { requestId: _requestId, ...problem } = response.json();
        return { status: response.statusCode, problem };
      }),
    );
    expect(guesses[0]).toEqual(guesses[1]);
    expect(guesses[0]).toMatchObject({ status: 401, problem: { remainingAttempts: 4 } });

    const codes = await t.db.query<{ destination_hash: string; code_hash: string | null }>(
      'SELECT destination_hash, code_hash FROM portal_codes',
    );
    expect(JSON.stringify(codes)).not.toContain('li.na');
    expect(JSON.stringify(codes)).not.toContain(code);
  });

  it('signs in once with the right code; wrong codes count and the fifth kills the code', async () => {
    await staffTicket({ name: '周杰', email: 'zhoujie@example.com' });
    const browser = customer();
    await browser.request('POST', '/api/v1/portal/codes', { destination: 'zhoujie@example.com' });
    const code = (await latestCode(t.db, 'zhoujie@example.com'))!;
    const wrong = code === '000000' ? '000001' : '000000';

    const first = await browser.request('POST', '/api/v1/portal/sessions', {
      destination: 'zhoujie@example.com',
      code: wrong,
    });
    expect(first.statusCode).toBe(401);
    expect(first.json()).toMatchObject({
      code: 'invalid_credentials',
      field: 'body.code',
      remainingAttempts: 4,
    });
    const right = await browser.request('POST', '/api/v1/portal/sessions', {
      destination: 'zhoujie@example.com',
      code,
    });
    expect(right.statusCode).toBe(200);
    expect(right.json()).toMatchObject({ scope: 'account', destinationMasked: 'z******@example.com' });
    expect(right.json().ticketNumber).toBeUndefined();
    const reused = await customer().request('POST', '/api/v1/portal/sessions', {
      destination: 'zhoujie@example.com',
      code,
    });
    expect(reused.statusCode).toBe(401);

    await browser.request('POST', '/api/v1/portal/codes', { destination: 'zhoujie@example.com' });
    const fresh = (await latestCode(t.db, 'zhoujie@example.com'))!;
    const bad = fresh === '999999' ? '999998' : '999999';
    const answers: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const response = await customer().request('POST', '/api/v1/portal/sessions', {
        destination: 'zhoujie@example.com',
        code: bad,
      });
      answers.push(response.json().remainingAttempts ?? 0);
    }
    expect(answers).toEqual([4, 3, 2, 1, 0]);
    const dead = await customer().request('POST', '/api/v1/portal/sessions', {
      destination: 'zhoujie@example.com',
      code: fresh,
    });
    expect(dead.statusCode).toBe(401);
    expect(dead.json()).toMatchObject({ field: 'body.code', detail: '验证码错误次数过多，请重新获取验证码' });
  });

  it('replaces the live code with each new request, and lets codes expire', async () => {
    await staffTicket({ name: '孙丽', email: 'sunli@example.com' });
    const browser = customer();
    await browser.request('POST', '/api/v1/portal/codes', { destination: 'sunli@example.com' });
    const older = (await latestCode(t.db, 'sunli@example.com'))!;
    await browser.request('POST', '/api/v1/portal/codes', { destination: 'sunli@example.com' });
    const newer = (await latestCode(t.db, 'sunli@example.com'))!;
    if (older !== newer) {
      const replaced = await browser.request('POST', '/api/v1/portal/sessions', {
        destination: 'sunli@example.com',
        code: older,
      });
      expect(replaced.statusCode).toBe(401);
    }
    t.clock.advance(11 * 60_000);
    const expired = await browser.request('POST', '/api/v1/portal/sessions', {
      destination: 'sunli@example.com',
      code: newer,
    });
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ field: 'body.code', detail: '验证码错误或已过期' });

    await browser.request('POST', '/api/v1/portal/codes', { destination: 'sunli@example.com' });
    const inTime = (await latestCode(t.db, 'sunli@example.com'))!;
    t.clock.advance(9 * 60_000);
    const ok = await browser.request('POST', '/api/v1/portal/sessions', {
      destination: 'sunli@example.com',
      code: inTime,
    });
    expect(ok.statusCode).toBe(200);
  });

  it('opens one ticket by its number, only for its contact, and sends SMS codes to mobile numbers', async () => {
    const first = await staffTicket({ name: '赵磊', phone: '+86 139-0000-1111' });
    const second = await staffTicket({ name: '赵磊', phone: '13900001111' });
    const browser = customer();
    const opened = await signInToPortal(browser, t.db, '139 0000 1111', '13900001111', first.number);
    expect(opened.json()).toMatchObject({
      scope: 'ticket',
      ticketNumber: first.number,
      destinationMasked: '139****1111',
    });
    const sms = await t.db.query<{ channel: string }>(
      `SELECT channel FROM notifications WHERE template = 'portalCode' AND recipient = '13900001111'`,
    );
    expect(sms.map((row) => row.channel)).toEqual(['sms']);
    expect(
      (await browser.request('GET', '/api/v1/portal/tickets'))
        .json()
        .items.map((i: { number: string }) => i.number),
    ).toEqual([first.number]);
    const other = await browser.request('GET', `/api/v1/portal/tickets/${second.number}`);
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('ticket_not_found');

    // Someone else's number gets no code for this ticket (and the same answer).
    const stranger = await customer().request('POST', '/api/v1/portal/codes', {
      destination: '13900002222',
      ticketNumber: first.number,
    });
    expect(stranger.statusCode).toBe(202);
    expect(await latestCode(t.db, '13900002222')).toBeUndefined();

    // A code asked for one ticket does not open the whole account.
    await customer().request('POST', '/api/v1/portal/codes', {
      destination: '13900001111',
      ticketNumber: second.number,
    });
    const forTicket = (await latestCode(t.db, '13900001111'))!;
    const asAccount = await customer().request('POST', '/api/v1/portal/sessions', {
      destination: '13900001111',
      code: forTicket,
    });
    expect(asAccount.statusCode).toBe(401);
  });

  it('refuses what it cannot send to, naming the field', async () => {
    for (const destination of ['not an address', '010-12345678', 'a@b']) {
      const response = await customer().request('POST', '/api/v1/portal/codes', { destination });
      expect({ destination, status: response.statusCode, field: response.json().field }).toEqual({
        destination,
        status: 400,
        field: 'body.destination',
      });
    }
    const badNumber = await customer().request('POST', '/api/v1/portal/codes', {
      destination: 'li@example.com',
      ticketNumber: '../202603-001',
    });
    expect(badNumber.json()).toMatchObject({ status: 400, field: 'body.ticketNumber' });
    const badCode = await customer().request('POST', '/api/v1/portal/sessions', {
      destination: 'li@example.com',
      code: '12ab',
    });
    expect(badCode.json()).toMatchObject({ status: 400, field: 'body.code' });
  });

  it('limits codes per destination and requests per client address with 429', async () => {
    const answers: number[] = [];
    for (let request = 0; request < 6; request += 1) {
      answers.push(
        (await customer().request('POST', '/api/v1/portal/codes', { destination: 'busy@example.com' }))
          .statusCode,
      );
    }
    expect(answers).toEqual([202, 202, 202, 202, 202, 429]);
    const limited = await customer().request('POST', '/api/v1/portal/codes', {
      destination: 'busy@example.com',
    });
    expect(limited.json()).toMatchObject({ code: 'rate_limited', field: 'body.destination' });
    t.clock.advance(61 * 60_000);
    expect(
      (await customer().request('POST', '/api/v1/portal/codes', { destination: 'busy@example.com' }))
        .statusCode,
    ).toBe(202);

    const one = customer();
    const statuses: number[] = [];
    for (let request = 0; request < 21; request += 1) {
      statuses.push(
        (await one.request('POST', '/api/v1/portal/sessions', { destination: 'x', code: '000000' }))
          .statusCode,
      );
    }
    expect(statuses.slice(0, 20).every((status) => status === 400)).toBe(true);
    expect(statuses[20]).toBe(429);
    const form = customer();
    const submissions: number[] = [];
    for (let request = 0; request < 21; request += 1) {
      submissions.push((await form.send('/api/v1/portal/tickets', multipart({ type: 'x' }))).statusCode);
    }
    expect(submissions[20]).toBe(429);
  });
});

describe("a customer's account", () => {
  it("sees every ticket of the customers its address belongs to, and no one else's", async () => {
    const own = await staffTicket({ name: '王芳', email: 'wangfang@example.com', phone: '13511112222' });
    // Found by phone, with another contact address: still the same customer's ticket.
    const byPhone = await staffTicket({ name: '王芳', phone: '13511112222' });
    const company = await admin.request('POST', '/api/v1/customers', {
      kind: 'company',
      name: '华东贸易有限公司',
      companyName: '华东贸易有限公司',
      phone: '02188887777',
    });
    expect(company.json()).toMatchObject({ kind: 'company' });
    const contact = await admin.request('POST', `/api/v1/customers/${company.json().id}/contacts`, {
      name: '王芳',
      email: 'wangfang@example.com',
    });
    expect(contact.statusCode).toBe(201);
    const companyTicket = await staffTicket(
      { name: '华东贸易' },
      { customerId: company.json().id, customer: undefined },
    );
    const stranger = await staffTicket({ name: '陈晨', email: 'chenchen@example.com' });

    const browser = customer();
    await signInToPortal(browser, t.db, 'WangFang@example.com', 'wangfang@example.com');
    const numbers = (await browser.request('GET', '/api/v1/portal/tickets'))
      .json()
      .items.map((item: { number: string }) => item.number);
    expect(numbers).toEqual([companyTicket.number, byPhone.number, own.number]);
    expect(numbers).not.toContain(stranger.number);
  });

  it('replies with a file; a reply reopens a resolved ticket; a long-closed ticket refuses with 409', async () => {
    const { id, number } = await staffTicket({ name: '刘洋', email: 'liuyang@example.com' });
    const browser = customer();
    await signInToPortal(browser, t.db, 'liuyang@example.com');
    const replied = await browser.send(
      `/api/v1/portal/tickets/${number}/replies`,
      multipart({ body: '补充一张照片' }, [PHOTO]),
    );
    expect(replied.statusCode).toBe(201);
    const last = replied.json().timeline.at(-1);
    expect(last).toMatchObject({ kind: 'customer_reply', body: '补充一张照片', authorLabel: '您' });
    expect(last.attachments).toHaveLength(1);
    const staff = await staffView(number);
    expect(staff.timeline.at(-1)).toMatchObject({ kind: 'customer_reply', data: { via: 'portal' } });

    const empty = await browser.send(`/api/v1/portal/tickets/${number}/replies`, multipart({ body: '  ' }));
    expect(empty.json()).toMatchObject({ status: 400, field: 'body.body' });

    await admin.request('POST', `/api/v1/tickets/${id}/resolve`, { summary: '已更换回充座' });
    await browser.send(`/api/v1/portal/tickets/${number}/replies`, multipart({ body: '还是不能回充' }));
    expect((await staffView(number)).ticket.status).toBe('reopened');

    await admin.request('POST', `/api/v1/tickets/${id}/status`, { status: 'in_progress' });
    await admin.request('POST', `/api/v1/tickets/${id}/resolve`, { summary: '已更换主板' });
    await admin.request('POST', `/api/v1/tickets/${id}/close`, { confirmationMethod: 'phone' });
    t.clock.advance(15 * 86_400_000);
    const late = customer();
    await signInToPortal(late, t.db, 'liuyang@example.com');
    const refused = await late.send(
      `/api/v1/portal/tickets/${number}/replies`,
      multipart({ body: '又坏了' }),
    );
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('ticket_closed');
  });

  it('accepts an approved plan once', async () => {
    const { id, number } = await staffTicket({ name: '黄磊', email: 'huanglei@example.com' });
    await admin.request('POST', `/api/v1/tickets/${id}/plans`, {
      body: '赠送 50 元优惠券并免费更换配件',
      compensationType: 'coupon',
      compensationAmount: 50,
    });
    const planId = (await staffView(number)).plans[0].id;
    const browser = customer();
    await signInToPortal(browser, t.db, 'huanglei@example.com');
    expect((await browser.request('GET', `/api/v1/portal/tickets/${number}`)).json().pendingPlan).toBeNull();

    expect(
      (
        await admin.request('POST', `/api/v1/tickets/${id}/plans/${planId}/decision`, { approve: true })
      ).json().status,
    ).toBe('solution_proposed');
    const view = (await browser.request('GET', `/api/v1/portal/tickets/${number}`)).json();
    expect(view.pendingPlan).toEqual({
      id: planId,
      body: '赠送 50 元优惠券并免费更换配件',
      compensationType: 'coupon',
      compensationAmount: 50,
    });
    expect(view.canConfirm).toBe(true);

    const unknown = await browser.request(
      'POST',
      `/api/v1/portal/tickets/${number}/plans/00000000-0000-4000-8000-000000000000/decision`,
      { decision: 'accept' },
    );
    expect(unknown.statusCode).toBe(404);
    const accepted = await browser.request(
      'POST',
      `/api/v1/portal/tickets/${number}/plans/${planId}/decision`,
      {
        decision: 'accept',
        comment: '可以，谢谢',
      },
    );
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'in_progress', pendingPlan: null });
    expect((await staffView(number)).plans[0]).toMatchObject({
      status: 'accepted',
      customerNote: '可以，谢谢',
    });
    const twice = await browser.request('POST', `/api/v1/portal/tickets/${number}/plans/${planId}/decision`, {
      decision: 'reject',
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('plan_not_awaiting_decision');
    const badDecision = await browser.request(
      'POST',
      `/api/v1/portal/tickets/${number}/plans/${planId}/decision`,
      {
        decision: 'maybe',
      },
    );
    expect(badDecision.json()).toMatchObject({ status: 400, field: 'body.decision' });
  });

  it('confirms a solution (closed as confirmed in the portal, the survey follows) or sends it back to work', async () => {
    const solved = await staffTicket({ name: '吴敏', email: 'wumin@example.com' });
    const unsolved = await staffTicket({ name: '吴敏', email: 'wumin@example.com' });
    const browser = customer();
    await signInToPortal(browser, t.db, 'wumin@example.com');

    const early = await browser.request('POST', `/api/v1/portal/tickets/${solved.number}/confirmation`, {
      solved: true,
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('confirmation_not_expected');

    await admin.request('POST', `/api/v1/tickets/${solved.id}/resolve`, { summary: '已远程重置' });
    await admin.request('POST', `/api/v1/tickets/${unsolved.id}/resolve`, { summary: '已远程重置' });
    expect((await browser.request('GET', `/api/v1/portal/tickets/${solved.number}`)).json().canConfirm).toBe(
      true,
    );

    const closed = await browser.request('POST', `/api/v1/portal/tickets/${solved.number}/confirmation`, {
      solved: true,
      comment: '好了，谢谢',
    });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toEqual({ status: 'closed' });
    expect((await staffView(solved.number)).ticket).toMatchObject({
      status: 'closed',
      closeReason: 'confirmed',
      confirmationMethod: 'portal',
    });
    const again = await browser.request('POST', `/api/v1/portal/tickets/${solved.number}/confirmation`, {
      solved: false,
    });
    expect(again.json().code).toBe('confirmation_not_expected');

    const reopened = await browser.request('POST', `/api/v1/portal/tickets/${unsolved.number}/confirmation`, {
      solved: false,
      comment: '还是连不上网',
    });
    expect(reopened.json()).toEqual({ status: 'reopened' });
    const timeline = (await browser.request('GET', `/api/v1/portal/tickets/${unsolved.number}`)).json()
      .timeline;
    expect(timeline.at(-1)).toMatchObject({ kind: 'customer_reply', body: '还是连不上网' });

    // R6.1: the close ran the closing hooks, so the survey is offered in the portal once it is sent.
    t.clock.advance(25 * 3_600_000);
    await sweepSurveys(t.context);
    const late = customer();
    await signInToPortal(late, t.db, 'wumin@example.com');
    const survey = (await late.request('GET', `/api/v1/portal/tickets/${solved.number}`)).json().survey;
    expect(survey?.url).toMatch(/^https:\/\/service\.aftercare\.test\/portal\/s\/.+/);
  });

  it('turns a proposed solution into a closed ticket on confirmation', async () => {
    const { id, number } = await staffTicket({ name: '郑爽', email: 'zhengshuang@example.com' });
    await admin.request('POST', `/api/v1/tickets/${id}/plans`, {
      body: '更换新机',
      compensationType: 'replacement',
    });
    const planId = (await staffView(number)).plans[0].id;
    await admin.request('POST', `/api/v1/tickets/${id}/plans/${planId}/decision`, { approve: true });
    const browser = customer();
    await signInToPortal(browser, t.db, 'zhengshuang@example.com');
    const closed = await browser.request('POST', `/api/v1/portal/tickets/${number}/confirmation`, {
      solved: true,
    });
    expect(closed.json()).toEqual({ status: 'closed' });
    expect((await staffView(number)).ticket.resolvedAt).not.toBeNull();
  });
});

describe('sessions', () => {
  it('needs the CSRF token for writes made with the cookie, and signs out', async () => {
    const { number } = await staffTicket({ name: '冯晓', email: 'fengxiao@example.com' });
    const browser = customer();
    await signInToPortal(browser, t.db, 'fengxiao@example.com');
    const forged = await browser.send(
      `/api/v1/portal/tickets/${number}/replies`,
      multipart({ body: '伪造' }),
      {
        csrf: false,
      },
    );
    expect(forged.statusCode).toBe(403);
    expect(forged.json().code).toBe('csrf_token_invalid');
    const forgedJson = await browser.request(
      'POST',
      `/api/v1/portal/tickets/${number}/confirmation`,
      { solved: true },
      { csrf: false },
    );
    expect(forgedJson.statusCode).toBe(403);
    expect(await unattachedUploads()).toBe(0);

    const cookie = browser.cookie;
    const out = await browser.request('DELETE', '/api/v1/portal/session');
    expect(out.statusCode).toBe(204);
    expect(browser.cookie).toBeNull();
    const stale = await t.app.inject({
      method: 'GET',
      url: '/api/v1/portal/session',
      headers: { cookie: `aftercare_portal=${cookie}` },
    });
    expect(stale.statusCode).toBe(401);
  });

  it('slides a session forward while it is used and ends it after the idle time', async () => {
    await staffTicket({ name: '韩雪', email: 'hanxue@example.com' });
    const browser = customer();
    await signInToPortal(browser, t.db, 'hanxue@example.com');
    t.clock.advance(20 * 3_600_000);
    const used = await browser.request('GET', '/api/v1/portal/session');
    expect(used.statusCode).toBe(200);
    expect(used.cookies.find((cookie) => cookie.name === 'aftercare_portal')?.expires?.toISOString()).toBe(
      new Date(t.clock.now().getTime() + 24 * 3_600_000).toISOString(),
    );
    t.clock.advance(20 * 3_600_000);
    expect((await browser.request('GET', '/api/v1/portal/session')).statusCode).toBe(200);
    t.clock.advance(25 * 3_600_000);
    const ended = await browser.request('GET', '/api/v1/portal/session');
    expect(ended.statusCode).toBe(401);
    expect(browser.cookie).toBeNull();
  });
});

describe('housekeeping', () => {
  it('removes expired sessions and spent codes, keeping live ones', async () => {
    await staffTicket({ name: '蒋青', email: 'jiangqing@example.com' });
    const browser = customer();
    await signInToPortal(browser, t.db, 'jiangqing@example.com');
    t.clock.advance(2 * 86_400_000);
    const live = customer();
    await signInToPortal(live, t.db, 'jiangqing@example.com');
    const removed = await purgeExpiredPortalData(t.context);
    expect(removed.sessions).toBeGreaterThan(0);
    expect(removed.codes).toBeGreaterThan(0);
    const left = await t.db.query<{ expired: number }>(
      'SELECT count(*) FILTER (WHERE expires_at <= $1)::int AS expired FROM portal_sessions',
      [t.clock.now()],
    );
    expect(left[0]!.expired).toBe(0);
    expect((await live.request('GET', '/api/v1/portal/session')).statusCode).toBe(200);
    expect((await browser.request('GET', '/api/v1/portal/session')).statusCode).toBe(401);
  });
});

describe('the portal page', () => {
  it('answers /portal and /portal/* with portal.html and every other page with the staff app', async () => {
    const webDist = join(dataDir, 'web/');
    mkdirSync(webDist, { recursive: true });
    writeFileSync(join(webDist, 'index.html'), '<title>staff</title>');
    writeFileSync(join(webDist, 'portal.html'), '<title>portal</title>');
    const web = await buildHttpApp(t.context, httpModules, { webDist });
    try {
      const page = async (url: string) => (await web.inject({ method: 'GET', url })).body;
      expect(await page('/portal')).toBe('<title>portal</title>');
      expect(await page('/portal/t/202603-001')).toBe('<title>portal</title>');
      expect(await page('/portal/s/abc?x=1')).toBe('<title>portal</title>');
      expect(await page('/tickets/202603-001')).toBe('<title>staff</title>');
      expect(await page('/portals')).toBe('<title>staff</title>');
      const api = await web.inject({ method: 'GET', url: '/api/v1/portal/nothing' });
      expect(api.statusCode).toBe(404);
      expect(api.json().code).toBe('not_found');
    } finally {
      await web.close();
    }
  });
});
