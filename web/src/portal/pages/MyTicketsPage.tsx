import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router-dom';
import { PortalApiError, portalApi } from '../api';
import { ErrorNotice, Loading } from '../components/Notice';
import { StatusBadge } from '../components/StatusSteps';
import { formatDateTime } from '../format';
import { usePortalSession } from '../session';

export default function MyTicketsPage() {
  const { t } = useTranslation();
  const session = usePortalSession();
  const tickets = useQuery({
    queryKey: ['portal', 'tickets', 'list'],
    queryFn: portalApi.myTickets,
    enabled: Boolean(session.data),
  });

  if (session.isPending) return <Loading />;
  if (!session.data || (tickets.error instanceof PortalApiError && tickets.error.status === 401)) {
    return <Navigate to="/signin" replace />;
  }

  return (
    <section className="stack" data-testid="my-tickets">
      <div className="row-between wrap">
        <div>
          <h1>{t('myTickets.title')}</h1>
          <p className="muted">
            {t('myTickets.signedInAs', { destination: session.data.destinationMasked })}
          </p>
        </div>
        <Link to="/new" className="button primary">
          {t('myTickets.new')}
        </Link>
      </div>
      {tickets.isPending && <Loading />}
      <ErrorNotice error={tickets.error} />
      {tickets.data?.items.length === 0 && <p className="card muted center">{t('myTickets.empty')}</p>}
      <ul className="ticket-list">
        {tickets.data?.items.map((ticket) => (
          <li key={ticket.number}>
            <Link
              to={`/t/${encodeURIComponent(ticket.number)}`}
              className="ticket-item"
              data-testid="ticket-item"
            >
              <span className="row-between">
                <span className="mono">{ticket.number}</span>
                <StatusBadge status={ticket.status} />
              </span>
              <strong className="ticket-title">{ticket.title}</strong>
              <span className="muted small">
                {t(`type.${ticket.type}`, { defaultValue: ticket.type })} ·{' '}
                {t('myTickets.updated', { time: formatDateTime(ticket.updatedAt) })}
              </span>
              {ticket.nextExpectedAt && ticket.status !== 'closed' && (
                <span className="muted small">
                  {t('myTickets.next', { time: formatDateTime(ticket.nextExpectedAt) })}
                </span>
              )}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
