import type { AppContext } from '../platform/context.js';
import type { HttpModules } from '../platform/http/app.js';
import type { JobDefinition } from '../platform/queue.js';
import { registerAuditRoutes } from './audit/audit.routes.js';
import { registerAuthHook } from './auth/auth.hook.js';
import { purgeExpiredSessionsJob } from './auth/auth.jobs.js';
import { registerAuthRoutes } from './auth/auth.routes.js';
import { registerCalendarRoutes } from './calendars/calendars.routes.js';
import { registerClassificationRoutes } from './classification/classification.routes.js';
import { registerCustomerRoutes } from './customers/customers.routes.js';
import { registerGroupRoutes } from './groups/groups.routes.js';
import { registerIntakeRoutes } from './intake/intake.routes.js';
import { mailboxJobs } from './mailboxes/mailboxes.jobs.js';
import { registerMailboxRoutes } from './mailboxes/mailboxes.routes.js';
import { startMailboxWatcher } from './mailboxes/watcher.js';
import { notificationJobs } from './notifications/notifications.jobs.js';
import { registerNotificationRoutes } from './notifications/notifications.routes.js';
import { purgePortalDataJob } from './portal/portal.jobs.js';
import { registerPortalRoutes } from './portal/portal.routes.js';
import { registerProductRoutes } from './products/products.routes.js';
import { registerRoleRoutes } from './roles/roles.routes.js';
import { registerRoutingRoutes } from './routing/routing.routes.js';
import { slaSweepJob } from './sla/sla.jobs.js';
import { registerSlaRoutes } from './sla/sla.routes.js';
import { surveySweepJob } from './surveys/surveys.jobs.js';
import { registerSurveyRoutes } from './surveys/surveys.routes.js';
import { registerSystemRoutes } from './system/system.routes.js';
import { autoCloseJob } from './tickets/tickets.jobs.js';
import { registerTicketRoutes } from './tickets/tickets.routes.js';
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
    registerCustomerRoutes,
    registerProductRoutes,
    registerClassificationRoutes,
    registerRoutingRoutes,
    registerTicketRoutes,
    registerIntakeRoutes,
    registerCalendarRoutes,
    registerSlaRoutes,
    registerNotificationRoutes,
    registerMailboxRoutes,
    registerPortalRoutes,
    registerSurveyRoutes,
  ],
};

/** Every background job; a new job is added here. */
export function jobDefinitions(
  ctx: Pick<AppContext, 'db' | 'clock' | 'log' | 'config' | 'queue'>,
): JobDefinition<never>[] {
  return [
    purgeExpiredSessionsJob(ctx),
    ...notificationJobs(ctx),
    autoCloseJob(ctx),
    slaSweepJob(ctx),
    ...mailboxJobs(ctx),
    purgePortalDataJob(ctx),
    surveySweepJob(ctx),
  ] as JobDefinition<never>[];
}

/** Something a worker process keeps running beside the job queue, stopped before the queue on shutdown. */
export interface BackgroundService {
  stop(): Promise<void>;
}

/** Every long-running worker-side service; a new one is added here. */
export function startBackgroundServices(ctx: AppContext): BackgroundService[] {
  return [startMailboxWatcher(ctx)];
}
