import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RowActions, switchColumn, useRowMutation } from '../common/adminTable';
import { PageHeader } from '../common/PageHeader';
import { useCategories, useLocalizedName } from '../tickets/queries';
import { slaApi, slaKeys, useSlaCalendars, useSlaPolicies } from './api';
import { SlaPolicyDrawer } from './SlaPolicyDrawer';
import { useFormatTarget } from './time';
import type { PolicyConditions, SlaPolicy } from './types';

const CONDITION_KEYS: (keyof PolicyConditions)[] = [
  'priorities',
  'customerTiers',
  'categoryIds',
  'channels',
  'types',
];

/** Settings › 时效策略 (R5.1): policies tried in position order, the first that matches applies. */
export default function SlaPoliciesPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const policies = useSlaPolicies();
  const calendars = useSlaCalendars();
  const categories = useCategories();
  const localized = useLocalizedName();
  const formatTarget = useFormatTarget();
  const [editing, setEditing] = useState<{ policy?: SlaPolicy } | null>(null);

  const items = [...(policies.data?.items ?? [])].sort(
    (a, b) => a.position - b.position || a.key.localeCompare(b.key),
  );
  const refresh = () => queryClient.invalidateQueries({ queryKey: slaKeys.policies });

  const toggle = useRowMutation(
    (policy: SlaPolicy) => slaApi.policies.update(policy.id, { isActive: !policy.isActive }),
    { refresh, done: t('common.saved') },
  );
  const remove = useRowMutation((policy: SlaPolicy) => slaApi.policies.remove(policy.id), {
    refresh,
    done: t('common.deleted'),
  });

  const valueLabel = (key: keyof PolicyConditions, value: string) => {
    if (key === 'types') return t(`classification.ticketTypes.${value}`, { defaultValue: value });
    if (key === 'channels') return t(`classification.channels.${value}`, { defaultValue: value });
    if (key === 'customerTiers') return t(`classification.tiers.${value}`, { defaultValue: value });
    if (key === 'categoryIds') {
      const category = categories.data?.items.find((item) => item.id === value);
      return category ? localized(category) : value;
    }
    return value;
  };

  const conditionSummary = (policy: SlaPolicy): ReactNode => {
    const parts = CONDITION_KEYS.filter((key) => policy.conditions[key]?.length).map((key) => (
      <div key={key}>
        <Typography.Text type="secondary">{t(`sla.conditions.${key}`)}：</Typography.Text>
        {(policy.conditions[key] ?? []).map((value) => valueLabel(key, value)).join('、')}
      </div>
    ));
    return parts.length ? (
      parts
    ) : (
      <Typography.Text type="secondary">{t('sla.policies.always')}</Typography.Text>
    );
  };

  /** The headline targets: first response and solution for each priority. */
  const targetSummary = (policy: SlaPolicy): ReactNode => (
    <Space orientation="vertical" size={0}>
      {Object.entries(policy.targets)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([priority, targets]) => (
          <Typography.Text key={priority} style={{ fontSize: 12 }}>
            <Typography.Text strong style={{ fontSize: 12 }}>
              {priority}
            </Typography.Text>{' '}
            {(['first_response', 'solution_provided'] as const)
              .filter((milestone) => targets[milestone])
              .map(
                (milestone) =>
                  `${t(`sla.milestone.${milestone}`)} ${formatTarget(targets[milestone]!.minutes)}${
                    targets[milestone]!.clock === 'business' ? t('sla.policies.businessSuffix') : ''
                  }`,
              )
              .join(' · ') || '—'}
          </Typography.Text>
        ))}
    </Space>
  );

  const calendarName = (id: string) => calendars.data?.find((calendar) => calendar.id === id)?.name ?? id;

  const columns: TableColumnsType<SlaPolicy> = [
    { title: t('sla.policies.position'), dataIndex: 'position', width: 70 },
    {
      title: t('sla.policies.name'),
      key: 'name',
      render: (_, policy) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong type={policy.isActive ? undefined : 'secondary'}>
            {policy.name}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {policy.key}
          </Typography.Text>
          {policy.description && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {policy.description}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: t('sla.policies.conditions'),
      key: 'conditions',
      render: (_, policy) => conditionSummary(policy),
    },
    { title: t('sla.policies.targets'), key: 'targets', render: (_, policy) => targetSummary(policy) },
    {
      title: t('sla.policies.calendar'),
      key: 'calendar',
      render: (_, policy) => (
        <Space orientation="vertical" size={2}>
          <span>{calendarName(policy.calendarId)}</span>
          {policy.pauseWhileWaitingCustomer && <Tag>{t('sla.policies.pausesTag')}</Tag>}
        </Space>
      ),
    },
    switchColumn<SlaPolicy>({
      title: t('sla.policies.active'),
      key: 'isActive',
      width: 80,
      checked: (policy) => policy.isActive,
      toggle,
      testId: (policy) => `policy-active-${policy.key}`,
    }),
    {
      title: t('common.actions'),
      key: 'actions',
      width: 130,
      render: (_, policy) => (
        <RowActions
          onEdit={() => setEditing({ policy })}
          editTestId={`policy-edit-${policy.key}`}
          deleteConfirm={t('sla.policies.deleteConfirm', { name: policy.name })}
          deleteHint={t('sla.policies.deleteHint')}
          onDelete={() => remove.mutate(policy)}
        />
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('sla.policies.title')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing({})}
            data-testid="policy-create"
          >
            {t('sla.policies.create')}
          </Button>
        }
      />
      <Typography.Paragraph type="secondary">{t('sla.policies.help')}</Typography.Paragraph>
      <Table<SlaPolicy>
        rowKey="id"
        columns={columns}
        dataSource={items}
        loading={policies.isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('sla.policies.empty') }}
        data-testid="sla-policies-table"
      />
      {editing && <SlaPolicyDrawer policy={editing.policy} onClose={() => setEditing(null)} />}
    </>
  );
}
