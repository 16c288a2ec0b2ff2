import { resolve } from 'node:path';
import { z } from 'zod';

/** Every environment variable Aftercare reads; the README documents each one. */
const envSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(500).default(20),
  DATABASE_PREPARED_STATEMENTS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  AFTERCARE_DATA_DIR: z.string().min(1).default('./data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  AFTERCARE_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  AFTERCARE_PUBLIC_URL: z.string().url().optional(),
  AFTERCARE_TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  AFTERCARE_ADMIN_PASSWORD: z.string().min(12).optional(),
  AFTERCARE_SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(12),
  AFTERCARE_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  AFTERCARE_LOGIN_LOCK_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  AFTERCARE_LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(20),
  AFTERCARE_PUBLIC_FORM_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10),
  AFTERCARE_PORTAL_CODE_TTL_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
  AFTERCARE_PORTAL_CODE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  AFTERCARE_PORTAL_CODES_PER_HOUR: z.coerce.number().int().min(1).max(100).default(5),
  AFTERCARE_PORTAL_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10),
  AFTERCARE_PORTAL_SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24),
  AFTERCARE_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  AFTERCARE_DEFAULT_LOCALE: z.enum(['zh-CN', 'en']).default('zh-CN'),
  AFTERCARE_TIMEZONE: z.string().min(1).default('Asia/Shanghai'),
  AFTERCARE_ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(20 * 1024 * 1024),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'Use smtp://user:password@host:port or smtps://…')
    .optional(),
  AFTERCARE_MAIL_FROM: z.string().min(3).default('Aftercare <aftercare@localhost>'),
  SMS_PROVIDER: z.enum(['none', 'log', 'http']).default('none'),
  SMS_HTTP_URL: z.url({ protocol: /^https?$/ }).optional(),
  SMS_HTTP_SECRET: z.string().min(16).optional(),
  AFTERCARE_NOTIFY_RETRY_LIMIT: z.coerce.number().int().min(0).max(20).default(8),
  AFTERCARE_NOTIFY_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  AFTERCARE_NOTIFY_HTTP_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  AFTERCARE_NOTIFY_STREAM_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  AFTERCARE_SLA_SWEEP_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  AFTERCARE_NOTIFY_STREAM_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(300).default(25),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type AppConfig = {
  databaseUrl: string | undefined;
  databasePoolMax: number;
  databasePreparedStatements: boolean;
  dataDir: string;
  port: number;
  host: string;
  role: 'all' | 'api' | 'worker';
  publicUrl: string | undefined;
  trustProxy: boolean;
  adminPassword: string | undefined;
  sessionTtlHours: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  loginRatePerMinute: number;
  publicFormRatePerMinute: number;
  /** The customer portal: one-time codes (lifetime, wrong tries, sends per destination an hour) and sessions. */
  portal: {
    codeTtlMinutes: number;
    codeMaxAttempts: number;
    codesPerHour: number;
    ratePerMinute: number;
    sessionTtlHours: number;
  };
  bodyLimitBytes: number;
  defaultLocale: 'zh-CN' | 'en';
  timezone: string;
  attachmentMaxBytes: number;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** SMS: `none` sends nothing, `log` only logs (development), `http` posts to the configured gateway. */
  sms: { provider: 'none' | 'log' | 'http'; httpUrl: string | undefined; httpSecret: string | undefined };
  /** Outgoing notifications: retries with exponential backoff, then a dead letter. */
  notifyRetryLimit: number;
  notifyRetryDelaySeconds: number;
  notifyHttpTimeoutMs: number;
  notifyStreamPollMs: number;
  slaSweepConcurrency: number;
  notifyStreamHeartbeatSeconds: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
};

export class ConfigError extends Error {}

/** Reads and validates the configuration; refuses to continue on any bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema
    .superRefine((e, issues) => {
      if (e.SMS_PROVIDER !== 'http') return;
      for (const name of ['SMS_HTTP_URL', 'SMS_HTTP_SECRET'] as const) {
        if (!e[name])
          issues.addIssue({ code: 'custom', path: [name], message: 'Required when SMS_PROVIDER=http' });
      }
    })
    .safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    databasePreparedStatements: e.DATABASE_PREPARED_STATEMENTS,
    dataDir: resolve(e.AFTERCARE_DATA_DIR),
    port: e.PORT,
    host: e.HOST,
    role: e.AFTERCARE_ROLE,
    publicUrl: e.AFTERCARE_PUBLIC_URL,
    trustProxy: e.AFTERCARE_TRUST_PROXY,
    adminPassword: e.AFTERCARE_ADMIN_PASSWORD,
    sessionTtlHours: e.AFTERCARE_SESSION_TTL_HOURS,
    loginMaxFailures: e.AFTERCARE_LOGIN_MAX_FAILURES,
    loginLockMinutes: e.AFTERCARE_LOGIN_LOCK_MINUTES,
    loginRatePerMinute: e.AFTERCARE_LOGIN_RATE_PER_MINUTE,
    publicFormRatePerMinute: e.AFTERCARE_PUBLIC_FORM_RATE_PER_MINUTE,
    portal: {
      codeTtlMinutes: e.AFTERCARE_PORTAL_CODE_TTL_MINUTES,
      codeMaxAttempts: e.AFTERCARE_PORTAL_CODE_MAX_ATTEMPTS,
      codesPerHour: e.AFTERCARE_PORTAL_CODES_PER_HOUR,
      ratePerMinute: e.AFTERCARE_PORTAL_RATE_PER_MINUTE,
      sessionTtlHours: e.AFTERCARE_PORTAL_SESSION_TTL_HOURS,
    },
    bodyLimitBytes: e.AFTERCARE_BODY_LIMIT_BYTES,
    defaultLocale: e.AFTERCARE_DEFAULT_LOCALE,
    timezone: e.AFTERCARE_TIMEZONE,
    attachmentMaxBytes: e.AFTERCARE_ATTACHMENT_MAX_BYTES,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.AFTERCARE_MAIL_FROM,
    sms: { provider: e.SMS_PROVIDER, httpUrl: e.SMS_HTTP_URL, httpSecret: e.SMS_HTTP_SECRET },
    notifyRetryLimit: e.AFTERCARE_NOTIFY_RETRY_LIMIT,
    notifyRetryDelaySeconds: e.AFTERCARE_NOTIFY_RETRY_DELAY_SECONDS,
    notifyHttpTimeoutMs: e.AFTERCARE_NOTIFY_HTTP_TIMEOUT_MS,
    notifyStreamPollMs: e.AFTERCARE_NOTIFY_STREAM_POLL_MS,
    slaSweepConcurrency: e.AFTERCARE_SLA_SWEEP_CONCURRENCY,
    notifyStreamHeartbeatSeconds: e.AFTERCARE_NOTIFY_STREAM_HEARTBEAT_SECONDS,
    logLevel: e.LOG_LEVEL,
  };
}
