import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CodeSent, fieldErrorsOf, type PortalSession, portalApi } from '../api';
import { isDestination, TICKET_NUMBER } from '../format';
import { Field } from './Field';
import { ErrorNotice, Notice } from './Notice';

const RESEND_SECONDS = 60;

function useCountdown(): [number, () => void] {
  const [until, setUntil] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until <= now) return;
    const timer = setTimeout(() => setNow(Date.now()), 1000);
    return () => clearTimeout(timer);
  }, [until, now]);
  const left = Math.max(0, Math.ceil((until - now) / 1000));
  return [
    left,
    () => {
      const start = Date.now();
      setNow(start);
      setUntil(start + RESEND_SECONDS * 1000);
    },
  ];
}

/**
 * Proves who the customer is with a one-time code: destination (and ticket number, when looking up one
 * ticket) → a code by e-mail or SMS → the code → a portal session.
 */
export function CodeVerification({
  withTicketNumber,
  initialTicketNumber = '',
  onVerified,
}: {
  withTicketNumber: boolean;
  initialTicketNumber?: string;
  onVerified: (session: PortalSession, ticketNumber?: string) => void;
}) {
  const { t } = useTranslation();
  const [ticketNumber, setTicketNumber] = useState(initialTicketNumber);
  const [destination, setDestination] = useState('');
  const [code, setCode] = useState('');
  const [sent, setSent] = useState<CodeSent | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [secondsLeft, startCountdown] = useCountdown();

  const number = ticketNumber.trim();
  const requestCode = useMutation({
    mutationFn: () => portalApi.requestCode(destination.trim(), withTicketNumber ? number : undefined),
    onSuccess: (result) => {
      setSent(result);
      setCode('');
      startCountdown();
    },
    onError: (error) => setErrors(fieldErrorsOf(error)),
  });
  const verify = useMutation({
    mutationFn: () =>
      portalApi.verifyCode(destination.trim(), code.trim(), withTicketNumber ? number : undefined),
    onSuccess: (session) => onVerified(session, withTicketNumber ? number : undefined),
    onError: (error) => setErrors(fieldErrorsOf(error)),
  });

  const send = (event?: FormEvent) => {
    event?.preventDefault();
    const found: Record<string, string> = {};
    if (withTicketNumber && !TICKET_NUMBER.test(number)) found.ticketNumber = t('lookup.ticketNumberInvalid');
    if (!isDestination(destination)) found.destination = t('code.destinationInvalid');
    setErrors(found);
    if (Object.keys(found).length === 0) {
      verify.reset();
      requestCode.mutate();
    }
  };
  const confirm = (event: FormEvent) => {
    event.preventDefault();
    if (!/^\d{6}$/.test(code.trim())) {
      setErrors({ code: t('code.codeInvalid') });
      return;
    }
    setErrors({});
    verify.mutate();
  };

  if (!sent) {
    return (
      <form className="stack" onSubmit={send} noValidate data-testid="code-request-form">
        {withTicketNumber && (
          <Field label={t('lookup.ticketNumber')} error={errors.ticketNumber}>
            <input
              value={ticketNumber}
              onChange={(event) => setTicketNumber(event.target.value)}
              placeholder={t('lookup.ticketNumberPlaceholder')}
              inputMode="numeric"
              autoComplete="off"
              data-testid="lookup-number"
            />
          </Field>
        )}
        <Field label={t('code.destination')} error={errors.destination}>
          <input
            value={destination}
            onChange={(event) => setDestination(event.target.value)}
            placeholder={t('code.destinationPlaceholder')}
            autoComplete="email"
            data-testid="destination"
          />
        </Field>
        {!errors.destination && !errors.ticketNumber && <ErrorNotice error={requestCode.error} />}
        <button type="submit" className="button primary block" disabled={requestCode.isPending}>
          {requestCode.isPending ? t('code.sending') : t('code.send')}
        </button>
      </form>
    );
  }

  return (
    <form className="stack" onSubmit={confirm} noValidate data-testid="code-verify-form">
      <Notice tone="success" testId="code-sent">
        {t('code.sent', {
          destination: sent.destinationMasked,
          minutes: Math.max(1, Math.round(sent.expiresInSeconds / 60)),
        })}
      </Notice>
      <Field label={t('code.code')} error={errors.code}>
        <input
          value={code}
          onChange={(event) => setCode(event.target.value.replace(/\D/g, '').slice(0, 6))}
          placeholder={t('code.codePlaceholder')}
          inputMode="numeric"
          autoComplete="one-time-code"
          className="code-input"
          data-testid="code"
        />
      </Field>
      {!errors.code && <ErrorNotice error={verify.error ?? requestCode.error} />}
      <button type="submit" className="button primary block" disabled={verify.isPending}>
        {verify.isPending ? t('code.verifying') : t('code.verify')}
      </button>
      <div className="row-between">
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setSent(null);
            setErrors({});
            verify.reset();
          }}
        >
          {t('code.change')}
        </button>
        <button
          type="button"
          className="link-button"
          disabled={secondsLeft > 0 || requestCode.isPending}
          onClick={() => send()}
        >
          {secondsLeft > 0 ? t('code.resendIn', { seconds: secondsLeft }) : t('code.resend')}
        </button>
      </div>
    </form>
  );
}
