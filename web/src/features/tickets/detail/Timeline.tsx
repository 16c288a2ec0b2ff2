import {
  ApartmentOutlined,
  AuditOutlined,
  BranchesOutlined,
  FileTextOutlined,
  FlagOutlined,
  LinkOutlined,
  LockOutlined,
  MessageOutlined,
  PaperClipOutlined,
  PhoneOutlined,
  PlusCircleOutlined,
  RiseOutlined,
  SendOutlined,
  TagsOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Timeline as AntTimeline, Button, Card, Flex, Tag, Typography, theme } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../../common/format';
import { useRenderSlaEvent } from '../../sla/timeline';
import { useRenderSurveyEvent } from '../../surveys/timeline';
import { type Directory, useCategoryTree, useDirectory, useLocalizedName } from '../queries';
import { useFormatDuration } from '../TicketTags';
import type { Attachment, TicketEvent, TicketStatus } from '../types';
import { useTicketContext } from './context';

type Rendered = {
  icon: ReactNode;
  color?: string;
  title: ReactNode;
  body?: ReactNode;
  /** Replies, customer messages and notes get a framed body. */
  tone?: 'reply' | 'customer' | 'note' | 'call';
};

const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

function AttachmentLinks({ ids, attachments }: { ids: string[]; attachments: Attachment[] }) {
  return (
    <Flex gap={8} wrap>
      {ids.map((id) => {
        const file = attachments.find((item) => item.id === id);
        return (
          <a key={id} href={file?.url ?? `/api/v1/attachments/${id}`} target="_blank" rel="noreferrer">
            <PaperClipOutlined /> {file?.fileName ?? id.slice(0, 8)}
          </a>
        );
      })}
    </Flex>
  );
}

function useRenderEvent() {
  const { t } = useTranslation();
  const { detail } = useTicketContext();
  const directory: Directory = useDirectory();
  const { byId } = useCategoryTree();
  const localized = useLocalizedName();
  const formatDuration = useFormatDuration();
  const status = (value: unknown) =>
    typeof value === 'string' ? t(`tickets.status.${value as TicketStatus}`, { defaultValue: value }) : '—';
  const person = (id: unknown) =>
    typeof id === 'string'
      ? (directory.userName(id) ?? t('tickets.timeline.someone'))
      : t('tickets.timeline.nobody');
  const group = (id: unknown) =>
    typeof id === 'string'
      ? (directory.groupName(id) ?? t('tickets.timeline.someGroup'))
      : t('tickets.timeline.noGroup');
  const categoryByCode = (code: unknown) => {
    if (typeof code !== 'string') return t('tickets.classification.noCategory');
    const found = [...byId.values()].find((item) => item.code === code);
    return found ? localized(found) : code;
  };
  const categoryById = (id: unknown) => {
    if (typeof id !== 'string') return t('tickets.classification.noCategory');
    const found = byId.get(id);
    return found ? localized(found) : id;
  };

  const renderSla = useRenderSlaEvent((id) => directory.userName(id) ?? t('tickets.timeline.someone'));
  const renderSurvey = useRenderSurveyEvent((id) => directory.userName(id) ?? t('tickets.timeline.someone'));

  return (event: TicketEvent): Rendered => {
    const data = event.data;
    switch (event.kind) {
      case 'system': {
        const sla = renderSla(data);
        if (sla) return sla;
        const survey = renderSurvey(data, event.body);
        if (survey) return survey;
        return {
          icon: <FileTextOutlined />,
          title: t('tickets.timeline.system'),
          body: event.body || undefined,
        };
      }
      case 'created': {
        const call = data.call as { startedAt?: string; durationSeconds?: number } | null | undefined;
        const channel = str(data.channel);
        return {
          icon: <PlusCircleOutlined />,
          color: 'blue',
          title: t('tickets.timeline.created', {
            channel: channel ? t(`tickets.channel.${channel}`, { defaultValue: channel }) : '—',
          }),
          body: call?.startedAt ? (
            <Typography.Text type="secondary">
              {t('tickets.timeline.callInfo', {
                time: formatDateTime(call.startedAt),
                duration: formatDuration(call.durationSeconds ?? null),
              })}
            </Typography.Text>
          ) : undefined,
        };
      }
      case 'public_reply':
        return {
          icon: <SendOutlined />,
          color: data.resolution ? 'green' : 'blue',
          title: data.resolution ? t('tickets.timeline.resolution') : t('tickets.timeline.publicReply'),
          tone: 'reply',
        };
      case 'customer_reply': {
        const via = str(data.via);
        return {
          icon: <MessageOutlined />,
          color: 'green',
          title: t('tickets.timeline.customerReply', {
            via: via ? t(`tickets.via.${via}`, { defaultValue: via }) : '',
          }),
          tone: 'customer',
        };
      }
      case 'internal_note':
        return {
          icon: <LockOutlined />,
          color: 'gold',
          title: t('tickets.timeline.internalNote'),
          tone: 'note',
        };
      case 'call':
        return {
          icon: <PhoneOutlined />,
          color: 'cyan',
          title: t('tickets.timeline.call', {
            direction: t(`tickets.callDirection.${data.direction === 'inbound' ? 'inbound' : 'outbound'}`),
            time: formatDateTime(str(data.startedAt)),
            duration: formatDuration(typeof data.durationSeconds === 'number' ? data.durationSeconds : null),
          }),
          tone: 'call',
        };
      case 'status_change':
        return {
          icon: <FlagOutlined />,
          color: data.to === 'closed' ? 'gray' : 'blue',
          title: data.autoClosed
            ? t('tickets.timeline.autoClosed', { days: data.silenceDays })
            : t('tickets.timeline.statusChange', { from: status(data.from), to: status(data.to) }),
          body: event.body || undefined,
        };
      case 'sub_status':
        return {
          icon: <FlagOutlined />,
          color: 'blue',
          title: t('tickets.timeline.subStatus', { value: event.body || str(data.to) || '' }),
        };
      case 'assignment': {
        if (data.accepted)
          return { icon: <TeamOutlined />, color: 'green', title: t('tickets.timeline.accepted') };
        if (data.declined)
          return {
            icon: <TeamOutlined />,
            color: 'red',
            title: data.toOwnerId
              ? t('tickets.timeline.declinedTo', { owner: person(data.toOwnerId) })
              : t('tickets.timeline.declined'),
            body: event.body || undefined,
          };
        if (Array.isArray(data.collaborators))
          return {
            icon: <TeamOutlined />,
            title: data.collaborators.length
              ? t('tickets.timeline.collaborators', {
                  names: data.collaborators.map((id) => person(id)).join('、'),
                })
              : t('tickets.timeline.collaboratorsCleared'),
          };
        const toGroup = 'toGroupId' in data ? data.toGroupId : data.groupId;
        const toOwner = 'toOwnerId' in data ? data.toOwnerId : data.ownerUserId;
        return {
          icon: <TeamOutlined />,
          title: (
            <>
              {t('tickets.timeline.assigned', { group: group(toGroup), owner: person(toOwner) })}
              {data.automatic === true && (
                <Tag style={{ marginInlineStart: 8 }} bordered={false}>
                  {t('tickets.timeline.automatic')}
                </Tag>
              )}
            </>
          ),
          body: event.body || undefined,
        };
      }
      case 'classification': {
        if (data.automatic !== false) {
          const tags = Array.isArray(data.tags) ? (data.tags as string[]) : [];
          const words = Array.isArray(data.complaintWords) ? (data.complaintWords as string[]) : [];
          return {
            icon: <TagsOutlined />,
            color: 'purple',
            title: (
              <>
                {t('tickets.timeline.autoClassified')}
                <Tag color="purple" bordered={false} style={{ marginInlineStart: 8 }}>
                  {t('tickets.timeline.automatic')}
                </Tag>
              </>
            ),
            body: (
              <Typography.Text type="secondary">
                {t('tickets.timeline.classificationOutcome', {
                  category: categoryByCode(data.category),
                  priority: str(data.priority) ?? '—',
                  emotion: t(`tickets.emotion.${str(data.emotion) ?? 'normal'}`),
                })}
                {tags.length > 0 && ` · ${t('tickets.fields.tags')}：${tags.join('、')}`}
                {words.length > 0 &&
                  ` · ${t('tickets.timeline.complaintWords', { words: words.join('、') })}`}
              </Typography.Text>
            ),
          };
        }
        const changes = (data.changes ?? {}) as Record<string, { from: unknown; to: unknown }>;
        const describe = (key: string, value: unknown) =>
          key === 'categoryId'
            ? categoryById(value)
            : key === 'emotion'
              ? t(`tickets.emotion.${String(value)}`)
              : String(value ?? '—');
        return {
          icon: <TagsOutlined />,
          color: 'orange',
          title: (
            <>
              {t('tickets.timeline.manualClassification')}
              <Tag color="orange" bordered={false} style={{ marginInlineStart: 8 }}>
                {t('tickets.timeline.override')}
              </Tag>
            </>
          ),
          body: (
            <Flex vertical gap={2}>
              {Object.entries(changes).map(([key, change]) => (
                <Typography.Text key={key} type="secondary">
                  {t(`tickets.timeline.changed.${key}`, { defaultValue: key })}：{describe(key, change.from)}{' '}
                  → {describe(key, change.to)}
                </Typography.Text>
              ))}
              {event.body && (
                <Typography.Text>{t('tickets.timeline.reason', { reason: event.body })}</Typography.Text>
              )}
            </Flex>
          ),
        };
      }
      case 'plan': {
        const action = str(data.action) ?? 'proposed';
        const amount = typeof data.compensationAmount === 'number' ? data.compensationAmount : null;
        const compensation = str(data.compensationType);
        return {
          icon: <AuditOutlined />,
          color: action === 'rejected' || action === 'customer_declined' ? 'red' : 'purple',
          title:
            action === 'approved' && data.status === 'pending_management'
              ? t('tickets.timeline.plan.leadApproved')
              : t(`tickets.timeline.plan.${action}`, { defaultValue: action }),
          body: (
            <Flex vertical gap={2}>
              {event.body && (
                <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{event.body}</Typography.Text>
              )}
              {compensation && compensation !== 'none' && (
                <Typography.Text type="secondary">
                  {t(`tickets.plans.compensation.${compensation}`)}
                  {amount !== null && ` ¥${amount}`}
                </Typography.Text>
              )}
            </Flex>
          ),
        };
      }
      case 'collaboration':
        return {
          icon: <ApartmentOutlined />,
          color: 'cyan',
          title: data.answered
            ? t('tickets.timeline.collaborationAnswered')
            : t('tickets.timeline.collaborationRequested', {
                group: group(data.groupId),
                due: formatDateTime(str(data.dueAt)),
              }),
          body: event.body ? (
            <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{event.body}</Typography.Text>
          ) : undefined,
        };
      case 'escalation': {
        const decision = str(data.decision);
        return {
          icon: <RiseOutlined />,
          color: decision === 'rejected' ? 'red' : 'volcano',
          title: decision
            ? t(`tickets.timeline.escalation.${decision}`, { defaultValue: decision })
            : t('tickets.timeline.escalation.requested'),
          body: (
            <Flex vertical gap={2}>
              {event.body && (
                <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{event.body}</Typography.Text>
              )}
              {str(data.supportNeeded) && (
                <Typography.Text type="secondary">
                  {t('tickets.escalations.supportNeeded')}：{str(data.supportNeeded)}
                </Typography.Text>
              )}
              {str(data.priority) && (
                <Typography.Text type="secondary">
                  {t('tickets.fields.priority')}：{str(data.priority)}
                </Typography.Text>
              )}
              {str(data.expectedResolutionAt) && (
                <Typography.Text type="secondary">
                  {t('tickets.fields.expectedResolutionAt')}：{formatDateTime(str(data.expectedResolutionAt))}
                </Typography.Text>
              )}
            </Flex>
          ),
        };
      }
      case 'attachment':
        return {
          icon: <PaperClipOutlined />,
          title: t('tickets.timeline.attachments'),
          body: (
            <AttachmentLinks
              ids={Array.isArray(data.attachmentIds) ? (data.attachmentIds as string[]) : []}
              attachments={detail.attachments}
            />
          ),
        };
      case 'link': {
        const other = str(data.mergedInto) ?? str(data.merged) ?? str(data.linked);
        const key = data.mergedInto ? 'mergedInto' : data.merged ? 'merged' : 'linked';
        return {
          icon: key === 'linked' ? <LinkOutlined /> : <BranchesOutlined />,
          color: key === 'mergedInto' ? 'gray' : 'blue',
          title: (
            <>
              {t(`tickets.timeline.${key}`, {
                kind: t(`tickets.linkKinds.${str(data.kind) ?? 'related'}`, {
                  defaultValue: str(data.kind) ?? '',
                }),
              })}{' '}
              {other && <Link to={`/tickets/${other}`}>{other}</Link>}
            </>
          ),
        };
      }
      default:
        return { icon: <FileTextOutlined />, title: event.kind, body: event.body || undefined };
    }
  };
}

function MessageBody({ event, tone }: { event: TicketEvent; tone: NonNullable<Rendered['tone']> }) {
  const { token } = theme.useToken();
  const styles: Record<typeof tone, { background: string; border: string }> = {
    reply: { background: token.colorPrimaryBg, border: token.colorPrimaryBorder },
    customer: { background: token.colorSuccessBg, border: token.colorSuccessBorder },
    note: { background: token.colorWarningBg, border: token.colorWarningBorder },
    call: { background: token.colorFillQuaternary, border: token.colorBorderSecondary },
  };
  const style = styles[tone];
  return (
    <div
      data-testid={`timeline-${event.kind}`}
      style={{
        background: style.background,
        border: `1px ${tone === 'note' ? 'dashed' : 'solid'} ${style.border}`,
        borderRadius: token.borderRadius,
        padding: '8px 12px',
        marginTop: 4,
        whiteSpace: 'pre-wrap',
        wordBreak: 'break-word',
      }}
    >
      {event.body}
    </div>
  );
}

/** 处理记录: every event of the ticket in one list, never edited in place (R4.2). */
export function TicketTimeline() {
  const { t } = useTranslation();
  const { detail } = useTicketContext();
  const render = useRenderEvent();
  const [newestFirst, setNewestFirst] = useState(false);
  const [internal, setInternal] = useState(true);

  const events = detail.timeline.filter((event) => internal || event.isPublic);
  const ordered = newestFirst ? [...events].reverse() : events;
  const directory = useDirectory();
  const author = (event: TicketEvent) =>
    event.author.userId
      ? (directory.userName(event.author.userId) ?? event.author.label)
      : event.author.label === 'system'
        ? t('tickets.timeline.system')
        : event.author.label === 'sla'
          ? t('sla.timeline.author')
          : event.author.label;

  return (
    <Card
      size="small"
      title={t('tickets.timeline.title', { count: detail.timeline.length })}
      extra={
        <Flex gap={4}>
          <Button size="small" type={internal ? 'default' : 'primary'} onClick={() => setInternal((v) => !v)}>
            {internal ? t('tickets.timeline.hideInternal') : t('tickets.timeline.showInternal')}
          </Button>
          <Button size="small" onClick={() => setNewestFirst((v) => !v)}>
            {newestFirst ? t('tickets.timeline.oldestFirst') : t('tickets.timeline.newestFirst')}
          </Button>
        </Flex>
      }
      data-testid="ticket-timeline"
    >
      <AntTimeline
        style={{ marginTop: 8 }}
        items={ordered.map((event) => {
          const rendered = render(event);
          return {
            key: event.id,
            icon: rendered.icon,
            color: rendered.color ?? 'gray',
            content: (
              <div data-testid="timeline-item" data-kind={event.kind}>
                <Flex justify="space-between" gap={8} wrap>
                  <Typography.Text strong>{rendered.title}</Typography.Text>
                  <Flex gap={6} align="center">
                    {!event.isPublic && event.kind !== 'internal_note' && (
                      <Tag bordered={false} style={{ marginInlineEnd: 0 }}>
                        {t('tickets.timeline.internal')}
                      </Tag>
                    )}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {author(event)} · {formatDateTime(event.createdAt)}
                    </Typography.Text>
                  </Flex>
                </Flex>
                {rendered.tone && event.body ? (
                  <MessageBody event={event} tone={rendered.tone} />
                ) : (
                  rendered.body
                )}
              </div>
            ),
          };
        })}
      />
      {ordered.length === 0 && (
        <Typography.Text type="secondary">{t('tickets.timeline.empty')}</Typography.Text>
      )}
    </Card>
  );
}
