import { EditOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../common/format';
import { useDirectory, useLocalizedName, usePriorityOptions } from '../queries';
import { EmotionTag, PriorityTag } from '../TicketTags';
import { useTicketContext } from './context';

/** 分类与优先级: category, priority, emotion and tags, editable with an override reason (R2.4). */
export function ClassificationPanel() {
  const { t } = useTranslation();
  const { detail, can, isClosed, openDialog } = useTicketContext();
  const localized = useLocalizedName();
  const priorities = usePriorityOptions();
  const ticket = detail.ticket;
  const priority = priorities.find((option) => option.value === ticket.priority);
  const lastClassification = [...detail.timeline].reverse().find((event) => event.kind === 'classification');
  const manual = lastClassification?.data.automatic === false;
  return (
    <Card
      size="small"
      title={t('tickets.panels.classification')}
      extra={
        can('tickets.update') &&
        !isClosed && (
          <Button
            type="link"
            size="small"
            icon={<EditOutlined />}
            onClick={() => openDialog('classification')}
            data-testid="edit-classification"
          >
            {t('common.edit')}
          </Button>
        )
      }
      data-testid="classification-panel"
    >
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'type', label: t('tickets.fields.type'), children: t(`tickets.type.${ticket.type}`) },
          {
            key: 'category',
            label: t('tickets.fields.category'),
            children: ticket.category ? (
              <span data-testid="ticket-category">{localized(ticket.category)}</span>
            ) : (
              <Typography.Text type="warning">{t('tickets.classification.unclassified')}</Typography.Text>
            ),
          },
          {
            key: 'priority',
            label: t('tickets.fields.priority'),
            children: <PriorityTag priority={ticket.priority} label={priority?.label} />,
          },
          {
            key: 'emotion',
            label: t('tickets.fields.emotion'),
            children: <EmotionTag emotion={ticket.emotion} />,
          },
          {
            key: 'tags',
            label: t('tickets.fields.tags'),
            children: ticket.tags.length ? (
              <Flex gap={4} wrap>
                {ticket.tags.map((tag) => (
                  <Tag key={tag} style={{ marginInlineEnd: 0 }}>
                    {tag}
                  </Tag>
                ))}
              </Flex>
            ) : (
              '—'
            ),
          },
          {
            key: 'source',
            label: t('tickets.classification.source'),
            children: lastClassification ? (
              <Tag color={manual ? 'orange' : 'purple'} bordered={false}>
                {manual ? t('tickets.timeline.override') : t('tickets.timeline.automatic')}
              </Tag>
            ) : (
              '—'
            ),
          },
        ]}
      />
    </Card>
  );
}

/** 分派: group, owner (第一责任人) and the state of the assignment, collaborators (协作人). */
export function AssignmentPanel() {
  const { t } = useTranslation();
  const { detail, can, isOwner, isFinished, openDialog } = useTicketContext();
  const directory = useDirectory();
  const ticket = detail.ticket;
  const stateColor = { pending: 'warning', accepted: 'success', declined: 'error' } as const;
  return (
    <Card
      size="small"
      title={t('tickets.panels.assignment')}
      extra={
        !isFinished &&
        (can('tickets.assign') || isOwner) && (
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => openDialog('assign')}>
            {ticket.owner ? t('tickets.actions.transfer') : t('tickets.actions.assign')}
          </Button>
        )
      }
      data-testid="assignment-panel"
    >
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'group', label: t('tickets.fields.group'), children: ticket.group?.name ?? '—' },
          {
            key: 'owner',
            label: t('tickets.fields.owner'),
            children: ticket.owner ? (
              <span data-testid="ticket-owner">{ticket.owner.displayName}</span>
            ) : (
              <Typography.Text type="secondary">{t('tickets.unassigned')}</Typography.Text>
            ),
          },
          {
            key: 'state',
            label: t('tickets.assignment.state'),
            children: ticket.assignmentState ? (
              <Tag color={stateColor[ticket.assignmentState]}>
                {t(`tickets.assignment.states.${ticket.assignmentState}`)}
              </Tag>
            ) : (
              '—'
            ),
          },
          ...(ticket.assignedAt
            ? [
                {
                  key: 'assignedAt',
                  label: t('tickets.fields.assignedAt'),
                  children: formatDateTime(ticket.assignedAt),
                },
              ]
            : []),
          {
            key: 'collaborators',
            label: t('tickets.assignment.collaborators'),
            children: (
              <Flex gap={4} wrap align="center">
                {ticket.collaboratorIds.length
                  ? ticket.collaboratorIds.map((id) => (
                      <Tag key={id} style={{ marginInlineEnd: 0 }}>
                        {directory.userName(id) ?? t('tickets.timeline.someone')}
                      </Tag>
                    ))
                  : '—'}
                {can('tickets.update') && !isFinished && (
                  <Button type="link" size="small" onClick={() => openDialog('collaborators')}>
                    {t('common.edit')}
                  </Button>
                )}
              </Flex>
            ),
          },
        ]}
      />
    </Card>
  );
}
