/** A delivery failure worth retrying, with a message short enough for the outbox's `last_error`. */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
}

const MAX_ERROR_TEXT = 300;

/**
 * Posts a JSON document and treats anything but a 2xx answer (or no answer within the timeout) as a
 * failure. Returns the response text for channels whose 200 answers can still carry an error.
 */
export async function postJson(
  url: string,
  body: string,
  options: { headers?: Record<string, string>; timeoutMs: number },
): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...options.headers },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    const message = error instanceof Error ? error.message : String(error);
    throw new DeliveryError(`${message}${cause}`.slice(0, MAX_ERROR_TEXT));
  }
  const text = await response.text().catch(() => '');
  if (response.status < 200 || response.status >= 300) {
    throw new DeliveryError(`HTTP ${response.status} ${text}`.trim().slice(0, MAX_ERROR_TEXT));
  }
  return text;
}

/** Robot platforms answer 200 with `{errcode, errmsg}`; a non-zero code is a failure. */
export function assertRobotAccepted(responseText: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(responseText);
  } catch {
    return;
  }
  if (parsed && typeof parsed === 'object' && 'errcode' in parsed) {
    const { errcode, errmsg } = parsed as { errcode: unknown; errmsg?: unknown };
    if (errcode !== 0 && errcode !== '0') {
      throw new DeliveryError(`errcode ${String(errcode)}: ${String(errmsg ?? '')}`.slice(0, MAX_ERROR_TEXT));
    }
  }
}
