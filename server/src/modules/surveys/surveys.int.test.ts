import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildGroup,
  buildUser,
  type Session,
  signIn,
  signInAdmin,
  startTestApp,
  type TestApp,
} from '../../test/harness.js';
import { outboxRows } from '../../test/outbox.js';
import { startTestSmtpServer, type TestSmtpServer } from '../../test/smtp-server.js';
import { syncTicketSla } from '../sla/sla.service.js';
import { sweepDueMilestones } from '../sla/sla.sweep.js';
import { findTicketView } from '../tickets/tickets.repository.js';
import { autoCloseSilentTickets } from '../tickets/tickets.service.js';
import { findSurveyLinkForTicket, sweepSurveys } from './surveys.service.js';

const PUBLIC_URL = 'https://service.aftercare.test';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let t: TestApp;
let admin: Session;
let smtp: TestSmtpServer;
let group: { id: string };
let lead: { id: string; username: string; password: string };
let agent: { id: string };

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  t = await startTestApp({
    AFTERCARE_ROLE: 'all',
    SMTP_URL: smtp.url,
    AFTERCARE_PUBLIC_URL: PUBLIC_URL,
    AFTERCARE_PUBLIC_FORM_RATE_PER_MINUTE: '1000',
  });
  admin = await signInAdmin(t.app);
  lead = await buildUser(admin, { role: 'agent' });
  agent = await buildUser(admin, { role: 'agent' });
  group = await buildGroup(admin);
  const patched = await admin.request('PATCH', `/api/v1/groups/${group.id}`, {
    leadUserId: lead.id,
    memberIds: [lead.id, agent.id],
  });
  expect(patched.statusCode, patched.body).toBe(200);
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

/** Re-signs the admin after the clock moved (sessions expire on the manual clock too). */
async function at(moment: Date) {
  t.clock.set(moment);
  admin = await signInAdmin(t.app);
}

async function closedTicket(body: Record<string, unknown> = {}) {
  const created = await admin.request('POST', '/api/v1/tickets', {
    title: '洗衣机脱水异响',
    type: 'repair',
    customer: { name: '陈静', email: 'chenjing@example.com' },
    groupId: group.id,
    ownerId: agent.id,
    ...body,
  });
  expect(created.statusCode, created.body).toBe(201);
  const ticket = created.json() as { id: string; number: string };
  await closeIt(ticket.id);
  return ticket;
}

async function closeIt(id: string) {
  expect(
    (await admin.request('POST', `/api/v1/tickets/${id}/status`, { status: 'in_progress' })).statusCode,
  ).toBe(200);
  expect(
    (await admin.request('POST', `/api/v1/tickets/${id}/resolve`, { summary: '已更换减震器' })).statusCode,
  ).toBe(200);
  const closed = await admin.request('POST', `/api/v1/tickets/${id}/close`, { confirmationMethod: 'phone' });
  expect(closed.statusCode, closed.body).toBe(200);
}

const surveyRow = async (ticketId: string) =>
  (
    await t.db.query<{ id: string; status: string; send_at: Date; channel: string | null }>(
      'SELECT id, status, send_at, channel FROM surveys WHERE ticket_id = $1',
      [ticketId],
    )
  )[0];

const tokenOf = (url: string) => url.split('/portal/s/')[1]!;

async function linkFor(ticketId: string): Promise<string> {
  const link = await findSurveyLinkForTicket(t.context, t.db, ticketId);
  expect(link).not.toBeNull();
  return tokenOf(link!.url);
}

const publicGet = (token: string) => t.app.inject({ method: 'GET', url: `/api/v1/public/surveys/${token}` });
const publicPost = (token: string, answers: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: `/api/v1/public/surveys/${token}`, payload: { answers } });

/** Reads as a freshly signed-in administrator, since the tests move the clock past session lifetimes. */
const staffGet = async (url: string) => {
  const response = await (await signInAdmin(t.app)).request('GET', url);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};
const detail = (id: string) => staffGet(`/api/v1/tickets/${id}`);
const panelOf = async (id: string) => (await staffGet(`/api/v1/tickets/${id}/survey`)).survey;
const followUpMilestone = async (id: string) =>
  (await detail(id)).sla.milestones.find((m: { milestone: string }) => m.milestone === 'survey_follow_up');

describe('a survey from closing to the follow-up of a low score', () => {
  it('is sent after the delay by e-mail, reminded once, answered once, and followed up by the group lead', async () => {
    await at(new Date('2026-03-02T02:00:00Z'));
    const closedAt = t.clock.now();
    const ticket = await closedTicket();
    const scheduled = await surveyRow(ticket.id);
    expect(scheduled).toMatchObject({ status: 'scheduled', channel: null });
    expect(new Date(scheduled!.send_at).toISOString()).toBe(
      new Date(closedAt.getTime() + HOUR).toISOString(),
    );

    // Not before the default delay of 60 minutes.
    t.clock.set(new Date(closedAt.getTime() + 59 * MINUTE));
    await sweepSurveys(t.context);
    expect((await surveyRow(ticket.id))!.status).toBe('scheduled');

    t.clock.set(new Date(closedAt.getTime() + 60 * MINUTE));
    await sweepSurveys(t.context);
    expect(await surveyRow(ticket.id)).toMatchObject({ status: 'sent', channel: 'email' });
    const invitation = await waitForMail(`【${ticket.number}】请为本次服务打分`);
    expect(invitation.to).toMatchObject({ text: 'chenjing@example.com' });
    const link = invitation.text!.match(/https:\/\/service\.aftercare\.test\/portal\/s\/([A-Za-z0-9_.-]+)/);
    expect(link).not.toBeNull();
    const token = link![1]!;
    expect(invitation.text).toContain('14 天内有效');

    // The one reminder after 48 hours, and no second one.
    t.clock.set(new Date(closedAt.getTime() + HOUR + 48 * HOUR));
    await sweepSurveys(t.context);
    await waitForMail(`【${ticket.number}】提醒：请为本次服务打分`);
    t.clock.set(new Date(closedAt.getTime() + HOUR + 72 * HOUR));
    await sweepSurveys(t.context);
    const reminders = (await outboxRows(t.db, ticket.id, 'email')).filter(
      (row) => row.template === 'surveyReminder',
    );
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.body).toContain(`/portal/s/${token}`);

    const opened = await publicGet(token);
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json()).toMatchObject({
      ticketNumber: ticket.number,
      ticketTitle: '洗衣机脱水异响',
      scale: 'five',
      status: 'open',
    });
    expect(opened.json().questions.map((q: { key: string }) => q.key)).toEqual([
      'speed',
      'result',
      'professionalism',
      'overall',
      'suggestions',
      'otherNeeds',
    ]);
    expect(opened.json().questions[0]).toEqual({
      key: 'speed',
      kind: 'score',
      label: '对问题解决速度的评价',
      required: true,
    });

    const answeredAt = t.clock.now();
    const answered = await publicPost(token, {
      speed: 2,
      result: 2,
      professionalism: 3,
      overall: 2,
      suggestions: '上门太慢',
    });
    expect(answered.statusCode, answered.body).toBe(201);
    expect(answered.json()).toEqual({ thanks: true });

    // R6.4: once only.
    expect(
      (await publicPost(token, { speed: 5, result: 5, professionalism: 5, overall: 5 })).json(),
    ).toMatchObject({
      status: 409,
      code: 'survey_already_answered',
    });
    expect((await publicGet(token)).statusCode).toBe(409);

    const panel = await panelOf(ticket.id);
    expect(panel).toMatchObject({ status: 'answered', overallScore: 40, band: 'unsatisfied', isLow: true });
    expect(panel.answers.find((a: { key: string }) => a.key === 'speed')).toMatchObject({
      rawScore: 2,
      score: 40,
    });
    expect(panel.answers.find((a: { key: string }) => a.key === 'suggestions')).toMatchObject({
      text: '上门太慢',
    });

    // R6.2: the group lead's follow-up, due 48 hours after the answer, as an SLA milestone.
    const due = new Date(answeredAt.getTime() + 48 * HOUR).toISOString();
    const leadSession = await signIn(t.app, lead.username, lead.password);
    const mine = (
      await leadSession.request('GET', '/api/v1/survey-follow-ups?status=open&assignee=me')
    ).json();
    expect(mine.causeTags).toContain('响应慢');
    expect(mine.items).toHaveLength(1);
    const followUp = mine.items[0];
    expect(followUp).toMatchObject({
      ticket: { id: ticket.id, number: ticket.number },
      assignee: { id: lead.id },
      status: 'open',
      dueAt: due,
      overallScore: 40,
      lowAnswers: { speed: 2, result: 2, professionalism: 3, overall: 2 },
    });
    expect(panel.followUp).toMatchObject({ id: followUp.id, dueAt: due });
    expect(await followUpMilestone(ticket.id)).toMatchObject({ dueAt: due, metAt: null, state: 'ok' });
    // Bringing the closed ticket's milestones in line leaves the follow-up's alone.
    await t.db.transaction(async (tx) =>
      syncTicketSla(tx, (await findTicketView(tx, ticket.id))!, t.clock.now()),
    );
    expect(await followUpMilestone(ticket.id)).toMatchObject({ dueAt: due, metAt: null, state: 'ok' });
    const alerts = (await outboxRows(t.db, ticket.id, 'in_app')).filter(
      (row) => row.template === 'surveyLowScore',
    );
    expect(alerts.map((row) => row.recipient)).toEqual([lead.id]);
    expect(alerts[0]!.subject).toBe(`工单 ${ticket.number} 收到低分评价（2/5）`);

    // Warnings at 75 % and 90 %, then the breach, through the SLA sweep; the closed ticket stays closed.
    t.clock.set(new Date(answeredAt.getTime() + 36 * HOUR));
    await sweepDueMilestones(t.context);
    t.clock.set(new Date(answeredAt.getTime() + 43.2 * HOUR));
    await sweepDueMilestones(t.context);
    t.clock.set(new Date(answeredAt.getTime() + 48 * HOUR));
    await sweepDueMilestones(t.context);
    const slaEvents = (await detail(ticket.id)).timeline
      .filter(
        (event: { data: { sla?: string; milestone?: string } }) =>
          event.data.milestone === 'survey_follow_up',
      )
      .map((event: { data: { sla: string; percent?: number } }) => [
        event.data.sla,
        event.data.percent ?? null,
      ]);
    expect(slaEvents).toEqual([
      ['warning', 75],
      ['warning', 90],
      ['breached', null],
    ]);
    const warnings = (await outboxRows(t.db, ticket.id, 'in_app')).filter(
      (row) => row.template === 'slaWarning',
    );
    expect(warnings.map((row) => row.recipient)).toEqual([lead.id, lead.id]);
    const closedDetail = await detail(ticket.id);
    expect(closedDetail.ticket).toMatchObject({ status: 'closed' });
    expect(closedDetail.ticket.isOverdue).toBe(false);
    // The closed ticket's badge is its running follow-up.
    expect(closedDetail.ticket.sla).toMatchObject({
      state: 'breached',
      next: { milestone: 'survey_follow_up' },
    });
    expect(
      closedDetail.sla.milestones.find((m: { milestone: string }) => m.milestone === 'first_response'),
    ).toBeTruthy();

    const board = (await staffGet('/api/v1/sla/board?horizonMinutes=0')).items;
    expect(board.filter((row: { ticketId: string }) => row.ticketId === ticket.id)).toEqual([
      expect.objectContaining({ milestone: 'survey_follow_up', state: 'breached', ownerUserId: lead.id }),
    ]);

    // Completing it meets the milestone (late), recorded with causes and remedy.
    const completedAt = new Date(answeredAt.getTime() + 49 * HOUR);
    t.clock.set(completedAt);
    const leadAgain = await signIn(t.app, lead.username, lead.password);
    const unknownTag = await leadAgain.request('PATCH', `/api/v1/survey-follow-ups/${followUp.id}`, {
      causeTags: ['天气'],
      remedyType: 'coupon',
      remedyAmount: 50,
      note: '',
      done: true,
    });
    expect(unknownTag.json()).toMatchObject({ status: 400, field: 'body.causeTags.0' });
    const done = await leadAgain.request('PATCH', `/api/v1/survey-follow-ups/${followUp.id}`, {
      causeTags: ['响应慢'],
      remedyType: 'coupon',
      remedyAmount: 50,
      note: '已致电致歉，赠送 50 元优惠券',
      done: true,
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({
      status: 'done',
      causeTags: ['响应慢'],
      remedyType: 'coupon',
      remedyAmount: 50,
      completedAt: completedAt.toISOString(),
      completedBy: { id: lead.id },
    });
    expect(await followUpMilestone(ticket.id)).toMatchObject({
      metAt: completedAt.toISOString(),
      state: 'met_late',
    });
    expect((await detail(ticket.id)).ticket.sla).toEqual({ state: 'met', next: null });
    const after = (await staffGet('/api/v1/sla/board?horizonMinutes=0')).items;
    expect(after.filter((row: { ticketId: string }) => row.ticketId === ticket.id)).toEqual([]);
    expect(
      (await leadAgain.request('GET', '/api/v1/survey-follow-ups?status=open&assignee=me')).json().items,
    ).toEqual([]);
  });
});

async function waitForMail(subject: string) {
  const started = Date.now();
  for (;;) {
    const mail = smtp.messages.find((message) => message.subject === subject);
    if (mail) return mail;
    if (Date.now() - started > 20_000) throw new Error(`no mail "${subject}"`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('survey links (R6.4)', () => {
  it('refuse tampered, forged and unknown tokens, and expired ones', async () => {
    await at(new Date('2026-04-01T02:00:00Z'));
    const ticket = await closedTicket({ customer: { name: '王强', email: 'wangqiang@example.com' } });
    t.clock.set(new Date(t.clock.now().getTime() + HOUR));
    await sweepSurveys(t.context);
    const token = await linkFor(ticket.id);
    expect((await publicGet(token)).statusCode).toBe(200);

    const [id, expiry, signature] = token.split('.') as [string, string, string];
    const swapped = `${signature.slice(0, 5)}${signature[5] === 'A' ? 'B' : 'A'}${signature.slice(6)}`;
    const longer = (Number.parseInt(expiry, 36) + 86_400 * 365).toString(36);
    for (const bad of [
      `${id}.${expiry}.${swapped}`,
      `${id}.${longer}.${signature}`,
      'not-a-token',
      `x${token}`,
    ]) {
      const response = await publicGet(bad);
      expect(response.statusCode, bad).toBe(404);
      expect(response.json()).toMatchObject({ code: 'survey_link_invalid' });
      expect((await publicPost(bad, { overall: 5 })).statusCode).toBe(404);
    }

    // After its 14 days the link has expired, before and after the sweep marks it so.
    t.clock.set(new Date(t.clock.now().getTime() + 14 * 24 * HOUR));
    const expired = await publicGet(token);
    expect(expired.statusCode).toBe(410);
    expect(expired.json()).toMatchObject({ code: 'survey_link_expired', title: '评价链接已过期' });
    await sweepSurveys(t.context);
    expect((await surveyRow(ticket.id))!.status).toBe('expired');
    const late = await publicPost(token, { speed: 5, result: 5, professionalism: 5, overall: 5 });
    expect(late.statusCode).toBe(410);
    expect(await findSurveyLinkForTicket(t.context, t.db, ticket.id)).toBeNull();
  });

  it('name the field of a bad answer', async () => {
    await at(new Date('2026-04-20T02:00:00Z'));
    const ticket = await closedTicket();
    t.clock.set(new Date(t.clock.now().getTime() + HOUR));
    await sweepSurveys(t.context);
    const token = await linkFor(ticket.id);
    const missing = await publicPost(token, { speed: 4 });
    expect(missing.json()).toMatchObject({ status: 400, field: 'body.answers.result' });
    const range = await publicPost(token, { speed: 9, result: 4, professionalism: 4, overall: 4 });
    expect(range.json()).toMatchObject({ status: 400, field: 'body.answers.speed' });
    expect((await surveyRow(ticket.id))!.status).toBe('sent');
  });
});

describe('what a survey leads to', () => {
  it('opens a linked ticket for a new need (R6.3), without a follow-up for good scores', async () => {
    await at(new Date('2026-05-04T02:00:00Z'));
    const ticket = await closedTicket({ customer: { name: '刘芳', email: 'liufang@example.com' } });
    t.clock.set(new Date(t.clock.now().getTime() + HOUR));
    await sweepSurveys(t.context);
    const token = await linkFor(ticket.id);
    const response = await publicPost(token, {
      speed: 5,
      result: 4,
      professionalism: 5,
      overall: 5,
      otherNeeds: '想再买一套滤芯，请联系我',
    });
    expect(response.statusCode, response.body).toBe(201);
    const old = await detail(ticket.id);
    expect(old.links).toEqual([expect.objectContaining({ kind: 'follow_up', direction: 'incoming' })]);
    const created = await detail(old.links[0].ticketId);
    expect(created.ticket).toMatchObject({
      description: '想再买一套滤芯，请联系我',
      title: `满意度回访中的新需求（原工单 ${ticket.number}）`,
      channel: 'portal',
    });
    expect(created.ticket.customer).toMatchObject({ id: old.ticket.customer.id });
    expect(created.links).toEqual([
      expect.objectContaining({ ticketId: ticket.id, kind: 'follow_up', direction: 'outgoing' }),
    ]);
    const linkEvent = (events: { kind: string; data: { kind?: string; linked?: string } }[]) =>
      events.find((event) => event.kind === 'link' && event.data.kind === 'follow_up')?.data.linked;
    expect(linkEvent(old.timeline)).toBe(created.ticket.number);
    expect(linkEvent(created.timeline)).toBe(ticket.number);
    const panel = await panelOf(ticket.id);
    expect(panel).toMatchObject({ overallScore: 100, isLow: false, followUp: null });
  });

  it('gives a merged ticket no survey, and a ticket closed twice only one', async () => {
    await at(new Date('2026-05-11T02:00:00Z'));
    const make = async (title: string) =>
      (
        await admin.request('POST', '/api/v1/tickets', {
          title,
          type: 'repair',
          customer: { name: '赵磊', email: 'zhaolei@example.com' },
          ownerId: admin.userId,
        })
      ).json() as { id: string };
    const duplicate = await make('冰箱漏水');
    const target = await make('冰箱漏水（重复）');
    expect(
      (await admin.request('POST', `/api/v1/tickets/${duplicate.id}/merge`, { into: target.id })).statusCode,
    ).toBe(200);
    expect(await surveyRow(duplicate.id)).toBeUndefined();

    // Reopened before the invitation went out: nothing is sent while it is open …
    await closeIt(target.id);
    const first = await surveyRow(target.id);
    t.clock.set(new Date(t.clock.now().getTime() + 30 * MINUTE));
    expect(
      (await admin.request('POST', `/api/v1/tickets/${target.id}/reopen`, { reason: '又漏了' })).statusCode,
    ).toBe(200);
    t.clock.set(new Date(t.clock.now().getTime() + 2 * HOUR));
    await sweepSurveys(t.context);
    expect((await surveyRow(target.id))!.status).toBe('scheduled');
    // … and the one survey follows the second close.
    admin = await signInAdmin(t.app);
    await closeIt(target.id);
    const second = await surveyRow(target.id);
    expect(second!.id).toBe(first!.id);
    expect(new Date(second!.send_at).getTime()).toBe(t.clock.now().getTime() + HOUR);
    t.clock.set(new Date(t.clock.now().getTime() + HOUR));
    await sweepSurveys(t.context);
    expect((await surveyRow(target.id))!.status).toBe('sent');

    // Reopened and closed again after it was sent: still the same one survey, untouched.
    expect(
      (await admin.request('POST', `/api/v1/tickets/${target.id}/reopen`, { reason: '还是漏' })).statusCode,
    ).toBe(200);
    await closeIt(target.id);
    const rows = await t.db.query<{ id: string; status: string }>(
      'SELECT id, status FROM surveys WHERE ticket_id = $1',
      [target.id],
    );
    expect(rows).toEqual([{ id: first!.id, status: 'sent' }]);
  });

  it('schedules one for a ticket the auto-close sweep closes, and leaves it in the portal without an address', async () => {
    await at(new Date('2026-05-18T02:00:00Z'));
    const created = await admin.request('POST', '/api/v1/tickets', {
      title: '咨询保修',
      type: 'consultation',
      customer: { name: '孙悦' },
      ownerId: admin.userId,
    });
    const ticket = created.json() as { id: string };
    await admin.request('POST', `/api/v1/tickets/${ticket.id}/status`, { status: 'in_progress' });
    await admin.request('POST', `/api/v1/tickets/${ticket.id}/resolve`, { summary: '已解答' });
    t.clock.set(new Date(t.clock.now().getTime() + 8 * 24 * HOUR));
    expect(await autoCloseSilentTickets(t.context)).toBeGreaterThanOrEqual(1);
    expect((await surveyRow(ticket.id))!.status).toBe('scheduled');
    t.clock.set(new Date(t.clock.now().getTime() + HOUR));
    await sweepSurveys(t.context);
    expect(await surveyRow(ticket.id)).toMatchObject({ status: 'sent', channel: 'portal' });
    const link = await findSurveyLinkForTicket(t.context, t.db, ticket.id);
    expect(link!.url).toMatch(
      /^https:\/\/service\.aftercare\.test\/portal\/s\/[A-Za-z0-9_-]+\.[0-9a-z]+\.[A-Za-z0-9_-]+$/,
    );
    // Nothing to remind through: the sweep only waits for the expiry.
    t.clock.set(new Date(t.clock.now().getTime() + 49 * HOUR));
    await sweepSurveys(t.context);
    const sent = await t.db.query('SELECT reminded_at FROM surveys WHERE ticket_id = $1', [ticket.id]);
    expect(sent).toEqual([{ reminded_at: null }]);
  });
});

describe('CSAT summary', () => {
  it('counts the surveys sent in the range: distribution, average, response rate, trend, breakdown', async () => {
    await at(new Date('2026-07-06T02:00:00Z')); // Monday
    const other = await buildUser(admin, { role: 'agent' });
    const answers = [
      { owner: agent.id, overall: 5 },
      { owner: agent.id, overall: 4 },
      { owner: other.id, overall: 2 },
      { owner: other.id, overall: null },
    ];
    for (const [index, plan] of answers.entries()) {
      if (index === 2) await at(new Date('2026-07-14T02:00:00Z')); // the next week
      const ticket = await closedTicket({ ownerId: plan.owner });
      t.clock.set(new Date(t.clock.now().getTime() + HOUR));
      await sweepSurveys(t.context);
      if (plan.overall !== null) {
        const token = await linkFor(ticket.id);
        const response = await publicPost(token, {
          speed: 4,
          result: 4,
          professionalism: 4,
          overall: plan.overall,
        });
        expect(response.statusCode, response.body).toBe(201);
      }
      admin = await signInAdmin(t.app);
    }
    const report = await admin.request(
      'GET',
      '/api/v1/reports/csat?from=2026-07-01&to=2026-08-01&interval=week&by=agent',
    );
    expect(report.statusCode, report.body).toBe(200);
    const body = report.json();
    expect(body.from).toBe('2026-06-30T16:00:00.000Z');
    expect(body.totals).toEqual({
      sent: 4,
      answered: 3,
      responseRate: 0.75,
      average: 73.33,
      satisfiedRate: 0.6667,
      lowCount: 1,
    });
    expect(body.bands).toEqual({ unsatisfied: 1, basically_satisfied: 1, satisfied: 1 });
    expect(body.levels).toEqual({ '1': 0, '2': 1, '3': 0, '4': 1, '5': 1 });
    expect(body.trend).toEqual([
      expect.objectContaining({ period: '2026-07-06', sent: 2, answered: 2, average: 90 }),
      expect.objectContaining({ period: '2026-07-13', sent: 2, answered: 1, average: 40, responseRate: 0.5 }),
    ]);
    expect(body.breakdown).toEqual([
      expect.objectContaining({ id: agent.id, sent: 2, answered: 2, average: 90, lowCount: 0 }),
      expect.objectContaining({ id: other.id, sent: 2, answered: 1, average: 40, lowCount: 1 }),
    ]);
    const byMonth = (
      await admin.request('GET', '/api/v1/reports/csat?from=2026-07-01&to=2026-08-01&interval=month&by=group')
    ).json();
    expect(byMonth.trend).toEqual([expect.objectContaining({ period: '2026-07-01', sent: 4, answered: 3 })]);
    expect(byMonth.breakdown).toEqual([expect.objectContaining({ id: group.id, sent: 4, answered: 3 })]);
    const agentSurveys = (await admin.request('GET', `/api/v1/surveys?agentId=${other.id}`)).json().items;
    expect(
      agentSurveys.map((s: { status: string; overallScore: number | null }) => [s.status, s.overallScore]),
    ).toEqual([
      ['sent', null],
      ['answered', 40],
    ]);
  });
});

describe('permissions and settings', () => {
  it('keep reports and settings to those entitled, validate and audit the settings', async () => {
    await at(new Date('2026-08-03T02:00:00Z'));
    const agentUser = await buildUser(admin, { role: 'agent' });
    const agentSession = await signIn(t.app, agentUser.username, agentUser.password);
    for (const [method, url, body] of [
      ['GET', '/api/v1/reports/csat?from=2026-07-01&to=2026-08-01', undefined],
      ['GET', '/api/v1/survey-settings', undefined],
      ['PUT', '/api/v1/survey-settings', {}],
    ] as const) {
      const response = await agentSession.request(method, url, body);
      expect(response.statusCode, `${method} ${url}`).toBe(403);
    }

    const defaults = (await admin.request('GET', '/api/v1/survey-settings')).json();
    expect(defaults).toMatchObject({
      enabled: true,
      delayMinutes: 60,
      channel: 'auto',
      linkValidDays: 14,
      reminderAfterHours: 48,
      scale: 'five',
      lowScore: { fiveAtMost: 3, hundredBelow: 70, dissatisfiedIsLow: true },
      followUpHours: 48,
    });
    const late = await admin.request('PUT', '/api/v1/survey-settings', {
      ...defaults,
      reminderAfterHours: 24 * 14,
    });
    expect(late.json()).toMatchObject({ status: 400, field: 'body.reminderAfterHours' });
    const tooSlow = await admin.request('PUT', '/api/v1/survey-settings', {
      ...defaults,
      delayMinutes: 1441,
    });
    expect(tooSlow.json()).toMatchObject({ status: 400, field: 'body.delayMinutes' });

    const changed = await admin.request('PUT', '/api/v1/survey-settings', {
      ...defaults,
      delayMinutes: 0,
      scale: 'hundred',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const audit = await t.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE entity_type = 'setting' AND entity_id = 'surveys.settings'`,
    );
    expect(audit.map((row) => row.action)).toEqual(['survey_settings.updated']);

    // With no delay the sweep sends at once, on the 0–100 scale, where 65 is low.
    const ticket = await closedTicket();
    await sweepSurveys(t.context);
    const token = await linkFor(ticket.id);
    expect((await publicGet(token)).json().scale).toBe('hundred');
    const answered = await publicPost(token, { speed: 80, result: 90, professionalism: 85, overall: 65 });
    expect(answered.statusCode, answered.body).toBe(201);
    const panel = await panelOf(ticket.id);
    expect(panel).toMatchObject({
      scale: 'hundred',
      overallScore: 65,
      isLow: true,
      followUp: { status: 'open' },
    });
    await admin.request('PUT', '/api/v1/survey-settings', defaults);
  });
});
