import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Checkbox,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Switch,
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
import { TargetList, TargetName, useTargetControlColumns } from './targetList';
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
  const robots = useQuery({ queryKey: notificationKeys.robots, queryFn: notificationsApi.robots.list });
  const groups = useGroups();
  const [editing, setEditing] = useState<{ robot?: Robot } | null>(null);
  const [eventsOf, setEventsOf] = useState<Group | null>(null);
  const groupById = new Map((groups.data?.items ?? []).map((group) => [group.id, group]));
  const controls = useTargetControlColumns<Robot>({
    api: notificationsApi.robots,
    queryKey: notificationKeys.robots,
    onEdit: (robot) => setEditing({ robot }),
    deleteConfirm: (robot) => t('notifications.robots.deleteConfirm', { name: robot.name }),
  });

  const columns: TableColumnsType<Robot> = [
    {
      title: t('notifications.robots.name'),
      key: 'name',
      render: (_, robot) => <TargetName target={robot} url={robot.webhookUrl} />,
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
    ...controls,
  ];

  return (
    <>
      <TargetList<Robot>
        intro={t('notifications.robots.intro')}
        createLabel={t('notifications.robots.create')}
        createTestId="create-robot"
        onCreate={() => setEditing({})}
        rows={robots.data?.items ?? []}
        loading={robots.isFetching}
        columns={columns}
        emptyText={t('notifications.robots.empty')}
        tableTestId="robots-table"
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
