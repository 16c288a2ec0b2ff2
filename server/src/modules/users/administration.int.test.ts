import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  buildGroup,
  buildUser,
  type Session,
  signIn,
  signInAdmin,
  startTestApp,
  type TestApp,
} from '../../test/harness.js';

let t: TestApp;
let admin: Session;

beforeAll(async () => {
  t = await startTestApp();
});
beforeEach(async () => {
  admin = await signInAdmin(t.app);
});
afterAll(() => t.close());

describe('users', () => {
  it('creates a user with role and groups, finds it by search and filters', async () => {
    const group = await buildGroup(admin, { name: '售后工程组' });
    const roles = (await admin.request('GET', '/api/v1/roles')).json().items;
    const engineer = roles.find((r: { key: string }) => r.key === 'engineer');
    const created = await admin.request('POST', '/api/v1/users', {
      username: 'chen.jie',
      displayName: '陈杰',
      password: 'engineer-password',
      roleId: engineer.id,
      email: 'chenjie@example.com',
      groupIds: [group.id],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      username: 'chen.jie',
      displayName: '陈杰',
      role: { key: 'engineer' },
      groups: [{ id: group.id, name: '售后工程组' }],
      isActive: true,
      isLocked: false,
      locale: 'zh-CN',
    });
    const byName = (await admin.request('GET', `/api/v1/users?q=${encodeURIComponent('陈')}`)).json();
    expect(byName.items.map((u: { username: string }) => u.username)).toEqual(['chen.jie']);
    const byGroup = (await admin.request('GET', `/api/v1/users?groupId=${group.id}`)).json();
    expect(byGroup.items).toHaveLength(1);
    const byRole = (await admin.request('GET', `/api/v1/users?roleId=${engineer.id}`)).json();
    expect(byRole.items.map((u: { username: string }) => u.username)).toContain('chen.jie');
  });

  it('names the field of every bad value and keeps what was saved', async () => {
    const roles = (await admin.request('GET', '/api/v1/roles')).json().items;
    const agentRoleId = roles.find((r: { key: string }) => r.key === 'agent').id;
    const cases: [object, string, number][] = [
      [
        { username: 'x y', displayName: 'A', password: 'password1', roleId: agentRoleId },
        'body.username',
        400,
      ],
      [
        { username: 'okname', displayName: '', password: 'password1', roleId: agentRoleId },
        'body.displayName',
        400,
      ],
      [
        { username: 'okname', displayName: 'A', password: 'short', roleId: agentRoleId },
        'body.password',
        400,
      ],
      [
        { username: 'okname', displayName: 'A', password: 'password1', roleId: 'not-a-uuid' },
        'body.roleId',
        400,
      ],
      [
        {
          username: 'okname',
          displayName: 'A',
          password: 'password1',
          roleId: '00000000-0000-4000-8000-000000000000',
        },
        'body.roleId',
        400,
      ],
      [
        { username: 'okname', displayName: 'A', password: 'password1', roleId: agentRoleId, email: 'nope' },
        'body.email',
        400,
      ],
      [
        {
          username: 'okname',
          displayName: 'A',
          password: 'password1',
          roleId: agentRoleId,
          groupIds: ['00000000-0000-4000-8000-000000000000'],
        },
        'body.groupIds',
        400,
      ],
      [
        { username: 'okname', displayName: 'A', password: 'password1', roleId: agentRoleId, isAdmin: true },
        'body.isAdmin',
        400,
      ],
      [
        { username: 'admin', displayName: 'A', password: 'password1', roleId: agentRoleId },
        'body.username',
        409,
      ],
    ];
    for (const [body, field, status] of cases) {
      const response = await admin.request('POST', '/api/v1/users', body);
      expect({ status: response.statusCode, field: response.json().field }).toEqual({ status, field });
    }
    const all = (await admin.request('GET', '/api/v1/users?q=okname')).json();
    expect(all.items).toHaveLength(0);
  });

  it('edits, disables (ending sessions) and resets passwords', async () => {
    const user = await buildUser(admin);
    const session = await signIn(t.app, user.username, user.password);
    const edited = await admin.request('PATCH', `/api/v1/users/${user.id}`, {
      displayName: '新名字',
      phone: '13800000000',
    });
    expect(edited.json()).toMatchObject({ displayName: '新名字', phone: '13800000000' });
    await admin.request('PATCH', `/api/v1/users/${user.id}`, { isActive: false });
    expect((await session.request('GET', '/api/v1/auth/me')).statusCode).toBe(401);
    await admin.request('PATCH', `/api/v1/users/${user.id}`, { isActive: true });
    expect(
      (await admin.request('POST', `/api/v1/users/${user.id}/password`, { password: 'brand-new-pass' }))
        .statusCode,
    ).toBe(204);
    expect((await signIn(t.app, user.username, 'brand-new-pass')).userId).toBe(user.id);
  });

  it('refuses to leave nobody able to manage users', async () => {
    const me = (await admin.request('GET', '/api/v1/auth/me')).json().user;
    const response = await admin.request('PATCH', `/api/v1/users/${me.id}`, { isActive: false });
    expect(response.statusCode).toBe(409);
    expect((await admin.request('GET', `/api/v1/users/${me.id}`)).json().isActive).toBe(true);
  });

  it('answers 404 for an unknown user', async () => {
    const response = await admin.request('GET', '/api/v1/users/00000000-0000-4000-8000-000000000000');
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('not_found');
  });
});

describe('roles', () => {
  it('installs the nine default roles of R13.1', async () => {
    const roles = (await admin.request('GET', '/api/v1/roles')).json().items;
    expect(roles.map((r: { key: string }) => r.key).sort()).toEqual(
      [
        'administrator',
        'agent',
        'engineer',
        'finance',
        'logistics',
        'quality',
        'supervisor',
        'technician',
        'viewer',
      ].sort(),
    );
    expect(roles.every((r: { isSystem: boolean }) => r.isSystem)).toBe(true);
  });

  it('edits permission sets, which take effect on the next request', async () => {
    const user = await buildUser(admin, { role: 'viewer' });
    const viewer = await signIn(t.app, user.username, user.password);
    expect((await viewer.request('GET', '/api/v1/audit')).statusCode).toBe(403);
    const roles = (await admin.request('GET', '/api/v1/roles')).json().items;
    const role = roles.find((r: { key: string }) => r.key === 'viewer');
    const updated = await admin.request('PATCH', `/api/v1/roles/${role.id}`, {
      permissions: [...role.permissions, 'audit.read'],
    });
    expect(updated.json().permissions).toContain('audit.read');
    expect((await viewer.request('GET', '/api/v1/audit')).statusCode).toBe(200);
    await admin.request('PATCH', `/api/v1/roles/${role.id}`, { permissions: role.permissions });
    expect((await viewer.request('GET', '/api/v1/audit')).statusCode).toBe(403);
  });

  it('creates and deletes a custom role, refuses unknown permissions and deleting built-in or used roles', async () => {
    const bad = await admin.request('POST', '/api/v1/roles', {
      key: 'night_shift',
      name: '夜班',
      permissions: ['fly'],
    });
    expect(bad.json()).toMatchObject({ code: 'validation_failed', field: 'body.permissions' });
    const created = await admin.request('POST', '/api/v1/roles', {
      key: 'night_shift',
      name: '夜班',
      permissions: ['tickets.read_group'],
    });
    expect(created.statusCode).toBe(201);
    const duplicate = await admin.request('POST', '/api/v1/roles', {
      key: 'night_shift',
      name: '夜班2',
      permissions: [],
    });
    expect(duplicate.json()).toMatchObject({ code: 'conflict', field: 'body.key' });
    const user = await buildUser(admin, { role: 'night_shift' });
    expect((await admin.request('DELETE', `/api/v1/roles/${created.json().id}`)).statusCode).toBe(409);
    await admin.request('PATCH', `/api/v1/users/${user.id}`, {
      roleId: (await admin.request('GET', '/api/v1/roles'))
        .json()
        .items.find((r: { key: string }) => r.key === 'agent').id,
    });
    expect((await admin.request('DELETE', `/api/v1/roles/${created.json().id}`)).statusCode).toBe(204);
    const builtIn = (await admin.request('GET', '/api/v1/roles'))
      .json()
      .items.find((r: { key: string }) => r.key === 'viewer');
    expect((await admin.request('DELETE', `/api/v1/roles/${builtIn.id}`)).statusCode).toBe(409);
  });

  it('keeps role management on the administrator role', async () => {
    const roles = (await admin.request('GET', '/api/v1/roles')).json().items;
    const administrator = roles.find((r: { key: string }) => r.key === 'administrator');
    const response = await admin.request('PATCH', `/api/v1/roles/${administrator.id}`, {
      permissions: ['audit.read'],
    });
    expect(response.statusCode).toBe(409);
  });
});

describe('departments and groups', () => {
  it('builds a department with groups, a lead and members', async () => {
    const department = await buildGroup(admin, { name: '售后技术部', kind: 'department' });
    const lead = await buildUser(admin, { role: 'engineer' });
    const member = await buildUser(admin, { role: 'technician' });
    const group = await admin.request('POST', '/api/v1/groups', {
      key: 'field_service_x',
      name: '上门维修组',
      parentId: department.id,
      leadUserId: lead.id,
      memberIds: [lead.id, member.id],
    });
    expect(group.statusCode).toBe(201);
    expect(group.json()).toMatchObject({
      kind: 'group',
      parentId: department.id,
      lead: { id: lead.id },
    });
    expect(
      group
        .json()
        .members.map((m: { id: string }) => m.id)
        .sort(),
    ).toEqual([lead.id, member.id].sort());
    const memberView = (await admin.request('GET', `/api/v1/users/${member.id}`)).json();
    expect(memberView.groups.map((g: { name: string }) => g.name)).toEqual(['上门维修组']);

    const changed = await admin.request('PATCH', `/api/v1/groups/${group.json().id}`, {
      memberIds: [lead.id],
      leadUserId: null,
    });
    expect(changed.json()).toMatchObject({ lead: null, members: [{ id: lead.id }] });
    expect((await admin.request('DELETE', `/api/v1/groups/${department.id}`)).statusCode).toBe(409);
  });

  it('refuses a group placed under itself', async () => {
    const top = await buildGroup(admin, { kind: 'department' });
    const child = await buildGroup(admin, { parentId: top.id });
    const cycle = await admin.request('PATCH', `/api/v1/groups/${top.id}`, { parentId: child.id });
    expect(cycle.json()).toMatchObject({ code: 'validation_failed', field: 'body.parentId' });
    const self = await admin.request('PATCH', `/api/v1/groups/${top.id}`, { parentId: top.id });
    expect(self.json().field).toBe('body.parentId');
  });
});

describe('audit trail', () => {
  it('records every change with actor, before, after and request id, filterable', async () => {
    const user = await buildUser(admin);
    const response = await admin.request('PATCH', `/api/v1/users/${user.id}`, { displayName: '改名后' });
    const entries = (await admin.request('GET', `/api/v1/audit?entityType=user&entityId=${user.id}`)).json()
      .items;
    expect(entries.map((e: { action: string }) => e.action)).toEqual(['user.updated', 'user.created']);
    const update = entries[0];
    expect(update.actor).toEqual({ userId: admin.userId, label: 'admin' });
    expect(update.requestId).toBe(response.headers['x-request-id']);
    expect(update.before.displayName).not.toBe('改名后');
    expect(update.after.displayName).toBe('改名后');
    expect(JSON.stringify(entries)).not.toMatch(/argon2|password_hash/);
  });

  it('pages with a cursor', async () => {
    for (let i = 0; i < 3; i += 1) await buildGroup(admin);
    const first = (await admin.request('GET', '/api/v1/audit?entityType=group&limit=2')).json();
    expect(first.items).toHaveLength(2);
    const second = (
      await admin.request('GET', `/api/v1/audit?entityType=group&limit=2&cursor=${first.nextCursor}`)
    ).json();
    expect(Number(second.items[0].id)).toBeLessThan(Number(first.items[1].id));
  });

  it('is append-only in the database itself', async () => {
    await expect(t.db.query('UPDATE audit_log SET action = $1', ['tampered'])).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(t.db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
  });
});
