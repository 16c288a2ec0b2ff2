import { App, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import type { FieldError } from '../../api/types';

/** Server field paths look like `body.username`; forms know them as `username`. */
function formField(path: string): (string | number)[] {
  return path
    .replace(/^body\./, '')
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** The server's own message, already in the user's language; null when the answer is not from Aftercare. */
export function serverMessageOf(error: unknown): string | null {
  return error instanceof ApiError ? (error.problem.detail ?? null) : null;
}

export function fieldErrorsOf(error: ApiError): FieldError[] {
  const { field, errors, detail } = error.problem;
  if (errors?.length) return errors;
  return field && detail ? [{ field, message: detail }] : [];
}

/** Shows an API error: the server's message and, given a form, its field errors on the fields. */
export function useShowError(): (error: unknown, form?: FormInstance) => void {
  const { message } = App.useApp();
  const { t } = useTranslation();
  return (error, form) => {
    if (form && error instanceof ApiError) {
      const byField = new Map<string, string[]>();
      for (const { field, message: text } of fieldErrorsOf(error)) {
        byField.set(field, [...(byField.get(field) ?? []), text]);
      }
      form.setFields([...byField].map(([field, texts]) => ({ name: formField(field), errors: texts })));
    }
    void message.error(serverMessageOf(error) ?? t('errors.network'));
  };
}
