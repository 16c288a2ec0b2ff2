import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/database.js';
import { AppError } from '../../platform/http/errors.js';
import { LOCALES, type Locale } from '../../platform/i18n/translate.js';
import type { Actor } from '../audit/actor.js';
import { recordAudit } from '../audit/audit.repository.js';
import { maskRobotUrl } from './channels/robots.js';
import {
  CUSTOMER_TEMPLATES,
  isStaffTemplate,
  isTicketStaffTemplate,
  type NotificationTemplate,
  STAFF_TEMPLATES,
} from './events.js';
import { attemptsPerRound, DELIVERY_JOBS } from './notifications.jobs.js';
import {
  type DeliveryFilter,
  type DeliveryRow,
  findNotification,
  listDeliveries,
  type OutboxChannel,
  reopenNotification,
} from './notifications.repository.js';
import type {
  CreateEndpointInput,
  CreateRobotInput,
  UpdateEndpointInput,
  UpdateRobotInput,
} from './notifications.schema.js';
import { queueChannelTest } from './notifications.service.js';
import {
  deleteEndpoint,
  deleteRobot,
  deleteTemplateOverride,
  type EndpointRecord,
  findEndpoint,
  findRobot,
  groupExists,
  insertEndpoint,
  insertRobot,
  listEndpoints,
  listGroupSubscriptions,
  listRobots,
  listTemplateOverrides,
  type RobotRecord,
  replaceGroupSubscriptions,
  updateEndpoint,
  updateRobot,
  upsertTemplateOverride,
} from './settings.repository.js';
import {
  allowedPlaceholders,
  defaultTemplateText,
  fillPlaceholders,
  placeholdersOf,
  sampleParams,
} from './templates.js';

// ---- Robots ----

export function presentRobot(robot: RobotRecord) {
  return {
    id: robot.id,
    name: robot.name,
    kind: robot.kind,
    groupId: robot.groupId,
    webhookUrl: maskRobotUrl(robot.webhookUrl),
    hasSecret: Boolean(robot.secret),
    isActive: robot.isActive,
    createdAt: robot.createdAt.toISOString(),
    updatedAt: robot.updatedAt.toISOString(),
  };
}

/** What the audit trail keeps of a robot: never its token or secret. */
const auditedRobot = (robot: RobotRecord) => {
  const { createdAt: _c, updatedAt: _u, ...rest } = presentRobot(robot);
  return rest;
};

async function assertGroup(db: Queryable, groupId: string, field: string) {
  if (!(await groupExists(db, groupId)))
    throw new AppError('validation_failed', 'notifications.groupNotFound', { field });
}

export const listAllRobots = async (ctx: AppContext) => (await listRobots(ctx.db)).map(presentRobot);

export async function createRobot(ctx: AppContext, actor: Actor, input: CreateRobotInput) {
  return ctx.db.transaction(async (tx) => {
    await assertGroup(tx, input.groupId, 'body.groupId');
    const id = await insertRobot(tx, { ...input, secret: input.secret ?? null }, ctx.clock.now());
    const robot = (await findRobot(tx, id))!;
    await recordAudit(tx, actor, {
      action: 'notification_robot.created',
      entityType: 'notification_robot',
      entityId: id,
      after: auditedRobot(robot),
    });
    return presentRobot(robot);
  });
}

export async function changeRobot(ctx: AppContext, actor: Actor, id: string, input: UpdateRobotInput) {
  return ctx.db.transaction(async (tx) => {
    const before = await findRobot(tx, id);
    if (!before) throw new AppError('not_found', 'notifications.robotNotFound');
    if (input.groupId) await assertGroup(tx, input.groupId, 'body.groupId');
    await updateRobot(
      tx,
      id,
      {
        name: input.name ?? before.name,
        kind: before.kind,
        groupId: input.groupId ?? before.groupId,
        webhookUrl: input.webhookUrl ?? before.webhookUrl,
        secret: input.secret === undefined ? before.secret : input.secret,
        isActive: input.isActive ?? before.isActive,
      },
      ctx.clock.now(),
    );
    const after = (await findRobot(tx, id))!;
    await recordAudit(tx, actor, {
      action: 'notification_robot.updated',
      entityType: 'notification_robot',
      entityId: id,
      before: auditedRobot(before),
      after: {
        ...auditedRobot(after),
        ...(input.webhookUrl ? { webhookUrlChanged: true } : {}),
        ...(input.secret !== undefined ? { secretChanged: true } : {}),
      },
    });
    return presentRobot(after);
  });
}

export async function removeRobot(ctx: AppContext, actor: Actor, id: string) {
  await ctx.db.transaction(async (tx) => {
    const robot = await findRobot(tx, id);
    if (!robot) throw new AppError('not_found', 'notifications.robotNotFound');
    await deleteRobot(tx, id);
    await recordAudit(tx, actor, {
      action: 'notification_robot.deleted',
      entityType: 'notification_robot',
      entityId: id,
      before: auditedRobot(robot),
    });
  });
}

// ---- Outgoing webhook endpoints ----

export function presentEndpoint(endpoint: EndpointRecord) {
  return {
    id: endpoint.id,
    name: endpoint.name,
    url: endpoint.url,
    events: endpoint.events,
    isActive: endpoint.isActive,
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
  };
}

const auditedEndpoint = (endpoint: EndpointRecord) => {
  const { createdAt: _c, updatedAt: _u, ...rest } = presentEndpoint(endpoint);
  return rest;
};

export const listAllEndpoints = async (ctx: AppContext) => (await listEndpoints(ctx.db)).map(presentEndpoint);

export async function createEndpoint(ctx: AppContext, actor: Actor, input: CreateEndpointInput) {
  const secret = input.secret ?? `whsec_${randomBytes(24).toString('hex')}`;
  return ctx.db.transaction(async (tx) => {
    const id = await insertEndpoint(
      tx,
      { ...input, events: [...new Set(input.events)], secret },
      ctx.clock.now(),
    );
    const endpoint = (await findEndpoint(tx, id))!;
    await recordAudit(tx, actor, {
      action: 'webhook_endpoint.created',
      entityType: 'webhook_endpoint',
      entityId: id,
      after: auditedEndpoint(endpoint),
    });
    return { ...presentEndpoint(endpoint), secret };
  });
}

export async function changeEndpoint(ctx: AppContext, actor: Actor, id: string, input: UpdateEndpointInput) {
  return ctx.db.transaction(async (tx) => {
    const before = await findEndpoint(tx, id);
    if (!before) throw new AppError('not_found', 'notifications.endpointNotFound');
    await updateEndpoint(
      tx,
      id,
      {
        name: input.name ?? before.name,
        url: input.url ?? before.url,
        secret: input.secret ?? before.secret,
        events: input.events ? [...new Set(input.events)] : before.events,
        isActive: input.isActive ?? before.isActive,
      },
      ctx.clock.now(),
    );
    const after = (await findEndpoint(tx, id))!;
    await recordAudit(tx, actor, {
      action: 'webhook_endpoint.updated',
      entityType: 'webhook_endpoint',
      entityId: id,
      before: auditedEndpoint(before),
      after: { ...auditedEndpoint(after), ...(input.secret ? { secretChanged: true } : {}) },
    });
    return presentEndpoint(after);
  });
}

export async function removeEndpoint(ctx: AppContext, actor: Actor, id: string) {
  await ctx.db.transaction(async (tx) => {
    const endpoint = await findEndpoint(tx, id);
    if (!endpoint) throw new AppError('not_found', 'notifications.endpointNotFound');
    await deleteEndpoint(tx, id);
    await recordAudit(tx, actor, {
      action: 'webhook_endpoint.deleted',
      entityType: 'webhook_endpoint',
      entityId: id,
      before: auditedEndpoint(endpoint),
    });
  });
}

/** Queues a test message to a robot or an endpoint; returns the delivery to watch. */
export async function testChannel(
  ctx: AppContext,
  actor: Actor,
  target: { kind: 'robot' | 'webhook'; id: string },
  locale: Locale,
) {
  return ctx.db.transaction(async (tx) => {
    let channel: 'wecom' | 'dingtalk' | 'webhook';
    if (target.kind === 'robot') {
      const robot = await findRobot(tx, target.id);
      if (!robot) throw new AppError('not_found', 'notifications.robotNotFound');
      channel = robot.kind;
    } else {
      if (!(await findEndpoint(tx, target.id)))
        throw new AppError('not_found', 'notifications.endpointNotFound');
      channel = 'webhook';
    }
    const deliveryId = await queueChannelTest(ctx, tx, { channel, id: target.id }, locale);
    await recordAudit(tx, actor, {
      action: 'notification_channel.tested',
      entityType: target.kind === 'robot' ? 'notification_robot' : 'webhook_endpoint',
      entityId: target.id,
      after: { deliveryId },
    });
    return { deliveryId };
  });
}

// ---- Deliveries ----

export function presentDelivery(row: DeliveryRow) {
  return {
    id: row.id,
    channel: row.channel as OutboxChannel,
    recipient: row.recipient,
    targetName: row.targetName,
    template: row.template,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    attemptLimit: row.attemptLimit,
    lastError: row.lastError,
    ticket: row.ticketId && row.ticketNumber ? { id: row.ticketId, number: row.ticketNumber } : null,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
  };
}

export async function listOutbox(ctx: AppContext, filter: DeliveryFilter) {
  const rows = await listDeliveries(ctx.db, filter);
  return {
    items: rows.map(presentDelivery),
    nextCursor: rows.length === filter.limit ? String(rows.at(-1)!.seq) : null,
  };
}

/** Sends a dead (or failed, or skipped) message again, with a fresh round of retries. */
export async function redeliver(ctx: AppContext, actor: Actor, id: string) {
  return ctx.db.transaction(async (tx) => {
    const notification = await findNotification(tx, id);
    if (!notification || notification.channel === 'in_app')
      throw new AppError('not_found', 'notifications.deliveryNotFound');
    if (!(await reopenNotification(tx, id, attemptsPerRound(ctx.config))))
      throw new AppError('conflict', 'notifications.notRedeliverable', {
        params: { status: notification.status },
      });
    await ctx.queue.enqueue(tx, DELIVERY_JOBS[notification.channel], { notificationId: id });
    await recordAudit(tx, actor, {
      action: 'notification.redelivered',
      entityType: 'notification',
      entityId: id,
      before: {
        status: notification.status,
        attempts: notification.attempts,
        lastError: notification.lastError,
      },
      after: { status: 'pending' },
    });
    const [row] = (await listDeliveries(tx, { limit: 1, beforeSeq: notification.seq + 1 })).filter(
      (candidate) => candidate.id === id,
    );
    return presentDelivery(row!);
  });
}

// ---- Templates ----

function presentTemplate(
  template: NotificationTemplate,
  locale: Locale,
  override: { subject: string; body: string; updatedAt: Date } | undefined,
) {
  const defaults = defaultTemplateText(template, locale);
  return {
    template,
    locale,
    audience: isStaffTemplate(template) ? ('staff' as const) : ('customer' as const),
    subject: override?.subject ?? defaults.subject,
    body: override?.body ?? defaults.body,
    isCustomized: Boolean(override),
    defaultSubject: defaults.subject,
    defaultBody: defaults.body,
    placeholders: allowedPlaceholders(template),
    updatedAt: override?.updatedAt.toISOString() ?? null,
  };
}

export async function listTemplates(ctx: AppContext) {
  const overrides = new Map(
    (await listTemplateOverrides(ctx.db)).map((row) => [`${row.template}/${row.locale}`, row]),
  );
  return [...CUSTOMER_TEMPLATES, ...STAFF_TEMPLATES].flatMap((template) =>
    LOCALES.map((locale) => presentTemplate(template, locale, overrides.get(`${template}/${locale}`))),
  );
}

function assertPlaceholders(template: NotificationTemplate, text: { subject: string; body: string }) {
  const allowed = allowedPlaceholders(template);
  for (const field of ['subject', 'body'] as const) {
    const unknown = placeholdersOf(text[field]).find((name) => !allowed.includes(name));
    if (unknown) {
      throw new AppError('validation_failed', 'notifications.unknownPlaceholder', {
        field: `body.${field}`,
        params: { placeholder: `{${unknown}}`, allowed: allowed.map((name) => `{${name}}`).join(' ') },
      });
    }
  }
}

export async function saveTemplate(
  ctx: AppContext,
  actor: Actor,
  key: { template: NotificationTemplate; locale: Locale },
  text: { subject: string; body: string },
) {
  assertPlaceholders(key.template, text);
  return ctx.db.transaction(async (tx) => {
    const before = (await listTemplateOverrides(tx)).find(
      (row) => row.template === key.template && row.locale === key.locale,
    );
    const now = ctx.clock.now();
    await upsertTemplateOverride(tx, { ...key, ...text, updatedByUserId: actor.userId }, now);
    await recordAudit(tx, actor, {
      action: 'notification_template.saved',
      entityType: 'notification_template',
      entityId: `${key.template}/${key.locale}`,
      before: before ? { subject: before.subject, body: before.body } : null,
      after: text,
    });
    return presentTemplate(key.template, key.locale, { ...text, updatedAt: now });
  });
}

/** Back to the catalogue text. */
export async function resetTemplate(
  ctx: AppContext,
  actor: Actor,
  key: { template: NotificationTemplate; locale: Locale },
) {
  return ctx.db.transaction(async (tx) => {
    const before = (await listTemplateOverrides(tx)).find(
      (row) => row.template === key.template && row.locale === key.locale,
    );
    if (before) {
      await deleteTemplateOverride(tx, key.template, key.locale);
      await recordAudit(tx, actor, {
        action: 'notification_template.reset',
        entityType: 'notification_template',
        entityId: `${key.template}/${key.locale}`,
        before: { subject: before.subject, body: before.body },
      });
    }
    return presentTemplate(key.template, key.locale, undefined);
  });
}

/** Renders a template (the given unsaved text, else the current one) with sample values. */
export async function previewTemplate(
  ctx: AppContext,
  input: {
    template: NotificationTemplate;
    locale: Locale;
    subject?: string | undefined;
    body?: string | undefined;
  },
) {
  const current = (await listTemplates(ctx)).find(
    (row) => row.template === input.template && row.locale === input.locale,
  )!;
  const text = { subject: input.subject ?? current.subject, body: input.body ?? current.body };
  assertPlaceholders(input.template, text);
  const params = Object.fromEntries(
    Object.entries(sampleParams(input.locale)).filter(([name]) => current.placeholders.includes(name)),
  );
  return {
    subject: fillPlaceholders(text.subject, params, input.locale),
    body: fillPlaceholders(text.body, params, input.locale),
    params,
  };
}

// ---- Group subscriptions ----

export async function groupSubscriptionsOf(ctx: AppContext, groupId: string) {
  if (!(await groupExists(ctx.db, groupId))) throw new AppError('not_found', 'notifications.groupNotFound');
  const templates = (await listGroupSubscriptions(ctx.db, groupId)).filter(isTicketStaffTemplate);
  return { groupId, templates };
}

export async function saveGroupSubscriptions(
  ctx: AppContext,
  actor: Actor,
  groupId: string,
  templates: readonly string[],
) {
  return ctx.db.transaction(async (tx) => {
    if (!(await groupExists(tx, groupId))) throw new AppError('not_found', 'notifications.groupNotFound');
    const before = await listGroupSubscriptions(tx, groupId);
    const after = [...new Set(templates)].sort();
    await replaceGroupSubscriptions(tx, groupId, after);
    await recordAudit(tx, actor, {
      action: 'group_notification_subscriptions.updated',
      entityType: 'group',
      entityId: groupId,
      before,
      after,
    });
    return { groupId, templates: after.filter(isTicketStaffTemplate) };
  });
}
