import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  buildGroup,
  buildUser,
  type Session,
  signIn,
  signInAdmin,
  startTestApp,
  type TestApp,
} from '../../test/harness.js';
import { type Credentials, startTestImapServer, type TestImapServer } from '../../test/imap-server.js';
import { waitFor } from '../../test/outbox.js';
import { PortalBrowser } from '../../test/portal.js';
import { startTestSmtpServer, type TestSmtpServer } from '../../test/smtp-server.js';
import { fetchMailbox } from '../mailboxes/fetch.service.js';
import { sweepSurveys } from './surveys.service.js';

/**
 * The customer side as one story, with real IMAP and SMTP servers: a customer writes an e-mail, gets an
 * acknowledgement, follows the case in the portal, confirms it, rates it 2 of 5, and the supervisor finds
 * the follow-up task with its 48-hour deadline.
 */

const PUBLIC_URL = 'https://service.aftercare.test';
const HOUR = 3_600_000;
const mailAccount: Credentials = { username: 'service', password: 'service-imap-password' };
const customer = { name: '吴佳琪', address: 'wujiaqi@example.com' };

let t: TestApp;
let imap: TestImapServer;
let smtp: TestSmtpServer;
let dataDir: string;
let lead: { id: string; username: string; password: string };
let agent: { id: string; username: string; password: string };
let mailboxId: string;

beforeAll(async () => {
  imap = await startTestImapServer();
  imap.addUser(mailAccount.username, mailAccount.password);
  smtp = await startTestSmtpServer();
  dataDir = mkdtempSync(join(tmpdir(), 'aftercare-journey-'));
  t = await startTestApp({
    AFTERCARE_ROLE: 'all',
    SMTP_URL: smtp.url,
    AFTERCARE_MAIL_FROM: 'Aftercare 售后 <service@aftercare.test>',
    AFTERCARE_PUBLIC_URL: PUBLIC_URL,
    AFTERCARE_DATA_DIR: dataDir,
  });
  t.clock.set(new Date('2026-03-02T02:00:00Z'));
  const admin = await signInAdmin(t.app);
  lead = await buildUser(admin, { role: 'supervisor' });
  agent = await buildUser(admin, { role: 'agent' });
  const group = await buildGroup(admin);
  const patched = await admin.request('PATCH', `/api/v1/groups/${group.id}`, {
    leadUserId: lead.id,
    memberIds: [lead.id, agent.id],
  });
  expect(patched.statusCode, patched.body).toBe(200);
  const mailbox = await admin.request('POST', '/api/v1/mailboxes', {
    name: '售后邮箱',
    host: imap.host,
    port: imap.port,
    security: 'none',
    username: mailAccount.username,
    password: mailAccount.password,
    folder: 'INBOX',
    address: 'service@aftercare.test',
    defaultGroupId: group.id,
  });
  expect(mailbox.statusCode, mailbox.body).toBe(201);
  mailboxId = mailbox.json().id;
});

afterAll(async () => {
  await t?.close();
  await imap?.stop();
  await smtp?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const mailsTo = (address: string) =>
  smtp.messages.filter((mail) => mail.to && JSON.stringify(mail.to).includes(address));

const waitForMailTo = (address: string, matches: (mail: ParsedMail) => boolean, what: string) =>
  waitFor(async () => mailsTo(address).find(matches), { what });

it('takes an e-mail to a confirmed, rated case whose low score the supervisor follows up within 48 hours', async () => {
  // 1. The customer writes an e-mail; it becomes a ticket and the acknowledgement comes back.
  const raw = await new MailComposer({
    from: `${customer.name} <${customer.address}>`,
    to: 'service@aftercare.test',
    subject: '扫地机器人无法回充',
    messageId: '<journey-1@mail.example.com>',
    text: '您好，扫地机器人找不到充电座，每次都停在客厅中间。',
  })
    .compile()
    .build();
  await imap.append(mailAccount, raw);
  await fetchMailbox(t.context, mailboxId);
  const acknowledgement = await waitForMailTo(
    customer.address,
    (mail) => /\[#\d{6}-\d{3,}\]/.test(mail.subject ?? ''),
    'the acknowledgement',
  );
  const number = /\[#(\d{6}-\d{3,})\]/.exec(acknowledgement.subject!)![1]!;
  expect(acknowledgement.inReplyTo).toBe('<journey-1@mail.example.com>');
  expect(acknowledgement.text).toContain(`${PUBLIC_URL}/portal/t/${number}`);

  // 2. The customer follows the case in the portal: a one-time code by e-mail opens it.
  const browser = new PortalBrowser(t.app);
  const asked = await browser.request('POST', '/api/v1/portal/codes', {
    destination: customer.address,
    ticketNumber: number,
  });
  expect(asked.statusCode, asked.body).toBe(202);
  const codeMail = await waitForMailTo(customer.address, (mail) => mail.subject === '您的验证码', 'the code');
  const code = /验证码是 (\d{6})/.exec(codeMail.text!)![1]!;
  const opened = await browser.request('POST', '/api/v1/portal/sessions', {
    destination: customer.address,
    code,
    ticketNumber: number,
  });
  expect(opened.statusCode, opened.body).toBe(200);
  let view = (await browser.request('GET', `/api/v1/portal/tickets/${number}`)).json();
  expect(view).toMatchObject({ number, title: '扫地机器人无法回充' });
  expect(view.nextExpectedAt).not.toBeNull();

  // 3. The agent answers and resolves; the customer reads the answer and confirms in the portal.
  const supervisor = await signIn(t.app, lead.username, lead.password);
  const ticketId = (await supervisor.request('GET', `/api/v1/tickets/${number}`)).json().ticket.id;
  const assigned = await supervisor.request('POST', `/api/v1/tickets/${ticketId}/assign`, {
    ownerId: agent.id,
  });
  expect(assigned.statusCode, assigned.body).toBe(200);
  const agentSession: Session = await signIn(t.app, agent.username, agent.password);
  expect((await agentSession.request('POST', `/api/v1/tickets/${ticketId}/accept`)).statusCode).toBe(200);
  const replied = await agentSession.request('POST', `/api/v1/tickets/${ticketId}/replies`, {
    body: '请清洁充电座触点并把充电座靠墙放置，两侧各留 0.5 米空间。',
  });
  expect(replied.statusCode, replied.body).toBe(200);
  const resolved = await agentSession.request('POST', `/api/v1/tickets/${ticketId}/resolve`, {
    summary: '指导清洁触点并调整充电座位置',
  });
  expect(resolved.statusCode, resolved.body).toBe(200);
  view = (await browser.request('GET', `/api/v1/portal/tickets/${number}`)).json();
  expect(view.canConfirm).toBe(true);
  expect(view.timeline.map((entry: { body: string }) => entry.body)).toContain(
    '请清洁充电座触点并把充电座靠墙放置，两侧各留 0.5 米空间。',
  );
  const confirmed = await browser.request('POST', `/api/v1/portal/tickets/${number}/confirmation`, {
    solved: true,
  });
  expect(confirmed.statusCode, confirmed.body).toBe(200);
  expect(confirmed.json().status).toBe('closed');

  // 4. Within the default hour the survey goes out; the customer rates the service 2 of 5.
  const closedAt = t.clock.now();
  t.clock.set(new Date(closedAt.getTime() + HOUR));
  await sweepSurveys(t.context);
  const invitation = await waitForMailTo(
    customer.address,
    (mail) => (mail.text ?? '').includes('/portal/s/'),
    'the survey invitation',
  );
  const token = new RegExp(`${PUBLIC_URL}/portal/s/([A-Za-z0-9_.-]+)`).exec(invitation.text!)![1]!;
  const survey = await t.app.inject({ method: 'GET', url: `/api/v1/public/surveys/${token}` });
  expect(survey.statusCode, survey.body).toBe(200);
  expect(survey.json()).toMatchObject({ ticketNumber: number, scale: 'five', status: 'open' });
  const answeredAt = t.clock.now();
  const answered = await t.app.inject({
    method: 'POST',
    url: `/api/v1/public/surveys/${token}`,
    payload: {
      answers: { speed: 3, result: 2, professionalism: 3, overall: 2, suggestions: '希望第一次就说清楚' },
    },
  });
  expect(answered.statusCode, answered.body).toBe(201);

  // 5. The group's lead finds the follow-up task, due 48 hours after the answer, also as an SLA milestone.
  const lateSupervisor = await signIn(t.app, lead.username, lead.password);
  const tasks = await lateSupervisor.request('GET', '/api/v1/survey-follow-ups?status=open&assignee=me');
  expect(tasks.statusCode, tasks.body).toBe(200);
  const items = tasks.json().items as { ticket: { number: string }; dueAt: string }[];
  expect(items).toHaveLength(1);
  expect(items[0]!.ticket.number).toBe(number);
  expect(new Date(items[0]!.dueAt).toISOString()).toBe(
    new Date(answeredAt.getTime() + 48 * HOUR).toISOString(),
  );
  const detail = (await lateSupervisor.request('GET', `/api/v1/tickets/${ticketId}`)).json();
  const milestone = detail.sla.milestones.find(
    (m: { milestone: string }) => m.milestone === 'survey_follow_up',
  );
  expect(new Date(milestone.dueAt).toISOString()).toBe(
    new Date(answeredAt.getTime() + 48 * HOUR).toISOString(),
  );
});
