import { ClearOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Input, Select, TreeSelect } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasFilters } from './filters';
import { useCategoryTree, useDirectory, usePriorityOptions } from './queries';
import {
  CUSTOMER_TIERS,
  SORTS,
  TICKET_CHANNELS,
  TICKET_STATUSES,
  TICKET_TYPES,
  type TicketFilters,
  type TicketSort,
} from './types';

/** The inbox filter bar: full-text search, status, priority, category, channel, type, tier, owner, group, dates. */
export function InboxFilters({
  filters,
  onChange,
}: {
  filters: TicketFilters;
  onChange: (next: TicketFilters) => void;
}) {
  const { t } = useTranslation();
  const priorities = usePriorityOptions();
  const { tree } = useCategoryTree();
  const directory = useDirectory();
  const [search, setSearch] = useState(filters.q ?? '');
  useEffect(() => setSearch(filters.q ?? ''), [filters.q]);

  const set = (patch: Partial<TicketFilters>) => onChange({ ...filters, ...patch });
  const wide = { minWidth: 150, maxWidth: 260 };

  return (
    <Flex gap={8} wrap align="center" data-testid="inbox-filters">
      <Input.Search
        allowClear
        value={search}
        onChange={(event) => setSearch(event.target.value)}
        placeholder={t('tickets.filters.searchPlaceholder')}
        onSearch={(value) => set({ q: value.trim() || undefined })}
        style={{ width: 280 }}
        data-testid="ticket-search"
      />
      <Select
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        placeholder={t('tickets.fields.status')}
        value={filters.status ?? []}
        onChange={(status) => set({ status })}
        options={TICKET_STATUSES.map((value) => ({ value, label: t(`tickets.status.${value}`) }))}
        style={wide}
        data-testid="filter-status"
      />
      <Select
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        placeholder={t('tickets.fields.priority')}
        value={filters.priority ?? []}
        onChange={(priority) => set({ priority })}
        options={priorities.map(({ value, label }) => ({ value, label }))}
        style={{ minWidth: 120, maxWidth: 220 }}
      />
      <TreeSelect
        multiple
        treeCheckable
        showCheckedStrategy={TreeSelect.SHOW_ALL}
        allowClear
        maxTagCount="responsive"
        placeholder={t('tickets.fields.category')}
        value={filters.categoryId ?? []}
        onChange={(categoryId: string[]) => set({ categoryId })}
        treeData={tree}
        treeDefaultExpandAll
        treeNodeFilterProp="title"
        style={{ minWidth: 170, maxWidth: 280 }}
        popupMatchSelectWidth={260}
      />
      <Select
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        placeholder={t('tickets.fields.channel')}
        value={filters.channel ?? []}
        onChange={(channel) => set({ channel })}
        options={TICKET_CHANNELS.map((value) => ({ value, label: t(`tickets.channel.${value}`) }))}
        style={{ minWidth: 120, maxWidth: 220 }}
      />
      <Select
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        placeholder={t('tickets.fields.type')}
        value={filters.type ?? []}
        onChange={(type) => set({ type })}
        options={TICKET_TYPES.map((value) => ({ value, label: t(`tickets.type.${value}`) }))}
        style={{ minWidth: 120, maxWidth: 220 }}
      />
      <Select
        allowClear
        placeholder={t('tickets.fields.tier')}
        value={filters.tier?.[0]}
        onChange={(tier?: (typeof CUSTOMER_TIERS)[number]) => set({ tier: tier ? [tier] : undefined })}
        options={CUSTOMER_TIERS.map((value) => ({ value, label: t(`tickets.tier.${value}`) }))}
        style={{ width: 120 }}
      />
      <Select
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('tickets.fields.owner')}
        value={filters.ownerId ?? []}
        onChange={(ownerId) => set({ ownerId })}
        options={directory.users.map((user) => ({ value: user.id, label: user.displayName }))}
        style={{ minWidth: 120, maxWidth: 220 }}
        disabled={filters.view === 'mine'}
      />
      <Select
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('tickets.fields.group')}
        value={filters.groupId ?? []}
        onChange={(groupId) => set({ groupId })}
        options={directory.groups.map((group) => ({ value: group.id, label: group.name }))}
        style={{ minWidth: 120, maxWidth: 220 }}
        disabled={filters.view === 'my_groups'}
      />
      <DatePicker.RangePicker
        placeholder={[t('tickets.filters.receivedFrom'), t('tickets.filters.receivedTo')]}
        value={[
          filters.receivedFrom ? dayjs(filters.receivedFrom) : null,
          filters.receivedTo ? dayjs(filters.receivedTo) : null,
        ]}
        allowEmpty={[true, true]}
        onChange={(range) =>
          set({
            receivedFrom: range?.[0]?.startOf('day').toISOString(),
            receivedTo: range?.[1]?.endOf('day').toISOString(),
          })
        }
        style={{ width: 250 }}
      />
      <Select<TicketSort>
        value={filters.sort ?? 'received_desc'}
        onChange={(sort) => set({ sort })}
        options={SORTS.map((value) => ({
          value,
          label: value === 'sla_due' ? t('sla.sort.due') : t(`tickets.sort.${value}`),
        }))}
        style={{ width: 170 }}
        popupMatchSelectWidth={false}
        data-testid="ticket-sort"
      />
      {hasFilters(filters) && (
        <Button
          icon={<ClearOutlined />}
          onClick={() => onChange({ view: filters.view, sort: filters.sort })}
          data-testid="clear-filters"
        >
          {t('tickets.filters.clear')}
        </Button>
      )}
    </Flex>
  );
}
