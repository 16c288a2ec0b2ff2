import { PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  Radio,
  Select,
  Space,
  Tag,
  Typography,
  theme,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../common/format';
import { ticketsApi } from '../api';
import { useDirectory, usePriorityOptions } from '../queries';
import type { CollaborationRequest, EscalationRequest, PlanStatus, SolutionPlan } from '../types';
import { ActionModal } from './ActionModal';
import { useTicketContext } from './context';

const PLAN_COLORS: Record<PlanStatus, string> = {
  pending_lead: 'processing',
  pending_management: 'warning',
  approved: 'success',
  rejected: 'error',
  accepted: 'green',
  declined_by_customer: 'volcano',
  withdrawn: 'default',
};

const blank = (value: string | undefined | null) => (value?.trim() ? value.trim() : null);

/** Items one under another, separated by a hairline. */
export function Stack<T extends { id: string }>({
  items,
  render,
}: {
  items: T[];
  render: (item: T) => ReactNode;
}) {
  const { token } = theme.useToken();
  return (
    <Flex vertical>
      {items.map((item, index) => (
        <div
          key={item.id}
          style={{ padding: '8px 0', borderTop: index ? `1px solid ${token.colorSplit}` : undefined }}
        >
          {render(item)}
        </div>
      ))}
    </Flex>
  );
}

function AddButton({ onClick, label, testId }: { onClick: () => void; label: string; testId?: string }) {
  return (
    <Button type="link" size="small" icon={<PlusOutlined />} onClick={onClick} data-testid={testId}>
      {label}
    </Button>
  );
}

type PlanDecision = { plan: SolutionPlan; kind: 'approval' | 'customer' };

/** 处理方案 (R4.4): proposals, the lead's and management's approval, and the customer's answer. */
export function PlansPanel() {
  const { t } = useTranslation();
  const { detail, me, can, isClosed, openDialog } = useTicketContext();
  const directory = useDirectory();
  const [deciding, setDeciding] = useState<PlanDecision | null>(null);
  const ticket = detail.ticket;
  const isLead = directory.leadOf(ticket.group?.id) === me.id;
  const mayDecide = (plan: SolutionPlan) =>
    (plan.status === 'pending_lead' && (can('plans.approve') || isLead)) ||
    (plan.status === 'pending_management' && can('plans.approve_major'));

  return (
    <Card
      size="small"
      title={t('tickets.panels.plans', { count: detail.plans.length })}
      extra={
        can('tickets.update') &&
        !isClosed && <AddButton label={t('tickets.plans.propose')} onClick={() => openDialog('plan')} />
      }
      data-testid="plans-panel"
    >
      {detail.plans.length === 0 ? (
        <Typography.Text type="secondary">{t('tickets.plans.none')}</Typography.Text>
      ) : (
        <Stack
          items={[...detail.plans].reverse()}
          render={(plan) => (
            <>
              <Flex justify="space-between" align="center" gap={8}>
                <Tag color={PLAN_COLORS[plan.status]}>{t(`tickets.plans.status.${plan.status}`)}</Tag>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {directory.userName(plan.createdBy) ?? ''} · {formatDateTime(plan.createdAt)}
                </Typography.Text>
              </Flex>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '6px 0' }}>
                {plan.body}
              </Typography.Paragraph>
              {plan.compensationType && plan.compensationType !== 'none' && (
                <Typography.Text type="secondary">
                  {t('tickets.plans.compensationType')}：
                  {t(`tickets.plans.compensation.${plan.compensationType}`)}
                  {plan.compensationAmount !== null && ` ¥${Number(plan.compensationAmount).toFixed(2)}`}
                </Typography.Text>
              )}
              <Flex gap={4} wrap style={{ marginTop: 4 }}>
                {plan.needsManagement && <Tag color="gold">{t('tickets.plans.major')}</Tag>}
                {plan.isBulk && <Tag>{t('tickets.plans.bulk')}</Tag>}
              </Flex>
              {plan.leadNote && (
                <Typography.Text type="secondary" style={{ display: 'block' }}>
                  {t('tickets.plans.leadNote', { note: plan.leadNote })}
                </Typography.Text>
              )}
              {plan.managementNote && (
                <Typography.Text type="secondary" style={{ display: 'block' }}>
                  {t('tickets.plans.managementNote', { note: plan.managementNote })}
                </Typography.Text>
              )}
              {plan.customerNote && (
                <Typography.Text type="secondary" style={{ display: 'block' }}>
                  {t('tickets.plans.customerNote', { note: plan.customerNote })}
                </Typography.Text>
              )}
              <Space style={{ marginTop: 6 }}>
                {mayDecide(plan) && (
                  <Button size="small" type="primary" onClick={() => setDeciding({ plan, kind: 'approval' })}>
                    {plan.status === 'pending_management'
                      ? t('tickets.plans.decideMajor')
                      : t('tickets.plans.decide')}
                  </Button>
                )}
                {plan.status === 'approved' && can('tickets.update') && (
                  <Button size="small" onClick={() => setDeciding({ plan, kind: 'customer' })}>
                    {t('tickets.plans.recordCustomer')}
                  </Button>
                )}
              </Space>
            </>
          )}
        />
      )}
      {deciding?.kind === 'approval' && (
        <ActionModal<{ approve: boolean; note?: string }>
          title={t('tickets.plans.decideTitle')}
          onClose={() => setDeciding(null)}
          initialValues={{ approve: true }}
          run={(values) =>
            ticketsApi.decidePlan(ticket.id, deciding.plan.id, values.approve, blank(values.note))
          }
        >
          <Form.Item name="approve" label={t('tickets.plans.decision')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: true, label: t('tickets.plans.approve') },
                { value: false, label: t('tickets.plans.reject') },
              ]}
            />
          </Form.Item>
          <Form.Item name="note" label={t('tickets.actions.note')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </ActionModal>
      )}
      {deciding?.kind === 'customer' && (
        <ActionModal<{ accepted: boolean; note?: string }>
          title={t('tickets.plans.customerTitle')}
          onClose={() => setDeciding(null)}
          initialValues={{ accepted: true }}
          run={(values) =>
            ticketsApi.customerDecision(ticket.id, deciding.plan.id, values.accepted, blank(values.note))
          }
        >
          <Form.Item name="accepted" label={t('tickets.plans.customerAnswer')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: true, label: t('tickets.plans.customerAccepted') },
                { value: false, label: t('tickets.plans.customerDeclined') },
              ]}
            />
          </Form.Item>
          <Form.Item name="note" label={t('tickets.actions.note')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </ActionModal>
      )}
    </Card>
  );
}

/** 协作请求 (R3.4): another department asked for a named action by a deadline, and its answer. */
export function CollaborationPanel() {
  const { t } = useTranslation();
  const { detail, can, isClosed, openDialog } = useTicketContext();
  const [answering, setAnswering] = useState<CollaborationRequest | null>(null);
  const ticket = detail.ticket;
  const requests = detail.collaborationRequests;
  return (
    <Card
      size="small"
      title={t('tickets.panels.collaboration', { count: requests.length })}
      extra={
        can('tickets.update') &&
        !isClosed && (
          <AddButton label={t('tickets.collaboration.request')} onClick={() => openDialog('collaboration')} />
        )
      }
      data-testid="collaboration-panel"
    >
      {requests.length === 0 ? (
        <Typography.Text type="secondary">{t('tickets.collaboration.none')}</Typography.Text>
      ) : (
        <Stack
          items={requests}
          render={(request) => {
            const overdue = request.status === 'open' && dayjs(request.dueAt).isBefore(dayjs());
            return (
              <>
                <Flex justify="space-between" align="center" gap={8}>
                  <Typography.Text strong>{request.groupName}</Typography.Text>
                  <Tag color={request.status === 'answered' ? 'success' : overdue ? 'error' : 'processing'}>
                    {overdue
                      ? t('tickets.collaboration.overdue')
                      : t(`tickets.collaboration.status.${request.status}`)}
                  </Tag>
                </Flex>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0' }}>
                  {request.action}
                </Typography.Paragraph>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('tickets.collaboration.byDue', {
                    name: request.requestedByName,
                    due: formatDateTime(request.dueAt),
                  })}
                </Typography.Text>
                {request.answer && (
                  <Typography.Paragraph
                    style={{
                      whiteSpace: 'pre-wrap',
                      margin: '4px 0 0',
                      paddingInlineStart: 8,
                      borderInlineStart: '3px solid #b7eb8f',
                    }}
                  >
                    {request.answer}
                    <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                      {formatDateTime(request.answeredAt)}
                    </Typography.Text>
                  </Typography.Paragraph>
                )}
                {request.status === 'open' && can('tickets.update') && (
                  <Button size="small" style={{ marginTop: 6 }} onClick={() => setAnswering(request)}>
                    {t('tickets.collaboration.answer')}
                  </Button>
                )}
              </>
            );
          }}
        />
      )}
      {answering && (
        <ActionModal<{ answer: string }>
          title={t('tickets.collaboration.answerTitle', { group: answering.groupName })}
          onClose={() => setAnswering(null)}
          run={(values) => ticketsApi.answerCollaboration(ticket.id, answering.id, values.answer.trim())}
        >
          <Typography.Paragraph type="secondary">{answering.action}</Typography.Paragraph>
          <Form.Item
            name="answer"
            label={t('tickets.collaboration.answer')}
            rules={[{ required: true, whitespace: true, message: t('tickets.composer.bodyRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={5000} autoFocus />
          </Form.Item>
        </ActionModal>
      )}
    </Card>
  );
}

type EscalationDecision = {
  approve: boolean;
  note?: string;
  newExpectedResolutionAt?: Dayjs | null;
  priority?: string;
};

/** 升级申请 (R3.4): the owner asks for escalation; a supervisor decides and may update the expectation. */
export function EscalationPanel() {
  const { t } = useTranslation();
  const { detail, can, isFinished, openDialog } = useTicketContext();
  const priorities = usePriorityOptions();
  const [deciding, setDeciding] = useState<EscalationRequest | null>(null);
  const ticket = detail.ticket;
  const escalations = detail.escalations;
  const color = { pending: 'processing', approved: 'success', rejected: 'error' } as const;
  return (
    <Card
      size="small"
      title={t('tickets.panels.escalations', { count: escalations.length })}
      extra={
        can('tickets.update') &&
        !isFinished && (
          <AddButton label={t('tickets.escalations.request')} onClick={() => openDialog('escalation')} />
        )
      }
      data-testid="escalations-panel"
    >
      {escalations.length === 0 ? (
        <Typography.Text type="secondary">{t('tickets.escalations.none')}</Typography.Text>
      ) : (
        <Stack
          items={escalations}
          render={(request) => (
            <>
              <Flex justify="space-between" align="center" gap={8}>
                <Tag color={color[request.status]}>{t(`tickets.escalations.status.${request.status}`)}</Tag>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {request.requestedByName} · {formatDateTime(request.createdAt)}
                </Typography.Text>
              </Flex>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0' }}>
                {request.reason}
              </Typography.Paragraph>
              {request.supportNeeded && (
                <Typography.Text type="secondary" style={{ display: 'block' }}>
                  {t('tickets.escalations.supportNeeded')}：{request.supportNeeded}
                </Typography.Text>
              )}
              {request.decisionNote && (
                <Typography.Text type="secondary" style={{ display: 'block' }}>
                  {t('tickets.escalations.decisionNote', { note: request.decisionNote })}
                </Typography.Text>
              )}
              {request.newExpectedResolutionAt && (
                <Typography.Text type="secondary" style={{ display: 'block' }}>
                  {t('tickets.fields.expectedResolutionAt')}：
                  {formatDateTime(request.newExpectedResolutionAt)}
                </Typography.Text>
              )}
              {request.status === 'pending' && can('tickets.assign') && (
                <Button
                  size="small"
                  type="primary"
                  style={{ marginTop: 6 }}
                  onClick={() => setDeciding(request)}
                >
                  {t('tickets.escalations.decide')}
                </Button>
              )}
            </>
          )}
        />
      )}
      {deciding && (
        <ActionModal<EscalationDecision>
          title={t('tickets.escalations.decideTitle')}
          onClose={() => setDeciding(null)}
          initialValues={{
            approve: true,
            priority: ticket.priority,
            newExpectedResolutionAt: ticket.expectedResolutionAt ? dayjs(ticket.expectedResolutionAt) : null,
          }}
          run={(values) =>
            ticketsApi.decideEscalation(ticket.id, deciding.id, {
              approve: values.approve,
              note: blank(values.note),
              ...(values.approve
                ? {
                    newExpectedResolutionAt: values.newExpectedResolutionAt?.toISOString() ?? null,
                    priority: values.priority !== ticket.priority ? values.priority : undefined,
                  }
                : {}),
            })
          }
          render={(form) => (
            <>
              <Typography.Paragraph type="secondary">{deciding.reason}</Typography.Paragraph>
              <Form.Item name="approve" label={t('tickets.plans.decision')}>
                <Radio.Group
                  optionType="button"
                  options={[
                    { value: true, label: t('tickets.plans.approve') },
                    { value: false, label: t('tickets.plans.reject') },
                  ]}
                />
              </Form.Item>
              <Form.Item noStyle shouldUpdate={(a, b) => a.approve !== b.approve}>
                {() =>
                  form.getFieldValue('approve') && (
                    <>
                      <Form.Item name="priority" label={t('tickets.fields.priority')}>
                        <Select options={priorities.map(({ value, label }) => ({ value, label }))} />
                      </Form.Item>
                      <Form.Item
                        name="newExpectedResolutionAt"
                        label={t('tickets.escalations.newExpected')}
                        extra={t('tickets.escalations.newExpectedHint')}
                      >
                        <DatePicker
                          showTime={{ format: 'HH:mm' }}
                          format="YYYY-MM-DD HH:mm"
                          style={{ width: '100%' }}
                        />
                      </Form.Item>
                    </>
                  )
                }
              </Form.Item>
              <Form.Item name="note" label={t('tickets.actions.note')}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
            </>
          )}
        />
      )}
    </Card>
  );
}
