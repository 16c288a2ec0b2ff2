import pino, { type Logger } from 'pino';

export type { Logger };

/** The one logger factory; every module logs through a child with its category. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'aftercare' },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password'],
      censor: '[redacted]',
    },
  });
}
