import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import {
  type Attachment,
  fieldErrorsOf,
  type PendingPlan,
  PortalApiError,
  portalApi,
  type TicketView,
  type TimelineEntry,
} from '../api';
import { CodeVerification } from '../components/CodeVerification';
import { Field } from '../components/Field';
import { FilePicker, type PickedFile, releasePreviews } from '../components/FilePicker';
import { ErrorNotice, Loading, Notice } from '../components/Notice';
import { StatusBadge, StatusSteps } from '../components/StatusSteps';
import { formatBytes, formatDateTime } from '../format';
import { useSessionChanged } from '../session';

const ticketKey = (number: string) => ['portal', 'tickets', 'one', number] as const;

function useRefreshTicket(): () => Promise<void> {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['portal', 'tickets'] });
}

const CUSTOMER_KINDS = new Set(['created', 'customer_reply']);

function AttachmentList({ number, attachments }: { number: string; attachments: Attachment[] }) {
  if (attachments.length === 0) return null;
  const images = attachments.filter((item) => item.contentType.startsWith('image/'));
  const others = attachments.filter((item) => !item.contentType.startsWith('image/'));
  return (
    <div className="attachments">
      {images.length > 0 && (
        <div className="thumbs">
          {images.map((item) => (
            <a
              key={item.id}
              href={portalApi.attachmentUrl(number, item.id)}
              target="_blank"
              rel="noreferrer"
              className="thumb"
              data-testid="attachment-image"
            >
              <img src={portalApi.attachmentUrl(number, item.id)} alt={item.fileName} loading="lazy" />
            </a>
          ))}
        </div>
      )}
      {others.map((item) => (
        <a
          key={item.id}
          href={portalApi.attachmentUrl(number, item.id)}
          className="file-link"
          download={item.fileName}
          data-testid="attachment-file"
        >
          {item.fileName} <span className="muted">({formatBytes(item.sizeBytes)})</span>
        </a>
      ))}
    </div>
  );
}

function Timeline({ ticket }: { ticket: TicketView }) {
  const { t } = useTranslation();
  return (
    <section className="card stack" data-testid="timeline">
      <h2>{t('ticket.timeline')}</h2>
      {ticket.timeline.length === 0 && <p className="muted">{t('ticket.timelineEmpty')}</p>}
      <ol className="timeline">
        {ticket.timeline.map((entry: TimelineEntry) => {
          const mine = CUSTOMER_KINDS.has(entry.kind);
          return (
            <li
              key={entry.id}
              className={mine ? 'entry entry-customer' : 'entry'}
              data-testid="timeline-entry"
              data-kind={entry.kind}
            >
              <div className="entry-head">
                <strong>{t(`kind.${entry.kind}`, { defaultValue: t('kind.other') })}</strong>
                <span className="muted small">
                  {entry.authorLabel || (mine ? t('ticket.you') : t('ticket.service'))} ·{' '}
                  {formatDateTime(entry.createdAt)}
                </span>
              </div>
              {entry.body && <p className="entry-body">{entry.body}</p>}
              <AttachmentList number={ticket.number} attachments={entry.attachments} />
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function compensationText(plan: PendingPlan, t: TFunction): string | null {
  if (!plan.compensationType || plan.compensationType === 'none') return null;
  const type = t(`compensation.${plan.compensationType}`, { defaultValue: plan.compensationType });
  const amount = plan.compensationAmount === null ? 0 : Number(plan.compensationAmount);
  return amount > 0
    ? t('ticket.compensationAmount', { type, amount: amount.toFixed(2) })
    : t('ticket.compensation', { type });
}

/** What the customer just did, told once the ticket has reloaded without the card they used. */
type Outcome = { number: string; key: string; testId: string };

function PlanDecision({
  number,
  plan,
  onDone,
}: {
  number: string;
  plan: PendingPlan;
  onDone: (decision: 'accept' | 'reject') => void;
}) {
  const { t } = useTranslation();
  const refresh = useRefreshTicket();
  const [rejecting, setRejecting] = useState(false);
  const [comment, setComment] = useState('');
  const decide = useMutation({
    mutationFn: (decision: 'accept' | 'reject') =>
      portalApi.decidePlan(number, plan.id, decision, comment.trim() || undefined),
    onSuccess: (_result, decision) => {
      onDone(decision);
      void refresh();
    },
  });
  const compensation = compensationText(plan, t);
  return (
    <section className="card card-highlight stack" data-testid="pending-plan">
      <h2>{t('ticket.planTitle')}</h2>
      <p className="entry-body">{plan.body}</p>
      {compensation && <p className="strong">{compensation}</p>}
      {rejecting && (
        <Field label={t('ticket.rejectPrompt')}>
          <textarea rows={3} value={comment} onChange={(event) => setComment(event.target.value)} />
        </Field>
      )}
      <ErrorNotice error={decide.error} />
      <div className="button-row">
        {rejecting ? (
          <>
            <button type="button" className="button" onClick={() => setRejecting(false)}>
              {t('common.cancel')}
            </button>
            <button
              type="button"
              className="button danger"
              disabled={decide.isPending}
              onClick={() => decide.mutate('reject')}
              data-testid="plan-reject-confirm"
            >
              {t('ticket.rejectSubmit')}
            </button>
          </>
        ) : (
          <>
            <button
              type="button"
              className="button"
              onClick={() => setRejecting(true)}
              data-testid="plan-reject"
            >
              {t('ticket.rejectPlan')}
            </button>
            <button
              type="button"
              className="button primary"
              disabled={decide.isPending}
              onClick={() => decide.mutate('accept')}
              data-testid="plan-accept"
            >
              {t('ticket.acceptPlan')}
            </button>
          </>
        )}
      </div>
    </section>
  );
}

function Confirmation({ number, onDone }: { number: string; onDone: (solved: boolean) => void }) {
  const { t } = useTranslation();
  const refresh = useRefreshTicket();
  const [notSolved, setNotSolved] = useState(false);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | undefined>();
  const confirm = useMutation({
    mutationFn: (solved: boolean) => portalApi.confirm(number, solved, solved ? undefined : comment.trim()),
    onSuccess: (_result, solved) => {
      onDone(solved);
      void refresh();
    },
    onError: (failure) => setError(fieldErrorsOf(failure).comment),
  });
  const sendNotSolved = (event: FormEvent) => {
    event.preventDefault();
    if (!comment.trim()) {
      setError(t('ticket.commentRequired'));
      return;
    }
    setError(undefined);
    confirm.mutate(false);
  };
  return (
    <section className="card card-highlight stack" data-testid="confirmation">
      <h2>{t('ticket.confirmTitle')}</h2>
      <p>{t('ticket.confirmText')}</p>
      {notSolved ? (
        <form className="stack" onSubmit={sendNotSolved} noValidate>
          <Field label={t('ticket.notSolvedPrompt')} error={error}>
            <textarea
              rows={3}
              value={comment}
              onChange={(event) => setComment(event.target.value)}
              data-testid="not-solved-comment"
            />
          </Field>
          <ErrorNotice error={error ? null : confirm.error} />
          <div className="button-row">
            <button type="button" className="button" onClick={() => setNotSolved(false)}>
              {t('common.cancel')}
            </button>
            <button
              type="submit"
              className="button primary"
              disabled={confirm.isPending}
              data-testid="not-solved-submit"
            >
              {t('ticket.notSolvedSubmit')}
            </button>
          </div>
        </form>
      ) : (
        <>
          <ErrorNotice error={confirm.error} />
          <div className="button-row">
            <button
              type="button"
              className="button"
              onClick={() => setNotSolved(true)}
              data-testid="not-solved"
            >
              {t('ticket.notSolved')}
            </button>
            <button
              type="button"
              className="button primary"
              disabled={confirm.isPending}
              onClick={() => confirm.mutate(true)}
              data-testid="confirm-solved"
            >
              {t('ticket.solved')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

function ReplyBox({ number }: { number: string }) {
  const { t } = useTranslation();
  const refresh = useRefreshTicket();
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [sent, setSent] = useState(false);
  const reply = useMutation({
    mutationFn: () =>
      portalApi.reply(
        number,
        body.trim(),
        files.map((item) => item.file),
      ),
    onSuccess: () => {
      releasePreviews(files);
      setFiles([]);
      setBody('');
      setSent(true);
      void refresh();
    },
    onError: (failure) => setError(fieldErrorsOf(failure).body),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSent(false);
    if (!body.trim() && files.length === 0) {
      setError(t('ticket.replyRequired'));
      return;
    }
    setError(undefined);
    reply.mutate();
  };
  return (
    <form className="card stack" onSubmit={onSubmit} noValidate data-testid="reply-form">
      <h2>{t('ticket.reply')}</h2>
      <Field label={t('ticket.reply')} error={error}>
        <textarea
          rows={4}
          value={body}
          onChange={(event) => {
            setBody(event.target.value);
            setSent(false);
          }}
          placeholder={t('ticket.replyPlaceholder')}
          data-testid="reply-body"
        />
      </Field>
      <FilePicker files={files} onChange={setFiles} testId="reply-files" />
      {sent && (
        <Notice tone="success" testId="reply-sent">
          {t('ticket.replySent')}
        </Notice>
      )}
      <ErrorNotice error={error ? null : reply.error} />
      <button
        type="submit"
        className="button primary block"
        disabled={reply.isPending}
        data-testid="reply-send"
      >
        {reply.isPending ? t('ticket.sending') : t('ticket.send')}
      </button>
    </form>
  );
}

function Details({ ticket }: { ticket: TicketView }) {
  const { t } = useTranslation();
  const facts = [
    ['ticket.orderNumber', ticket.orderNumber],
    ['ticket.productModel', ticket.productModel],
    ['ticket.serialNumber', ticket.serialNumber],
  ].filter((fact): fact is [string, string] => Boolean(fact[1]));
  return (
    <section className="card stack" data-testid="ticket-details">
      <h2>{t('ticket.details')}</h2>
      <p className="entry-body">{ticket.description}</p>
      {facts.length > 0 && (
        <dl className="facts">
          {facts.map(([label, value]) => (
            <div key={label}>
              <dt>{t(label)}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

function Verify({ number }: { number: string }) {
  const { t } = useTranslation();
  const sessionChanged = useSessionChanged();
  return (
    <section className="card stack narrow" data-testid="verify-ticket">
      <Notice tone="warning">{t('ticket.notFound')}</Notice>
      <h1>{t('ticket.verifyToView', { number })}</h1>
      <CodeVerification
        withTicketNumber
        initialTicketNumber={number}
        onVerified={(session) => sessionChanged(session)}
      />
    </section>
  );
}

export default function TicketPage() {
  const { t } = useTranslation();
  const number = useParams().number ?? '';
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const ticket = useQuery({ queryKey: ticketKey(number), queryFn: () => portalApi.ticket(number) });

  if (ticket.isPending) return <Loading />;
  if (ticket.error instanceof PortalApiError && [401, 403, 404].includes(ticket.error.status)) {
    return <Verify number={number} />;
  }
  if (ticket.isError) return <ErrorNotice error={ticket.error} />;

  const view = ticket.data;
  return (
    <div className="stack" data-testid="ticket-page">
      <section className="card stack">
        <div className="row-between wrap">
          <span className="mono" data-testid="ticket-number">
            {view.number}
          </span>
          <StatusBadge status={view.status} />
        </div>
        <h1 className="ticket-heading">{view.title}</h1>
        <p className="muted small">
          {t(`type.${view.type}`, { defaultValue: view.type })} ·{' '}
          {t('ticket.createdAt', { time: formatDateTime(view.createdAt) })}
        </p>
        <StatusSteps status={view.status} />
        {view.nextExpectedAt && view.status !== 'closed' && view.status !== 'resolved' && (
          <p className="next-expected" data-testid="next-expected">
            {t('ticket.nextExpected', { time: formatDateTime(view.nextExpectedAt) })}
          </p>
        )}
      </section>
      {view.survey && (
        <a href={view.survey.url} className="banner" data-testid="survey-banner">
          <span>{t('ticket.survey')}</span>
          <strong>{t('ticket.surveyGo')} →</strong>
        </a>
      )}
      {outcome?.number === view.number && (
        <Notice tone="success" testId={outcome.testId}>
          {t(outcome.key)}
        </Notice>
      )}
      {view.pendingPlan && (
        <PlanDecision
          number={view.number}
          plan={view.pendingPlan}
          onDone={(decision) =>
            setOutcome({
              number: view.number,
              key: decision === 'accept' ? 'ticket.planAccepted' : 'ticket.planRejected',
              testId: 'plan-outcome',
            })
          }
        />
      )}
      {/* With a plan still to decide, that decision comes first. */}
      {view.canConfirm && !view.pendingPlan && (
        <Confirmation
          number={view.number}
          onDone={(solved) =>
            setOutcome({
              number: view.number,
              key: solved ? 'ticket.closedThanks' : 'ticket.reopened',
              testId: 'confirm-outcome',
            })
          }
        />
      )}
      <Details ticket={view} />
      <Timeline ticket={view} />
      <ReplyBox number={view.number} />
    </div>
  );
}
