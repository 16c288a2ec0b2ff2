import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildUser,
  type Session,
  signIn,
  signInAdmin,
  startTestApp,
  type TestApp,
} from '../../test/harness.js';
import { multipart, PortalBrowser, signInToPortal, type UploadFile } from '../../test/portal.js';

/** R13.4: customers see only their own tickets — on every portal endpoint, whatever number or id they send. */

let t: TestApp;
let admin: Session;
let dataDir: string;
let agent: { id: string; username: string; password: string };

interface Fixture {
  id: string;
  number: string;
  planId: string;
  publicAttachmentId: string;
  internalAttachmentId: string;
}

let mine: Fixture;
let theirs: Fixture;
/** A customer with a session for their one ticket (from a lookup by number). */
let ticketSession: PortalBrowser;
/** The same customer signed in to their whole account. */
let accountSession: PortalBrowser;

const SECRET_NOTE = '内部备注：客户情绪激动，优先赔付';
const INTERNAL_FILE = '内部检测报告.pdf';
const PUBLIC_FILE: UploadFile = {
  name: '回复附图.png',
  type: 'image/png',
  content: Buffer.from('89504e47', 'hex'),
};

async function staffUpload(staff: Session, file: UploadFile): Promise<string> {
  const form = multipart({}, [{ ...file, field: 'file' }]);
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/attachments',
    headers: { ...form.headers, cookie: staff.cookie, 'x-csrf-token': staff.csrfToken },
    payload: form.payload,
  });
  expect(response.statusCode).toBe(201);
  return response.json().id;
}

/** A ticket worked by staff: a public reply with a file, an internal note with a file, an approved plan. */
async function workedTicket(customer: object): Promise<Fixture> {
  const created = await admin.request('POST', '/api/v1/tickets', {
    title: '洗衣机脱水异响',
    description: '脱水时有很大的撞击声',
    type: 'repair',
    customer,
    ownerId: agent.id,
    tags: ['内部标签-高风险'],
  });
  expect(created.statusCode).toBe(201);
  const { id, number } = created.json();
  const worker = await signIn(t.app, agent.username, agent.password);
  await worker.request('POST', `/api/v1/tickets/${id}/accept`);
  const publicFile = await staffUpload(worker, PUBLIC_FILE);
  const replied = await worker.request('POST', `/api/v1/tickets/${id}/replies`, {
    body: '请拍一段异响的视频给我们',
    attachments: [publicFile],
  });
  expect(replied.statusCode).toBe(200);
  const internalFile = await staffUpload(worker, {
    name: INTERNAL_FILE,
    type: 'application/pdf',
    content: '%PDF-1.4',
  });
  const noted = await worker.request('POST', `/api/v1/tickets/${id}/notes`, {
    body: SECRET_NOTE,
    attachments: [internalFile],
  });
  expect(noted.statusCode).toBe(200);
  await worker.request('POST', `/api/v1/tickets/${id}/plans`, {
    body: '上门更换减震器',
    compensationType: 'free_repair',
  });
  const planId = (await admin.request('GET', `/api/v1/tickets/${id}`)).json().plans[0].id;
  const approved = await admin.request('POST', `/api/v1/tickets/${id}/plans/${planId}/decision`, {
    approve: true,
  });
  expect(approved.json().status).toBe('solution_proposed');
  return { id, number, planId, publicAttachmentId: publicFile, internalAttachmentId: internalFile };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'aftercare-portal-privacy-'));
  t = await startTestApp({
    AFTERCARE_DATA_DIR: dataDir,
    AFTERCARE_PORTAL_RATE_PER_MINUTE: '1000',
    AFTERCARE_PUBLIC_FORM_RATE_PER_MINUTE: '1000',
  });
  admin = await signInAdmin(t.app);
  agent = await buildUser(admin, { role: 'agent' });
  mine = await workedTicket({ name: '林小雨', email: 'linxiaoyu@example.com' });
  theirs = await workedTicket({ name: '高远', email: 'gaoyuan@example.com' });
  ticketSession = new PortalBrowser(t.app);
  await signInToPortal(ticketSession, t.db, 'linxiaoyu@example.com', 'linxiaoyu@example.com', mine.number);
  accountSession = new PortalBrowser(t.app);
  await signInToPortal(accountSession, t.db, 'linxiaoyu@example.com');
});
afterAll(async () => {
  await t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Whoever calls: a customer's browser, or a member of staff with only their own session. */
interface Client {
  request(method: 'GET' | 'POST', url: string, body?: unknown): Promise<LightMyRequestResponse>;
  send(url: string, form: ReturnType<typeof multipart>): Promise<LightMyRequestResponse>;
}

const staffClient = (): Client => ({
  request: (method, url, body) => admin.request(method, url, body),
  send: (url, form) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { ...form.headers, cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
      payload: form.payload,
    }),
});

/** A valid request to each ticket route (so only access can refuse it); a new route must be added here. */
function requestsFor(target: Fixture): Record<string, (client: Client) => Promise<LightMyRequestResponse>> {
  const base = `/api/v1/portal/tickets/${target.number}`;
  return {
    'GET /api/v1/portal/tickets/:number': (client) => client.request('GET', base),
    'POST /api/v1/portal/tickets/:number/replies': (client) =>
      client.send(`${base}/replies`, multipart({ body: '我来看看别人的工单' }, [PUBLIC_FILE])),
    'GET /api/v1/portal/tickets/:number/attachments/:attachmentId': (client) =>
      client.request('GET', `${base}/attachments/${target.publicAttachmentId}`),
    'POST /api/v1/portal/tickets/:number/plans/:planId/decision': (client) =>
      client.request('POST', `${base}/plans/${target.planId}/decision`, { decision: 'reject' }),
    'POST /api/v1/portal/tickets/:number/confirmation': (client) =>
      client.request('POST', `${base}/confirmation`, { solved: false, comment: '没解决' }),
  };
}

const ticketRoutes = () =>
  t.app.routeTable
    .filter((route) => route.url.startsWith('/api/v1/portal/tickets/:number'))
    .map((route) => `${route.method} ${route.url}`)
    .sort();

const snapshot = async (target: Fixture) => {
  const detail = (await admin.request('GET', `/api/v1/tickets/${target.id}`)).json();
  return {
    status: detail.ticket.status,
    events: detail.timeline.length,
    plans: detail.plans.map((plan: { status: string }) => plan.status),
    attachments: detail.attachments.length,
  };
};

describe('one customer and another customer’s ticket', () => {
  it('covers every ticket route of the portal', () => {
    expect(ticketRoutes()).toEqual(Object.keys(requestsFor(theirs)).sort());
  });

  it('answers 404 ticket_not_found to a ticket session and to an account session on every route, changing nothing', async () => {
    const before = await snapshot(theirs);
    for (const [who, browser] of [
      ['ticket session', ticketSession],
      ['account session', accountSession],
    ] as const) {
      for (const [route, call] of Object.entries(requestsFor(theirs))) {
        const response = await call(browser);
        expect({ who, route, status: response.statusCode, code: response.json().code }).toEqual({
          who,
          route,
          status: 404,
          code: 'ticket_not_found',
        });
      }
    }
    expect(await snapshot(theirs)).toEqual(before);
    expect(
      (
        await t.db.query<{ count: number }>(
          'SELECT count(*)::int AS count FROM attachments WHERE ticket_id IS NULL',
        )
      )[0]!.count,
    ).toBe(0);
  });

  it('answers 401 without a portal session, also to a signed-in member of staff, on every route', async () => {
    const anonymous = new PortalBrowser(t.app);
    for (const [route, call] of Object.entries(requestsFor(mine))) {
      const response = await call(anonymous);
      expect({ route, status: response.statusCode }).toEqual({ route, status: 401 });
    }
    const staff = staffClient();
    for (const [route, call] of Object.entries(requestsFor(mine))) {
      const response = await call(staff);
      expect({ route, status: response.statusCode }).toEqual({ route, status: 401 });
    }
    for (const url of ['/api/v1/portal/session', '/api/v1/portal/tickets']) {
      expect((await admin.request('GET', url)).statusCode).toBe(401);
    }
  });

  it('does not open staff routes with a portal cookie', async () => {
    for (const url of [
      '/api/v1/tickets',
      `/api/v1/tickets/${mine.id}`,
      `/api/v1/attachments/${mine.publicAttachmentId}`,
    ]) {
      const response = await t.app.inject({
        method: 'GET',
        url,
        headers: { cookie: `aftercare_portal=${accountSession.cookie}` },
      });
      expect({ url, status: response.statusCode }).toEqual({ url, status: 401 });
    }
  });

  it("refuses another ticket's files and plans under one's own ticket number", async () => {
    const base = `/api/v1/portal/tickets/${mine.number}`;
    for (const browser of [ticketSession, accountSession]) {
      const file = await browser.request('GET', `${base}/attachments/${theirs.publicAttachmentId}`);
      expect(file.statusCode).toBe(404);
      const internal = await browser.request('GET', `${base}/attachments/${mine.internalAttachmentId}`);
      expect(internal.statusCode).toBe(404);
      const plan = await browser.request('POST', `${base}/plans/${theirs.planId}/decision`, {
        decision: 'reject',
      });
      expect(plan.statusCode).toBe(404);
    }
    expect((await snapshot(theirs)).plans).toEqual(['approved']);
  });

  it('lists only the customer’s own tickets', async () => {
    for (const browser of [ticketSession, accountSession]) {
      const numbers = (await browser.request('GET', '/api/v1/portal/tickets'))
        .json()
        .items.map((item: { number: string }) => item.number);
      expect(numbers).toEqual([mine.number]);
    }
  });

  it('gives nobody another customer’s tickets for typing that customer’s phone next to their own address', async () => {
    const victim = await workedTicket({ name: '赵敏', phone: '13912345678' });
    const intruder = new PortalBrowser(t.app);
    const submitted = await intruder.send(
      '/api/v1/portal/tickets',
      multipart({
        type: 'consultation',
        description: '想问一下保修政策',
        contactName: '赵敏',
        contactPhone: '13912345678',
        contactEmail: 'intruder@example.com',
        website: '',
      }),
    );
    expect(submitted.statusCode).toBe(201);
    const account = new PortalBrowser(t.app);
    await signInToPortal(account, t.db, 'intruder@example.com');
    const numbers = (await account.request('GET', '/api/v1/portal/tickets'))
      .json()
      .items.map((item: { number: string }) => item.number);
    expect(numbers).toEqual([submitted.json().number]);
    expect((await account.request('GET', `/api/v1/portal/tickets/${victim.number}`)).statusCode).toBe(404);
  });
});

describe('what a customer sees of their own ticket', () => {
  it('shows public entries and their files only, and no staff-only field or staff member', async () => {
    const response = await accountSession.request('GET', `/api/v1/portal/tickets/${mine.number}`);
    expect(response.statusCode).toBe(200);
    const ticket = response.json();
    expect(Object.keys(ticket).sort()).toEqual(
      [
        'canConfirm',
        'createdAt',
        'description',
        'nextExpectedAt',
        'number',
        'orderNumber',
        'pendingPlan',
        'productModel',
        'serialNumber',
        'status',
        'survey',
        'timeline',
        'title',
        'type',
      ].sort(),
    );
    const kinds = ticket.timeline.map((entry: { kind: string }) => entry.kind);
    expect(kinds).not.toContain('internal_note');
    expect(kinds).toEqual(expect.arrayContaining(['created', 'public_reply']));
    for (const entry of ticket.timeline) {
      expect(Object.keys(entry).sort()).toEqual([
        'attachments',
        'authorLabel',
        'body',
        'createdAt',
        'id',
        'kind',
      ]);
    }
    const reply = ticket.timeline.find((entry: { kind: string }) => entry.kind === 'public_reply');
    expect(reply).toMatchObject({
      authorLabel: '客服',
      body: '请拍一段异响的视频给我们',
      attachments: [{ id: mine.publicAttachmentId, fileName: '回复附图.png' }],
    });

    const worker = (await admin.request('GET', `/api/v1/users/${agent.id}`)).json();
    const staffTicket = (await admin.request('GET', `/api/v1/tickets/${mine.id}`)).json().ticket;
    const text = JSON.stringify(ticket);
    for (const secret of [
      SECRET_NOTE,
      INTERNAL_FILE,
      mine.internalAttachmentId,
      agent.username,
      worker.displayName,
      '内部标签-高风险',
      staffTicket.group?.name,
      staffTicket.priority,
    ].filter(Boolean)) {
      expect({ secret, leaked: text.includes(secret) }).toEqual({ secret, leaked: false });
    }

    const list = JSON.stringify((await accountSession.request('GET', '/api/v1/portal/tickets')).json());
    for (const secret of [agent.username, worker.displayName, '内部标签-高风险', staffTicket.priority]) {
      expect({ secret, leaked: list.includes(secret) }).toEqual({ secret, leaked: false });
    }
  });

  it('answers its own actions without internal entries either', async () => {
    const replied = await accountSession.send(
      `/api/v1/portal/tickets/${mine.number}/replies`,
      multipart({ body: '视频已上传' }, [PUBLIC_FILE]),
    );
    expect(replied.statusCode).toBe(201);
    const decided = await accountSession.request(
      'POST',
      `/api/v1/portal/tickets/${mine.number}/plans/${mine.planId}/decision`,
      { decision: 'accept' },
    );
    expect(decided.statusCode).toBe(200);
    for (const response of [replied, decided]) {
      const text = response.body;
      expect(text).not.toContain(SECRET_NOTE);
      expect(text).not.toContain(INTERNAL_FILE);
      expect(text).not.toContain(agent.username);
    }
  });
});
