import { useInfiniteQuery } from '@tanstack/react-query';
import {
  Button,
  DatePicker,
  Flex,
  Form,
  Input,
  Select,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import type { AuditEntry, AuditQuery } from '../../../api/types';
import { useHasPermission } from '../../auth/session';
import { formatDateTime } from '../../common/format';
import { PageHeader } from '../../common/PageHeader';
import { useUsers } from '../queries';

const PAGE_SIZE = 50;

type Filters = {
  entityType?: string;
  action?: string;
  actorUserId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
};

function toQuery({ range, entityType, action, actorUserId }: Filters): AuditQuery {
  return {
    entityType: entityType?.trim() || undefined,
    action: action?.trim() || undefined,
    actorUserId,
    from: range?.[0]?.startOf('day').toISOString(),
    to: range?.[1]?.endOf('day').toISOString(),
  };
}

function JsonBlock({ title, value }: { title: string; value: unknown }) {
  return (
    <div style={{ flex: 1, minWidth: 0 }}>
      <Typography.Text strong>{title}</Typography.Text>
      <pre style={{ background: '#fafafa', padding: 8, borderRadius: 4, overflow: 'auto', maxHeight: 360 }}>
        {value === null || value === undefined ? '—' : JSON.stringify(value, null, 2)}
      </pre>
    </div>
  );
}

export default function AuditPage() {
  const { t } = useTranslation();
  const [query, setQuery] = useState<AuditQuery>({});
  const can = useHasPermission();
  const users = useUsers({}, can('users.manage'));

  const audit = useInfiniteQuery({
    queryKey: ['audit', query],
    queryFn: ({ pageParam }) => api.audit.list({ ...query, cursor: pageParam, limit: PAGE_SIZE }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const entries = audit.data?.pages.flatMap((page) => page.items) ?? [];

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.occurredAt'), dataIndex: 'occurredAt', render: formatDateTime, width: 160 },
    { title: t('audit.actor'), key: 'actor', render: (_, entry) => entry.actor.label },
    { title: t('audit.action'), dataIndex: 'action', render: (action: string) => <Tag>{action}</Tag> },
    { title: t('audit.entityType'), dataIndex: 'entityType' },
    { title: t('audit.entityId'), dataIndex: 'entityId', render: (id: string | null) => id ?? '—' },
    { title: t('audit.ip'), dataIndex: 'ip', render: (ip: string | null) => ip ?? '—' },
  ];

  return (
    <>
      <PageHeader title={t('settings.nav.audit')} />
      <Form<Filters>
        layout="inline"
        onFinish={(filters) => setQuery(toQuery(filters))}
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item name="entityType">
          <Input allowClear placeholder={t('audit.entityType')} style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="action">
          <Input allowClear placeholder={t('audit.action')} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="actorUserId">
          <Select
            allowClear
            placeholder={t('audit.actor')}
            style={{ width: 180 }}
            options={users.data?.items.map((user) => ({ value: user.id, label: user.displayName }))}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
        <Form.Item name="range">
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit">
            {t('common.search')}
          </Button>
        </Form.Item>
      </Form>
      <Table<AuditEntry>
        rowKey="id"
        columns={columns}
        dataSource={entries}
        loading={audit.isFetching && !audit.isFetchingNextPage}
        pagination={false}
        scroll={{ x: 'max-content' }}
        expandable={{
          expandedRowRender: (entry) => (
            <>
              <Flex gap={16}>
                <JsonBlock title={t('audit.before')} value={entry.before} />
                <JsonBlock title={t('audit.after')} value={entry.after} />
              </Flex>
              {entry.requestId && (
                <Typography.Text type="secondary">
                  {t('audit.requestId', { id: entry.requestId })}
                </Typography.Text>
              )}
            </>
          ),
        }}
      />
      <Flex justify="center" style={{ marginTop: 16 }}>
        {audit.hasNextPage ? (
          <Button onClick={() => void audit.fetchNextPage()} loading={audit.isFetchingNextPage}>
            {t('audit.loadMore')}
          </Button>
        ) : (
          entries.length > 0 && <Typography.Text type="secondary">{t('audit.end')}</Typography.Text>
        )}
      </Flex>
    </>
  );
}
