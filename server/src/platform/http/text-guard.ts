import { type LocalizedText, translate } from '../i18n/translate.js';
import { AppError } from './errors.js';
import type { RequestInput } from './problem.js';

// PostgreSQL stores neither a NUL character nor half of a UTF-16 surrogate pair (in text or jsonb);
// left to the database they fail the query with a 500, so they are refused at the boundary, by field.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const unstorable = (text: string) => text.includes('\u0000') || LONE_SURROGATE.test(text);

/** The dotted path of the first string (value or key) in `root` that the database cannot store. */
export function unstorableTextAt(root: unknown, prefix: string): string | undefined {
  // Iterative, so a deeply nested body cannot exhaust the stack.
  const pending: [unknown, string][] = [[root, prefix]];
  while (pending.length > 0) {
    const [value, path] = pending.pop()!;
    if (typeof value === 'string') {
      if (unstorable(value)) return path;
    } else if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) pending.push([item, `${path}.${index}`]);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        // The key itself is the culprit: name it with the offending characters escaped.
        if (unstorable(key)) return `${path}.${JSON.stringify(key).slice(1, -1)}`;
        pending.push([item, `${path}.${key}`]);
      }
    }
  }
  return undefined;
}

/** Throws a 400 naming the field when the path, query or body holds text the database cannot store. */
export function rejectUnstorableText(request: RequestInput): void {
  const field =
    unstorableTextAt(request.params, 'params') ??
    unstorableTextAt(request.query, 'query') ??
    unstorableTextAt(request.body, 'body');
  if (!field) return;
  const message: LocalizedText = (locale) => translate(locale, 'request.unstorableText');
  throw new AppError('validation_failed', 'request.fieldInvalid', {
    field,
    params: { field, message },
    errors: [{ field, message }],
  });
}
