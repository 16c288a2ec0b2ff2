import { Command, InvalidArgumentError, Option } from 'commander';
import { systemActor } from '../modules/audit/actor.js';
import { createApiToken } from '../modules/auth/auth.service.js';
import { findGroupByKey } from '../modules/groups/groups.repository.js';
import { findRoleByKey } from '../modules/roles/roles.repository.js';
import { backupDatabase, restoreDatabase } from '../modules/system/backup.js';
import { seedDemoData } from '../modules/system/demo-data.js';
import { ensureFirstRun } from '../modules/system/first-run.js';
import { findUserByUsername } from '../modules/users/users.repository.js';
import { createUser } from '../modules/users/users.service.js';
import { systemClock } from '../platform/clock.js';
import { type AppConfig, ConfigError, loadConfig } from '../platform/config.js';
import type { AppContext } from '../platform/context.js';
import { DatabaseInUseError, openDatabase } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrate.js';
import { AppError } from '../platform/http/errors.js';
import { type Locale, type MessageKey, type MessageParams, translate } from '../platform/i18n/translate.js';
import { createLogger } from '../platform/logger.js';
import { VERSION } from '../platform/version.js';
import { createAftercare, databaseOptionsOf, startQueueWithJobs } from '../server.js';
import { firstRunBanner } from './banner.js';

// The command line speaks English unless the installation explicitly defaults to Chinese.
const cliLocale: Locale = process.env.AFTERCARE_DEFAULT_LOCALE === 'zh-CN' ? 'zh-CN' : 'en';

const say = (text: string) => process.stdout.write(`${text}\n`);
const exitWith = (text: string): never => {
  process.stderr.write(`${text}\n`);
  process.exit(1);
};
const fail = (key: MessageKey, params?: MessageParams) => exitWith(translate(cliLocale, key, params));

function port(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535)
    throw new InvalidArgumentError('Not a port number.');
  return parsed;
}

function config(overrides: Partial<AppConfig> = {}): AppConfig {
  return { ...loadConfig(), ...overrides };
}

/**
 * Runs a command against the migrated database without the HTTP server or workers; jobs it enqueues
 * (notifications) wait in the queue for a running server.
 */
async function withDatabase<T>(run: (ctx: AppContext) => Promise<T>): Promise<T> {
  const appConfig = config({ logLevel: 'warn' });
  const log = createLogger(appConfig.logLevel);
  const db = await openDatabase(databaseOptionsOf(appConfig));
  try {
    await migrate(db);
    await ensureFirstRun(db, appConfig.adminPassword);
    const queue = await startQueueWithJobs(db, log, {
      supervise: false,
      clock: systemClock,
      config: appConfig,
    });
    try {
      return await run({ config: appConfig, db, clock: systemClock, log, queue, version: VERSION });
    } finally {
      await queue.stop();
    }
  } finally {
    await db.close();
  }
}

const program = new Command('aftercare')
  .description('Aftercare — after-sales service desk (售后服务工单系统)')
  .version(VERSION);

program
  .command('start')
  .description('Start the server (migrates the database first)')
  .option('--port <port>', 'HTTP port (default: PORT or 3000)', port)
  .addOption(new Option('--role <role>', 'what this process runs').choices(['all', 'api', 'worker']))
  .action(async (options: { port?: number; role?: AppConfig['role'] }) => {
    const appConfig = config({
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.role ? { role: options.role } : {}),
    });
    const aftercare = await createAftercare(appConfig);
    const log = aftercare.context.log;
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'shutting down');
      await aftercare.close();
      process.exit(0);
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
    let url = `the worker (no HTTP)`;
    if (appConfig.role !== 'worker') {
      await aftercare.app.listen({ port: appConfig.port, host: appConfig.host });
      const address = aftercare.app.server.address();
      const boundPort = typeof address === 'object' && address ? address.port : appConfig.port;
      url = appConfig.publicUrl ?? `http://localhost:${boundPort}`;
    }
    log.info({ url, role: appConfig.role, database: aftercare.context.db.kind }, 'Aftercare started');
    say(`Aftercare ${VERSION} is running at ${url} (${aftercare.context.db.kind}, role ${appConfig.role})`);
    if (aftercare.firstRun.createdAdmin) say(firstRunBanner(aftercare.firstRun.createdAdmin, url));
  });

program
  .command('migrate')
  .description('Apply pending database migrations')
  .action(async () => {
    const db = await openDatabase(databaseOptionsOf(config()));
    try {
      const applied = await migrate(db);
      say(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'The database is up to date.');
    } finally {
      await db.close();
    }
  });

program
  .command('seed')
  .description('Load data into the database')
  .requiredOption('--demo', 'realistic demo data: companies, customers, products, groups, staff')
  .action(async () => {
    const summary = await withDatabase((ctx) => seedDemoData(ctx));
    say(summary.alreadyLoaded ? 'Demo data is already loaded.' : `Demo data loaded: ${summary.description}`);
    if (summary.staffPassword) say(`Demo staff accounts use the password: ${summary.staffPassword}`);
  });

const user = program.command('user').description('Manage users');
user
  .command('create')
  .description('Create a staff user')
  .requiredOption('--username <username>')
  .requiredOption('--password <password>')
  .requiredOption('--role <role>', 'role key, e.g. administrator, supervisor, agent')
  .option('--group <group...>', 'group keys the user belongs to')
  .option('--display-name <name>')
  .action(
    async (options: {
      username: string;
      password: string;
      role: string;
      group?: string[];
      displayName?: string;
    }) => {
      await withDatabase(async (ctx) => {
        const role = (await findRoleByKey(ctx.db, options.role)) ?? fail('cli.noRole', { key: options.role });
        const groupIds: string[] = [];
        for (const key of options.group ?? []) {
          groupIds.push(((await findGroupByKey(ctx.db, key)) ?? fail('cli.noGroup', { key })).id);
        }
        const created = await createUser(ctx, systemActor('cli'), {
          username: options.username,
          password: options.password,
          displayName: options.displayName ?? options.username,
          roleId: role.id,
          groupIds,
        });
        say(`Created user ${created.username} (${created.role.key}).`);
      });
    },
  );

const token = program.command('token').description('Manage API tokens');
token
  .command('create')
  .description('Create an API token for a user; the token is printed once')
  .requiredOption('--user <username>')
  .requiredOption('--name <name>')
  .option('--scopes <scopes...>', 'permissions the token may use (default: all of the user’s)')
  .option('--expires-in-days <days>', 'expiry', (value) => Number(value))
  .action(async (options: { user: string; name: string; scopes?: string[]; expiresInDays?: number }) => {
    await withDatabase(async (ctx) => {
      const owner =
        (await findUserByUsername(ctx.db, options.user)) ?? fail('cli.noUser', { username: options.user });
      const scopes = (options.scopes ?? owner.permissions)
        .flatMap((scope) => scope.split(','))
        .filter(Boolean);
      const created = await createApiToken(
        ctx,
        { userId: owner.id, permissions: new Set(owner.permissions) },
        systemActor('cli'),
        { name: options.name, scopes, expiresInDays: options.expiresInDays },
      );
      say(created.token);
      process.stderr.write(
        `Token "${created.name}" for ${owner.username}, scopes: ${created.scopes.join(' ')}. It is not shown again.\n`,
      );
    });
  });

program
  .command('backup')
  .description('Write all data to a backup file')
  .requiredOption('--out <file>')
  .action(async (options: { out: string }) => {
    const db = await openDatabase(databaseOptionsOf(config()));
    try {
      await migrate(db);
      const summary = await backupDatabase(db, options.out);
      say(`Backup written to ${options.out}: ${summary.tables} tables, ${summary.rows} rows.`);
    } finally {
      await db.close();
    }
  });

program
  .command('restore')
  .description('Restore a backup file into an empty database')
  .requiredOption('--in <file>')
  .action(async (options: { in: string }) => {
    const db = await openDatabase(databaseOptionsOf(config()));
    try {
      const summary = await restoreDatabase(db, options.in);
      say(`Restored ${summary.rows} rows into ${summary.tables} tables.`);
    } finally {
      await db.close();
    }
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof ConfigError || error instanceof DatabaseInUseError) exitWith(error.message);
  if (error instanceof AppError) {
    const field = error.details.field;
    exitWith(`${error.detailIn(cliLocale)}${field ? ` (${field})` : ''}`);
  }
  throw error;
}
