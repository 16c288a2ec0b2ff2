import { ArrowLeftOutlined, PhoneOutlined } from '@ant-design/icons';
import { Alert, Card, Col, Flex, Result, Row, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { useHasPermission, useMe } from '../auth/session';
import { formatDateTime } from '../common/format';
import { MilestonePanel } from '../sla/MilestonePanel';
import { SlaBadge } from '../sla/SlaBadge';
import { TicketSurveyPanel } from '../surveys/TicketSurveyPanel';
import { Composer } from './detail/Composer';
import { type DialogKind, TicketContext, type TicketContextValue } from './detail/context';
import { ComplaintPanel, CustomerPanel, ProductPanel, TimesPanel } from './detail/InfoPanels';
import { AttachmentsPanel, DuplicatesPanel, LinksPanel } from './detail/RelatedPanels';
import { CollaborationPanel, EscalationPanel, PlansPanel } from './detail/RequestPanels';
import { TicketActions } from './detail/TicketActions';
import { TicketDialogs } from './detail/TicketDialogs';
import { TicketTimeline } from './detail/Timeline';
import { AssignmentPanel, ClassificationPanel } from './detail/WorkPanels';
import { useTicket } from './queries';
import { EmotionTag, PriorityTag, StatusTag, useFormatDuration, VipTag } from './TicketTags';
import type { TicketDetail } from './types';

function Header({ detail }: { detail: TicketDetail }) {
  const { t } = useTranslation();
  const ticket = detail.ticket;
  const mergedInto = detail.links.find((link) => link.kind === 'merged' && link.direction === 'outgoing');
  return (
    <Card size="small">
      <Flex vertical gap={8}>
        <Link to="/tickets">
          <ArrowLeftOutlined /> {t('tickets.backToInbox')}
        </Link>
        <Flex justify="space-between" align="flex-start" gap={16} wrap>
          <Flex vertical gap={6} style={{ minWidth: 0, flex: 1 }}>
            <Space size={8} wrap align="center">
              <Typography.Text
                copyable={{ text: ticket.number }}
                type="secondary"
                data-testid="ticket-number"
              >
                {ticket.number}
              </Typography.Text>
              <Typography.Title level={4} style={{ margin: 0 }} data-testid="ticket-title">
                {ticket.title}
              </Typography.Title>
            </Space>
            <Flex gap={4} wrap align="center">
              <StatusTag status={ticket.status} />
              {ticket.subStatus && (
                <Tag bordered={false} color="blue" data-testid="sub-status">
                  {ticket.subStatus}
                </Tag>
              )}
              <PriorityTag priority={ticket.priority} />
              {ticket.status !== 'closed' ? (
                <SlaBadge sla={ticket.sla} isOverdue={ticket.isOverdue} layout="horizontal" />
              ) : (
                ticket.isOverdue && <SlaBadge sla={null} isOverdue />
              )}
              <EmotionTag emotion={ticket.emotion} />
              <Tag bordered={false}>{t(`tickets.type.${ticket.type}`)}</Tag>
              <Tag bordered={false}>{t(`tickets.channel.${ticket.channel}`)}</Tag>
              {ticket.customer && <VipTag tier={ticket.customer.tier} />}
              {ticket.tags.map((tag) => (
                <Tag key={tag}>{tag}</Tag>
              ))}
            </Flex>
          </Flex>
          <TicketActions />
        </Flex>
        {mergedInto && (
          <Alert
            type="info"
            showIcon
            title={
              <>
                {t('tickets.mergedInto')}{' '}
                <Link to={`/tickets/${mergedInto.number}`}>{mergedInto.number}</Link>
              </>
            }
          />
        )}
        {ticket.missingEssentials.length > 0 && !mergedInto && (
          <Alert
            type="warning"
            showIcon
            data-testid="missing-essentials"
            title={t('tickets.missing.title', {
              items: ticket.missingEssentials
                .map((item) => t(`tickets.missing.${item}`, { defaultValue: item }))
                .join('、'),
            })}
          />
        )}
      </Flex>
    </Card>
  );
}

function Description({ detail }: { detail: TicketDetail }) {
  const { t } = useTranslation();
  const formatDuration = useFormatDuration();
  const ticket = detail.ticket;
  return (
    <Card size="small" title={t('tickets.fields.description')} data-testid="ticket-description">
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 8 }}>
        {ticket.description || (
          <Typography.Text type="secondary">{t('tickets.noDescription')}</Typography.Text>
        )}
      </Typography.Paragraph>
      <Flex gap={16} wrap>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('tickets.fields.receivedAt')}：{formatDateTime(ticket.receivedAt)}
        </Typography.Text>
        {ticket.call && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <PhoneOutlined />{' '}
            {t('tickets.timeline.callInfo', {
              time: formatDateTime(ticket.call.startedAt),
              duration: formatDuration(ticket.call.durationSeconds),
            })}
          </Typography.Text>
        )}
      </Flex>
    </Card>
  );
}

/** 工单详情: header and actions, the timeline and composer, and the side panels (R1–R4, R9). */
export default function TicketPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const me = useMe();
  const can = useHasPermission();
  const query = useTicket(id);
  const [dialog, setDialog] = useState<DialogKind | null>(null);

  if (query.isPending) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (query.isError) {
    const missing = query.error instanceof ApiError && query.error.status === 404;
    return (
      <Result
        status={missing ? '404' : 'error'}
        title={missing ? t('tickets.notFound', { id }) : t('errors.network')}
        extra={<Link to="/tickets">{t('tickets.backToInbox')}</Link>}
      />
    );
  }
  const detail = query.data;
  const ticket = detail.ticket;
  const context: TicketContextValue = {
    detail,
    routeKey: id,
    me,
    can,
    isOwner: ticket.owner?.id === me.id,
    isClosed: ticket.status === 'closed',
    isFinished: ticket.status === 'closed' || ticket.status === 'resolved',
    openDialog: setDialog,
  };

  return (
    <TicketContext.Provider value={context}>
      <Flex vertical gap={16} data-testid="ticket-page">
        <Header detail={detail} />
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={16}>
            <Flex vertical gap={16}>
              <Description detail={detail} />
              <TicketTimeline />
              <Composer />
            </Flex>
          </Col>
          <Col xs={24} xl={8}>
            <Flex vertical gap={16}>
              <DuplicatesPanel />
              <CustomerPanel />
              <MilestonePanel sla={detail.sla} />
              <TicketSurveyPanel ticketId={ticket.id} status={ticket.status} />
              <ClassificationPanel />
              <AssignmentPanel />
              <ComplaintPanel />
              <ProductPanel />
              <PlansPanel />
              <CollaborationPanel />
              <EscalationPanel />
              <LinksPanel />
              <AttachmentsPanel />
              <TimesPanel />
            </Flex>
          </Col>
        </Row>
      </Flex>
      <TicketDialogs dialog={dialog} onClose={() => setDialog(null)} />
    </TicketContext.Provider>
  );
}
