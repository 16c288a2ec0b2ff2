import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useHasPermission } from '../auth/session';
import { RowActions, RowLink, switchColumn, useRowMutation } from '../common/adminTable';
import { PageHeader } from '../common/PageHeader';
import { classificationApi } from './api';
import { CategoryFormModal } from './CategoryFormModal';
import {
  type CategoryNode,
  categoryTree,
  classificationKeys,
  useCategories,
  useLocalizedName,
} from './queries';
import type { Category } from './types';

type Dialog = { category?: Category; parent?: Category } | null;

/** The group a category routes to: its own, else the nearest ancestor's (R3.1). */
function inheritedGroup(byId: Map<string, Category>, category: Category): Category['group'] {
  let current: Category | undefined = category;
  for (let depth = 0; current && depth < 32; depth += 1) {
    if (current.group) return current.group;
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return null;
}

/** Settings › Categories (R2.1): the category tree, names, group mapping, activation. */
export default function CategoriesPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const can = useHasPermission();
  const canManage = can('settings.manage');
  const categories = useCategories();
  const nameOf = useLocalizedName();
  const [dialog, setDialog] = useState<Dialog>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: classificationKeys.categories });

  const toggle = useRowMutation(
    (category: Category) =>
      classificationApi.categories.update(category.id, { isActive: !category.isActive }),
    { refresh, done: t('common.saved') },
  );
  const remove = useRowMutation((category: Category) => classificationApi.categories.remove(category.id), {
    refresh,
    done: t('common.deleted'),
  });

  const items = categories.data?.items ?? [];
  const byId = new Map(items.map((category) => [category.id, category]));

  const columns: TableColumnsType<CategoryNode> = [
    {
      title: t('classification.categories.name'),
      key: 'name',
      render: (_, category) => (
        <Typography.Text type={category.isActive ? undefined : 'secondary'}>
          {nameOf(category)}
        </Typography.Text>
      ),
    },
    { title: t('classification.categories.code'), dataIndex: 'code' },
    { title: t('classification.categories.nameEn'), dataIndex: 'nameEn' },
    {
      title: t('classification.categories.group'),
      key: 'group',
      render: (_, category) => {
        if (category.group) return <Tag color="blue">{category.group.name}</Tag>;
        const inherited = inheritedGroup(byId, category);
        return inherited ? (
          <Typography.Text type="secondary">
            {t('classification.categories.inherited', { name: inherited.name })}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        );
      },
    },
    switchColumn<CategoryNode>({
      title: t('classification.categories.active'),
      key: 'isActive',
      checked: (category) => category.isActive,
      toggle,
      disabled: !canManage,
    }),
    ...(canManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, category: CategoryNode) => (
              <RowActions
                leading={
                  <RowLink onClick={() => setDialog({ parent: category })}>
                    {t('classification.categories.addChild')}
                  </RowLink>
                }
                onEdit={() => setDialog({ category })}
                deleteConfirm={t('classification.categories.deleteConfirm', { name: nameOf(category) })}
                deleteHint={t('classification.categories.deleteHint')}
                onDelete={() => remove.mutate(category)}
              />
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <PageHeader
        title={t('classification.nav.categories')}
        extra={
          canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({})}>
              {t('classification.categories.create')}
            </Button>
          )
        }
      />
      <Table<CategoryNode>
        // Remounted once loaded, so every branch starts expanded.
        key={categories.isSuccess ? 'loaded' : 'loading'}
        rowKey="id"
        columns={columns}
        dataSource={categoryTree(items)}
        loading={categories.isFetching}
        pagination={false}
        expandable={{ defaultExpandAllRows: true }}
        scroll={{ x: 'max-content' }}
        data-testid="categories-table"
      />
      {dialog && (
        <CategoryFormModal
          category={dialog.category}
          parent={dialog.parent}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}
