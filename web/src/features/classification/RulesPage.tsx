import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  ExperimentOutlined,
  PlusOutlined,
  SafetyOutlined,
} from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Drawer, Space, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useHasPermission } from '../auth/session';
import { RowActions, switchColumn, useRowMutation } from '../common/adminTable';
import { useShowError } from '../common/errors';
import { PageHeader } from '../common/PageHeader';
import { classificationApi } from './api';
import { PolicyModal } from './PolicyModal';
import { classificationKeys, useCategories, useLocalizedName, useRules } from './queries';
import { RuleDrawer } from './RuleDrawer';
import { RuleTestPanel } from './RuleTestPanel';
import type { Rule, RuleConditions } from './types';

type Dialog = { kind: 'rule'; rule?: Rule } | { kind: 'policy' } | { kind: 'test' } | null;

const CONDITION_KEYS: (keyof RuleConditions)[] = [
  'keywordsAny',
  'types',
  'channels',
  'customerTiers',
  'productModels',
  'productLines',
  'productCategories',
  'regions',
];

/** Settings › Classification rules (R2.4): ordered rules, the complaint/VIP policy, and a tester. */
export default function RulesPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const canManage = useHasPermission()('settings.manage');
  const rules = useRules();
  const categories = useCategories();
  const nameOf = useLocalizedName();
  const [dialog, setDialog] = useState<Dialog>(null);

  const items = rules.data?.items ?? [];
  const refresh = () => queryClient.invalidateQueries({ queryKey: classificationKeys.rules });

  const toggle = useRowMutation(
    (rule: Rule) => classificationApi.rules.update(rule.id, { isActive: !rule.isActive }),
    { refresh, done: t('common.saved') },
  );

  const move = useMutation({
    mutationFn: ({ index, by }: { index: number; by: -1 | 1 }) => {
      const ids = items.map((rule) => rule.id);
      const [moved] = ids.splice(index, 1);
      ids.splice(index + by, 0, moved!);
      return classificationApi.rules.reorder(ids);
    },
    onSuccess: (result) => queryClient.setQueryData(classificationKeys.rules, result),
    onError: (error) => showError(error),
  });

  const remove = useRowMutation((rule: Rule) => classificationApi.rules.remove(rule.id), {
    refresh,
    done: t('common.deleted'),
  });

  const valueLabel = (key: keyof RuleConditions, value: string) => {
    if (key === 'types') return t(`classification.ticketTypes.${value}`);
    if (key === 'channels') return t(`classification.channels.${value}`);
    if (key === 'customerTiers') return t(`classification.tiers.${value}`);
    return value;
  };

  const conditionSummary = (rule: Rule): ReactNode => {
    const parts = CONDITION_KEYS.filter((key) => rule.conditions[key]?.length).map((key) => (
      <div key={key}>
        <Typography.Text type="secondary">
          {t('classification.rules.conditionLabel', { label: t(`classification.conditions.${key}`) })}
        </Typography.Text>
        {(rule.conditions[key] ?? []).map((value) => valueLabel(key, value)).join('、')}
      </div>
    ));
    return parts.length ? (
      parts
    ) : (
      <Typography.Text type="secondary">{t('classification.rules.always')}</Typography.Text>
    );
  };

  const actionSummary = (rule: Rule): ReactNode => {
    const { actions } = rule;
    const category = categories.data?.items.find((candidate) => candidate.code === actions.categoryCode);
    return (
      <Space size={[4, 4]} wrap>
        {actions.categoryCode && <Tag color="blue">{category ? nameOf(category) : actions.categoryCode}</Tag>}
        {actions.priority && <Tag color="red">{actions.priority}</Tag>}
        {actions.emotion && <Tag color="orange">{t(`classification.emotions.${actions.emotion}`)}</Tag>}
        {actions.groupKey && <Tag color="purple">→ {actions.groupKey}</Tag>}
        {actions.addTags?.map((tag) => (
          <Tag key={tag}>#{tag}</Tag>
        ))}
      </Space>
    );
  };

  const columns: TableColumnsType<Rule> = [
    { title: '#', key: 'order', width: 48, render: (_, __, index) => index + 1 },
    {
      title: t('classification.rules.name'),
      key: 'name',
      render: (_, rule) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text type={rule.isActive ? undefined : 'secondary'}>{rule.name}</Typography.Text>
          {rule.stopAfterMatch && <Tag>{t('classification.rules.stops')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('classification.rules.conditionsTitle'),
      key: 'conditions',
      render: (_, rule) => conditionSummary(rule),
    },
    {
      title: t('classification.rules.actionsTitle'),
      key: 'actions',
      render: (_, rule) => actionSummary(rule),
    },
    switchColumn<Rule>({
      title: t('classification.rules.active'),
      key: 'isActive',
      checked: (rule) => rule.isActive,
      toggle,
      disabled: !canManage,
    }),
    ...(canManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions-column',
            render: (_: unknown, rule: Rule, index: number) => (
              <RowActions
                leading={
                  <>
                    <Tooltip title={t('classification.rules.moveUp')}>
                      <Button
                        type="text"
                        size="small"
                        icon={<ArrowUpOutlined />}
                        aria-label={t('classification.rules.moveUp')}
                        disabled={index === 0 || move.isPending}
                        onClick={() => move.mutate({ index, by: -1 })}
                      />
                    </Tooltip>
                    <Tooltip title={t('classification.rules.moveDown')}>
                      <Button
                        type="text"
                        size="small"
                        icon={<ArrowDownOutlined />}
                        aria-label={t('classification.rules.moveDown')}
                        disabled={index === items.length - 1 || move.isPending}
                        onClick={() => move.mutate({ index, by: 1 })}
                      />
                    </Tooltip>
                  </>
                }
                onEdit={() => setDialog({ kind: 'rule', rule })}
                deleteConfirm={t('classification.rules.deleteConfirm', { name: rule.name })}
                onDelete={() => remove.mutate(rule)}
              />
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <PageHeader
        title={t('classification.nav.rules')}
        extra={
          <Space wrap>
            <Button
              icon={<SafetyOutlined />}
              onClick={() => setDialog({ kind: 'policy' })}
              disabled={!canManage}
            >
              {t('classification.policy.title')}
            </Button>
            <Button
              icon={<ExperimentOutlined />}
              onClick={() => setDialog({ kind: 'test' })}
              disabled={!canManage}
            >
              {t('classification.test.titleLabel')}
            </Button>
            {canManage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'rule' })}>
                {t('classification.rules.create')}
              </Button>
            )}
          </Space>
        }
      />
      <Typography.Paragraph type="secondary">{t('classification.rules.help')}</Typography.Paragraph>
      <Table<Rule>
        rowKey="id"
        columns={columns}
        dataSource={items}
        loading={rules.isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('classification.rules.empty') }}
        data-testid="rules-table"
      />
      {dialog?.kind === 'rule' && <RuleDrawer rule={dialog.rule} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'policy' && <PolicyModal onClose={() => setDialog(null)} />}
      {dialog?.kind === 'test' && (
        <Drawer open size={640} title={t('classification.test.titleLabel')} onClose={() => setDialog(null)}>
          <RuleTestPanel />
        </Drawer>
      )}
    </>
  );
}
