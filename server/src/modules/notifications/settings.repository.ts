import type { Queryable } from '../../platform/db/database.js';
import { camelRow } from '../../platform/db/rows.js';

// ---- Templates ----

export interface TemplateOverride {
  template: string;
  locale: 'zh-CN' | 'en';
  subject: string;
  body: string;
  updatedByUserId: string | null;
  updatedAt: Date;
}

export async function findTemplateOverride(
  db: Queryable,
  template: string,
  locale: string,
): Promise<TemplateOverride | undefined> {
  const overrides = await db.referenceData('notification_templates', async (reference) => {
    const rows = await reference.query('SELECT * FROM notification_templates');
    return new Map(rows.map((row) => [`${row.template}:${row.locale}`, camelRow<TemplateOverride>(row)]));
  });
  return overrides.get(`${template}:${locale}`);
}

export async function listTemplateOverrides(db: Queryable): Promise<TemplateOverride[]> {
  const rows = await db.query('SELECT * FROM notification_templates ORDER BY template, locale');
  return rows.map((row) => camelRow<TemplateOverride>(row));
}

export async function upsertTemplateOverride(
  db: Queryable,
  override: Omit<TemplateOverride, 'updatedAt'>,
  at: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO notification_templates (template, locale, subject, body, updated_by_user_id, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (template, locale) DO UPDATE
       SET subject = excluded.subject, body = excluded.body, updated_by_user_id = excluded.updated_by_user_id,
           updated_at = excluded.updated_at`,
    [override.template, override.locale, override.subject, override.body, override.updatedByUserId, at],
  );
}

export async function deleteTemplateOverride(
  db: Queryable,
  template: string,
  locale: string,
): Promise<boolean> {
  const rows = await db.query(
    'DELETE FROM notification_templates WHERE template = $1 AND locale = $2 RETURNING template',
    [template, locale],
  );
  return rows.length > 0;
}

// ---- Subscriptions ----

export interface UserSubscription {
  template: string;
  inApp: boolean;
  email: boolean;
  sms: boolean;
}

export async function listUserSubscriptions(db: Queryable, userId: string): Promise<UserSubscription[]> {
  const rows = await db.query(
    'SELECT template, in_app, email, sms FROM user_notification_subscriptions WHERE user_id = $1',
    [userId],
  );
  return rows.map((row) => camelRow<UserSubscription>(row));
}

export async function findUserSubscription(
  db: Queryable,
  userId: string,
  template: string,
): Promise<UserSubscription | undefined> {
  const subscriptions = await db.referenceData('user_notification_subscriptions', async (reference) => {
    const rows = await reference.query(
      'SELECT user_id, template, in_app, email, sms FROM user_notification_subscriptions',
    );
    return new Map(
      rows.map((row) => [
        `${row.user_id}:${row.template}`,
        { template: row.template, inApp: row.in_app, email: row.email, sms: row.sms } as UserSubscription,
      ]),
    );
  });
  return subscriptions.get(`${userId}:${template}`);
}

export async function upsertUserSubscription(
  db: Queryable,
  userId: string,
  subscription: UserSubscription,
): Promise<void> {
  await db.query(
    `INSERT INTO user_notification_subscriptions (user_id, template, in_app, email, sms) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (user_id, template) DO UPDATE SET in_app = excluded.in_app, email = excluded.email, sms = excluded.sms`,
    [userId, subscription.template, subscription.inApp, subscription.email, subscription.sms],
  );
}

export async function listGroupSubscriptions(db: Queryable, groupId: string): Promise<string[]> {
  const rows = await db.query<{ template: string }>(
    'SELECT template FROM group_notification_subscriptions WHERE group_id = $1 ORDER BY template',
    [groupId],
  );
  return rows.map((row) => row.template);
}

export async function replaceGroupSubscriptions(
  db: Queryable,
  groupId: string,
  templates: readonly string[],
): Promise<void> {
  await db.query('DELETE FROM group_notification_subscriptions WHERE group_id = $1', [groupId]);
  if (templates.length === 0) return;
  await db.query(
    `INSERT INTO group_notification_subscriptions (group_id, template) SELECT $1, unnest($2::text[])`,
    [groupId, templates],
  );
}

export async function groupExists(db: Queryable, groupId: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM groups WHERE id = $1', [groupId])).length > 0;
}

// ---- Robots ----

export interface RobotRecord {
  id: string;
  name: string;
  kind: 'wecom' | 'dingtalk';
  groupId: string;
  webhookUrl: string;
  secret: string | null;
  isActive: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type RobotFields = Pick<
  RobotRecord,
  'name' | 'kind' | 'groupId' | 'webhookUrl' | 'secret' | 'isActive'
>;

export async function listRobots(db: Queryable): Promise<RobotRecord[]> {
  const rows = await db.query('SELECT * FROM notification_robots ORDER BY created_at, name');
  return rows.map((row) => camelRow<RobotRecord>(row));
}

export async function findRobot(db: Queryable, id: string): Promise<RobotRecord | undefined> {
  const rows = await db.query('SELECT * FROM notification_robots WHERE id = $1', [id]);
  return rows[0] ? camelRow<RobotRecord>(rows[0]) : undefined;
}

/** Active robots by `groupId:template` of the alerts they post (reference data). */
function subscribedRobots(db: Queryable): Promise<ReadonlyMap<string, RobotRecord[]>> {
  return db.referenceData('subscribed_robots', async (reference) => {
    const rows = await reference.query(
      `SELECT r.*, s.template AS subscribed_template FROM notification_robots r
         JOIN group_notification_subscriptions s ON s.group_id = r.group_id
        WHERE r.is_active ORDER BY r.created_at`,
    );
    const byGroupAndTemplate = new Map<string, RobotRecord[]>();
    for (const { subscribed_template: subscribedTemplate, ...row } of rows) {
      const key = `${row.group_id}:${subscribedTemplate}`;
      byGroupAndTemplate.set(key, [...(byGroupAndTemplate.get(key) ?? []), camelRow<RobotRecord>(row)]);
    }
    return byGroupAndTemplate;
  });
}

/** The active robots of a group that post the given alert. */
export async function listSubscribedRobots(
  db: Queryable,
  groupId: string,
  template: string,
): Promise<RobotRecord[]> {
  return (await subscribedRobots(db)).get(`${groupId}:${template}`) ?? [];
}

/** Whether any group's active robot posts the given alert. */
export async function anyRobotSubscribes(db: Queryable, template: string): Promise<boolean> {
  return [...(await subscribedRobots(db)).keys()].some((key) => key.endsWith(`:${template}`));
}

export async function insertRobot(db: Queryable, robot: RobotFields, at: Date): Promise<string> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO notification_robots (name, kind, group_id, webhook_url, secret, is_active, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
    [robot.name, robot.kind, robot.groupId, robot.webhookUrl, robot.secret, robot.isActive, at],
  );
  return rows[0]!.id;
}

export async function updateRobot(db: Queryable, id: string, robot: RobotFields, at: Date): Promise<void> {
  await db.query(
    `UPDATE notification_robots SET name = $2, kind = $3, group_id = $4, webhook_url = $5, secret = $6,
            is_active = $7, updated_at = $8 WHERE id = $1`,
    [id, robot.name, robot.kind, robot.groupId, robot.webhookUrl, robot.secret, robot.isActive, at],
  );
}

export async function deleteRobot(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM notification_robots WHERE id = $1', [id]);
}

// ---- Outgoing webhook endpoints ----

export interface EndpointRecord {
  id: string;
  name: string;
  url: string;
  secret: string;
  events: string[];
  isActive: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type EndpointFields = Pick<EndpointRecord, 'name' | 'url' | 'secret' | 'events' | 'isActive'>;

export async function listEndpoints(db: Queryable): Promise<EndpointRecord[]> {
  const rows = await db.query('SELECT * FROM webhook_endpoints ORDER BY created_at, name');
  return rows.map((row) => camelRow<EndpointRecord>(row));
}

export async function findEndpoint(db: Queryable, id: string): Promise<EndpointRecord | undefined> {
  const rows = await db.query('SELECT * FROM webhook_endpoints WHERE id = $1', [id]);
  return rows[0] ? camelRow<EndpointRecord>(rows[0]) : undefined;
}

export async function listSubscribedEndpoints(db: Queryable, event: string): Promise<EndpointRecord[]> {
  const active = await db.referenceData('active_webhook_endpoints', async (reference) => {
    const rows = await reference.query('SELECT * FROM webhook_endpoints WHERE is_active ORDER BY created_at');
    return rows.map((row) => camelRow<EndpointRecord>(row));
  });
  return active.filter((endpoint) => endpoint.events.includes(event));
}

export async function insertEndpoint(db: Queryable, endpoint: EndpointFields, at: Date): Promise<string> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO webhook_endpoints (name, url, secret, events, is_active, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
    [endpoint.name, endpoint.url, endpoint.secret, endpoint.events, endpoint.isActive, at],
  );
  return rows[0]!.id;
}

export async function updateEndpoint(
  db: Queryable,
  id: string,
  endpoint: EndpointFields,
  at: Date,
): Promise<void> {
  await db.query(
    `UPDATE webhook_endpoints SET name = $2, url = $3, secret = $4, events = $5, is_active = $6, updated_at = $7
      WHERE id = $1`,
    [id, endpoint.name, endpoint.url, endpoint.secret, endpoint.events, endpoint.isActive, at],
  );
}

export async function deleteEndpoint(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM webhook_endpoints WHERE id = $1', [id]);
}
