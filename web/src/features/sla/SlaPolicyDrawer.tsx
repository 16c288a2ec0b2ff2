import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Checkbox,
  Col,
  Divider,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  Table,
  TreeSelect,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useVocabularyOptions } from '../classification/labels';
import { useShowError } from '../common/errors';
import { useCategoryTree, useDirectory, usePriorityOptions } from '../tickets/queries';
import { slaApi, slaKeys, useSlaCalendars } from './api';
import { useMilestoneName } from './time';
import {
  type BreachActions,
  MILESTONES,
  type Milestone,
  type PolicyConditions,
  type PolicyTargets,
  type SlaPolicy,
  type SlaPolicyInput,
} from './types';

/** A target cell as edited: hours and minutes, and whether it counts working hours only. */
type Cell = { hours?: number | null; minutes?: number | null; business?: boolean };

type Values = {
  key: string;
  name: string;
  description?: string;
  position: number;
  isActive: boolean;
  calendarId: string;
  conditions: PolicyConditions;
  targets: Record<string, Partial<Record<Milestone, Cell>>>;
  pauseWhileWaitingCustomer: boolean;
  warningPercents: (string | number)[];
  breachActions: BreachActions;
};

export const POLICY_KEY = /^[a-z][a-z0-9_]{1,39}$/;
const MAX_MINUTES = 60 * 24 * 365;

function toCells(targets: PolicyTargets, priorities: string[]): Values['targets'] {
  const cells: Values['targets'] = {};
  for (const priority of priorities) {
    cells[priority] = {};
    for (const milestone of MILESTONES) {
      const target = targets[priority]?.[milestone];
      cells[priority]![milestone] = target
        ? {
            hours: Math.floor(target.minutes / 60),
            minutes: target.minutes % 60,
            business: target.clock === 'business',
          }
        : { hours: null, minutes: null, business: priority !== 'P1' };
    }
  }
  return cells;
}

const cellMinutes = (cell: Cell | undefined) =>
  cell && (cell.hours || cell.minutes) ? (cell.hours ?? 0) * 60 + (cell.minutes ?? 0) : 0;

function fromCells(cells: Values['targets']): PolicyTargets {
  const targets: PolicyTargets = {};
  for (const [priority, row] of Object.entries(cells ?? {})) {
    const entries = Object.entries(row ?? {})
      .map(([milestone, cell]) => [milestone, cell, cellMinutes(cell)] as const)
      .filter(([, , minutes]) => minutes > 0)
      .map(([milestone, cell, minutes]) => [
        milestone,
        { minutes, clock: cell?.business ? 'business' : 'calendar' } as const,
      ]);
    if (entries.length) targets[priority] = Object.fromEntries(entries);
  }
  return targets;
}

function compact<T extends object>(value: T | undefined): T {
  return Object.fromEntries(
    Object.entries(value ?? {}).filter(
      ([, entry]) =>
        entry !== undefined &&
        entry !== null &&
        entry !== '' &&
        entry !== false &&
        !(Array.isArray(entry) && entry.length === 0),
    ),
  ) as T;
}

function percentsOf(values: (string | number)[] | undefined): number[] {
  return [...new Set((values ?? []).map(Number))].sort((a, b) => a - b);
}

/** The per-priority target table: rows are milestones, columns priorities; each cell hours + minutes + clock. */
function TargetsTable({ priorities }: { priorities: string[] }) {
  const { t } = useTranslation();
  const milestoneName = useMilestoneName();
  return (
    <Table<{ milestone: Milestone }>
      rowKey="milestone"
      size="small"
      pagination={false}
      bordered
      scroll={{ x: 'max-content' }}
      dataSource={MILESTONES.map((milestone) => ({ milestone }))}
      data-testid="sla-targets"
      columns={[
        {
          title: t('sla.policies.milestone'),
          dataIndex: 'milestone',
          width: 120,
          fixed: 'left',
          render: (milestone: Milestone) => milestoneName(milestone),
        },
        ...priorities.map((priority) => ({
          title: priority,
          key: priority,
          render: (_: unknown, { milestone }: { milestone: Milestone }) => (
            <Space.Compact size="small">
              <Form.Item noStyle name={['targets', priority, milestone, 'hours']}>
                <InputNumber<number>
                  min={0}
                  max={MAX_MINUTES / 60}
                  precision={0}
                  size="small"
                  style={{ width: 74 }}
                  suffix={t('sla.policies.hoursUnit')}
                  aria-label={`${priority} ${milestoneName(milestone)} ${t('sla.policies.hoursUnit')}`}
                  data-testid={`target-${priority}-${milestone}-hours`}
                />
              </Form.Item>
              <Form.Item noStyle name={['targets', priority, milestone, 'minutes']}>
                <InputNumber<number>
                  min={0}
                  max={59}
                  precision={0}
                  size="small"
                  style={{ width: 66 }}
                  suffix={t('sla.policies.minutesUnit')}
                  aria-label={`${priority} ${milestoneName(milestone)} ${t('sla.policies.minutesUnit')}`}
                  data-testid={`target-${priority}-${milestone}-minutes`}
                />
              </Form.Item>
              <Form.Item noStyle name={['targets', priority, milestone, 'business']} valuePropName="checked">
                <Switch
                  size="small"
                  style={{ marginInlineStart: 6, alignSelf: 'center' }}
                  checkedChildren={t('sla.clock.businessShort')}
                  unCheckedChildren={t('sla.clock.calendarShort')}
                />
              </Form.Item>
            </Space.Compact>
          ),
        })),
      ]}
    />
  );
}

/** Creates an SLA policy (no `policy`) or edits one; a change may be applied to the open tickets under it. */
export function SlaPolicyDrawer({ policy, onClose }: { policy?: SlaPolicy; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const calendars = useSlaCalendars();
  const priorityOptions = usePriorityOptions();
  const vocabulary = useVocabularyOptions();
  const { tree } = useCategoryTree();
  const directory = useDirectory();
  const [applyToOpen, setApplyToOpen] = useState(false);

  // Columns: the active priorities, and any other the policy already has targets for.
  const priorities = [
    ...new Set([
      ...(priorityOptions.length ? priorityOptions.map((option) => option.value) : ['P1', 'P2', 'P3']),
      ...Object.keys(policy?.targets ?? {}),
    ]),
  ];

  const save = useMutation({
    mutationFn: (values: Values) => {
      const input = {
        name: values.name.trim(),
        description: values.description?.trim() ?? '',
        position: values.position,
        isActive: values.isActive,
        calendarId: values.calendarId,
        conditions: compact(values.conditions),
        targets: fromCells(values.targets),
        pauseWhileWaitingCustomer: values.pauseWhileWaitingCustomer,
        warningPercents: percentsOf(values.warningPercents),
        breachActions: {
          raisePriority: Boolean(values.breachActions?.raisePriority),
          reassignToLead: Boolean(values.breachActions?.reassignToLead),
          autoProgressUpdate: Boolean(values.breachActions?.autoProgressUpdate),
          addWatcherUserId: values.breachActions?.addWatcherUserId ?? null,
        },
      };
      return policy
        ? slaApi.policies.update(policy.id, { ...input, applyToOpenTickets: applyToOpen })
        : slaApi.policies.create({ ...input, key: values.key } satisfies SlaPolicyInput);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: slaKeys.policies });
      // Open tickets may have new due times.
      await queryClient.invalidateQueries({ queryKey: ['tickets'] });
      void message.success(t('common.saved'));
      onClose();
    },
    onError: (error) => showError(error, form),
  });

  const calendarList = calendars.data;
  const defaultCalendar = calendarList?.find((calendar) => calendar.isDefault) ?? calendarList?.[0];
  const initialValues: Partial<Values> = policy
    ? {
        key: policy.key,
        name: policy.name,
        description: policy.description,
        position: policy.position,
        isActive: policy.isActive,
        calendarId: policy.calendarId,
        conditions: policy.conditions,
        targets: toCells(policy.targets, priorities),
        pauseWhileWaitingCustomer: policy.pauseWhileWaitingCustomer,
        warningPercents: policy.warningPercents,
        breachActions: policy.breachActions,
      }
    : {
        position: 100,
        isActive: true,
        calendarId: defaultCalendar?.id,
        conditions: {},
        targets: toCells({}, priorities),
        pauseWhileWaitingCustomer: true,
        warningPercents: [75, 90],
        breachActions: {},
      };

  // A new policy starts on the default calendar once the calendars are known.
  useEffect(() => {
    if (!policy && defaultCalendar && !form.getFieldValue('calendarId'))
      form.setFieldValue('calendarId', defaultCalendar.id);
  }, [policy, defaultCalendar, form]);

  const submit = (values: Values) => {
    if (!Object.keys(fromCells(values.targets)).length) {
      void message.error(t('sla.policies.targetsRequired'));
      return;
    }
    save.mutate(values);
  };

  return (
    <Drawer
      open
      size={1000}
      title={policy ? t('sla.policies.editTitle', { name: policy.name }) : t('sla.policies.createTitle')}
      onClose={onClose}
      destroyOnHidden
      data-testid="sla-policy-drawer"
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={save.isPending}
            onClick={() => form.submit()}
            data-testid="sla-policy-save"
          >
            {t('common.save')}
          </Button>
        </Space>
      }
      footer={
        policy && (
          <Flex vertical gap={2}>
            <Checkbox
              checked={applyToOpen}
              onChange={(event) => setApplyToOpen(event.target.checked)}
              data-testid="apply-to-open"
            >
              {t('sla.policies.applyToOpen')}
            </Checkbox>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('sla.policies.applyToOpenHint')}
            </Typography.Text>
          </Flex>
        )
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={submit}
        scrollToFirstError
      >
        <Row gutter={16}>
          <Col xs={24} md={10}>
            <Form.Item
              name="name"
              label={t('sla.policies.name')}
              rules={[
                { required: true, whitespace: true, max: 100, message: t('sla.policies.nameRequired') },
              ]}
            >
              <Input maxLength={100} data-testid="sla-policy-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item
              name="key"
              label={t('sla.policies.key')}
              tooltip={t('sla.policies.keyHint')}
              rules={[{ required: true, pattern: POLICY_KEY, message: t('sla.policies.keyInvalid') }]}
            >
              <Input maxLength={40} disabled={Boolean(policy)} data-testid="sla-policy-key" />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item
              name="position"
              label={t('sla.policies.position')}
              tooltip={t('sla.policies.positionHint')}
              rules={[{ required: true }]}
            >
              <InputNumber min={0} max={10_000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="isActive" label={t('sla.policies.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={24} md={14}>
            <Form.Item name="description" label={t('sla.policies.description')}>
              <Input.TextArea rows={1} autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item
              name="calendarId"
              label={t('sla.policies.calendar')}
              tooltip={t('sla.policies.calendarHint')}
              rules={[{ required: true, message: t('sla.policies.calendarRequired') }]}
              extra={calendarList === null ? t('sla.policies.calendarsUnavailable') : undefined}
            >
              {calendarList === null ? (
                <Input maxLength={36} />
              ) : (
                <Select
                  loading={calendars.isPending}
                  options={(calendarList ?? []).map((calendar) => ({
                    value: calendar.id,
                    label: calendar.timeZone ? `${calendar.name} · ${calendar.timeZone}` : calendar.name,
                  }))}
                  data-testid="sla-policy-calendar"
                />
              )}
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">{t('sla.policies.conditions')}</Divider>
        <Typography.Paragraph type="secondary">{t('sla.policies.conditionsHelp')}</Typography.Paragraph>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name={['conditions', 'priorities']} label={t('sla.conditions.priorities')}>
              <Select
                mode="multiple"
                allowClear
                placeholder={t('sla.policies.any')}
                options={priorityOptions.map(({ value, label }) => ({ value, label }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name={['conditions', 'customerTiers']} label={t('sla.conditions.customerTiers')}>
              <Select
                mode="multiple"
                allowClear
                placeholder={t('sla.policies.any')}
                options={vocabulary.tiers}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name={['conditions', 'categoryIds']} label={t('sla.conditions.categoryIds')}>
              <TreeSelect
                multiple
                treeCheckable
                showCheckedStrategy={TreeSelect.SHOW_PARENT}
                allowClear
                maxTagCount="responsive"
                placeholder={t('sla.policies.any')}
                treeData={tree}
                treeNodeFilterProp="title"
                popupMatchSelectWidth={280}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={['conditions', 'channels']} label={t('sla.conditions.channels')}>
              <Select
                mode="multiple"
                allowClear
                placeholder={t('sla.policies.any')}
                options={vocabulary.channels}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={['conditions', 'types']} label={t('sla.conditions.types')}>
              <Select
                mode="multiple"
                allowClear
                placeholder={t('sla.policies.any')}
                options={vocabulary.types}
              />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">{t('sla.policies.targets')}</Divider>
        <Typography.Paragraph type="secondary">{t('sla.policies.targetsHelp')}</Typography.Paragraph>
        <TargetsTable priorities={priorities} />
        <Divider titlePlacement="start">{t('sla.policies.clocks')}</Divider>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="pauseWhileWaitingCustomer"
              label={t('sla.policies.pause')}
              extra={t('sla.policies.pauseHint')}
              valuePropName="checked"
            >
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="warningPercents"
              label={t('sla.policies.warningPercents')}
              extra={t('sla.policies.warningHint')}
              rules={[
                {
                  validator: (_, values: (string | number)[] | undefined) => {
                    const all = (values ?? []).map(Number);
                    if (all.length > 5) return Promise.reject(new Error(t('sla.policies.warningInvalid')));
                    return all.every((value) => Number.isInteger(value) && value >= 1 && value <= 99)
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('sla.policies.warningInvalid')));
                  },
                },
              ]}
              normalize={(values: (string | number)[] | undefined) =>
                values?.map((value) =>
                  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value,
                )
              }
            >
              <Select
                mode="tags"
                tokenSeparators={[',', '，', ' ']}
                options={[50, 75, 80, 90].map((value) => ({ value, label: `${value}%` }))}
                suffixIcon="%"
              />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">{t('sla.policies.breachActions')}</Divider>
        <Typography.Paragraph type="secondary">{t('sla.policies.breachActionsHelp')}</Typography.Paragraph>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Flex vertical gap={8}>
              <Form.Item name={['breachActions', 'raisePriority']} valuePropName="checked" noStyle>
                <Checkbox>{t('sla.actions.raisePriority')}</Checkbox>
              </Form.Item>
              <Form.Item name={['breachActions', 'reassignToLead']} valuePropName="checked" noStyle>
                <Checkbox>{t('sla.actions.reassignToLead')}</Checkbox>
              </Form.Item>
              <Form.Item name={['breachActions', 'autoProgressUpdate']} valuePropName="checked" noStyle>
                <Checkbox>{t('sla.actions.autoProgressUpdate')}</Checkbox>
              </Form.Item>
            </Flex>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={['breachActions', 'addWatcherUserId']} label={t('sla.actions.addWatcherUserId')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('sla.actions.noWatcher')}
                options={directory.users.map((user) => ({ value: user.id, label: user.displayName }))}
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
