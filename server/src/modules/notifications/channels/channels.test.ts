import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../platform/config.js';
import { allowedPlaceholders, fillPlaceholders, placeholdersOf } from '../templates.js';
import { assertRobotAccepted, DeliveryError } from './http.js';
import { dingTalkSign, maskRobotUrl, robotTextMessage, signedRobotUrl } from './robots.js';
import { signSmsBody, smsProviderFor } from './sms.js';

describe('DingTalk signing', () => {
  it('signs "timestamp\\nsecret" with HMAC-SHA256 keyed by the secret, base64', () => {
    const secret = 'SECabc123';
    const expected = createHmac('sha256', secret).update(`1700000000000\n${secret}`).digest('base64');
    expect(dingTalkSign(secret, 1_700_000_000_000)).toBe(expected);
  });

  it('adds timestamp and sign to a DingTalk URL with a secret, URL-encoded, keeping the token', () => {
    const url = new URL(
      signedRobotUrl(
        {
          kind: 'dingtalk',
          webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=t0k',
          secret: 's',
        },
        42,
      ),
    );
    expect(url.searchParams.get('access_token')).toBe('t0k');
    expect(url.searchParams.get('timestamp')).toBe('42');
    expect(url.searchParams.get('sign')).toBe(dingTalkSign('s', 42));
  });

  it.each([
    ['wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', 'secret'],
    ['dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=t', null],
  ] as const)('leaves a %s URL without signing as it is', (kind, webhookUrl, secret) => {
    expect(signedRobotUrl({ kind, webhookUrl, secret }, 1)).toBe(webhookUrl);
  });
});

describe('robot messages', () => {
  it('use the platforms’ text shape', () => {
    expect(robotTextMessage('工单 202405-001 已超时')).toEqual({
      msgtype: 'text',
      text: { content: '工单 202405-001 已超时' },
    });
  });

  it.each([
    ['{"errcode":0,"errmsg":"ok"}', true],
    ['{"errcode":310000,"errmsg":"sign not match"}', false],
    ['not json', true],
    ['', true],
  ])('treat the answer %s as accepted: %s', (answer, ok) => {
    if (ok) expect(() => assertRobotAccepted(answer)).not.toThrow();
    else expect(() => assertRobotAccepted(answer)).toThrow(DeliveryError);
  });

  it('hide the access token of a robot URL', () => {
    expect(maskRobotUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc')).toBe(
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***',
    );
    expect(maskRobotUrl('not a url')).toBe('***');
  });
});

describe('SMS', () => {
  it('signs the raw body', () => {
    expect(signSmsBody('k', '{"to":"1"}')).toBe(
      `sha256=${createHmac('sha256', 'k').update('{"to":"1"}').digest('hex')}`,
    );
  });

  it('is off by default, and the HTTP provider needs a URL and a secret', () => {
    const config = loadConfig({});
    expect(config.sms).toEqual({ provider: 'none', httpUrl: undefined, httpSecret: undefined });
    expect(smsProviderFor(config, undefined as never)).toBeNull();
    expect(() => loadConfig({ SMS_PROVIDER: 'http' })).toThrow(/SMS_HTTP_URL[\s\S]*SMS_HTTP_SECRET/);
    expect(() =>
      loadConfig({ SMS_PROVIDER: 'http', SMS_HTTP_URL: 'ftp://x', SMS_HTTP_SECRET: 'x'.repeat(16) }),
    ).toThrow(ConfigError);
    const http = loadConfig({
      SMS_PROVIDER: 'http',
      SMS_HTTP_URL: 'https://sms.example.com/send',
      SMS_HTTP_SECRET: 'x'.repeat(16),
    });
    expect(smsProviderFor(http, undefined as never)?.name).toBe('http');
    expect(() => loadConfig({ SMS_PROVIDER: 'carrier-pigeon' })).toThrow(/SMS_PROVIDER/);
  });
});

describe('template placeholders', () => {
  it('fill like the catalogue does, leaving unknown ones visible', () => {
    expect(
      fillPlaceholders('{number}：{title}（{missing}）', { number: 'A-1', title: () => 'T' }, 'en'),
    ).toBe('A-1：T（{missing}）');
    expect(placeholdersOf('{a} {b} {a}')).toEqual(['a', 'b']);
  });

  it('allow those a template’s built-in texts use', () => {
    expect(allowedPlaceholders('ticketReplied')).toEqual(['body', 'name', 'number', 'portalUrl', 'title']);
    expect(allowedPlaceholders('slaWarning')).toEqual([
      'due',
      'dueTime',
      'milestone',
      'milestoneName',
      'number',
      'percent',
      'title',
    ]);
    expect(allowedPlaceholders('slaBreachDigest')).toEqual(['count', 'tickets']);
  });
});
