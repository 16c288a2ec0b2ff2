import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Form,
  type GetRef,
  Input,
  Menu,
  Popconfirm,
  Row,
  Segmented,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShowError } from '../common/errors';
import { PageHeader } from '../common/PageHeader';
import { notificationKeys, notificationsApi } from './api';
import type { NotificationTemplate, TemplateLocale } from './types';

type Text = { subject: string; body: string };
type TextAreaRef = GetRef<typeof Input.TextArea>;

/** Renders the draft with sample values, a moment after the last keystroke. */
function usePreview(template: string, locale: TemplateLocale, text: Text | null) {
  const [debounced, setDebounced] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(text), 400);
    return () => clearTimeout(timer);
  }, [text]);
  return useQuery({
    queryKey: ['notification-template-preview', template, locale, debounced],
    queryFn: () => notificationsApi.templates.preview({ template, locale, ...debounced! }),
    enabled: Boolean(debounced?.subject && debounced.body),
    retry: false,
    placeholderData: (previous) => previous,
  });
}

function TemplateEditor({ template }: { template: NotificationTemplate }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const [form] = Form.useForm<Text>();
  const [draft, setDraft] = useState<Text>({ subject: template.subject, body: template.body });
  const [focused, setFocused] = useState<'subject' | 'body'>('body');
  const bodyRef = useRef<TextAreaRef>(null);
  const preview = usePreview(template.template, template.locale, draft);

  useEffect(() => {
    const text = { subject: template.subject, body: template.body };
    form.setFieldsValue(text);
    setDraft(text);
  }, [template, form]);

  const refresh = (saved: NotificationTemplate) =>
    queryClient.setQueryData<{ items: NotificationTemplate[] }>(notificationKeys.templates, (list) =>
      list
        ? {
            items: list.items.map((item) =>
              item.template === saved.template && item.locale === saved.locale ? saved : item,
            ),
          }
        : list,
    );

  const save = useMutation({
    mutationFn: (text: Text) => notificationsApi.templates.save(template.template, template.locale, text),
    onSuccess: (saved) => {
      refresh(saved);
      void message.success(t('common.saved'));
    },
    onError: (error) => showError(error, form),
  });
  const reset = useMutation({
    mutationFn: () => notificationsApi.templates.reset(template.template, template.locale),
    onSuccess: (saved) => {
      refresh(saved);
      void message.success(t('notifications.templatesPage.resetDone'));
    },
    onError: (error) => showError(error),
  });

  const insert = (name: string) => {
    const token = `{${name}}`;
    const field = focused;
    const current = form.getFieldValue(field) ?? '';
    const element = field === 'body' ? bodyRef.current?.resizableTextArea?.textArea : undefined;
    const at = element ? element.selectionStart : current.length;
    const next = `${current.slice(0, at)}${token}${current.slice(at)}`;
    form.setFieldValue(field, next);
    setDraft((text) => ({ ...text, [field]: next }));
  };

  const dirty = draft.subject !== template.subject || draft.body !== template.body;

  return (
    <Row gutter={[24, 16]}>
      <Col xs={24} xl={13}>
        <Form<Text>
          form={form}
          layout="vertical"
          initialValues={draft}
          onValuesChange={(_, values) => setDraft({ subject: values.subject ?? '', body: values.body ?? '' })}
          onFinish={(values) => save.mutate(values)}
        >
          <Form.Item
            name="subject"
            label={t('notifications.templatesPage.subject')}
            rules={[{ required: true, max: 500 }]}
          >
            <Input onFocus={() => setFocused('subject')} data-testid="template-subject" />
          </Form.Item>
          <Form.Item
            name="body"
            label={t('notifications.templatesPage.body')}
            rules={[{ required: true, max: 10_000 }]}
          >
            <Input.TextArea
              ref={bodyRef}
              autoSize={{ minRows: 6, maxRows: 16 }}
              onFocus={() => setFocused('body')}
              data-testid="template-body"
            />
          </Form.Item>
          <Flex gap={4} wrap align="center" style={{ marginBottom: 16 }}>
            <Typography.Text type="secondary">
              {t('notifications.templatesPage.placeholders')}
            </Typography.Text>
            {template.placeholders.map((name) => (
              <Tag key={name} style={{ cursor: 'pointer' }} onClick={() => insert(name)}>
                {`{${name}}`}
              </Tag>
            ))}
          </Flex>
          <Flex gap={8}>
            <Button type="primary" htmlType="submit" loading={save.isPending} disabled={!dirty}>
              {t('common.save')}
            </Button>
            <Popconfirm
              title={t('notifications.templatesPage.resetConfirm')}
              okText={t('notifications.templatesPage.reset')}
              cancelText={t('common.cancel')}
              onConfirm={() => reset.mutate()}
              disabled={!template.isCustomized}
            >
              <Button disabled={!template.isCustomized} loading={reset.isPending}>
                {t('notifications.templatesPage.reset')}
              </Button>
            </Popconfirm>
          </Flex>
        </Form>
      </Col>
      <Col xs={24} xl={11}>
        <Card size="small" title={t('notifications.templatesPage.preview')} data-testid="template-preview">
          {preview.data ? (
            <>
              <Typography.Text strong>{preview.data.subject}</Typography.Text>
              <Typography.Paragraph style={{ whiteSpace: 'pre-line', marginTop: 8, marginBottom: 0 }}>
                {preview.data.body}
              </Typography.Paragraph>
            </>
          ) : preview.error ? (
            <Typography.Text type="danger">{(preview.error as Error).message}</Typography.Text>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
          )}
        </Card>
      </Col>
    </Row>
  );
}

/** Settings › Message templates: subject and body of every customer message and staff alert, per language. */
export default function TemplatesPage() {
  const { t, i18n } = useTranslation();
  const templates = useQuery({
    queryKey: notificationKeys.templates,
    queryFn: notificationsApi.templates.list,
  });
  const [locale, setLocale] = useState<TemplateLocale>(i18n.language === 'en' ? 'en' : 'zh-CN');
  const [selected, setSelected] = useState<string>('ticketAcknowledged');

  const items = templates.data?.items ?? [];
  const current = items.find((item) => item.template === selected && item.locale === locale);
  const menu = useMemo(() => {
    const names = (audience: 'customer' | 'staff') =>
      items
        .filter((item) => item.audience === audience && item.locale === locale)
        .map((item) => ({
          key: item.template,
          label: (
            <Flex justify="space-between" gap={8}>
              <span>{t(`notifications.templates.names.${item.template}`)}</span>
              {item.isCustomized && <Tag color="blue">{t('notifications.templatesPage.customized')}</Tag>}
            </Flex>
          ),
        }));
    return [
      {
        type: 'group' as const,
        key: 'customer',
        label: t('notifications.templatesPage.customer'),
        children: names('customer'),
      },
      {
        type: 'group' as const,
        key: 'staff',
        label: t('notifications.templatesPage.staff'),
        children: names('staff'),
      },
    ];
  }, [items, locale, t]);

  return (
    <>
      <PageHeader
        title={t('notifications.templatesPage.title')}
        extra={
          <Segmented<TemplateLocale>
            value={locale}
            onChange={setLocale}
            options={[
              { value: 'zh-CN', label: '中文' },
              { value: 'en', label: 'English' },
            ]}
          />
        }
      />
      <Typography.Paragraph type="secondary">{t('notifications.templatesPage.intro')}</Typography.Paragraph>
      <Row gutter={24}>
        <Col xs={24} md={7}>
          <Menu
            mode="inline"
            selectedKeys={[selected]}
            items={menu}
            onClick={({ key }) => setSelected(key)}
            style={{ borderInlineEnd: 'none' }}
            data-testid="templates-menu"
          />
        </Col>
        <Col xs={24} md={17}>
          {current ? (
            <>
              <Typography.Title level={5} style={{ marginTop: 0 }}>
                {t(`notifications.templates.names.${current.template}`)}
              </Typography.Title>
              <Typography.Paragraph type="secondary">
                {t(`notifications.templates.hints.${current.template}`)}
              </Typography.Paragraph>
              <TemplateEditor key={`${current.template}/${current.locale}`} template={current} />
            </>
          ) : (
            <Empty />
          )}
        </Col>
      </Row>
    </>
  );
}
