import { DownOutlined, TagsOutlined, TeamOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Dropdown, Flex, Form, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useHasPermission } from '../auth/session';
import { useShowError } from '../common/errors';
import { ticketsApi } from './api';
import { ticketKeys, useDirectory } from './queries';
import { type BulkAction, MANUAL_STATUSES, type ManualStatus } from './types';

type Dialog = 'assign' | 'tag' | null;

/** Bulk actions on the selected inbox rows; reports how many succeeded and which failed. */
export function BulkActions({
  ids,
  numberOf,
  onDone,
}: {
  ids: string[];
  numberOf: (id: string) => string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const can = useHasPermission();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const directory = useDirectory();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [assignForm] = Form.useForm<{ groupId?: string; ownerId?: string }>();
  const [tagForm] = Form.useForm<{ add?: string[]; remove?: string[] }>();
  const groupId = Form.useWatch('groupId', assignForm);

  const run = useMutation({
    mutationFn: (action: BulkAction) => ticketsApi.bulk(ids, action),
    onSuccess: async ({ results }) => {
      const failed = results.filter((result) => !result.ok);
      if (failed.length) {
        modal.warning({
          title: t('tickets.bulk.partial', { ok: results.length - failed.length, failed: failed.length }),
          content: (
            <>
              <p>
                {t('tickets.bulk.failedList', {
                  numbers: failed.map((result) => numberOf(result.id)).join('、'),
                })}
              </p>
              <p>{t('tickets.bulk.partialHint')}</p>
            </>
          ),
        });
      } else {
        void message.success(t('tickets.bulk.done', { count: results.length }));
      }
      setDialog(null);
      onDone();
      await queryClient.invalidateQueries({ queryKey: ticketKeys.all });
    },
    onError: (error) => showError(error),
  });

  if (!can('tickets.update')) return null;

  return (
    <Flex gap={8} align="center" wrap data-testid="bulk-actions">
      <Typography.Text>{t('tickets.bulk.selected', { count: ids.length })}</Typography.Text>
      {can('tickets.assign') && (
        <Button size="small" icon={<TeamOutlined />} onClick={() => setDialog('assign')}>
          {t('tickets.bulk.assign')}
        </Button>
      )}
      <Dropdown
        menu={{
          items: MANUAL_STATUSES.map((status) => ({ key: status, label: t(`tickets.status.${status}`) })),
          onClick: ({ key }) => run.mutate({ kind: 'status', status: key as ManualStatus }),
        }}
      >
        <Button size="small" loading={run.isPending && dialog === null}>
          {t('tickets.bulk.setStatus')} <DownOutlined />
        </Button>
      </Dropdown>
      <Button size="small" icon={<TagsOutlined />} onClick={() => setDialog('tag')}>
        {t('tickets.bulk.tags')}
      </Button>
      <Button size="small" type="link" onClick={onDone}>
        {t('tickets.bulk.clearSelection')}
      </Button>

      <Modal
        open={dialog === 'assign'}
        title={t('tickets.bulk.assignTitle', { count: ids.length })}
        onCancel={() => setDialog(null)}
        onOk={() => assignForm.submit()}
        confirmLoading={run.isPending}
        destroyOnHidden
      >
        <Form
          form={assignForm}
          layout="vertical"
          preserve={false}
          onFinish={(values) =>
            run.mutate({
              kind: 'assign',
              groupId: values.groupId ?? undefined,
              ownerId: values.ownerId ?? undefined,
            })
          }
        >
          <Form.Item name="groupId" label={t('tickets.fields.group')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={directory.groups.map((group) => ({ value: group.id, label: group.name }))}
              onChange={() => assignForm.setFieldValue('ownerId', undefined)}
            />
          </Form.Item>
          <Form.Item
            name="ownerId"
            label={t('tickets.fields.owner')}
            extra={t('tickets.assign.ownerHint')}
            rules={[
              {
                validator: (_, value) =>
                  value || assignForm.getFieldValue('groupId')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('tickets.assign.needOne'))),
              },
            ]}
          >
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={directory
                .membersOf(groupId)
                .map((user) => ({ value: user.id, label: user.displayName }))}
            />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={dialog === 'tag'}
        title={t('tickets.bulk.tagsTitle', { count: ids.length })}
        onCancel={() => setDialog(null)}
        onOk={() => tagForm.submit()}
        confirmLoading={run.isPending}
        destroyOnHidden
      >
        <Form
          form={tagForm}
          layout="vertical"
          preserve={false}
          onFinish={(values) =>
            run.mutate({ kind: 'tag', add: values.add ?? [], remove: values.remove ?? [] })
          }
        >
          <Form.Item name="add" label={t('tickets.bulk.addTags')}>
            <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，', ' ']} />
          </Form.Item>
          <Form.Item name="remove" label={t('tickets.bulk.removeTags')}>
            <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，', ' ']} />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
