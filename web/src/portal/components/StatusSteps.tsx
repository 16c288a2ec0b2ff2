import { useTranslation } from 'react-i18next';

const STEPS = ['submitted', 'processing', 'resolved', 'closed'] as const;

/** Where a ticket status sits on the customer's four steps. */
export function stepOf(status: string): number {
  switch (status) {
    case 'new':
    case 'classified':
    case 'assigned':
      return 0;
    case 'resolved':
      return 2;
    case 'closed':
      return 3;
    default:
      return 1;
  }
}

export function StatusSteps({ status }: { status: string }) {
  const { t } = useTranslation();
  const current = stepOf(status);
  return (
    <ol className="steps" aria-label={t('steps.label')} data-testid="status-steps">
      {STEPS.map((step, index) => {
        const state =
          index < current || status === 'closed' ? 'done' : index === current ? 'current' : 'todo';
        return (
          <li
            key={step}
            className={`step step-${state}`}
            aria-current={index === current ? 'step' : undefined}
          >
            <span className="step-dot" aria-hidden="true">
              {state === 'done' ? '✓' : index + 1}
            </span>
            <span className="step-label">{t(`steps.${step}`)}</span>
          </li>
        );
      })}
    </ol>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-step-${stepOf(status)}`} data-testid="ticket-status">
      {t(`status.${status}`, { defaultValue: status })}
    </span>
  );
}
