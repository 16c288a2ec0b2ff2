import { createHmac } from 'node:crypto';
import type { AppConfig } from '../../../platform/config.js';
import type { Logger } from '../../../platform/logger.js';
import { postJson } from './http.js';

export interface SmsMessage {
  /** The outbox row id: gateways can use it to drop a repeated delivery. */
  id: string;
  to: string;
  text: string;
  template: string;
}

/** A way to send text messages; which one runs is configuration (`SMS_PROVIDER`). */
export interface SmsProvider {
  readonly name: 'log' | 'http';
  send(message: SmsMessage): Promise<void>;
}

/** The signature of a gateway request: `sha256=<hex HMAC-SHA256 of the raw body>`. */
export function signSmsBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Posts `{to, text, template}` to an SMS gateway (an operator's own adapter to Aliyun, Tencent Cloud …),
 * signed with `X-Aftercare-Signature` over the body.
 */
export function httpSmsProvider(options: { url: string; secret: string; timeoutMs: number }): SmsProvider {
  return {
    name: 'http',
    async send(message) {
      const body = JSON.stringify({ to: message.to, text: message.text, template: message.template });
      await postJson(options.url, body, {
        timeoutMs: options.timeoutMs,
        headers: {
          'x-aftercare-signature': signSmsBody(options.secret, body),
          'x-aftercare-delivery': message.id,
        },
      });
    },
  };
}

/** Development: writes the message to the log and counts it as sent. */
export function logSmsProvider(log: Logger): SmsProvider {
  return {
    name: 'log',
    async send(message) {
      log.info(
        {
          category: 'notifications',
          channel: 'sms',
          to: message.to,
          template: message.template,
          text: message.text,
        },
        'SMS (log provider, not sent)',
      );
    },
  };
}

/** The configured provider, or null when SMS is off. */
export function smsProviderFor(config: AppConfig, log: Logger): SmsProvider | null {
  const { sms } = config;
  if (sms.provider === 'log') return logSmsProvider(log);
  if (sms.provider === 'http' && sms.httpUrl && sms.httpSecret) {
    return httpSmsProvider({
      url: sms.httpUrl,
      secret: sms.httpSecret,
      timeoutMs: config.notifyHttpTimeoutMs,
    });
  }
  return null;
}
