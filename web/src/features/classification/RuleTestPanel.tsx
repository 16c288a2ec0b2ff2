import { useMutation } from '@tanstack/react-query';
import { Button, Col, Descriptions, Form, Input, Row, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useShowError } from '../common/errors';
import { classificationApi } from './api';
import { useVocabularyOptions } from './labels';
import { useCategories, useLocalizedName, usePriorities } from './queries';
import type { CustomerTier, Emotion, Outcome, RuleSample, TicketChannel, TicketType } from './types';

type SampleValues = {
  title?: string;
  description?: string;
  type?: TicketType;
  channel?: TicketChannel;
  customerTier?: CustomerTier;
  productModel?: string;
  productLine?: string;
  productCategory?: string;
  region?: string;
  givenPriority?: string;
  givenCategoryCode?: string;
  givenEmotion?: Emotion;
};

const blankToNull = (value: string | undefined) => (value?.trim() ? value.trim() : null);

/**
 * Classifies a sample ticket on the server without saving anything: the active rules, the policy and,
 * when `draft` gives one, the rule being edited in its place.
 */
export function RuleTestPanel({ draft }: { draft?: () => Promise<RuleSample['draft'] | undefined> }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<SampleValues>();
  const showError = useShowError();
  const options = useVocabularyOptions();
  const categories = useCategories();
  const priorities = usePriorities();
  const nameOf = useLocalizedName();

  const run = useMutation({
    mutationFn: async (values: SampleValues): Promise<Outcome> => {
      const sample: RuleSample = {
        title: values.title ?? '',
        description: values.description ?? '',
        type: values.type ?? 'consultation',
        channel: values.channel ?? 'portal',
        customerTier: values.customerTier ?? null,
        productModel: blankToNull(values.productModel),
        productLine: blankToNull(values.productLine),
        productCategory: blankToNull(values.productCategory),
        region: blankToNull(values.region),
        given: {
          priority: values.givenPriority ?? null,
          categoryCode: values.givenCategoryCode ?? null,
          emotion: values.givenEmotion ?? null,
        },
      };
      const rule = draft ? await draft() : undefined;
      return classificationApi.rules.test(rule ? { ...sample, draft: rule } : sample);
    },
    onError: (error) => showError(error, form),
  });

  const categoryOptions = (categories.data?.items ?? [])
    .filter((category) => category.isActive)
    .map((category) => ({ value: category.code, label: `${nameOf(category)} (${category.code})` }));
  const priorityOptions = (priorities.data?.items ?? [])
    .filter((priority) => priority.isActive)
    .map((priority) => ({ value: priority.code, label: `${priority.code} ${nameOf(priority)}` }));
  const categoryLabel = (code: string | null) => {
    const category = categories.data?.items.find((candidate) => candidate.code === code);
    return category ? `${nameOf(category)} (${category.code})` : (code ?? '—');
  };
  const priorityLabel = (code: string) => {
    const priority = priorities.data?.items.find((candidate) => candidate.code === code);
    return priority ? `${code} ${nameOf(priority)}` : code;
  };

  const outcome = run.data;
  return (
    <div data-testid="rule-test-panel">
      <Typography.Paragraph type="secondary">{t('classification.test.help')}</Typography.Paragraph>
      <Form<SampleValues>
        form={form}
        layout="vertical"
        size="small"
        initialValues={{ type: 'consultation', channel: 'portal' }}
        onFinish={(values) => run.mutate(values)}
      >
        <Form.Item name="title" label={t('classification.test.title')}>
          <Input />
        </Form.Item>
        <Form.Item name="description" label={t('classification.test.description')}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="type" label={t('classification.conditions.types')}>
              <Select options={options.types} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="channel" label={t('classification.conditions.channels')}>
              <Select options={options.channels} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="customerTier" label={t('classification.conditions.customerTiers')}>
              <Select allowClear options={options.tiers} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="productModel" label={t('classification.test.productModel')}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="productLine" label={t('classification.test.productLine')}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="productCategory" label={t('classification.test.productCategory')}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="region" label={t('classification.test.region')}>
              <Input placeholder={t('classification.test.regionPlaceholder')} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="givenPriority" label={t('classification.test.givenPriority')}>
              <Select allowClear options={priorityOptions} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="givenCategoryCode" label={t('classification.test.givenCategory')}>
              <Select allowClear options={categoryOptions} showSearch={{ optionFilterProp: 'label' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="givenEmotion" label={t('classification.test.givenEmotion')}>
              <Select allowClear options={options.emotions} />
            </Form.Item>
          </Col>
        </Row>
        <Button htmlType="submit" loading={run.isPending} data-testid="run-rule-test">
          {t('classification.test.run')}
        </Button>
      </Form>
      {outcome && (
        <Descriptions
          bordered
          size="small"
          column={1}
          style={{ marginTop: 16 }}
          title={t('classification.test.outcome')}
          data-testid="rule-test-outcome"
          items={[
            {
              key: 'category',
              label: t('classification.actions.categoryCode'),
              children: categoryLabel(outcome.categoryCode),
            },
            {
              key: 'priority',
              label: t('classification.actions.priority'),
              children: priorityLabel(outcome.priority),
            },
            {
              key: 'emotion',
              label: t('classification.actions.emotion'),
              children: t(`classification.emotions.${outcome.emotion}`),
            },
            {
              key: 'tags',
              label: t('classification.actions.addTags'),
              children: outcome.tags.length ? outcome.tags.map((tag) => <Tag key={tag}>{tag}</Tag>) : '—',
            },
            {
              key: 'group',
              label: t('classification.actions.groupKey'),
              children: outcome.groupKey ?? t('classification.test.byCategory'),
            },
            {
              key: 'rules',
              label: t('classification.test.matchedRules'),
              children: outcome.matchedRules.length ? (
                <Space size={[0, 4]} wrap>
                  {outcome.matchedRules.map((rule, index) => (
                    <Tag key={rule.id} color={rule.id === 'draft' ? 'gold' : 'blue'}>
                      {index + 1}. {rule.name}
                    </Tag>
                  ))}
                </Space>
              ) : (
                t('classification.test.noRuleMatched')
              ),
            },
            {
              key: 'complaint',
              label: t('classification.test.complaintWords'),
              children: outcome.complaintWords.length
                ? outcome.complaintWords.map((word) => (
                    <Tag key={word} color="red">
                      {word}
                    </Tag>
                  ))
                : '—',
            },
          ]}
        />
      )}
    </div>
  );
}
