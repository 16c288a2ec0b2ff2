import type { AppContext } from '../platform/context.js';
import type { HttpModules } from '../platform/http/app.js';
import type { JobDefinition } from '../platform/queue.js';
import { registerAuditRoutes } from './audit/audit.routes.js';
import { registerAuthHook } from './auth/auth.hook.js';
import { purgeExpiredSessionsJob } from './auth/auth.jobs.js';
import { registerAuthRoutes } from './auth/auth.routes.js';
import { registerGroupRoutes } from './groups/groups.routes.js';
import { registerRoleRoutes } from './roles/roles.routes.js';
import { registerSystemRoutes } from './system/system.routes.js';
import { registerUserRoutes } from './users/users.routes.js';

/** Every domain module's HTTP routes; a new module is added here. */
export const httpModules: HttpModules = {
  hooks: [registerAuthHook],
  routes: [
    registerSystemRoutes,
    registerAuthRoutes,
    registerUserRoutes,
    registerRoleRoutes,
    registerGroupRoutes,
    registerAuditRoutes,
  ],
};

/** Every background job; a new job is added here. */
export function jobDefinitions(ctx: Pick<AppContext, 'db' | 'clock' | 'log'>): JobDefinition<never>[] {
  return [purgeExpiredSessionsJob(ctx)] as JobDefinition<never>[];
}
