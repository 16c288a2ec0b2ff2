import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { useGroups } from '../admin/queries';
import { useShowError } from '../common/errors';
import { classificationApi } from './api';
import { classificationKeys, useCategories, useLocalizedName } from './queries';
import type { Category } from './types';

type Values = {
  code: string;
  name: string;
  nameEn?: string;
  parentId?: string;
  groupId?: string;
  isActive: boolean;
};

/** Ids of `id` and every category below it: none of them can become its parent. */
function selfAndDescendants(categories: Category[], id: string): Set<string> {
  const ids = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const category of categories) {
      if (category.parentId && ids.has(category.parentId) && !ids.has(category.id)) {
        ids.add(category.id);
        grew = true;
      }
    }
  }
  return ids;
}

export const CATEGORY_CODE = /^[a-z][a-z0-9_.]{1,59}$/;

/** Creates a category (optionally under `parent`) or edits `category`. Mounted only while open. */
export function CategoryFormModal({
  category,
  parent,
  onClose,
}: {
  category?: Category;
  parent?: Category;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const categories = useCategories();
  const groups = useGroups();
  const nameOf = useLocalizedName();

  const save = useMutation({
    mutationFn: ({ code, ...values }: Values) => {
      const input = {
        ...values,
        nameEn: values.nameEn ?? '',
        parentId: values.parentId ?? null,
        groupId: values.groupId ?? null,
      };
      return category
        ? classificationApi.categories.update(category.id, input)
        : classificationApi.categories.create({ code, ...input });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: classificationKeys.categories });
      void message.success(t('common.saved'));
      onClose();
    },
    onError: (error) => showError(error, form),
  });

  const all = categories.data?.items ?? [];
  const excluded = category ? selfAndDescendants(all, category.id) : new Set<string>();
  const parentOptions = all
    .filter((candidate) => !excluded.has(candidate.id))
    .map((candidate) => ({ value: candidate.id, label: `${nameOf(candidate)} (${candidate.code})` }));
  const groupOptions = (groups.data?.items ?? []).map((group) => ({ value: group.id, label: group.name }));

  const initialValues: Partial<Values> = category
    ? {
        code: category.code,
        name: category.name,
        nameEn: category.nameEn,
        parentId: category.parentId ?? undefined,
        groupId: category.group?.id,
        isActive: category.isActive,
      }
    : { code: parent ? `${parent.code}.` : '', parentId: parent?.id, isActive: true };

  const title = category
    ? t('classification.categories.edit', { name: nameOf(category) })
    : parent
      ? t('classification.categories.addChildOf', { name: nameOf(parent) })
      : t('classification.categories.create');

  return (
    <Modal
      open
      title={title}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item
          name="code"
          label={t('classification.categories.code')}
          extra={category ? undefined : t('classification.categories.codeHelp')}
          rules={[
            { required: true },
            { pattern: CATEGORY_CODE, message: t('classification.categories.codeHelp') },
          ]}
        >
          <Input disabled={Boolean(category)} />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('classification.categories.name')}
          rules={[{ required: true, max: 80 }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="nameEn" label={t('classification.categories.nameEn')} rules={[{ max: 80 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="parentId" label={t('classification.categories.parent')}>
          <Select allowClear options={parentOptions} showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
        <Form.Item
          name="groupId"
          label={t('classification.categories.group')}
          extra={t('classification.categories.groupHelp')}
        >
          <Select
            allowClear
            loading={groups.isPending}
            options={groupOptions}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
        <Form.Item name="isActive" label={t('classification.categories.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
