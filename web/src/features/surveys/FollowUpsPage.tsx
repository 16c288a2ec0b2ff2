import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Result,
  Segmented,
  Select,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useHasPermission } from '../auth/session';
import { useShowError } from '../common/errors';
import { formatDateTime } from '../common/format';
import { PageHeader } from '../common/PageHeader';
import { useFormatRemaining, useNow } from '../sla/time';
import { surveyKeys, surveysApi, useFollowUps } from './api';
import { useScoreText } from './labels';
import { type FollowUp, type FollowUpInput, REMEDY_TYPES } from './types';

type View = 'mine' | 'open' | 'done';

const QUERIES: Record<View, { status: 'open' | 'done'; assignee?: 'me' }> = {
  mine: { status: 'open', assignee: 'me' },
  open: { status: 'open' },
  done: { status: 'done' },
};

const WITH_AMOUNT = new Set(['coupon', 'cash', 'refund', 'gift', 'other']);

/** The time left to the follow-up deadline (R6.2: 48 h), red once passed, orange in its last quarter. */
function Countdown({ followUp, now }: { followUp: FollowUp; now: number }) {
  const formatRemaining = useFormatRemaining();
  const remaining = Date.parse(followUp.dueAt) - now;
  const total = Date.parse(followUp.dueAt) - Date.parse(followUp.createdAt);
  const color = remaining < 0 ? 'red' : remaining < total * 0.25 ? 'orange' : 'green';
  return (
    <Flex vertical gap={0}>
      <Tag color={color} data-testid="follow-up-countdown">
        {formatRemaining(remaining)}
      </Tag>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {formatDateTime(followUp.dueAt)}
      </Typography.Text>
    </Flex>
  );
}

function FollowUpModal({
  followUp,
  causeTags,
  onClose,
}: {
  followUp: FollowUp;
  causeTags: string[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FollowUpInput>();
  const showError = useShowError();
  const queryClient = useQueryClient();
  const remedyType = Form.useWatch('remedyType', form);
  const save = useMutation({
    mutationFn: (input: FollowUpInput) => surveysApi.followUps.update(followUp.id, input),
    onSuccess: (_saved, input) => {
      void queryClient.invalidateQueries({ queryKey: surveyKeys.all });
      void message.success(input.done ? t('surveys.followUps.completed') : t('common.saved'));
      onClose();
    },
    onError: (error) => showError(error, form),
  });
  const submit = (done: boolean) =>
    form.validateFields().then((values) =>
      save.mutate({
        ...values,
        note: values.note ?? '',
        remedyAmount: WITH_AMOUNT.has(values.remedyType) ? (values.remedyAmount ?? null) : null,
        done,
      }),
    );

  return (
    <Modal
      open
      title={t('surveys.followUps.formTitle', { number: followUp.ticket.number })}
      onCancel={onClose}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="save" onClick={() => void submit(false)} loading={save.isPending}>
          {t('common.save')}
        </Button>,
        <Button
          key="done"
          type="primary"
          onClick={() => void submit(true)}
          loading={save.isPending}
          data-testid="follow-up-complete"
        >
          {t('surveys.followUps.complete')}
        </Button>,
      ]}
    >
      <Form<FollowUpInput>
        form={form}
        layout="vertical"
        initialValues={{
          causeTags: followUp.causeTags,
          remedyType: followUp.remedyType ?? 'apology',
          remedyAmount: followUp.remedyAmount,
          note: followUp.note,
        }}
      >
        <Form.Item
          name="causeTags"
          label={t('surveys.followUps.causeTags')}
          extra={t('surveys.followUps.causeHelp')}
        >
          <Select
            mode="multiple"
            options={causeTags.map((tag) => ({ value: tag, label: tag }))}
            data-testid="follow-up-causes"
          />
        </Form.Item>
        <Flex gap={16}>
          <Form.Item name="remedyType" label={t('surveys.followUps.remedy')} style={{ flex: 1 }}>
            <Select
              options={REMEDY_TYPES.map((type) => ({ value: type, label: t(`surveys.remedy.${type}`) }))}
            />
          </Form.Item>
          {WITH_AMOUNT.has(remedyType) && (
            <Form.Item name="remedyAmount" label={t('surveys.followUps.amount')}>
              <InputNumber min={0} max={10_000_000} precision={2} prefix="¥" style={{ width: 160 }} />
            </Form.Item>
          )}
        </Flex>
        <Form.Item name="note" label={t('surveys.followUps.note')}>
          <Input.TextArea rows={4} maxLength={5000} placeholder={t('surveys.followUps.notePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 回访跟进 (R6.2): low scores for supervisors to follow up within 48 hours, with causes and the remedy. */
export default function FollowUpsPage() {
  const { t } = useTranslation();
  const can = useHasPermission();
  const [view, setView] = useState<View>('mine');
  const [editing, setEditing] = useState<FollowUp | null>(null);
  const query = useFollowUps(QUERIES[view]);
  const now = useNow();
  const scoreText = useScoreText();
  if (!can('tickets.read_all') && !can('tickets.read_group'))
    return <Result status="403" title={t('errorPage.403')} />;

  const columns: TableColumnsType<FollowUp> = [
    {
      title: t('surveys.followUps.ticket'),
      key: 'ticket',
      render: (_: unknown, row) => (
        <Flex vertical gap={0}>
          <Link to={`/tickets/${row.ticket.id}`}>{row.ticket.number}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
            {row.ticket.title}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('surveys.followUps.customer'),
      dataIndex: 'customerName',
      render: (name: string | null) => name ?? '—',
    },
    {
      title: t('surveys.followUps.score'),
      key: 'score',
      render: (_: unknown, row) => (
        <Flex vertical gap={2}>
          <Tag color="red">{scoreText(row.scale, row.overallScore)}</Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {Object.entries(row.lowAnswers)
              .map(
                ([key, value]) =>
                  `${t(`surveys.questions.${key}`, { defaultValue: key })} ${row.scale === 'five' ? `${value}/5` : value}`,
              )
              .join('、')}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('surveys.followUps.assignee'),
      key: 'assignee',
      render: (_: unknown, row) => row.assignee?.displayName ?? t('surveys.supervisors'),
    },
    view === 'done'
      ? {
          title: t('surveys.followUps.result'),
          key: 'result',
          render: (_: unknown, row) => (
            <Flex vertical gap={2}>
              <Flex gap={4} wrap>
                {row.causeTags.map((tag) => (
                  <Tag key={tag}>{tag}</Tag>
                ))}
                {row.remedyType && (
                  <Tag color="purple" bordered={false}>
                    {t(`surveys.remedy.${row.remedyType}`)}
                    {row.remedyAmount !== null && ` ¥${row.remedyAmount}`}
                  </Tag>
                )}
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('surveys.followUps.doneBy', {
                  name: row.completedBy?.displayName ?? '—',
                  time: formatDateTime(row.completedAt),
                })}
              </Typography.Text>
            </Flex>
          ),
        }
      : {
          title: t('surveys.followUps.due'),
          key: 'due',
          sorter: (a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt),
          render: (_: unknown, row) => <Countdown followUp={row} now={now} />,
        },
    ...(view === 'done'
      ? []
      : [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, row: FollowUp) => (
              <Button
                size="small"
                type="primary"
                onClick={() => setEditing(row)}
                data-testid="follow-up-handle"
              >
                {t('surveys.followUps.handle')}
              </Button>
            ),
          },
        ]),
  ];

  return (
    <>
      <PageHeader
        title={t('nav.survey-follow-ups')}
        extra={
          <Segmented<View>
            value={view}
            onChange={setView}
            options={(['mine', 'open', 'done'] as const).map((value) => ({
              value,
              label: t(`surveys.followUps.views.${value}`),
            }))}
          />
        }
      />
      <Typography.Paragraph type="secondary">{t('surveys.followUps.intro')}</Typography.Paragraph>
      <Table<FollowUp>
        rowKey="id"
        columns={columns}
        dataSource={query.data?.items}
        loading={query.isPending}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('surveys.followUps.none') }}
        scroll={{ x: 'max-content' }}
        data-testid="follow-up-table"
      />
      {editing && (
        <FollowUpModal
          followUp={editing}
          causeTags={query.data?.causeTags ?? []}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}
