import { signWebhook } from '../../intake/signature.js';
import { postJson } from './http.js';

/**
 * Posts one event to an integrator's endpoint, signed like Aftercare's inbound webhooks:
 * `X-Aftercare-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">` with `X-Aftercare-Timestamp`
 * (unix seconds). `X-Aftercare-Delivery` stays the same across retries, so a receiver can drop repeats.
 */
export async function sendWebhook(
  endpoint: { url: string; secret: string },
  delivery: { id: string; event: string; body: string },
  options: { nowMs: number; timeoutMs: number; userAgent: string },
): Promise<void> {
  const timestamp = Math.floor(options.nowMs / 1000);
  await postJson(endpoint.url, delivery.body, {
    timeoutMs: options.timeoutMs,
    headers: {
      'user-agent': options.userAgent,
      'x-aftercare-event': delivery.event,
      'x-aftercare-delivery': delivery.id,
      'x-aftercare-timestamp': String(timestamp),
      'x-aftercare-signature': signWebhook(endpoint.secret, timestamp, delivery.body),
    },
  });
}
