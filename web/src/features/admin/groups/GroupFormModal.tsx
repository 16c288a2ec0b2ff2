import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Radio, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import type { Group, GroupKind } from '../../../api/types';
import { useHasPermission } from '../../auth/session';
import { useShowError } from '../../common/errors';
import { keys, useGroups, useUsers } from '../queries';

type Values = {
  key: string;
  name: string;
  description?: string;
  kind: GroupKind;
  parentId?: string;
  leadUserId?: string;
  memberIds: string[];
};

/** Ids of `group` and everything below it: none of them can become its parent. */
function selfAndDescendants(groups: Group[], id: string): Set<string> {
  const ids = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const group of groups) {
      if (group.parentId && ids.has(group.parentId) && !ids.has(group.id)) {
        ids.add(group.id);
        grew = true;
      }
    }
  }
  return ids;
}

/** Creates a department or group (no `group`) or edits one. Mounted only while open. */
export function GroupFormModal({ group, onClose }: { group?: Group; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const groups = useGroups();
  const can = useHasPermission();
  const users = useUsers({ status: 'active' }, can('users.manage'));

  const save = useMutation({
    mutationFn: ({ key, kind, ...values }: Values) => {
      const input = {
        ...values,
        parentId: values.parentId ?? null,
        leadUserId: values.leadUserId ?? null,
      };
      return group ? api.groups.update(group.id, input) : api.groups.create({ key, kind, ...input });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.groups });
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      void message.success(t('common.saved'));
      onClose();
    },
    onError: (error) => showError(error, form),
  });

  const excluded = group ? selfAndDescendants(groups.data?.items ?? [], group.id) : new Set<string>();
  const parentOptions = (groups.data?.items ?? [])
    .filter((candidate) => !excluded.has(candidate.id))
    .map((candidate) => ({ value: candidate.id, label: candidate.name }));
  const userOptions = (users.data?.items ?? []).map((user) => ({
    value: user.id,
    label: `${user.displayName} (${user.username})`,
  }));

  const initialValues: Partial<Values> = group
    ? {
        key: group.key,
        name: group.name,
        description: group.description,
        kind: group.kind,
        parentId: group.parentId ?? undefined,
        leadUserId: group.lead?.id,
        memberIds: group.members.map((member) => member.id),
      }
    : { kind: 'group', memberIds: [] };

  return (
    <Modal
      open
      title={group ? t('groups.edit', { name: group.name }) : t('groups.create')}
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
        <Form.Item name="kind" label={t('groups.kindLabel')}>
          <Radio.Group
            disabled={Boolean(group)}
            options={[
              { value: 'department', label: t('groups.kind.department') },
              { value: 'group', label: t('groups.kind.group') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="key"
          label={t('groups.key')}
          rules={[{ required: true }, { pattern: /^[a-z][a-z0-9_]{1,39}$/, message: t('groups.keyHelp') }]}
        >
          <Input disabled={Boolean(group)} />
        </Form.Item>
        <Form.Item name="name" label={t('groups.name')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="description" label={t('groups.description')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="parentId" label={t('groups.parent')}>
          <Select allowClear options={parentOptions} showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
        <Form.Item name="leadUserId" label={t('groups.lead')}>
          <Select
            allowClear
            loading={users.isPending}
            options={userOptions}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
        <Form.Item name="memberIds" label={t('groups.members')}>
          <Select
            mode="multiple"
            loading={users.isPending}
            options={userOptions}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
