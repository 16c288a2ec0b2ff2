import type { AppContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/database.js';
import { AppError } from '../../platform/http/errors.js';
import { iso, isoOrNull } from '../../platform/http/schemas.js';
import type { Locale } from '../../platform/i18n/translate.js';
import { translate } from '../../platform/i18n/translate.js';
import { signingSecret } from '../../platform/signing.js';
import { type Actor, systemActor } from '../audit/actor.js';
import { recordAudit } from '../audit/audit.repository.js';
import { localDateTime, zoneOffset } from '../calendars/business-time.js';
import { queueCustomerMessage, queueStaffAlert } from '../notifications/notifications.service.js';
import { groupLeadOf } from '../routing/routing.service.js';
import { listSupervisorIds } from '../sla/sla.repository.js';
import { meetTaskMilestone, startTaskMilestone } from '../sla/sla.service.js';
import { type Caller, ticketScopeOf, visibleTicket } from '../tickets/access.js';
import { createInTransaction } from '../tickets/intake.service.js';
import { findTicketView, insertEvent, insertLink, type TicketView } from '../tickets/tickets.repository.js';
import { createTicketBody } from '../tickets/tickets.schema.js';
import { chooseSurveyChannel, questionLabel, readAnswers } from './answers.js';
import { BANDS, bandOf, lowAnswers, normalise, overallScore, type SurveyScale } from './scoring.js';
import { checkSurveySettings, loadSurveySettings, saveSurveySettings } from './settings.js';
import { SURVEY_SIGNING_PURPOSE, signSurveyToken, verifySurveyToken } from './survey-token.js';
import {
  type AnswerRecord,
  type CsatFiguresRow,
  claimDueSurveys,
  csatFigures,
  type FollowUpView,
  findFollowUp,
  findFollowUpOfSurvey,
  findOpenSurveyOfTicket,
  findSurvey,
  findSurveyViewOfTicket,
  insertAnswers,
  insertFollowUp,
  listAnswers,
  listFollowUps as listFollowUpRows,
  listSurveyViews,
  type SurveyRecord,
  type SurveyView,
  updateFollowUp as updateFollowUpRow,
  updateSurvey,
  userHasRole,
} from './surveys.repository.js';
import type { CsatQuery, SurveySettings, UpdateFollowUpInput } from './surveys.schema.js';

type SweepContext = Pick<AppContext, 'db' | 'clock' | 'config' | 'queue'>;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The public address of a survey link: `${publicUrl}/portal/s/<token>`. */
export function surveyUrl(publicUrl: string | undefined, token: string): string {
  return `${(publicUrl ?? '').replace(/\/+$/, '')}/portal/s/${token}`;
}

async function linkOf(
  ctx: Pick<AppContext, 'config'>,
  db: Queryable,
  survey: { id: string; expiresAt: Date },
) {
  const secret = await signingSecret(db, SURVEY_SIGNING_PURPOSE);
  return surveyUrl(ctx.config.publicUrl, signSurveyToken(secret, survey.id, survey.expiresAt));
}

/** The link of a ticket's survey while it can still be answered (sent, unanswered, unexpired), else null. */
export async function findSurveyLinkForTicket(
  ctx: Pick<AppContext, 'config' | 'clock'>,
  db: Queryable,
  ticketId: string,
): Promise<{ url: string } | null> {
  const survey = await findOpenSurveyOfTicket(db, ticketId, ctx.clock.now());
  return survey ? { url: await linkOf(ctx, db, survey) } : null;
}

// Settings -------------------------------------------------------------------------------------------

export const getSurveySettings = (ctx: AppContext) => loadSurveySettings(ctx.db);

export async function updateSurveySettings(ctx: AppContext, actor: Actor, settings: SurveySettings) {
  checkSurveySettings(settings);
  return ctx.db.transaction(async (tx) => {
    const before = await loadSurveySettings(tx);
    await saveSurveySettings(tx, settings, ctx.clock.now());
    await recordAudit(tx, actor, {
      action: 'survey_settings.updated',
      entityType: 'setting',
      entityId: 'surveys.settings',
      before,
      after: settings,
    });
    return settings;
  });
}

// The sweep ------------------------------------------------------------------------------------------

/** Seconds precision: the expiry travels in the link, so the stored one must be the same instant. */
const wholeSeconds = (at: number) => new Date(Math.floor(at / 1000) * 1000);

async function surveyEvent(
  tx: Queryable,
  ticketId: string,
  data: Record<string, unknown>,
  at: Date,
  body = '',
) {
  await insertEvent(tx, {
    ticketId,
    kind: 'system',
    isPublic: false,
    authorUserId: null,
    authorLabel: 'survey',
    body,
    data,
    createdAt: at,
  });
}

/**
 * The survey sweep (R6.1, R6.4): sends the invitations that have come due, the one reminder, and marks
 * expired links — through the indexed `next_check_at`, locked with SKIP LOCKED so that any number of
 * servers share the work and none sends anything twice. Messages go through the notification outbox in
 * the same transaction.
 */
export async function sweepSurveys(ctx: SweepContext, limit = 200): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const due = await claimDueSurveys(tx, now, limit);
    if (due.length === 0) return 0;
    const settings = await loadSurveySettings(tx);
    for (const survey of due) {
      const ticket = await findTicketView(tx, survey.ticketId);
      if (!ticket) continue;
      if (survey.status === 'scheduled') await sendInvitation(ctx, tx, survey, ticket, settings, now);
      else if (survey.status === 'sent') await followSentSurvey(ctx, tx, survey, ticket, now);
      else await updateSurvey(tx, survey.id, { nextCheckAt: null }, now);
    }
    return due.length;
  });
}

async function sendInvitation(
  ctx: SweepContext,
  tx: Queryable,
  survey: SurveyRecord,
  ticket: TicketView,
  settings: SurveySettings,
  now: Date,
) {
  // Reopened since: the next close schedules it again. Switched off since: not sent.
  if (ticket.status !== 'closed' || !settings.enabled) {
    await updateSurvey(tx, survey.id, { nextCheckAt: null }, now);
    return;
  }
  const { channel, recipient } = chooseSurveyChannel(
    settings.channel,
    { email: ticket.contactEmail, phone: ticket.contactPhone },
    ctx.config.sms.provider !== 'none',
  );
  const expiresAt = wholeSeconds(now.getTime() + settings.linkValidDays * DAY);
  const remindAt =
    channel !== 'portal' && settings.reminderAfterHours !== null
      ? new Date(now.getTime() + settings.reminderAfterHours * HOUR)
      : null;
  const reminder = remindAt && remindAt.getTime() < expiresAt.getTime() ? remindAt : null;
  await updateSurvey(
    tx,
    survey.id,
    {
      status: 'sent',
      channel,
      recipient,
      sentAt: now,
      expiresAt,
      remindAt: reminder,
      nextCheckAt: reminder ?? expiresAt,
    },
    now,
  );
  await queueSurveyMessage(
    ctx,
    tx,
    { ...survey, channel, recipient, expiresAt },
    ticket,
    'surveyInvitation',
    settings,
  );
  await surveyEvent(tx, ticket.id, { survey: 'sent', channel, expiresAt: iso(expiresAt) }, now);
}

async function followSentSurvey(
  ctx: SweepContext,
  tx: Queryable,
  survey: SurveyRecord,
  ticket: TicketView,
  now: Date,
) {
  const expiresAt = survey.expiresAt!;
  if (now.getTime() >= expiresAt.getTime()) {
    await updateSurvey(tx, survey.id, { status: 'expired', nextCheckAt: null }, now);
    await surveyEvent(tx, ticket.id, { survey: 'expired' }, now);
    return;
  }
  if (survey.remindAt && !survey.remindedAt && now.getTime() >= survey.remindAt.getTime()) {
    // Exactly one reminder: recorded with the message, so the next sweep looks only at the expiry.
    await updateSurvey(tx, survey.id, { remindedAt: now, nextCheckAt: expiresAt }, now);
    const settings = await loadSurveySettings(tx);
    await queueSurveyMessage(ctx, tx, survey, ticket, 'surveyReminder', settings);
    await surveyEvent(tx, ticket.id, { survey: 'reminded', channel: survey.channel }, now);
    return;
  }
  await updateSurvey(tx, survey.id, { nextCheckAt: expiresAt }, now);
}

async function queueSurveyMessage(
  ctx: SweepContext,
  tx: Queryable,
  survey: Pick<SurveyRecord, 'id' | 'channel' | 'recipient'> & { expiresAt: Date | null },
  ticket: TicketView,
  template: 'surveyInvitation' | 'surveyReminder',
  settings: SurveySettings,
) {
  const url = await linkOf(ctx, tx, { id: survey.id, expiresAt: survey.expiresAt! });
  // A portal-only survey still tells subscribed webhooks; with neither address nothing else is sent.
  await queueCustomerMessage(ctx, tx, {
    ticketId: ticket.id,
    email: survey.channel === 'email' ? survey.recipient : null,
    phone: survey.channel === 'sms' ? survey.recipient : null,
    template,
    params: {
      number: ticket.number,
      name: ticket.contactName ?? '',
      title: ticket.title,
      url,
      days: settings.linkValidDays,
    },
  });
}

// The public survey ----------------------------------------------------------------------------------

/**
 * R6.4: the survey behind a link, or the problem with the link — forged or tampered (404), expired
 * (410), already answered (409).
 */
async function surveyFromToken(
  db: Queryable,
  token: string,
  now: Date,
  lock: boolean,
): Promise<SurveyRecord> {
  const invalid = () => new AppError('survey_link_invalid', 'surveys.linkInvalid');
  const secret = await signingSecret(db, SURVEY_SIGNING_PURPOSE);
  const check = verifySurveyToken(secret, token, now);
  if (check.outcome === 'invalid') throw invalid();
  const survey = await findSurvey(db, check.surveyId, { lock });
  if (!survey?.expiresAt || survey.expiresAt.getTime() !== check.expiresAt.getTime()) throw invalid();
  if (survey.status === 'answered') throw new AppError('survey_already_answered', 'surveys.alreadyAnswered');
  if (check.outcome === 'expired' || survey.status === 'expired')
    throw new AppError('survey_link_expired', 'surveys.linkExpired');
  if (survey.status !== 'sent') throw invalid();
  return survey;
}

export async function openPublicSurvey(ctx: AppContext, token: string, locale: Locale) {
  const survey = await surveyFromToken(ctx.db, token, ctx.clock.now(), false);
  const ticket = (await findTicketView(ctx.db, survey.ticketId))!;
  return {
    ticketNumber: ticket.number,
    ticketTitle: ticket.title,
    scale: survey.scale,
    questions: survey.questions.map((question) => ({
      key: question.key,
      kind: question.kind,
      label: questionLabel(question, locale),
      required: question.required,
    })),
    status: 'open' as const,
  };
}

/**
 * The customer's answers (R6.1), once: stored per question with the score normalised to 0–100; a low
 * rating opens the supervisor's follow-up (R6.2); a new need opens a linked ticket (R6.3).
 */
export async function answerPublicSurvey(
  ctx: AppContext,
  token: string,
  answers: Record<string, number | string>,
  ip: string | null,
) {
  await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const survey = await surveyFromToken(tx, token, now, true);
    const settings = await loadSurveySettings(tx);
    const read = readAnswers(survey.scale, survey.questions, answers);
    await insertAnswers(
      tx,
      read.map((answer) => ({ ...answer, surveyId: survey.id })),
    );
    const scores = Object.fromEntries(
      read
        .filter((answer) => answer.kind === 'score')
        .map((answer) => [answer.questionKey, answer.rawScore!]),
    );
    const overall = overallScore(survey.scale, scores);
    const low = lowAnswers(survey.scale, scores, settings.lowScore);
    const isLow = Object.keys(low).length > 0;
    await updateSurvey(
      tx,
      survey.id,
      { status: 'answered', answeredAt: now, overallScore: overall, isLow, nextCheckAt: null },
      now,
    );
    const ticket = (await findTicketView(tx, survey.ticketId))!;
    await surveyEvent(tx, ticket.id, { survey: 'answered', overallScore: overall, isLow }, now);
    if (isLow) await openFollowUp(ctx, tx, survey, ticket, overall, low, settings, now);
    const otherNeeds = read.find((answer) => answer.questionKey === 'otherNeeds')?.textValue;
    if (otherNeeds) await openNewNeed(ctx, tx, ticket, otherNeeds, ip);
  });
  return { thanks: true as const };
}

function formatScore(scale: SurveyScale, overall: number | null): string {
  if (overall === null) return '';
  return scale === 'five' ? `${Math.round((overall / 20) * 10) / 10}/5` : `${overall}/100`;
}

async function openFollowUp(
  ctx: AppContext,
  tx: Queryable,
  survey: SurveyRecord,
  ticket: TicketView,
  overall: number | null,
  low: Record<string, number>,
  settings: SurveySettings,
  now: Date,
) {
  const lead = ticket.groupId ? await groupLeadOf(tx, ticket.groupId) : null;
  const dueAt = new Date(now.getTime() + settings.followUpHours * HOUR);
  const id = await insertFollowUp(
    tx,
    { surveyId: survey.id, ticketId: ticket.id, assigneeUserId: lead, dueAt, lowAnswers: low },
    now,
  );
  await startTaskMilestone(tx, ticket, 'survey_follow_up', now, settings.followUpHours * 60, now);
  const recipients = lead ? [lead] : await listSupervisorIds(tx);
  for (const userId of recipients) {
    await queueStaffAlert(ctx, tx, {
      ticketId: ticket.id,
      userId,
      template: 'surveyLowScore',
      params: {
        number: ticket.number,
        title: ticket.title,
        score: formatScore(survey.scale, overall),
        due: localDateTime(dueAt, ctx.config.timezone),
      },
      locale: ctx.config.defaultLocale,
    });
  }
  await surveyEvent(
    tx,
    ticket.id,
    { survey: 'follow_up_opened', assigneeUserId: lead, dueAt: iso(dueAt) },
    now,
  );
  await recordAudit(tx, systemActor('survey'), {
    action: 'survey.follow_up_opened',
    entityType: 'survey_follow_up',
    entityId: id,
    after: { ticket: ticket.number, assigneeUserId: lead, dueAt: iso(dueAt), lowAnswers: low },
  });
}

/** R6.3: a new need from the survey becomes a ticket of the same customer, linked to the old one. */
async function openNewNeed(
  ctx: AppContext,
  tx: Queryable,
  ticket: TicketView,
  need: string,
  ip: string | null,
) {
  const contact = ticket.contactName
    ? {
        name: ticket.contactName,
        phone: ticket.contactPhone,
        email: ticket.contactEmail,
      }
    : undefined;
  const input = createTicketBody.parse({
    title: translate(ctx.config.defaultLocale, 'surveys.newNeedTitle', { number: ticket.number }),
    description: need,
    type: 'consultation',
    channel: 'portal',
    customerId: ticket.customerId,
    ...(contact ? { customer: contact } : {}),
  });
  const actor: Actor = { userId: null, label: 'survey', requestId: null, ip };
  const newId = await createInTransaction(ctx, tx, actor, input, {});
  const created = (await findTicketView(tx, newId))!;
  await insertLink(tx, newId, ticket.id, 'follow_up');
  const now = ctx.clock.now();
  const common = {
    kind: 'link',
    isPublic: false,
    authorUserId: null,
    authorLabel: 'survey',
    body: '',
    createdAt: now,
  };
  await insertEvent(tx, {
    ...common,
    ticketId: ticket.id,
    data: { linked: created.number, kind: 'follow_up', fromSurvey: true },
  });
  await insertEvent(tx, {
    ...common,
    ticketId: newId,
    data: { linked: ticket.number, kind: 'follow_up', fromSurvey: true },
  });
}

// Staff views ----------------------------------------------------------------------------------------

function presentFollowUp(row: FollowUpView) {
  return {
    id: row.id,
    surveyId: row.surveyId,
    ticket: { id: row.ticketId, number: row.ticketNumber, title: row.ticketTitle },
    customerName: row.customerName,
    assignee: row.assigneeUserId
      ? { id: row.assigneeUserId, displayName: row.assigneeDisplayName ?? '' }
      : null,
    status: row.status,
    dueAt: iso(row.dueAt),
    overallScore: row.overallScore,
    scale: row.scale,
    lowAnswers: row.lowAnswers,
    causeTags: row.causeTags,
    remedyType: row.remedyType as UpdateFollowUpInput['remedyType'] | null,
    remedyAmount: row.remedyAmount,
    note: row.note,
    completedAt: isoOrNull(row.completedAt),
    completedBy: row.completedByUserId
      ? { id: row.completedByUserId, displayName: row.completedByDisplayName ?? '' }
      : null,
    createdAt: iso(row.createdAt),
  };
}

function presentSurvey(
  survey: SurveyView,
  answers: AnswerRecord[],
  followUp: FollowUpView | undefined,
  locale: Locale,
) {
  const labelOf = (key: string) => {
    const question = survey.questions.find((candidate) => candidate.key === key);
    return question ? questionLabel(question, locale) : key;
  };
  return {
    id: survey.id,
    ticket: { id: survey.ticketId, number: survey.ticketNumber, title: survey.ticketTitle },
    status: survey.status,
    channel: survey.channel,
    scale: survey.scale,
    sendAt: iso(survey.sendAt),
    sentAt: isoOrNull(survey.sentAt),
    expiresAt: isoOrNull(survey.expiresAt),
    remindedAt: isoOrNull(survey.remindedAt),
    answeredAt: isoOrNull(survey.answeredAt),
    overallScore: survey.overallScore,
    band: survey.overallScore === null ? null : bandOf(survey.overallScore),
    isLow: survey.isLow,
    agent: survey.agentUserId ? { id: survey.agentUserId, displayName: survey.agentDisplayName ?? '' } : null,
    answers: answers
      .filter((answer) => answer.surveyId === survey.id)
      .map((answer) => ({
        key: answer.questionKey,
        kind: answer.kind,
        label: labelOf(answer.questionKey),
        rawScore: answer.rawScore,
        score: answer.score,
        text: answer.textValue,
      })),
    followUp: followUp ? presentFollowUp(followUp) : null,
  };
}

/** The survey of a ticket the caller may see, with its answers and follow-up; null when there is none. */
export async function getTicketSurvey(ctx: AppContext, caller: Caller, idOrNumber: string, locale: Locale) {
  const ticket = await visibleTicket(ctx.db, caller, idOrNumber);
  const survey = await findSurveyViewOfTicket(ctx.db, ticket.id);
  if (!survey) return { survey: null };
  const [answers, followUp] = await Promise.all([
    listAnswers(ctx.db, [survey.id]),
    findFollowUpOfSurvey(ctx.db, survey.id),
  ]);
  return { survey: presentSurvey(survey, answers, followUp, locale) };
}

/** Surveys of tickets the caller may see, by customer or by agent (their profile pages). */
export async function listSurveys(
  ctx: AppContext,
  caller: Caller,
  query: {
    customerId?: string | undefined;
    agentId?: string | undefined;
    status?: SurveyRecord['status'] | undefined;
    limit: number;
  },
  locale: Locale,
) {
  const surveys = await listSurveyViews(ctx.db, query, ticketScopeOf(caller.principal), query.limit);
  const answers = await listAnswers(
    ctx.db,
    surveys.map((survey) => survey.id),
  );
  return { items: surveys.map((survey) => presentSurvey(survey, answers, undefined, locale)) };
}

// Follow-ups -----------------------------------------------------------------------------------------

export async function listFollowUps(
  ctx: AppContext,
  caller: Caller,
  query: { status?: 'open' | 'done' | undefined; assignee?: 'me' | undefined },
) {
  const userId = caller.principal.userId;
  const rows = await listFollowUpRows(
    ctx.db,
    {
      status: query.status,
      ...(query.assignee === 'me'
        ? { assignedTo: { userId, isSupervisor: await userHasRole(ctx.db, userId, 'supervisor') } }
        : {}),
    },
    ticketScopeOf(caller.principal),
  );
  return { items: rows.map(presentFollowUp) };
}

const REMEDIES_WITH_AMOUNT = new Set(['coupon', 'cash', 'refund']);

/**
 * R6.2: the supervisor records the causes and the remedy; marking it done meets its milestone. The
 * assignee works it, and so may anyone who sees every ticket (a supervisor standing in).
 */
export async function updateFollowUp(
  ctx: AppContext,
  caller: Caller,
  id: string,
  input: UpdateFollowUpInput,
) {
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const followUp = await findFollowUp(tx, id, { lock: true });
    if (!followUp) throw new AppError('not_found', 'surveys.followUpNotFound');
    const principal = caller.principal;
    const isAssignee = followUp.assigneeUserId === principal.userId;
    if (!isAssignee) {
      await visibleTicket(tx, caller, followUp.ticketId).catch(() => {
        throw new AppError('not_found', 'surveys.followUpNotFound');
      });
      const unassignedForSupervisor =
        followUp.assigneeUserId === null && (await userHasRole(tx, principal.userId, 'supervisor'));
      if (!principal.permissions.has('tickets.read_all') && !unassignedForSupervisor)
        throw new AppError('forbidden', 'surveys.followUpNotYours');
    }
    if (followUp.status === 'done') throw new AppError('conflict', 'surveys.followUpDone');
    const settings = await loadSurveySettings(tx);
    input.causeTags.forEach((tag, index) => {
      if (!settings.causeTags.includes(tag)) {
        throw new AppError('validation_failed', 'surveys.unknownCauseTag', {
          field: `body.causeTags.${index}`,
          params: { tag },
        });
      }
    });
    if (input.done && input.causeTags.length === 0)
      throw new AppError('validation_failed', 'surveys.causeTagsRequired', { field: 'body.causeTags' });
    if (input.done && REMEDIES_WITH_AMOUNT.has(input.remedyType) && input.remedyAmount == null)
      throw new AppError('validation_failed', 'surveys.remedyAmountNeeded', { field: 'body.remedyAmount' });
    const changes = {
      causeTags: [...new Set(input.causeTags)],
      remedyType: input.remedyType,
      remedyAmount: input.remedyAmount ?? null,
      note: input.note,
      status: input.done ? ('done' as const) : ('open' as const),
      completedAt: input.done ? now : null,
      completedByUserId: input.done ? principal.userId : null,
    };
    await updateFollowUpRow(tx, id, changes, now);
    const ticket = (await findTicketView(tx, followUp.ticketId))!;
    if (input.done) {
      await meetTaskMilestone(tx, ticket, 'survey_follow_up', now);
      await insertEvent(tx, {
        ticketId: ticket.id,
        kind: 'system',
        isPublic: false,
        authorUserId: principal.userId,
        authorLabel: caller.actor.label,
        body: input.note,
        data: {
          survey: 'follow_up_done',
          causeTags: changes.causeTags,
          remedyType: changes.remedyType,
          remedyAmount: changes.remedyAmount,
        },
        createdAt: now,
      });
    }
    await recordAudit(tx, caller.actor, {
      action: input.done ? 'survey.follow_up_completed' : 'survey.follow_up_updated',
      entityType: 'survey_follow_up',
      entityId: id,
      before: {
        causeTags: followUp.causeTags,
        remedyType: followUp.remedyType,
        remedyAmount: followUp.remedyAmount,
        note: followUp.note,
        status: followUp.status,
      },
      after: { ...changes, completedAt: isoOrNull(changes.completedAt) },
    });
    return presentFollowUp((await findFollowUp(tx, id))!);
  });
}

// CSAT -----------------------------------------------------------------------------------------------

/** A date is its midnight in the configured time zone; a date-time is taken as given. */
function instantOf(value: string, timeZone: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(value);
  const wall = Date.parse(`${value}T00:00:00Z`);
  return new Date(wall - zoneOffset(timeZone, wall - zoneOffset(timeZone, wall)));
}

const ratio = (part: number, whole: number) =>
  whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;

function figures(row: CsatFiguresRow) {
  return {
    sent: row.sent,
    answered: row.answered,
    responseRate: ratio(row.answered, row.sent),
    average: row.average,
    satisfiedRate: ratio(row.satisfied, row.answered),
    lowCount: row.low,
  };
}

/** R12.2: CSAT distribution, average, response rate, trend and breakdown over the surveys sent in a range. */
export async function csatReport(ctx: AppContext, query: CsatQuery) {
  const from = instantOf(query.from, ctx.config.timezone);
  const to = instantOf(query.to, ctx.config.timezone);
  if (to.getTime() <= from.getTime())
    throw new AppError('validation_failed', 'surveys.rangeEmpty', { field: 'querystring.to' });
  const data = await csatFigures(ctx.db, {
    from,
    to,
    interval: query.interval,
    by: query.by,
    timezone: ctx.config.timezone,
  });
  const bands = Object.fromEntries(BANDS.map((band) => [band, 0])) as Record<(typeof BANDS)[number], number>;
  const levels = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  for (const row of data.scores) {
    bands[bandOf(row.overall_score)] += 1;
    if (row.scale === 'five') {
      const level = String(
        Math.min(5, Math.max(1, Math.round(row.overall_score / normalise('five', 1)))),
      ) as keyof typeof levels;
      levels[level] += 1;
    }
  }
  return {
    from: iso(from),
    to: iso(to),
    interval: query.interval,
    by: query.by,
    totals: figures(data.totals),
    bands,
    levels,
    trend: data.trend.map((row) => ({ period: row.period, ...figures(row) })),
    breakdown: data.breakdown.map((row) => ({ id: row.id, name: row.name, ...figures(row) })),
  };
}
