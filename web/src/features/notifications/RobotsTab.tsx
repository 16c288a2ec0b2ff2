import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Checkbox,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Group } from '../../api/types';
import { useGroups } from '../admin/queries';
import { useShowError } from '../common/errors';
import { notificationKeys, notificationsApi, useCatalogue } from './api';
import type { Robot, RobotKind } from './types';

type RobotValues = {
  name: string;
  kind: RobotKind;
  groupId: string;
  webhookUrl?: string;
  secret?: string;
  removeSecret?: boolean;
  isActive: boolean;
};

function RobotFormModal({ robot, groups, onClose }: { robot?: Robot; groups: Group[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<RobotValues>();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const kind = Form.useWatch('kind', form) ?? robot?.kind ?? 'wecom';

  const save = useMutation({
    mutationFn: async (values: RobotValues) => {
      const secret = values.secret?.trim() ? values.secret.trim() : undefined;
      if (!robot) {
        return notificationsApi.robots.create({
          name: values.name,
          kind: values.kind,
          groupId: values.groupId,
          webhookUrl: values.webhookUrl ?? '',
          secret: values.kind === 'dingtalk' ? (secret ?? null) : null,
          isActive: values.isActive,
        });
      }
      return notificationsApi.robots.update(robot.id, {
        name: values.name,
        groupId: values.groupId,
        isActive: values.isActive,
        ...(values.webhookUrl?.trim() ? { webhookUrl: values.webhookUrl.trim() } : {}),
        ...(values.removeSecret ? { secret: null } : secret ? { secret } : {}),
      });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: notificationKeys.robots });
      void message.success(t('common.saved'));
      onClose();
    },
    onError: (error) => showError(error, form),
  });

  return (
    <Modal
      open
      title={
        robot ? t('notifications.robots.editTitle', { name: robot.name }) : t('notifications.robots.create')
      }
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'robot-submit' }}
    >
      <Form<RobotValues>
        form={form}
        layout="vertical"
        initialValues={robot ? { ...robot, webhookUrl: '' } : { kind: 'wecom', isActive: true }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item
          name="name"
          label={t('notifications.robots.name')}
          rules={[{ required: true, whitespace: true, max: 100 }]}
        >
          <Input placeholder={t('notifications.robots.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="kind" label={t('notifications.robots.kind')} rules={[{ required: true }]}>
          <Select
            disabled={Boolean(robot)}
            options={(['wecom', 'dingtalk'] as const).map((value) => ({
              value,
              label: t(`notifications.channels.${value}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="groupId" label={t('notifications.robots.group')} rules={[{ required: true }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={groups.map((group) => ({ value: group.id, label: group.name }))}
          />
        </Form.Item>
        <Form.Item
          name="webhookUrl"
          label={t('notifications.robots.webhookUrl')}
          extra={
            robot
              ? t('notifications.robots.webhookUrlKeep', { url: robot.webhookUrl })
              : t(`notifications.robots.webhookUrlHelp.${kind}`)
          }
          rules={[{ required: !robot }, { type: 'url', message: t('notifications.urlInvalid') }]}
        >
          <Input
            placeholder={
              kind === 'wecom'
                ? 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…'
                : 'https://oapi.dingtalk.com/robot/send?access_token=…'
            }
          />
        </Form.Item>
        {kind === 'dingtalk' && (
          <>
            <Form.Item
              name="secret"
              label={t('notifications.robots.secret')}
              extra={
                robot?.hasSecret ? t('notifications.robots.secretKeep') : t('notifications.robots.secretHelp')
              }
            >
              <Input.Password placeholder="SEC…" autoComplete="off" />
            </Form.Item>
            {robot?.hasSecret && (
              <Form.Item name="removeSecret" valuePropName="checked">
                <Checkbox>{t('notifications.robots.removeSecret')}</Checkbox>
              </Form.Item>
            )}
          </>
        )}
        <Form.Item name="isActive" label={t('notifications.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Which staff alerts a group's robots post. */
function GroupEventsModal({ group, onClose }: { group: Group; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const catalogue = useCatalogue();
  const current = useQuery({
    queryKey: notificationKeys.groupSubscriptions(group.id),
    queryFn: () => notificationsApi.subscriptions.ofGroup(group.id),
  });
  const [selected, setSelected] = useState<string[] | null>(null);
  const value = selected ?? current.data?.templates ?? [];

  const save = useMutation({
    mutationFn: () => notificationsApi.subscriptions.saveGroup(group.id, value),
    onSuccess: (saved) => {
      queryClient.setQueryData(notificationKeys.groupSubscriptions(group.id), saved);
      void message.success(t('common.saved'));
      onClose();
    },
    onError: (error) => showError(error),
  });

  return (
    <Modal
      open
      title={t('notifications.robots.eventsTitle', { group: group.name })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => save.mutate()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      okButtonProps={{ disabled: current.isLoading }}
    >
      <Typography.Paragraph type="secondary">{t('notifications.robots.eventsHelp')}</Typography.Paragraph>
      <Checkbox.Group
        value={value}
        onChange={(next) => setSelected(next as string[])}
        style={{ width: '100%' }}
      >
        <Flex vertical gap={8}>
          {(catalogue.data?.staffTemplates ?? []).map((template) => (
            <Checkbox key={template} value={template}>
              {t(`notifications.templates.names.${template}`)}
            </Checkbox>
          ))}
        </Flex>
      </Checkbox.Group>
    </Modal>
  );
}

/** WeCom (企业微信) and DingTalk (钉钉) group robots, and which alerts each group's robots post. */
export function RobotsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const robots = useQuery({ queryKey: notificationKeys.robots, queryFn: notificationsApi.robots.list });
  const groups = useGroups();
  const [editing, setEditing] = useState<{ robot?: Robot } | null>(null);
  const [eventsOf, setEventsOf] = useState<Group | null>(null);
  const groupById = new Map((groups.data?.items ?? []).map((group) => [group.id, group]));
  const refresh = () => queryClient.invalidateQueries({ queryKey: notificationKeys.robots });

  const toggle = useMutation({
    mutationFn: (robot: Robot) => notificationsApi.robots.update(robot.id, { isActive: !robot.isActive }),
    onSuccess: async () => {
      await refresh();
      void message.success(t('common.saved'));
    },
    onError: (error) => showError(error),
  });
  const remove = useMutation({
    mutationFn: (robot: Robot) => notificationsApi.robots.remove(robot.id),
    onSuccess: async () => {
      await refresh();
      void message.success(t('common.deleted'));
    },
    onError: (error) => showError(error),
  });
  const test = useMutation({
    mutationFn: (robot: Robot) => notificationsApi.robots.test(robot.id),
    onSuccess: () => {
      void message.success(t('notifications.testQueued'));
      void queryClient.invalidateQueries({ queryKey: notificationKeys.deliveries });
    },
    onError: (error) => showError(error),
  });

  const columns: TableColumnsType<Robot> = [
    {
      title: t('notifications.robots.name'),
      key: 'name',
      render: (_, robot) => (
        <Flex vertical>
          <Typography.Text strong type={robot.isActive ? undefined : 'secondary'}>
            {robot.name}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
            {robot.webhookUrl}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('notifications.robots.kind'),
      key: 'kind',
      render: (_, robot) => (
        <Space size={4}>
          <Tag color={robot.kind === 'wecom' ? 'green' : 'blue'}>
            {t(`notifications.channels.${robot.kind}`)}
          </Tag>
          {robot.hasSecret && <Tag>{t('notifications.robots.signed')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('notifications.robots.group'),
      key: 'group',
      render: (_, robot) => {
        const group = groupById.get(robot.groupId);
        return group ? (
          <Space size={4}>
            <span>{group.name}</span>
            <Button type="link" size="small" onClick={() => setEventsOf(group)}>
              {t('notifications.robots.events')}
            </Button>
          </Space>
        ) : (
          '—'
        );
      },
    },
    {
      title: t('notifications.active'),
      key: 'isActive',
      render: (_, robot) => (
        <Switch
          size="small"
          checked={robot.isActive}
          loading={toggle.isPending && toggle.variables?.id === robot.id}
          onChange={() => toggle.mutate(robot)}
          aria-label={t('notifications.active')}
        />
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, robot) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing({ robot })}>
            {t('common.edit')}
          </Button>
          <Button
            type="link"
            size="small"
            loading={test.isPending && test.variables?.id === robot.id}
            onClick={() => test.mutate(robot)}
          >
            {t('notifications.test')}
          </Button>
          <Popconfirm
            title={t('notifications.robots.deleteConfirm', { name: robot.name })}
            okText={t('common.delete')}
            cancelText={t('common.cancel')}
            onConfirm={() => remove.mutate(robot)}
          >
            <Button type="link" size="small" danger>
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <>
      <Flex justify="space-between" align="start" gap={16} style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('notifications.robots.intro')}
        </Typography.Paragraph>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditing({})}
          data-testid="create-robot"
        >
          {t('notifications.robots.create')}
        </Button>
      </Flex>
      <Table<Robot>
        rowKey="id"
        columns={columns}
        dataSource={robots.data?.items ?? []}
        loading={robots.isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('notifications.robots.empty') }}
        data-testid="robots-table"
      />
      {editing && (
        <RobotFormModal
          robot={editing.robot}
          groups={groups.data?.items ?? []}
          onClose={() => setEditing(null)}
        />
      )}
      {eventsOf && <GroupEventsModal group={eventsOf} onClose={() => setEventsOf(null)} />}
    </>
  );
}
