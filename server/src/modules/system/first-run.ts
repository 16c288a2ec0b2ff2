import { randomBytes } from 'node:crypto';
import type { Database } from '../../platform/db/database.js';
import { systemActor } from '../audit/actor.js';
import { recordAudit } from '../audit/audit.repository.js';
import { hashPassword } from '../auth/passwords.js';
import { ensureDefaultCalendars } from '../calendars/calendars.service.js';
import {
  ensureDefaultClassification,
  ensureDefaultGroups,
} from '../classification/classification.service.js';
import { findRoleByKey } from '../roles/roles.repository.js';
import { ensureDefaultRoles } from '../roles/roles.service.js';
import { ensureDefaultSla } from '../sla/sla.admin.js';
import { countUsers, insertUser } from '../users/users.repository.js';

export interface FirstRunResult {
  /** Set when this run created the first administrator; the password is shown once and never stored. */
  createdAdmin?: { username: string; password: string; generated: boolean };
}

/**
 * Makes a new installation usable: installs the default roles, categories and priorities and, when
 * there is no user yet, the default departments and groups and `admin` with the configured password
 * or a random one.
 */
export async function ensureFirstRun(
  db: Database,
  adminPassword: string | undefined,
): Promise<FirstRunResult> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(727002)');
    await ensureDefaultRoles(tx);
    const isFirstRun = (await countUsers(tx)) === 0;
    // Departments and groups only on the very first run: later an administrator may have removed them.
    if (isFirstRun) await ensureDefaultGroups(tx);
    await ensureDefaultClassification(tx);
    await ensureDefaultCalendars(tx);
    await ensureDefaultSla(tx, new Date());
    if (!isFirstRun) return {};
    const password = adminPassword ?? randomBytes(12).toString('base64url');
    const role = await findRoleByKey(tx, 'administrator');
    const id = await insertUser(tx, {
      username: 'admin',
      displayName: '系统管理员',
      email: null,
      phone: null,
      passwordHash: await hashPassword(password),
      roleId: role!.id,
      locale: 'zh-CN',
    });
    await recordAudit(tx, systemActor('first-run'), {
      action: 'user.created',
      entityType: 'user',
      entityId: id,
      after: { username: 'admin', role: 'administrator' },
    });
    return { createdAdmin: { username: 'admin', password, generated: adminPassword === undefined } };
  });
}
