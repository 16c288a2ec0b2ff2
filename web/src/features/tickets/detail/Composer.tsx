import { LockOutlined, MessageOutlined, PhoneOutlined, SendOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Tabs,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AttachmentUpload } from '../AttachmentUpload';
import { ticketsApi } from '../api';
import { useTicketAction } from '../queries';
import { useTicketContext } from './context';

type Tab = 'reply' | 'note' | 'call' | 'customer';

function MessageForm({ kind }: { kind: 'reply' | 'note' }) {
  const { t } = useTranslation();
  const { detail, routeKey } = useTicketContext();
  const [form] = Form.useForm<{ body: string; attachments?: string[] }>();
  const send = useTicketAction(
    routeKey,
    (values: { body: string; attachments?: string[] }) =>
      (kind === 'reply' ? ticketsApi.reply : ticketsApi.note)(
        detail.ticket.id,
        values.body.trim(),
        values.attachments?.length ? values.attachments : undefined,
      ),
    { form, onDone: () => form.resetFields(), success: t(`tickets.composer.${kind}Sent`) },
  );
  const contact = detail.ticket.contact;
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(values) => send.mutate(values)}
      data-testid={`composer-${kind}`}
    >
      {kind === 'reply' && !contact.email && !contact.phone && (
        <Alert type="info" showIcon style={{ marginBottom: 8 }} title={t('tickets.composer.noContact')} />
      )}
      <Form.Item
        name="body"
        rules={[{ required: true, whitespace: true, message: t('tickets.composer.bodyRequired') }]}
        style={{ marginBottom: 8 }}
      >
        <Input.TextArea
          autoSize={{ minRows: 3, maxRows: 12 }}
          maxLength={20_000}
          placeholder={t(`tickets.composer.${kind}Placeholder`)}
          style={kind === 'note' ? { background: '#fffbe6' } : undefined}
          data-testid={`composer-${kind}-body`}
        />
      </Form.Item>
      <Flex justify="space-between" align="flex-start" gap={8}>
        <Form.Item name="attachments" noStyle>
          <AttachmentUpload />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          icon={kind === 'reply' ? <SendOutlined /> : <LockOutlined />}
          loading={send.isPending}
          data-testid={`composer-${kind}-submit`}
        >
          {t(`tickets.composer.${kind}Submit`)}
        </Button>
      </Flex>
    </Form>
  );
}

type CallValues = {
  startedAt: Dayjs;
  minutes?: number | null;
  seconds?: number | null;
  direction: 'inbound' | 'outbound';
  summary: string;
};

function CallForm() {
  const { t } = useTranslation();
  const { detail, routeKey } = useTicketContext();
  const [form] = Form.useForm<CallValues>();
  const initial = { startedAt: dayjs(), direction: 'outbound' as const, minutes: 0, seconds: 0 };
  const log = useTicketAction(
    routeKey,
    (values: CallValues) =>
      ticketsApi.logCall(detail.ticket.id, {
        startedAt: values.startedAt.toISOString(),
        durationSeconds: (values.minutes ?? 0) * 60 + (values.seconds ?? 0),
        direction: values.direction,
        summary: values.summary.trim(),
      }),
    { form, onDone: () => form.resetFields(), success: t('tickets.composer.callSent') },
  );
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={(values) => log.mutate(values)}
      data-testid="composer-call"
    >
      <Flex gap={16} wrap>
        <Form.Item name="direction" label={t('tickets.composer.direction')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'outbound', label: t('tickets.callDirection.outbound') },
              { value: 'inbound', label: t('tickets.callDirection.inbound') },
            ]}
          />
        </Form.Item>
        <Form.Item name="startedAt" label={t('tickets.fields.callStartedAt')} rules={[{ required: true }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowClear={false} />
        </Form.Item>
        <Form.Item label={t('tickets.fields.callDuration')}>
          <Space.Compact>
            <Form.Item name="minutes" noStyle>
              <InputNumber min={0} max={1440} suffix={t('tickets.composer.minutes')} style={{ width: 110 }} />
            </Form.Item>
            <Form.Item name="seconds" noStyle>
              <InputNumber min={0} max={59} suffix={t('tickets.composer.seconds')} style={{ width: 100 }} />
            </Form.Item>
          </Space.Compact>
        </Form.Item>
      </Flex>
      <Form.Item
        name="summary"
        label={t('tickets.composer.callSummary')}
        rules={[{ required: true, whitespace: true, message: t('tickets.composer.bodyRequired') }]}
      >
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={5000} />
      </Form.Item>
      <Flex justify="flex-end">
        <Button type="primary" htmlType="submit" icon={<PhoneOutlined />} loading={log.isPending}>
          {t('tickets.composer.callSubmit')}
        </Button>
      </Flex>
    </Form>
  );
}

type CustomerValues = { body: string; via: string; attachments?: string[] };

function CustomerReplyForm() {
  const { t } = useTranslation();
  const { detail, routeKey } = useTicketContext();
  const [form] = Form.useForm<CustomerValues>();
  const record = useTicketAction(
    routeKey,
    (values: CustomerValues) =>
      ticketsApi.customerReply(detail.ticket.id, {
        body: values.body.trim(),
        via: values.via,
        attachments: values.attachments?.length ? values.attachments : undefined,
      }),
    { form, onDone: () => form.resetFields(), success: t('tickets.composer.customerSent') },
  );
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ via: 'phone' }}
      onFinish={(values) => record.mutate(values)}
      data-testid="composer-customer"
    >
      <Form.Item name="via" label={t('tickets.composer.via')} style={{ marginBottom: 8 }}>
        <Select
          style={{ width: 160 }}
          options={['phone', 'email', 'portal', 'webhook', 'other'].map((value) => ({
            value,
            label: t(`tickets.via.${value}`),
          }))}
        />
      </Form.Item>
      <Form.Item
        name="body"
        rules={[{ required: true, whitespace: true, message: t('tickets.composer.bodyRequired') }]}
        extra={detail.ticket.status === 'resolved' ? t('tickets.composer.reopenHint') : undefined}
        style={{ marginBottom: 8 }}
      >
        <Input.TextArea
          autoSize={{ minRows: 3, maxRows: 12 }}
          maxLength={20_000}
          placeholder={t('tickets.composer.customerPlaceholder')}
        />
      </Form.Item>
      <Flex justify="space-between" align="flex-start" gap={8}>
        <Form.Item name="attachments" noStyle>
          <AttachmentUpload />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<MessageOutlined />} loading={record.isPending}>
          {t('tickets.composer.customerSubmit')}
        </Button>
      </Flex>
    </Form>
  );
}

/** 回复客户 / 内部备注 / 记录通话 / 记录客户回复 */
export function Composer() {
  const { t } = useTranslation();
  const { can } = useTicketContext();
  const [tab, setTab] = useState<Tab>('reply');
  if (!can('tickets.update')) return null;
  return (
    <Card size="small" styles={{ body: { paddingTop: 0 } }} data-testid="composer">
      <Tabs
        activeKey={tab}
        onChange={(key) => setTab(key as Tab)}
        items={[
          { key: 'reply', label: t('tickets.composer.reply'), children: <MessageForm kind="reply" /> },
          { key: 'note', label: t('tickets.composer.note'), children: <MessageForm kind="note" /> },
          { key: 'call', label: t('tickets.composer.call'), children: <CallForm /> },
          { key: 'customer', label: t('tickets.composer.customer'), children: <CustomerReplyForm /> },
        ]}
      />
    </Card>
  );
}
