import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Col,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShowError } from '../common/errors';
import { PageHeader } from '../common/PageHeader';
import { slaApi, slaKeys, useOverdueReasons } from './api';
import type { OverdueReason } from './types';

const REASON_CODE = /^[a-z][a-z0-9_]{1,39}$/;

function ReasonModal({
  reason,
  nextPosition,
  onClose,
}: {
  reason?: OverdueReason;
  nextPosition: number;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<OverdueReason>();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const save = useMutation({
    mutationFn: (values: OverdueReason) =>
      slaApi.reasons.save({
        code: reason?.code ?? values.code.trim(),
        name: values.name.trim(),
        nameEn: values.nameEn?.trim() ?? '',
        requiresText: Boolean(values.requiresText),
        position: values.position ?? 0,
        isActive: Boolean(values.isActive),
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: slaKeys.reasons });
      void message.success(t('common.saved'));
      onClose();
    },
    onError: (error) => showError(error, form),
  });
  return (
    <Modal
      open
      title={reason ? t('sla.reasons.editTitle', { name: reason.name }) : t('sla.reasons.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'reason-submit' }}
      destroyOnHidden
    >
      <Form<OverdueReason>
        form={form}
        layout="vertical"
        initialValues={
          reason ?? {
            code: '',
            name: '',
            nameEn: '',
            requiresText: false,
            isActive: true,
            position: nextPosition,
          }
        }
        onFinish={(values) => save.mutate(values)}
        data-testid="reason-form"
      >
        <Form.Item
          name="code"
          label={t('sla.reasons.code')}
          extra={reason ? undefined : t('sla.reasons.codeHint')}
          rules={[{ required: true, pattern: REASON_CODE, message: t('sla.reasons.codeInvalid') }]}
        >
          <Input maxLength={40} disabled={Boolean(reason)} data-testid="reason-code" />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="name"
              label={t('sla.reasons.name')}
              rules={[{ required: true, whitespace: true, max: 60, message: t('sla.reasons.nameRequired') }]}
            >
              <Input maxLength={60} data-testid="reason-name" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="nameEn" label={t('sla.reasons.nameEn')} rules={[{ max: 60 }]}>
              <Input maxLength={60} data-testid="reason-name-en" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="position" label={t('sla.reasons.position')}>
              <InputNumber min={0} max={1000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="requiresText"
              label={t('sla.reasons.requiresText')}
              tooltip={t('sla.reasons.requiresTextHint')}
              valuePropName="checked"
            >
              <Switch />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="isActive" label={t('sla.reasons.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

/** Settings › 超时原因 (R5.4): the reasons an overdue ticket is closed with. */
export default function OverdueReasonsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const reasons = useOverdueReasons();
  const [editing, setEditing] = useState<{ reason?: OverdueReason } | null>(null);
  const items = [...(reasons.data?.items ?? [])].sort(
    (a, b) => a.position - b.position || a.code.localeCompare(b.code),
  );

  const toggle = useMutation({
    mutationFn: (reason: OverdueReason) => slaApi.reasons.save({ ...reason, isActive: !reason.isActive }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: slaKeys.reasons });
      void message.success(t('common.saved'));
    },
    onError: (error) => showError(error),
  });

  const columns: TableColumnsType<OverdueReason> = [
    { title: t('sla.reasons.position'), dataIndex: 'position', width: 70 },
    { title: t('sla.reasons.code'), dataIndex: 'code', width: 180 },
    {
      title: t('sla.reasons.name'),
      dataIndex: 'name',
      render: (name: string, reason) => (
        <Typography.Text type={reason.isActive ? undefined : 'secondary'}>{name}</Typography.Text>
      ),
    },
    { title: t('sla.reasons.nameEn'), dataIndex: 'nameEn', render: (value: string) => value || '—' },
    {
      title: t('sla.reasons.requiresText'),
      dataIndex: 'requiresText',
      width: 120,
      render: (value: boolean) => (value ? <Tag color="blue">{t('sla.reasons.textNeeded')}</Tag> : '—'),
    },
    {
      title: t('sla.reasons.active'),
      key: 'isActive',
      width: 80,
      render: (_, reason) => (
        <Switch
          size="small"
          checked={reason.isActive}
          loading={toggle.isPending && toggle.variables?.code === reason.code}
          onChange={() => toggle.mutate(reason)}
          aria-label={t('sla.reasons.active')}
        />
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_, reason) => (
        <Button type="link" size="small" onClick={() => setEditing({ reason })}>
          {t('common.edit')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('sla.reasons.title')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing({})}
            data-testid="reason-create"
          >
            {t('sla.reasons.create')}
          </Button>
        }
      />
      <Typography.Paragraph type="secondary">{t('sla.reasons.help')}</Typography.Paragraph>
      <Table<OverdueReason>
        rowKey="code"
        columns={columns}
        dataSource={items}
        loading={reasons.isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="overdue-reasons-table"
      />
      {editing && (
        <ReasonModal
          reason={editing.reason}
          nextPosition={items.length ? Math.max(...items.map((item) => item.position)) + 1 : 0}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}
