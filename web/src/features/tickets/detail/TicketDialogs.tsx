import {
  Alert,
  AutoComplete,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  TreeSelect,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { OverdueReasonFields, type OverdueReasonValues } from '../../sla/OverdueReasonFields';
import { ticketsApi } from '../api';
import { useCategoryTree, useDirectory, usePriorityOptions } from '../queries';
import {
  COMPENSATION_TYPES,
  COMPLAINT_CATEGORIES,
  COMPLAINT_SEVERITIES,
  CONFIRMATION_METHODS,
  type CompensationType,
  type ConfirmationMethod,
  EMOTIONS,
  type Emotion,
  EXTERNAL_SOURCES,
  LINK_KINDS,
  type LinkKind,
  MANUAL_STATUSES,
  type ManualStatus,
  type UpdateTicketInput,
} from '../types';
import { ActionModal } from './ActionModal';
import { type DialogKind, useTicketContext } from './context';

const SUB_STATUS_SUGGESTIONS = ['contacted', 'visitScheduled', 'waitingParts', 'partsShipped', 'inspected'];

const iso = (value: Dayjs | null | undefined) => (value ? value.toISOString() : null);
const blank = (value: string | undefined | null) => (value?.trim() ? value.trim() : null);
const required = (message: string) => [{ required: true, whitespace: true, message }];

function AssignDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { detail } = useTicketContext();
  const directory = useDirectory();
  const ticket = detail.ticket;
  type V = { groupId?: string | null; ownerId?: string | null; note?: string };
  return (
    <ActionModal<V>
      title={t('tickets.actions.assignTitle', { number: ticket.number })}
      onClose={onClose}
      testId="assign-form"
      initialValues={{ groupId: ticket.group?.id ?? null, ownerId: ticket.owner?.id ?? null }}
      run={(values) =>
        ticketsApi.assign(ticket.id, {
          groupId: values.groupId ?? null,
          // Leaving the owner empty lets the group's strategy choose one.
          ownerId: values.ownerId ? values.ownerId : undefined,
          note: blank(values.note),
        })
      }
      render={(form) => (
        <>
          <Form.Item name="groupId" label={t('tickets.fields.group')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={directory.groups.map((group) => ({ value: group.id, label: group.name }))}
              onChange={() => form.setFieldValue('ownerId', null)}
              data-testid="assign-group"
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.groupId !== b.groupId}>
            {() => (
              <Form.Item
                name="ownerId"
                label={t('tickets.fields.owner')}
                extra={t('tickets.assign.ownerHint')}
              >
                <Select
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  options={directory
                    .membersOf(form.getFieldValue('groupId'))
                    .map((user) => ({ value: user.id, label: user.displayName }))}
                  data-testid="assign-owner"
                />
              </Form.Item>
            )}
          </Form.Item>
          <Form.Item name="note" label={t('tickets.actions.note')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </>
      )}
    />
  );
}

function ClassificationDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { detail } = useTicketContext();
  const { tree } = useCategoryTree();
  const priorities = usePriorityOptions();
  const ticket = detail.ticket;
  type V = {
    categoryId?: string | null;
    priority: string;
    emotion: Emotion;
    tags: string[];
    reason?: string;
  };
  const initial: V = {
    categoryId: ticket.category?.id ?? null,
    priority: ticket.priority,
    emotion: ticket.emotion,
    tags: ticket.tags,
  };
  const overridden = (values: Partial<V>) =>
    (values.categoryId ?? null) !== initial.categoryId ||
    values.priority !== initial.priority ||
    values.emotion !== initial.emotion;
  return (
    <ActionModal<V>
      title={t('tickets.classification.editTitle')}
      onClose={onClose}
      testId="classification-form"
      initialValues={initial}
      run={async (values) => {
        const input: UpdateTicketInput = {};
        if ((values.categoryId ?? null) !== initial.categoryId) input.categoryId = values.categoryId ?? null;
        if (values.priority !== initial.priority) input.priority = values.priority;
        if (values.emotion !== initial.emotion) input.emotion = values.emotion;
        if (values.tags.join('\u0000') !== initial.tags.join('\u0000')) input.tags = values.tags;
        if (!Object.keys(input).length) return;
        if (overridden(values)) input.reason = blank(values.reason);
        await ticketsApi.update(ticket.id, input);
      }}
      render={(form) => (
        <>
          <Form.Item name="categoryId" label={t('tickets.fields.category')}>
            <TreeSelect
              allowClear
              showSearch
              treeData={tree}
              treeDefaultExpandAll
              treeNodeFilterProp="title"
              placeholder={t('tickets.classification.noCategory')}
              data-testid="classification-category"
            />
          </Form.Item>
          <Form.Item name="priority" label={t('tickets.fields.priority')}>
            <Select options={priorities.map(({ value, label }) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="emotion" label={t('tickets.fields.emotion')}>
            <Select options={EMOTIONS.map((value) => ({ value, label: t(`tickets.emotion.${value}`) }))} />
          </Form.Item>
          <Form.Item name="tags" label={t('tickets.fields.tags')}>
            <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，']} />
          </Form.Item>
          <Form.Item noStyle shouldUpdate>
            {() =>
              overridden(form.getFieldsValue()) ? (
                <Form.Item
                  name="reason"
                  label={t('tickets.classification.reason')}
                  extra={t('tickets.classification.reasonHint')}
                  rules={required(t('tickets.classification.reasonRequired'))}
                >
                  <Input.TextArea rows={2} maxLength={500} data-testid="classification-reason" />
                </Form.Item>
              ) : null
            }
          </Form.Item>
        </>
      )}
    />
  );
}

function ProductDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { detail } = useTicketContext();
  const ticket = detail.ticket;
  type V = {
    orderNumber?: string;
    productModel?: string;
    serialNumber?: string;
    customerRequest?: string;
    expectedResolutionAt?: Dayjs | null;
  };
  return (
    <ActionModal<V>
      title={t('tickets.product.editTitle')}
      onClose={onClose}
      initialValues={{
        orderNumber: ticket.orderNumber ?? '',
        productModel: ticket.product.model ?? '',
        serialNumber: ticket.serialNumber ?? '',
        customerRequest: ticket.customerRequest ?? '',
        expectedResolutionAt: ticket.expectedResolutionAt ? dayjs(ticket.expectedResolutionAt) : null,
      }}
      run={(values) => {
        const input: UpdateTicketInput = {};
        const text = (key: 'orderNumber' | 'serialNumber' | 'customerRequest', before: string | null) => {
          const next = blank(values[key]);
          if (next !== before) input[key] = next;
        };
        text('orderNumber', ticket.orderNumber);
        text('serialNumber', ticket.serialNumber);
        text('customerRequest', ticket.customerRequest);
        const model = blank(values.productModel);
        if (model !== ticket.product.model) input.productModel = model;
        const expected = iso(values.expectedResolutionAt);
        if (expected !== ticket.expectedResolutionAt) input.expectedResolutionAt = expected;
        return Object.keys(input).length ? ticketsApi.update(ticket.id, input) : Promise.resolve();
      }}
    >
      <Form.Item name="orderNumber" label={t('tickets.fields.orderNumber')}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="productModel" label={t('tickets.fields.productModel')}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="serialNumber" label={t('tickets.fields.serialNumber')}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="customerRequest" label={t('tickets.fields.customerRequest')}>
        <Input.TextArea rows={2} maxLength={5000} />
      </Form.Item>
      <Form.Item name="expectedResolutionAt" label={t('tickets.fields.expectedResolutionAt')}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
      </Form.Item>
    </ActionModal>
  );
}

function ComplaintDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { detail } = useTicketContext();
  const ticket = detail.ticket;
  const complaint = ticket.complaint;
  type V = {
    severity?: string;
    category?: string;
    externalSource?: string | null;
    externalDeadlineAt?: Dayjs | null;
  };
  return (
    <ActionModal<V>
      title={t('tickets.complaint.editTitle')}
      onClose={onClose}
      initialValues={{
        severity: complaint?.severity ?? 'light',
        category: complaint?.category ?? undefined,
        externalSource: complaint?.externalSource ?? null,
        externalDeadlineAt: complaint?.externalDeadlineAt ? dayjs(complaint.externalDeadlineAt) : null,
      }}
      run={(values) =>
        ticketsApi.update(ticket.id, {
          complaint: {
            severity: values.severity,
            category: values.category,
            externalSource: values.externalSource ?? null,
            externalDeadlineAt: iso(values.externalDeadlineAt),
          },
        })
      }
    >
      <Form.Item name="severity" label={t('tickets.complaint.severity')}>
        <Radio.Group
          optionType="button"
          options={COMPLAINT_SEVERITIES.map((value) => ({
            value,
            label: t(`tickets.complaint.severities.${value}`),
          }))}
        />
      </Form.Item>
      <Form.Item name="category" label={t('tickets.complaint.category')}>
        <Select
          allowClear
          options={COMPLAINT_CATEGORIES.map((value) => ({
            value,
            label: t(`tickets.complaint.categories.${value}`),
          }))}
        />
      </Form.Item>
      <Form.Item name="externalSource" label={t('tickets.complaint.externalSource')}>
        <Select
          allowClear
          placeholder={t('tickets.complaint.noExternal')}
          options={EXTERNAL_SOURCES.map((value) => ({
            value,
            label: t(`tickets.complaint.sources.${value}`),
          }))}
        />
      </Form.Item>
      <Form.Item name="externalDeadlineAt" label={t('tickets.complaint.externalDeadline')}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
      </Form.Item>
    </ActionModal>
  );
}

/** The dialog that is open on the ticket page, if any. */
export function TicketDialogs({ dialog, onClose }: { dialog: DialogKind | null; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { detail } = useTicketContext();
  const directory = useDirectory();
  const ticket = detail.ticket;
  const id = ticket.id;

  switch (dialog) {
    case null:
      return null;
    case 'assign':
      return <AssignDialog onClose={onClose} />;
    case 'classification':
      return <ClassificationDialog onClose={onClose} />;
    case 'product':
      return <ProductDialog onClose={onClose} />;
    case 'complaint':
      return <ComplaintDialog onClose={onClose} />;
    case 'decline':
      return (
        <ActionModal<{ reason: string }>
          title={t('tickets.actions.declineTitle')}
          onClose={onClose}
          danger
          okText={t('tickets.actions.decline')}
          testId="decline-form"
          run={async (values) => {
            await ticketsApi.decline(id, values.reason.trim());
            // Declined work goes back to the lead and may leave the decliner's view: back to the inbox.
            navigate('/tickets');
          }}
        >
          <Typography.Paragraph type="secondary">{t('tickets.actions.declineHint')}</Typography.Paragraph>
          <Form.Item
            name="reason"
            label={t('tickets.actions.reason')}
            rules={required(t('tickets.actions.reasonRequired'))}
          >
            <Input.TextArea rows={3} maxLength={1000} autoFocus />
          </Form.Item>
        </ActionModal>
      );
    case 'status': {
      const options = MANUAL_STATUSES.filter((status) => ticket.allowedStatuses.includes(status));
      return (
        <ActionModal<{ status: ManualStatus; note?: string }>
          title={t('tickets.actions.statusTitle')}
          onClose={onClose}
          testId="status-form"
          initialValues={{ status: options[0] }}
          run={(values) => ticketsApi.setStatus(id, values.status, blank(values.note))}
        >
          <Form.Item name="status" label={t('tickets.fields.status')} rules={[{ required: true }]}>
            <Radio.Group
              options={options.map((value) => ({ value, label: t(`tickets.status.${value}`) }))}
              data-testid="status-options"
            />
          </Form.Item>
          <Form.Item name="note" label={t('tickets.actions.note')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </ActionModal>
      );
    }
    case 'subStatus':
      return (
        <ActionModal<{ subStatus: string }>
          title={t('tickets.actions.subStatusTitle')}
          onClose={onClose}
          initialValues={{ subStatus: '' }}
          run={(values) => ticketsApi.setSubStatus(id, values.subStatus.trim())}
        >
          <Typography.Paragraph type="secondary">{t('tickets.actions.subStatusHint')}</Typography.Paragraph>
          <Form.Item
            name="subStatus"
            label={t('tickets.fields.subStatus')}
            rules={required(t('tickets.actions.subStatusRequired'))}
          >
            <AutoComplete
              options={SUB_STATUS_SUGGESTIONS.map((key) => ({
                value: t(`tickets.subStatusSuggestions.${key}`),
              }))}
              maxLength={60}
              autoFocus
            />
          </Form.Item>
        </ActionModal>
      );
    case 'resolve':
      return (
        <ActionModal<{ summary: string }>
          title={t('tickets.actions.resolveTitle')}
          onClose={onClose}
          okText={t('tickets.actions.resolve')}
          testId="resolve-form"
          run={(values) => ticketsApi.resolve(id, values.summary.trim())}
        >
          <Typography.Paragraph type="secondary">{t('tickets.actions.resolveHint')}</Typography.Paragraph>
          <Form.Item
            name="summary"
            label={t('tickets.actions.resolution')}
            rules={required(t('tickets.actions.resolutionRequired'))}
          >
            <Input.TextArea rows={4} maxLength={5000} autoFocus />
          </Form.Item>
        </ActionModal>
      );
    case 'close':
      return (
        <ActionModal<{ confirmationMethod: ConfirmationMethod; note?: string } & OverdueReasonValues>
          title={t('tickets.actions.closeTitle')}
          onClose={onClose}
          okText={t('tickets.actions.close')}
          testId="close-form"
          initialValues={{ confirmationMethod: 'phone' }}
          run={(values) =>
            ticketsApi.close(
              id,
              values.confirmationMethod,
              blank(values.note),
              ticket.isOverdue
                ? { overdueReason: values.overdueReason, overdueReasonText: blank(values.overdueReasonText) }
                : undefined,
            )
          }
          render={(form) => (ticket.isOverdue ? <OverdueReasonFields form={form} /> : null)}
        >
          <Typography.Paragraph type="secondary">{t('tickets.actions.closeHint')}</Typography.Paragraph>
          <Form.Item
            name="confirmationMethod"
            label={t('tickets.fields.confirmationMethod')}
            rules={[{ required: true }]}
          >
            <Radio.Group
              options={CONFIRMATION_METHODS.map((value) => ({
                value,
                label: t(`tickets.confirmation.${value}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="note" label={t('tickets.actions.note')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </ActionModal>
      );
    case 'reopen':
      return (
        <ActionModal<{ reason: string }>
          title={t('tickets.actions.reopenTitle')}
          onClose={onClose}
          okText={t('tickets.actions.reopen')}
          run={(values) => ticketsApi.reopen(id, values.reason.trim())}
        >
          <Form.Item
            name="reason"
            label={t('tickets.actions.reason')}
            rules={required(t('tickets.actions.reasonRequired'))}
          >
            <Input.TextArea rows={3} maxLength={2000} autoFocus />
          </Form.Item>
        </ActionModal>
      );
    case 'merge':
      return (
        <ActionModal<{ into: string }>
          title={t('tickets.actions.mergeTitle', { number: ticket.number })}
          onClose={onClose}
          danger
          okText={t('tickets.actions.merge')}
          run={(values) => ticketsApi.merge(id, values.into.trim())}
        >
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('tickets.actions.mergeHint')}
          />
          <Form.Item
            name="into"
            label={t('tickets.actions.mergeInto')}
            rules={required(t('tickets.actions.ticketRequired'))}
          >
            <Input placeholder="202405-001" maxLength={40} autoFocus />
          </Form.Item>
        </ActionModal>
      );
    case 'link':
      return (
        <ActionModal<{ ticket: string; kind: LinkKind }>
          title={t('tickets.actions.linkTitle')}
          onClose={onClose}
          initialValues={{ kind: 'related' }}
          run={(values) => ticketsApi.link(id, values.ticket.trim(), values.kind)}
        >
          <Form.Item
            name="ticket"
            label={t('tickets.actions.linkTicket')}
            rules={required(t('tickets.actions.ticketRequired'))}
          >
            <Input placeholder="202405-001" maxLength={40} autoFocus />
          </Form.Item>
          <Form.Item name="kind" label={t('tickets.actions.linkKind')}>
            <Radio.Group
              optionType="button"
              options={LINK_KINDS.map((value) => ({ value, label: t(`tickets.linkKinds.${value}`) }))}
            />
          </Form.Item>
        </ActionModal>
      );
    case 'plan':
      return (
        <ActionModal<{
          body: string;
          compensationType: CompensationType;
          compensationAmount?: number | null;
          isBulk?: boolean;
        }>
          title={t('tickets.plans.proposeTitle')}
          onClose={onClose}
          okText={t('tickets.plans.propose')}
          width={560}
          initialValues={{ compensationType: 'none', isBulk: false }}
          run={(values) =>
            ticketsApi.proposePlan(id, {
              body: values.body.trim(),
              compensationType: values.compensationType,
              compensationAmount:
                values.compensationType === 'none' ? null : (values.compensationAmount ?? null),
              isBulk: values.isBulk ?? false,
            })
          }
          render={(form) => (
            <>
              <Form.Item
                name="body"
                label={t('tickets.plans.body')}
                rules={required(t('tickets.plans.bodyRequired'))}
              >
                <Input.TextArea rows={4} maxLength={10_000} autoFocus />
              </Form.Item>
              <Form.Item name="compensationType" label={t('tickets.plans.compensationType')}>
                <Select
                  options={COMPENSATION_TYPES.map((value) => ({
                    value,
                    label: t(`tickets.plans.compensation.${value}`),
                  }))}
                />
              </Form.Item>
              <Form.Item noStyle shouldUpdate={(a, b) => a.compensationType !== b.compensationType}>
                {() =>
                  form.getFieldValue('compensationType') !== 'none' && (
                    <Form.Item name="compensationAmount" label={t('tickets.plans.amount')}>
                      <InputNumber min={0} max={10_000_000} precision={2} prefix="¥" style={{ width: 200 }} />
                    </Form.Item>
                  )
                }
              </Form.Item>
              <Form.Item name="isBulk" valuePropName="checked" extra={t('tickets.plans.majorHint')}>
                <Checkbox>{t('tickets.plans.isBulk')}</Checkbox>
              </Form.Item>
            </>
          )}
        />
      );
    case 'escalation':
      return (
        <ActionModal<{ reason: string; supportNeeded?: string }>
          title={t('tickets.escalations.requestTitle')}
          onClose={onClose}
          okText={t('tickets.escalations.request')}
          run={(values) =>
            ticketsApi.requestEscalation(id, {
              reason: values.reason.trim(),
              supportNeeded: values.supportNeeded?.trim() ?? '',
            })
          }
        >
          <Form.Item
            name="reason"
            label={t('tickets.escalations.reason')}
            rules={required(t('tickets.actions.reasonRequired'))}
          >
            <Input.TextArea rows={3} maxLength={2000} autoFocus />
          </Form.Item>
          <Form.Item name="supportNeeded" label={t('tickets.escalations.supportNeeded')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </ActionModal>
      );
    case 'collaboration':
      return (
        <ActionModal<{ groupId: string; action: string; dueAt: Dayjs }>
          title={t('tickets.collaboration.requestTitle')}
          onClose={onClose}
          okText={t('tickets.collaboration.request')}
          initialValues={{ dueAt: dayjs().add(1, 'day').startOf('hour') }}
          run={(values) =>
            ticketsApi.requestCollaboration(id, {
              groupId: values.groupId,
              action: values.action.trim(),
              dueAt: values.dueAt.toISOString(),
            })
          }
        >
          <Form.Item
            name="groupId"
            label={t('tickets.collaboration.group')}
            rules={[{ required: true, message: t('tickets.collaboration.groupRequired') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={directory.groups.map((group) => ({ value: group.id, label: group.name }))}
            />
          </Form.Item>
          <Form.Item
            name="action"
            label={t('tickets.collaboration.action')}
            rules={required(t('tickets.collaboration.actionRequired'))}
          >
            <Input.TextArea
              rows={3}
              maxLength={2000}
              placeholder={t('tickets.collaboration.actionPlaceholder')}
            />
          </Form.Item>
          <Form.Item
            name="dueAt"
            label={t('tickets.collaboration.dueAt')}
            rules={[{ required: true, message: t('tickets.collaboration.dueRequired') }]}
          >
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              disabledDate={(date) => date.isBefore(dayjs(), 'day')}
              style={{ width: '100%' }}
            />
          </Form.Item>
        </ActionModal>
      );
    case 'collaborators':
      return (
        <ActionModal<{ userIds: string[] }>
          title={t('tickets.assignment.collaboratorsTitle')}
          onClose={onClose}
          initialValues={{ userIds: ticket.collaboratorIds }}
          run={(values) => ticketsApi.setCollaborators(id, values.userIds ?? [])}
        >
          <Form.Item name="userIds" label={t('tickets.assignment.collaborators')}>
            <Select
              mode="multiple"
              showSearch={{ optionFilterProp: 'label' }}
              options={directory.users
                .filter((user) => user.id !== ticket.owner?.id)
                .map((user) => ({ value: user.id, label: user.displayName }))}
            />
          </Form.Item>
        </ActionModal>
      );
  }
}
