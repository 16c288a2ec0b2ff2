import { createHmac } from 'node:crypto';
import { assertRobotAccepted, postJson } from './http.js';

/** DingTalk's signature (加签): base64 HMAC-SHA256 of `${timestamp}\n${secret}`, keyed by the secret. */
export function dingTalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

/** The robot's URL with DingTalk's `timestamp` and `sign` query parameters when it has a secret. */
export function signedRobotUrl(
  robot: { kind: 'wecom' | 'dingtalk'; webhookUrl: string; secret: string | null },
  timestampMs: number,
): string {
  if (robot.kind !== 'dingtalk' || !robot.secret) return robot.webhookUrl;
  const url = new URL(robot.webhookUrl);
  url.searchParams.set('timestamp', String(timestampMs));
  url.searchParams.set('sign', dingTalkSign(robot.secret, timestampMs));
  return url.toString();
}

/** Both platforms take the same plain-text message shape. */
export function robotTextMessage(content: string): { msgtype: 'text'; text: { content: string } } {
  return { msgtype: 'text', text: { content } };
}

/** Posts a text message to a WeCom (企业微信) or DingTalk (钉钉) group robot. */
export async function sendRobotMessage(
  robot: { kind: 'wecom' | 'dingtalk'; webhookUrl: string; secret: string | null },
  content: string,
  options: { nowMs: number; timeoutMs: number },
): Promise<void> {
  const response = await postJson(
    signedRobotUrl(robot, options.nowMs),
    JSON.stringify(robotTextMessage(content)),
    { timeoutMs: options.timeoutMs },
  );
  assertRobotAccepted(response);
}

/** Robot URLs carry their access token in the query; show only that one is there. */
export function maskRobotUrl(webhookUrl: string): string {
  try {
    const url = new URL(webhookUrl);
    for (const key of [...url.searchParams.keys()]) url.searchParams.set(key, '***');
    return decodeURIComponent(url.toString());
  } catch {
    return '***';
  }
}
