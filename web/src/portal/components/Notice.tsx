import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PortalApiError } from '../api';

/** The server's own message (already in the reader's language), else a plain network message. */
export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  return (error) => {
    if (error instanceof PortalApiError)
      return error.problem.detail ?? error.problem.title ?? t('common.failed');
    return t('common.network');
  };
}

export function ErrorNotice({ error, testId }: { error: unknown; testId?: string }) {
  const text = useErrorText();
  if (!error) return null;
  return (
    <div className="notice notice-error" role="alert" data-testid={testId ?? 'error'}>
      {text(error)}
    </div>
  );
}

export function Notice({
  tone = 'info',
  children,
  testId,
}: {
  tone?: 'info' | 'success' | 'warning' | 'error';
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div
      className={`notice notice-${tone}`}
      role={tone === 'error' ? 'alert' : 'status'}
      data-testid={testId}
    >
      {children}
    </div>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="muted center" role="status">
      {t('common.loading')}
    </p>
  );
}
