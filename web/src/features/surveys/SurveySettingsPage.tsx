import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Divider,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Spin,
  Switch,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { useHasPermission } from '../auth/session';
import { useShowError } from '../common/errors';
import { PageHeader } from '../common/PageHeader';
import { surveyKeys, surveysApi, useSurveySettings } from './api';
import type { SurveySettings } from './types';

/** Settings › 满意度回访设置 (R6, R13.2): timing, channel, scale, the low-score rule, questions and cause tags. */
export default function SurveySettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<SurveySettings>();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const canManage = useHasPermission()('settings.manage');
  const settings = useSurveySettings();

  const save = useMutation({
    mutationFn: (values: SurveySettings) => surveysApi.settings.update(values),
    onSuccess: (saved) => {
      queryClient.setQueryData(surveyKeys.settings, saved);
      form.setFieldsValue(saved);
      void message.success(t('common.saved'));
    },
    onError: (error) => showError(error, form),
  });

  const minutes = t('surveys.settings.minutes');
  const hours = t('surveys.settings.hours');
  const days = t('surveys.settings.days');

  return (
    <>
      <PageHeader title={t('settings.nav.surveys')} />
      <Typography.Paragraph type="secondary">{t('surveys.settings.intro')}</Typography.Paragraph>
      {settings.isError && <Alert type="error" showIcon title={t('errors.network')} />}
      {settings.data ? (
        <Form<SurveySettings>
          form={form}
          layout="vertical"
          disabled={!canManage}
          initialValues={settings.data}
          onFinish={(values) =>
            save.mutate({ ...values, reminderAfterHours: values.reminderAfterHours ?? null })
          }
          style={{ maxWidth: 960 }}
          data-testid="survey-settings-form"
        >
          <Form.Item name="enabled" label={t('surveys.settings.enabled')} valuePropName="checked">
            <Switch data-testid="survey-enabled" />
          </Form.Item>
          <Row gutter={32}>
            <Col xs={24} lg={12}>
              <Form.Item
                name="delayMinutes"
                label={t('surveys.settings.delay')}
                extra={t('surveys.settings.delayHelp')}
                rules={[{ required: true }]}
              >
                <InputNumber min={0} max={1440} precision={0} suffix={minutes} style={{ width: 180 }} />
              </Form.Item>
            </Col>
            <Col xs={24} lg={12}>
              <Form.Item
                name="channel"
                label={t('surveys.settings.channel')}
                extra={t('surveys.settings.channelHelp')}
              >
                <Radio.Group
                  options={(['auto', 'email', 'sms', 'portal'] as const).map((value) => ({
                    value,
                    label: t(`surveys.settings.channels.${value}`),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} lg={12}>
              <Form.Item
                name="linkValidDays"
                label={t('surveys.settings.validity')}
                rules={[{ required: true }]}
              >
                <InputNumber min={1} max={90} precision={0} suffix={days} style={{ width: 180 }} />
              </Form.Item>
            </Col>
            <Col xs={24} lg={12}>
              <Form.Item
                name="reminderAfterHours"
                label={t('surveys.settings.reminder')}
                extra={t('surveys.settings.reminderHelp')}
              >
                <InputNumber min={1} max={2160} precision={0} suffix={hours} style={{ width: 180 }} />
              </Form.Item>
            </Col>
          </Row>
          <Divider titlePlacement="start">{t('surveys.settings.scoring')}</Divider>
          <Row gutter={32}>
            <Col xs={24} lg={12}>
              <Form.Item name="scale" label={t('surveys.settings.scale')}>
                <Radio.Group
                  options={(['five', 'hundred'] as const).map((value) => ({
                    value,
                    label: t(`surveys.settings.scales.${value}`),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} lg={12}>
              <Form.Item
                name="followUpHours"
                label={t('surveys.settings.followUp')}
                extra={t('surveys.settings.followUpHelp')}
                rules={[{ required: true }]}
              >
                <InputNumber min={1} max={720} precision={0} suffix={hours} style={{ width: 180 }} />
              </Form.Item>
            </Col>
            <Col xs={24} lg={8}>
              <Form.Item name={['lowScore', 'fiveAtMost']} label={t('surveys.settings.fiveAtMost')}>
                <InputNumber min={1} max={5} precision={0} style={{ width: 120 }} />
              </Form.Item>
            </Col>
            <Col xs={24} lg={8}>
              <Form.Item name={['lowScore', 'hundredBelow']} label={t('surveys.settings.hundredBelow')}>
                <InputNumber min={1} max={100} precision={0} style={{ width: 120 }} />
              </Form.Item>
            </Col>
            <Col xs={24} lg={8}>
              <Form.Item
                name={['lowScore', 'dissatisfiedIsLow']}
                label={t('surveys.settings.dissatisfiedIsLow')}
                valuePropName="checked"
              >
                <Switch />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="causeTags"
            label={t('surveys.settings.causeTags')}
            extra={t('surveys.settings.causeTagsHelp')}
          >
            <Select mode="tags" tokenSeparators={[',', '，', '、']} open={false} />
          </Form.Item>
          <Divider titlePlacement="start">{t('surveys.settings.questions')}</Divider>
          <Form.List name="questions">
            {(fields, { add, remove }) => (
              <Flex vertical gap={8}>
                {fields.map((field) => (
                  <Card size="small" key={field.key} data-testid="survey-question">
                    <Row gutter={12} align="bottom">
                      <Col xs={12} md={4}>
                        <Form.Item
                          name={[field.name, 'key']}
                          label={t('surveys.settings.questionKey')}
                          rules={[{ required: true }]}
                        >
                          <Input maxLength={40} />
                        </Form.Item>
                      </Col>
                      <Col xs={12} md={3}>
                        <Form.Item name={[field.name, 'kind']} label={t('surveys.settings.questionKind')}>
                          <Select
                            options={(['score', 'text'] as const).map((value) => ({
                              value,
                              label: t(`surveys.settings.kinds.${value}`),
                            }))}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={6}>
                        <Form.Item
                          name={[field.name, 'labels', 'zh-CN']}
                          label={t('surveys.settings.labelZh')}
                          rules={[{ required: true }]}
                        >
                          <Input maxLength={200} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={6}>
                        <Form.Item name={[field.name, 'labels', 'en']} label={t('surveys.settings.labelEn')}>
                          <Input maxLength={200} />
                        </Form.Item>
                      </Col>
                      <Col xs={8} md={2}>
                        <Form.Item name={[field.name, 'position']} label={t('surveys.settings.position')}>
                          <InputNumber min={0} max={1000} precision={0} style={{ width: '100%' }} />
                        </Form.Item>
                      </Col>
                      <Col xs={8} md={2}>
                        <Form.Item
                          name={[field.name, 'required']}
                          label={t('surveys.settings.required')}
                          valuePropName="checked"
                        >
                          <Switch size="small" />
                        </Form.Item>
                      </Col>
                      <Col xs={8} md={1}>
                        <Form.Item>
                          <Button
                            type="text"
                            danger
                            icon={<DeleteOutlined />}
                            aria-label={t('common.delete')}
                            onClick={() => remove(field.name)}
                          />
                        </Form.Item>
                      </Col>
                    </Row>
                  </Card>
                ))}
                <Button
                  icon={<PlusOutlined />}
                  onClick={() =>
                    add({
                      key: '',
                      kind: 'score',
                      labels: { 'zh-CN': '', en: '' },
                      required: false,
                      position: (fields.length + 1) * 10,
                    })
                  }
                  style={{ alignSelf: 'flex-start' }}
                >
                  {t('surveys.settings.addQuestion')}
                </Button>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('surveys.settings.otherNeedsHelp')}
                </Typography.Text>
              </Flex>
            )}
          </Form.List>
          {canManage && (
            <Flex gap={8} style={{ marginTop: 24 }}>
              <Button
                type="primary"
                htmlType="submit"
                loading={save.isPending}
                data-testid="survey-settings-save"
              >
                {t('common.save')}
              </Button>
              <Button onClick={() => form.resetFields()}>{t('surveys.settings.discard')}</Button>
            </Flex>
          )}
        </Form>
      ) : (
        !settings.isError && <Spin />
      )}
    </>
  );
}
