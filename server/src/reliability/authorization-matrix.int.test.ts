import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ROLES, type Permission } from '../modules/auth/permissions.js';
import {
  buildGroup,
  buildUser,
  type Session,
  signIn,
  signInAdmin,
  startTestApp,
  type TestApp,
} from '../test/harness.js';

/**
 * Who may call what, route by route. Every route the app registers must be listed here, and every entry
 * must be a route: a new endpoint fails this test until someone decides who may call it.
 * - a permission (or several, any one enough): staff holding it; 403 for other staff, 401 anonymously;
 * - 'signed-in': any staff member; 'public': anyone;
 * - 'portal-open' / 'portal-session': the customer portal, open or needing a portal session (staff
 *   sessions do not count); which customer sees what is covered by portal.privacy.int.test.ts;
 * - 'outside': not under /api/v1 (metrics, the API document and its reference page).
 */
type Expectation =
  | Permission
  | Permission[]
  | 'signed-in'
  | 'public'
  | 'portal-open'
  | 'portal-session'
  | 'outside';

const EXPECTED: Record<string, Expectation> = {
  'GET /metrics': 'outside',
  'GET /api/openapi.json': 'outside',
  'GET /api/docs': 'outside',
  'GET /api/docs/': 'outside',
  'GET /api/docs/js/scalar.js': 'outside',
  'GET /api/health': 'public',
  'GET /api/v1/system/info': 'signed-in',
  'POST /api/v1/auth/sign-in': 'public',
  'POST /api/v1/auth/sign-out': 'signed-in',
  'GET /api/v1/auth/me': 'signed-in',
  'PATCH /api/v1/auth/me': 'signed-in',
  'POST /api/v1/auth/password': 'signed-in',
  'GET /api/v1/tokens': 'signed-in',
  'POST /api/v1/tokens': 'tokens.manage',
  'DELETE /api/v1/tokens/:id': 'signed-in',
  'GET /api/v1/users': 'users.manage',
  'POST /api/v1/users': 'users.manage',
  'GET /api/v1/users/:id': 'users.manage',
  'PATCH /api/v1/users/:id': 'users.manage',
  'POST /api/v1/users/:id/unlock': 'users.manage',
  'POST /api/v1/users/:id/password': 'users.manage',
  'GET /api/v1/permissions': 'signed-in',
  'GET /api/v1/roles': 'signed-in',
  'POST /api/v1/roles': 'roles.manage',
  'PATCH /api/v1/roles/:id': 'roles.manage',
  'DELETE /api/v1/roles/:id': 'roles.manage',
  'GET /api/v1/groups': 'signed-in',
  'POST /api/v1/groups': 'groups.manage',
  'PATCH /api/v1/groups/:id': 'groups.manage',
  'DELETE /api/v1/groups/:id': 'groups.manage',
  'GET /api/v1/audit': 'audit.read',
  'GET /api/v1/customers': 'customers.read',
  'POST /api/v1/customers': 'customers.write',
  'GET /api/v1/customers/:id': 'customers.read',
  'PATCH /api/v1/customers/:id': 'customers.write',
  'POST /api/v1/customers/:id/contacts': 'customers.write',
  'DELETE /api/v1/customers/:id/contacts/:contactId': 'customers.write',
  'POST /api/v1/customers/:id/purchases': 'customers.write',
  'DELETE /api/v1/customers/:id/purchases/:purchaseId': 'customers.write',
  'GET /api/v1/products': 'customers.read',
  'GET /api/v1/products/categories': 'customers.read',
  'POST /api/v1/products': 'products.manage',
  'GET /api/v1/products/:id': 'customers.read',
  'PATCH /api/v1/products/:id': 'products.manage',
  'POST /api/v1/products/:id/batches': 'products.manage',
  'GET /api/v1/serials/:serial': 'customers.read',
  'GET /api/v1/categories': 'signed-in',
  'POST /api/v1/categories': 'settings.manage',
  'PATCH /api/v1/categories/:id': 'settings.manage',
  'DELETE /api/v1/categories/:id': 'settings.manage',
  'GET /api/v1/priorities': 'signed-in',
  'PATCH /api/v1/priorities/:code': 'settings.manage',
  'GET /api/v1/classification-rules': 'signed-in',
  'POST /api/v1/classification-rules': 'settings.manage',
  'PUT /api/v1/classification-rules/order': 'settings.manage',
  'POST /api/v1/classification-rules/test': 'settings.manage',
  'PATCH /api/v1/classification-rules/:id': 'settings.manage',
  'DELETE /api/v1/classification-rules/:id': 'settings.manage',
  'GET /api/v1/classification/policy': 'signed-in',
  'PUT /api/v1/classification/policy': 'settings.manage',
  'GET /api/v1/routing': 'signed-in',
  'PATCH /api/v1/routing/groups/:id': 'groups.manage',
  'PATCH /api/v1/routing/users/:id': 'groups.manage',
  'GET /api/v1/tickets': ['tickets.read_all', 'tickets.read_group'],
  'POST /api/v1/tickets': 'tickets.create',
  'GET /api/v1/tickets/:id': ['tickets.read_all', 'tickets.read_group'],
  'PATCH /api/v1/tickets/:id': 'tickets.update',
  'POST /api/v1/tickets/:id/classify': 'tickets.update',
  'POST /api/v1/tickets/:id/assign': 'tickets.update',
  'POST /api/v1/tickets/:id/accept': 'tickets.update',
  'POST /api/v1/tickets/:id/decline': 'tickets.update',
  'POST /api/v1/tickets/:id/status': 'tickets.update',
  'POST /api/v1/tickets/:id/sub-status': 'tickets.update',
  'POST /api/v1/tickets/:id/replies': 'tickets.update',
  'POST /api/v1/tickets/:id/notes': 'tickets.update',
  'POST /api/v1/tickets/:id/calls': 'tickets.update',
  'POST /api/v1/tickets/:id/customer-replies': 'tickets.update',
  'POST /api/v1/tickets/:id/resolve': 'tickets.update',
  'POST /api/v1/tickets/:id/close': 'tickets.close',
  'POST /api/v1/tickets/:id/reopen': 'tickets.update',
  'POST /api/v1/tickets/:id/merge': 'tickets.update',
  'POST /api/v1/tickets/:id/links': 'tickets.update',
  'POST /api/v1/tickets/:id/collaborators': 'tickets.update',
  'POST /api/v1/tickets/:id/plans': 'tickets.update',
  'POST /api/v1/tickets/:id/collaboration-requests': 'tickets.update',
  'POST /api/v1/tickets/:id/escalations': 'tickets.update',
  'POST /api/v1/tickets/:id/plans/:planId/decision': 'tickets.update',
  'POST /api/v1/tickets/:id/plans/:planId/customer-decision': 'tickets.update',
  'POST /api/v1/tickets/:id/collaboration-requests/:requestId/answer': 'tickets.update',
  'POST /api/v1/tickets/:id/escalations/:requestId/decision': 'tickets.assign',
  'POST /api/v1/tickets/bulk': 'tickets.update',
  'GET /api/v1/ticket-views': ['tickets.read_all', 'tickets.read_group'],
  'POST /api/v1/ticket-views': ['tickets.read_all', 'tickets.read_group'],
  'DELETE /api/v1/ticket-views/:id': ['tickets.read_all', 'tickets.read_group'],
  'GET /api/v1/ticket-policy': 'signed-in',
  'PUT /api/v1/ticket-policy': 'settings.manage',
  'POST /api/v1/attachments': ['tickets.create', 'tickets.update'],
  'GET /api/v1/attachments/:id': ['tickets.read_all', 'tickets.read_group'],
  'POST /api/v1/public/tickets': 'public',
  'POST /api/v1/webhooks/inbound/:source': 'public',
  'GET /api/v1/webhook-sources': 'settings.manage',
  'POST /api/v1/webhook-sources': 'settings.manage',
  'PATCH /api/v1/webhook-sources/:id': 'settings.manage',
  'DELETE /api/v1/webhook-sources/:id': 'settings.manage',
  'GET /api/v1/calendars': 'signed-in',
  'POST /api/v1/calendars': 'settings.manage',
  'GET /api/v1/calendars/:id': 'signed-in',
  'PATCH /api/v1/calendars/:id': 'settings.manage',
  'DELETE /api/v1/calendars/:id': 'settings.manage',
  'PUT /api/v1/calendars/:id/days/:date': 'settings.manage',
  'DELETE /api/v1/calendars/:id/days/:date': 'settings.manage',
  'GET /api/v1/calendars/:id/month': 'signed-in',
  'POST /api/v1/calendars/:id/compute': 'settings.manage',
  'GET /api/v1/sla-policies': 'signed-in',
  'POST /api/v1/sla-policies': 'settings.manage',
  'PATCH /api/v1/sla-policies/:id': 'settings.manage',
  'DELETE /api/v1/sla-policies/:id': 'settings.manage',
  'GET /api/v1/overdue-reasons': 'signed-in',
  'PUT /api/v1/overdue-reasons/:code': 'settings.manage',
  'GET /api/v1/sla/board': ['tickets.read_all', 'tickets.read_group'],
  'GET /api/v1/notifications/mine': 'signed-in',
  'GET /api/v1/notifications/mine/unread-count': 'signed-in',
  'POST /api/v1/notifications/mine/read': 'signed-in',
  'GET /api/v1/notifications/subscriptions/mine': 'signed-in',
  'PUT /api/v1/notifications/subscriptions/mine': 'signed-in',
  'GET /api/v1/notifications/catalogue': 'signed-in',
  'GET /api/v1/notifications/stream': 'signed-in',
  'GET /api/v1/notification-robots': 'settings.manage',
  'POST /api/v1/notification-robots': 'settings.manage',
  'PATCH /api/v1/notification-robots/:id': 'settings.manage',
  'DELETE /api/v1/notification-robots/:id': 'settings.manage',
  'POST /api/v1/notification-robots/:id/test': 'settings.manage',
  'GET /api/v1/webhook-endpoints': 'settings.manage',
  'POST /api/v1/webhook-endpoints': 'settings.manage',
  'PATCH /api/v1/webhook-endpoints/:id': 'settings.manage',
  'DELETE /api/v1/webhook-endpoints/:id': 'settings.manage',
  'POST /api/v1/webhook-endpoints/:id/test': 'settings.manage',
  'GET /api/v1/notifications/deliveries': 'settings.manage',
  'POST /api/v1/notifications/deliveries/:id/redeliver': 'settings.manage',
  'GET /api/v1/notification-templates': 'settings.manage',
  'PUT /api/v1/notification-templates/:template/:locale': 'settings.manage',
  'DELETE /api/v1/notification-templates/:template/:locale': 'settings.manage',
  'POST /api/v1/notification-templates/preview': 'settings.manage',
  'GET /api/v1/notifications/subscriptions/groups/:id': 'settings.manage',
  'PUT /api/v1/notifications/subscriptions/groups/:id': 'settings.manage',
  'GET /api/v1/mailboxes': 'settings.manage',
  'POST /api/v1/mailboxes': 'settings.manage',
  'POST /api/v1/mailboxes/connection-test': 'settings.manage',
  'GET /api/v1/mailboxes/:id': 'settings.manage',
  'PATCH /api/v1/mailboxes/:id': 'settings.manage',
  'DELETE /api/v1/mailboxes/:id': 'settings.manage',
  'POST /api/v1/mailboxes/:id/fetch': 'settings.manage',
  'GET /api/v1/mailboxes/:id/messages': 'settings.manage',
  'POST /api/v1/portal/codes': 'portal-open',
  'POST /api/v1/portal/sessions': 'portal-open',
  'GET /api/v1/portal/session': 'portal-session',
  'DELETE /api/v1/portal/session': 'portal-open',
  'GET /api/v1/portal/categories': 'portal-open',
  'GET /api/v1/portal/ticket-types': 'portal-open',
  'POST /api/v1/portal/tickets': 'portal-open',
  'GET /api/v1/portal/tickets': 'portal-session',
  'GET /api/v1/portal/tickets/:number': 'portal-session',
  'POST /api/v1/portal/tickets/:number/replies': 'portal-session',
  'GET /api/v1/portal/tickets/:number/attachments/:attachmentId': 'portal-session',
  'POST /api/v1/portal/tickets/:number/plans/:planId/decision': 'portal-session',
  'POST /api/v1/portal/tickets/:number/confirmation': 'portal-session',
  'GET /api/v1/public/surveys/:token': 'public',
  'POST /api/v1/public/surveys/:token': 'public',
  'GET /api/v1/survey-settings': 'settings.manage',
  'PUT /api/v1/survey-settings': 'settings.manage',
  'GET /api/v1/tickets/:id/survey': ['tickets.read_all', 'tickets.read_group'],
  'GET /api/v1/surveys': ['tickets.read_all', 'tickets.read_group'],
  'GET /api/v1/survey-follow-ups': ['tickets.read_all', 'tickets.read_group'],
  'PATCH /api/v1/survey-follow-ups/:id': ['tickets.read_all', 'tickets.read_group'],
  'GET /api/v1/reports/csat': 'reports.read',
};

// The live stream never ends, so staff calls to it are not made here; its own tests cover it.
const STREAMS = new Set(['GET /api/v1/notifications/stream']);
const FAKE_ID = '00000000-0000-4000-8000-000000000000';

let t: TestApp;
let admin: Session;
let ownGroup: { id: string };
let otherGroup: { id: string };
let ownTicket: { id: string; number: string };
let otherTicket: { id: string; number: string };
const staff = new Map<string, Session>();
const credentials = new Map<string, { username: string; password: string }>();

const keyOf = (route: { method: string; url: string }) => `${route.method} ${route.url}`;
const routes = () => t.app.routeTable.filter((route) => route.method !== 'HEAD');

beforeAll(async () => {
  t = await startTestApp();
  admin = await signInAdmin(t.app);
  ownGroup = await buildGroup(admin);
  otherGroup = await buildGroup(admin);
  for (const role of DEFAULT_ROLES) {
    const user = await buildUser(admin, { role: role.key, groupIds: [ownGroup.id] });
    credentials.set(role.key, user);
    staff.set(role.key, await signIn(t.app, user.username, user.password));
  }
  const ticketIn = async (groupId: string, title: string) => {
    const response = await admin.request('POST', '/api/v1/tickets', {
      title,
      type: 'repair',
      groupId,
      customer: { name: '权限测试客户', phone: '13800001111' },
    });
    if (response.statusCode !== 201) throw new Error(response.body);
    return response.json() as { id: string; number: string };
  };
  ownTicket = await ticketIn(ownGroup.id, '本组工单');
  otherTicket = await ticketIn(otherGroup.id, '他组工单');
});
afterAll(async () => {
  await t.close();
});

function concrete(url: string, ticketId = FAKE_ID) {
  return url
    .replace(/:id\b/g, url.startsWith('/api/v1/tickets/') ? ticketId : FAKE_ID)
    .replace(/:[a-zA-Z]+/g, FAKE_ID);
}

const send = (session: Session | undefined, method: string, url: string) => {
  const body = method === 'GET' || method === 'DELETE' ? undefined : {};
  if (session) return session.request(method as 'GET', url, body);
  return t.app.inject({ method: method as 'GET', url, ...(body ? { payload: body } : {}) });
};

const holds = (role: (typeof DEFAULT_ROLES)[number], expectation: Permission | Permission[]) =>
  [expectation].flat().some((permission) => role.permissions.includes(permission));

describe('the authorisation matrix', () => {
  it('lists every registered route, and only those, with the access each declares', () => {
    const registered = routes().map(keyOf);
    expect(
      registered.filter((key) => !(key in EXPECTED)),
      'routes missing from EXPECTED',
    ).toEqual([]);
    expect(
      Object.keys(EXPECTED).filter((key) => !registered.includes(key)),
      'EXPECTED entries with no route',
    ).toEqual([]);
    for (const route of routes()) {
      const expected = EXPECTED[keyOf(route)]!;
      const declared = route.access;
      const wanted =
        expected === 'public' || expected === 'portal-open' || expected === 'portal-session'
          ? 'public'
          : expected === 'signed-in'
            ? undefined
            : expected === 'outside'
              ? declared
              : { permission: expected };
      expect({ route: keyOf(route), access: declared }).toEqual({ route: keyOf(route), access: wanted });
    }
  });

  it('signs each default role in with exactly the permissions of its definition', async () => {
    for (const role of DEFAULT_ROLES) {
      const me = (await staff.get(role.key)!.request('GET', '/api/v1/auth/me')).json();
      expect({ role: role.key, permissions: [...me.user.permissions].sort() }).toEqual({
        role: role.key,
        permissions: [...role.permissions].sort(),
      });
    }
  });

  it('answers every route as the table says, anonymously and for every default role', async () => {
    const mismatches: string[] = [];
    // Signing out last, so each role keeps its session for the other routes.
    const ordered = routes()
      .filter((route) => EXPECTED[keyOf(route)] !== 'outside')
      .sort((a, b) => Number(a.url.endsWith('/sign-out')) - Number(b.url.endsWith('/sign-out')));
    for (const route of ordered) {
      const key = keyOf(route);
      const expected = EXPECTED[key]!;
      const url = concrete(route.url, ownTicket.id);
      const anonymous = await send(undefined, route.method, url);
      const anonymousOk =
        expected === 'public' || expected === 'portal-open'
          ? anonymous.statusCode !== 401 && anonymous.statusCode !== 403
          : anonymous.statusCode === 401 && anonymous.json().code === 'not_authenticated';
      if (!anonymousOk) mismatches.push(`${key} anonymous: ${anonymous.statusCode}`);
      if (STREAMS.has(key)) continue;
      for (const role of DEFAULT_ROLES) {
        const response = await send(staff.get(role.key), route.method, url);
        const status = response.statusCode;
        // The route's own gate refuses with the permission it wanted; a 403 without one is a domain
        // rule further in (only the owner accepts a ticket), which means the gate let the caller through.
        const gate = status === 403 ? (response.json() as { permission?: string }).permission : undefined;
        let ok: boolean;
        if (expected === 'portal-session') ok = status === 401;
        else if (expected === 'public' || expected === 'portal-open' || expected === 'signed-in')
          ok = status !== 401 && gate === undefined;
        else if (holds(role, expected as Permission | Permission[]))
          ok = status !== 401 && gate === undefined;
        else ok = status === 403 && gate === [expected].flat().join(' | ');
        if (!ok) mismatches.push(`${key} ${role.key}: ${status} ${response.body.slice(0, 120)}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 120_000);

  it("shows a ticket of the caller's own group and never one of another group, on every ticket route", async () => {
    // "No ticket <id>": the answer for a ticket outside the caller's scope, the same as for none at all.
    const missing = randomUUID();
    const absent = (await admin.request('GET', `/api/v1/tickets/${missing}`)).json().detail as string;
    expect(absent).toContain(missing);
    const hiddenFrom = (response: { statusCode: number; json(): { detail?: string } }, id: string) =>
      response.statusCode === 404 && response.json().detail === absent.replace(missing, id);
    const ticketRoutes = routes().filter(
      (route) => route.url.startsWith('/api/v1/tickets/:id') && !STREAMS.has(keyOf(route)),
    );
    expect(ticketRoutes.length).toBeGreaterThan(20);
    const mismatches: string[] = [];
    for (const role of DEFAULT_ROLES) {
      // The matrix above ended with signing out; sign in afresh.
      const { username, password } = credentials.get(role.key)!;
      const session = await signIn(t.app, username, password);
      const expected = (route: { method: string; url: string }) =>
        EXPECTED[keyOf(route)] as Permission | Permission[];
      const seesAll = role.permissions.includes('tickets.read_all');
      const seesGroup = role.permissions.includes('tickets.read_group');

      const list = (await session.request('GET', '/api/v1/tickets?limit=200')).json();
      const listed = new Set((list.items as { id: string }[]).map((item) => item.id));
      if (!listed.has(ownTicket.id) || listed.has(otherTicket.id) !== seesAll)
        mismatches.push(
          `${role.key}: list shows own=${listed.has(ownTicket.id)} other=${listed.has(otherTicket.id)}`,
        );
      for (const ticket of [ownTicket, otherTicket]) {
        const byNumber = await session.request('GET', `/api/v1/tickets/${ticket.number}`);
        const visible = ticket === ownTicket ? seesAll || seesGroup : seesAll;
        if ((byNumber.statusCode === 200) !== visible)
          mismatches.push(
            `${role.key}: GET ${ticket === ownTicket ? 'own' : 'other'} by number ${byNumber.statusCode}`,
          );
      }
      if (seesAll) continue;
      for (const route of ticketRoutes) {
        if (!holds(role, expected(route))) continue;
        const other = await send(session, route.method, concrete(route.url, otherTicket.id));
        const hidden = hiddenFrom(other, otherTicket.id) || other.statusCode === 400;
        if (!hidden)
          mismatches.push(
            `${keyOf(route)} ${role.key} other group: ${other.statusCode} ${other.body.slice(0, 120)}`,
          );
        if (route.method === 'GET') {
          const own = await send(session, route.method, concrete(route.url, ownTicket.id));
          if (hiddenFrom(own, ownTicket.id)) mismatches.push(`${keyOf(route)} ${role.key} own group: hidden`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  }, 120_000);
});
