import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, Divider, Drawer, Form, Input, Row, Select, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useGroups } from '../admin/queries';
import { useShowError } from '../common/errors';
import { classificationApi } from './api';
import { useVocabularyOptions } from './labels';
import { classificationKeys, useCategories, useLocalizedName, usePriorities } from './queries';
import { RuleTestPanel } from './RuleTestPanel';
import type { Rule, RuleActions, RuleConditions, RuleSample } from './types';

type Values = {
  name: string;
  isActive: boolean;
  stopAfterMatch: boolean;
  conditions: RuleConditions;
  actions: RuleActions;
};

/** Drops empty lists and cleared selects, so the rule says only what it checks and does. */
function compact<T extends object>(value: T | undefined): T {
  const result: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value ?? {})) {
    if (entry === undefined || entry === null || entry === '') continue;
    if (Array.isArray(entry) && entry.length === 0) continue;
    result[key] = entry;
  }
  return result as T;
}

const TEXT_CONDITIONS = ['productModels', 'productLines', 'productCategories', 'regions'] as const;

/** Creates a rule (no `rule`) or edits one, with a test panel that evaluates the unsaved form in place. */
export function RuleDrawer({ rule, onClose }: { rule?: Rule; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const options = useVocabularyOptions();
  const categories = useCategories();
  const priorities = usePriorities();
  const groups = useGroups();
  const nameOf = useLocalizedName();

  const save = useMutation({
    mutationFn: (values: Values) => {
      const input = {
        name: values.name,
        isActive: values.isActive,
        stopAfterMatch: values.stopAfterMatch,
        conditions: compact(values.conditions),
        actions: compact(values.actions),
      };
      return rule ? classificationApi.rules.update(rule.id, input) : classificationApi.rules.create(input);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: classificationKeys.rules });
      void message.success(t('common.saved'));
      onClose();
    },
    onError: (error) => showError(error, form),
  });

  /** The form as it stands, as a draft for the test panel. */
  const draft = async (): Promise<RuleSample['draft']> => {
    const values = form.getFieldsValue(true) as Values;
    return {
      ...(rule ? { id: rule.id } : {}),
      name: values.name || t('classification.rules.draftName'),
      conditions: compact(values.conditions),
      actions: compact(values.actions),
      stopAfterMatch: Boolean(values.stopAfterMatch),
    };
  };

  const categoryOptions = (categories.data?.items ?? []).map((category) => ({
    value: category.code,
    label: `${nameOf(category)} (${category.code})${category.isActive ? '' : ` · ${t('classification.inactive')}`}`,
  }));
  const priorityOptions = (priorities.data?.items ?? [])
    .filter((priority) => priority.isActive)
    .map((priority) => ({ value: priority.code, label: `${priority.code} ${nameOf(priority)}` }));
  const groupOptions = (groups.data?.items ?? []).map((group) => ({ value: group.key, label: group.name }));

  const initialValues: Values = rule
    ? {
        name: rule.name,
        isActive: rule.isActive,
        stopAfterMatch: rule.stopAfterMatch,
        conditions: rule.conditions,
        actions: rule.actions,
      }
    : { name: '', isActive: true, stopAfterMatch: false, conditions: {}, actions: {} };

  return (
    <Drawer
      open
      size={760}
      title={rule ? t('classification.rules.edit', { name: rule.name }) : t('classification.rules.create')}
      onClose={onClose}
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => save.mutate(values)}
      >
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="name"
              label={t('classification.rules.name')}
              rules={[{ required: true, max: 100 }]}
            >
              <Input />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="isActive" label={t('classification.rules.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item
              name="stopAfterMatch"
              label={t('classification.rules.stopAfterMatch')}
              tooltip={t('classification.rules.stopAfterMatchHelp')}
              valuePropName="checked"
            >
              <Switch />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">{t('classification.rules.conditionsTitle')}</Divider>
        <Typography.Paragraph type="secondary">
          {t('classification.rules.conditionsHelp')}
        </Typography.Paragraph>
        <Row gutter={16}>
          <Col span={24}>
            <Form.Item
              name={['conditions', 'keywordsAny']}
              label={t('classification.conditions.keywordsAny')}
              extra={t('classification.conditions.keywordsAnyHelp')}
            >
              <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} suffixIcon={null} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name={['conditions', 'types']} label={t('classification.conditions.types')}>
              <Select mode="multiple" allowClear options={options.types} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name={['conditions', 'channels']} label={t('classification.conditions.channels')}>
              <Select mode="multiple" allowClear options={options.channels} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name={['conditions', 'customerTiers']}
              label={t('classification.conditions.customerTiers')}
            >
              <Select mode="multiple" allowClear options={options.tiers} />
            </Form.Item>
          </Col>
          {TEXT_CONDITIONS.map((key) => (
            <Col span={12} key={key}>
              <Form.Item
                name={['conditions', key]}
                label={t(`classification.conditions.${key}`)}
                extra={t(`classification.conditions.${key}Help`, { defaultValue: '' }) || undefined}
              >
                <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} suffixIcon={null} />
              </Form.Item>
            </Col>
          ))}
        </Row>

        <Divider titlePlacement="start">{t('classification.rules.actionsTitle')}</Divider>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name={['actions', 'categoryCode']} label={t('classification.actions.categoryCode')}>
              <Select allowClear options={categoryOptions} showSearch={{ optionFilterProp: 'label' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name={['actions', 'groupKey']}
              label={t('classification.actions.groupKey')}
              extra={t('classification.actions.groupKeyHelp')}
            >
              <Select allowClear options={groupOptions} showSearch={{ optionFilterProp: 'label' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name={['actions', 'priority']} label={t('classification.actions.priority')}>
              <Select allowClear options={priorityOptions} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name={['actions', 'emotion']} label={t('classification.actions.emotion')}>
              <Select allowClear options={options.emotions} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name={['actions', 'addTags']} label={t('classification.actions.addTags')}>
              <Select mode="tags" tokenSeparators={[',', '，']} open={false} suffixIcon={null} />
            </Form.Item>
          </Col>
        </Row>
      </Form>

      <Divider titlePlacement="start">{t('classification.test.titleLabel')}</Divider>
      <RuleTestPanel draft={draft} />
    </Drawer>
  );
}
