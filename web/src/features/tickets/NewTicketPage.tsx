import { ArrowLeftOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  TreeSelect,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useHasPermission } from '../auth/session';
import { useShowError } from '../common/errors';
import { PageHeader } from '../common/PageHeader';
import { AttachmentUpload } from './AttachmentUpload';
import { ticketsApi } from './api';
import { type CategoryNode, ticketKeys, useCategoryTree, useDirectory, usePriorityOptions } from './queries';
import { VipTag } from './TicketTags';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_SEVERITIES,
  type CreateTicketInput,
  CUSTOMER_TIERS,
  type CustomerTier,
  EMOTIONS,
  type Emotion,
  EXTERNAL_SOURCES,
  TICKET_TYPES,
  type TicketChannel,
  type TicketType,
} from './types';

/** The channels an agent logs by hand; integrations bring the others. */
const STAFF_CHANNELS: TicketChannel[] = ['phone', 'walk_in', 'email', 'staff'];
const RULES = '';

type Values = {
  channel: TicketChannel;
  sourceReference?: string;
  callStartedAt?: Dayjs;
  callMinutes?: number | null;
  callSeconds?: number | null;
  type?: TicketType;
  title: string;
  description?: string;
  customerRequest?: string;
  expectedResolutionAt?: Dayjs | null;
  customerMode: 'existing' | 'new';
  customerId?: string;
  contactName?: string;
  contactPhone?: string;
  contactEmail?: string;
  customerName?: string;
  customerPhone?: string;
  customerEmail?: string;
  customerTier: CustomerTier;
  customerRegion?: string;
  customerCompany?: string;
  preferredContactTime?: string;
  orderNumber?: string;
  purchaseChannel?: string;
  purchasedOn?: Dayjs | null;
  productModel?: string;
  serialNumber?: string;
  batchNumber?: string;
  priority: string;
  emotion: Emotion | typeof RULES;
  category?: string;
  tags?: string[];
  attachments?: string[];
  complaintSeverity?: string;
  complaintCategory?: string;
  externalSource?: string;
  externalDeadlineAt?: Dayjs | null;
  groupId?: string;
  ownerId?: string;
};

const text = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

function toInput(values: Values): CreateTicketInput {
  const input: CreateTicketInput = {
    title: values.title.trim(),
    description: values.description?.trim() ?? '',
    type: values.type!,
    channel: values.channel,
    sourceReference: text(values.sourceReference),
    priority: values.priority || undefined,
    emotion: values.emotion || undefined,
    category: values.category || undefined,
    preferredContactTime: text(values.preferredContactTime),
    orderNumber: text(values.orderNumber),
    purchaseChannel: text(values.purchaseChannel),
    purchasedOn: values.purchasedOn ? values.purchasedOn.format('YYYY-MM-DD') : undefined,
    customerRequest: text(values.customerRequest),
    expectedResolutionAt: values.expectedResolutionAt?.toISOString(),
    tags: values.tags?.length ? values.tags : undefined,
    attachments: values.attachments?.length ? values.attachments : undefined,
    groupId: values.groupId || undefined,
    ownerId: values.ownerId || undefined,
  };
  const product = {
    model: text(values.productModel),
    serial: text(values.serialNumber),
    batch: text(values.batchNumber),
  };
  if (product.model || product.serial || product.batch) input.product = product;
  if (values.channel === 'phone' || values.channel === 'walk_in') {
    input.call = {
      startedAt: (values.callStartedAt ?? dayjs()).toISOString(),
      durationSeconds: (values.callMinutes ?? 0) * 60 + (values.callSeconds ?? 0),
    };
  }
  if (values.customerMode === 'existing') {
    input.customerId = values.customerId;
    // The person on the line, when it is not the customer on record.
    const name = text(values.contactName);
    if (name)
      input.customer = {
        name,
        phone: text(values.contactPhone) ?? null,
        email: text(values.contactEmail) ?? null,
      };
  } else if (text(values.customerName)) {
    input.customer = {
      name: text(values.customerName)!,
      phone: text(values.customerPhone) ?? null,
      email: text(values.customerEmail) ?? null,
      tier: values.customerTier,
      region: text(values.customerRegion) ?? null,
      company: text(values.customerCompany) ?? null,
    };
  }
  if (values.type === 'complaint') {
    input.complaint = {
      severity: values.complaintSeverity,
      category: values.complaintCategory,
      externalSource: values.externalSource ?? null,
      externalDeadlineAt: values.externalDeadlineAt?.toISOString() ?? null,
    };
  }
  return input;
}

/** Category codes as a tree (the create contract takes a code). */
function byCode(nodes: CategoryNode[]): CategoryNode[] {
  return nodes.map((node) => ({
    ...node,
    value: node.code,
    children: node.children ? byCode(node.children) : undefined,
  }));
}

function CustomerPicker({ value, onChange }: { value?: string; onChange?: (id?: string) => void }) {
  const { t } = useTranslation();
  const [input, setInput] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(input.trim()), 300);
    return () => clearTimeout(timer);
  }, [input]);
  const found = useQuery({
    queryKey: ['tickets', 'customer-search', q],
    queryFn: () => ticketsApi.customers(q),
    enabled: q.length > 0,
  });
  return (
    <Select
      value={value}
      onChange={onChange}
      allowClear
      showSearch={{ filterOption: false, onSearch: setInput }}
      placeholder={t('tickets.create.customerSearch')}
      notFoundContent={
        q ? (found.isFetching ? t('tickets.create.searching') : t('tickets.create.noCustomer')) : null
      }
      options={(found.data?.items ?? []).map((customer) => ({
        value: customer.id,
        label: (
          <Space size={6}>
            <span>{customer.companyName ?? customer.name}</span>
            <VipTag tier={customer.tier} />
            <Typography.Text type="secondary">
              {[customer.customerNumber, customer.phone, customer.email].filter(Boolean).join(' · ')}
            </Typography.Text>
          </Space>
        ),
      }))}
      data-testid="customer-picker"
    />
  );
}

/** 新建工单: log a call, a walk-in or a message as a ticket (R1.1, R1.2). */
export default function NewTicketPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message, notification } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const can = useHasPermission();
  const priorities = usePriorityOptions();
  const { tree } = useCategoryTree();
  const codeTree = useMemo(() => byCode(tree), [tree]);
  const directory = useDirectory();
  const [form] = Form.useForm<Values>();
  const channel = Form.useWatch('channel', form);
  const type = Form.useWatch('type', form);
  const customerMode = Form.useWatch('customerMode', form);
  const groupId = Form.useWatch('groupId', form);

  const create = useMutation({
    mutationFn: (values: Values) => ticketsApi.create(toInput(values)),
    onSuccess: async (ticket) => {
      void message.success(t('tickets.create.created', { number: ticket.number }));
      if (ticket.missingEssentials.length) {
        notification.warning({
          title: t('tickets.create.missingTitle', { number: ticket.number }),
          description: t('tickets.missing.title', {
            items: ticket.missingEssentials
              .map((item) => t(`tickets.missing.${item}`, { defaultValue: item }))
              .join('、'),
          }),
          duration: 8,
        });
      }
      await queryClient.invalidateQueries({ queryKey: ticketKeys.lists });
      navigate(`/tickets/${ticket.number}`);
    },
    onError: (error) => showError(error, form),
  });

  const isCall = channel === 'phone' || channel === 'walk_in';
  const initialValues: Partial<Values> = {
    channel: 'phone',
    callStartedAt: dayjs(),
    callMinutes: 0,
    callSeconds: 0,
    customerMode: 'new',
    customerTier: 'regular',
    priority: RULES,
    emotion: RULES,
  };

  return (
    <>
      <PageHeader
        title={t('tickets.create.title')}
        extra={
          <Link to="/tickets">
            <ArrowLeftOutlined /> {t('tickets.backToInbox')}
          </Link>
        }
      />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => create.mutate(values)}
        scrollToFirstError
        data-testid="new-ticket-form"
      >
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={14}>
            <Flex vertical gap={16}>
              <Card size="small" title={t('tickets.create.source')}>
                <Form.Item name="channel" label={t('tickets.fields.channel')}>
                  <Radio.Group
                    optionType="button"
                    buttonStyle="solid"
                    options={STAFF_CHANNELS.map((value) => ({ value, label: t(`tickets.channel.${value}`) }))}
                    data-testid="channel"
                  />
                </Form.Item>
                {isCall && (
                  <Flex gap={16} wrap>
                    <Form.Item
                      name="callStartedAt"
                      label={
                        channel === 'phone'
                          ? t('tickets.fields.callStartedAt')
                          : t('tickets.fields.visitStartedAt')
                      }
                      rules={[{ required: true, message: t('tickets.create.callTimeRequired') }]}
                    >
                      <DatePicker
                        showTime={{ format: 'HH:mm' }}
                        format="YYYY-MM-DD HH:mm"
                        disabledDate={(date) => date.isAfter(dayjs(), 'day')}
                        data-testid="call-started-at"
                      />
                    </Form.Item>
                    <Form.Item label={t('tickets.fields.callDuration')}>
                      <Space.Compact>
                        <Form.Item name="callMinutes" noStyle>
                          <InputNumber
                            min={0}
                            max={1440}
                            suffix={t('tickets.composer.minutes')}
                            style={{ width: 110 }}
                            data-testid="call-minutes"
                          />
                        </Form.Item>
                        <Form.Item name="callSeconds" noStyle>
                          <InputNumber
                            min={0}
                            max={59}
                            suffix={t('tickets.composer.seconds')}
                            style={{ width: 100 }}
                            data-testid="call-seconds"
                          />
                        </Form.Item>
                      </Space.Compact>
                    </Form.Item>
                  </Flex>
                )}
                <Form.Item
                  name="sourceReference"
                  label={t('tickets.fields.sourceReference')}
                  style={{ marginBottom: 0 }}
                >
                  <Input maxLength={200} placeholder={t('tickets.create.sourceReferencePlaceholder')} />
                </Form.Item>
              </Card>

              <Card size="small" title={t('tickets.create.problem')}>
                <Form.Item
                  name="type"
                  label={t('tickets.fields.type')}
                  rules={[{ required: true, message: t('tickets.create.typeRequired') }]}
                >
                  <Select
                    options={TICKET_TYPES.map((value) => ({ value, label: t(`tickets.type.${value}`) }))}
                    placeholder={t('tickets.create.typePlaceholder')}
                    data-testid="ticket-type"
                  />
                </Form.Item>
                <Form.Item
                  name="title"
                  label={t('tickets.fields.title')}
                  rules={[{ required: true, whitespace: true, message: t('tickets.create.titleRequired') }]}
                >
                  <Input maxLength={200} showCount data-testid="ticket-title-input" />
                </Form.Item>
                <Form.Item name="description" label={t('tickets.fields.description')}>
                  <Input.TextArea
                    autoSize={{ minRows: 4, maxRows: 14 }}
                    maxLength={20_000}
                    placeholder={t('tickets.create.descriptionPlaceholder')}
                    data-testid="ticket-description-input"
                  />
                </Form.Item>
                <Form.Item name="customerRequest" label={t('tickets.fields.customerRequest')}>
                  <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />
                </Form.Item>
                <Flex gap={16} wrap>
                  <Form.Item name="expectedResolutionAt" label={t('tickets.fields.expectedResolutionAt')}>
                    <DatePicker
                      showTime={{ format: 'HH:mm' }}
                      format="YYYY-MM-DD HH:mm"
                      disabledDate={(date) => date.isBefore(dayjs(), 'day')}
                    />
                  </Form.Item>
                  <Form.Item name="preferredContactTime" label={t('tickets.fields.preferredContactTime')}>
                    <Input
                      maxLength={100}
                      placeholder={t('tickets.create.preferredPlaceholder')}
                      style={{ width: 220 }}
                    />
                  </Form.Item>
                </Flex>
                <Form.Item
                  name="attachments"
                  label={t('tickets.attachments.title')}
                  style={{ marginBottom: 0 }}
                >
                  <AttachmentUpload />
                </Form.Item>
              </Card>

              {type === 'complaint' && (
                <Card size="small" title={t('tickets.panels.complaint')} data-testid="complaint-section">
                  <Flex gap={16} wrap>
                    <Form.Item name="complaintSeverity" label={t('tickets.complaint.severity')}>
                      <Radio.Group
                        optionType="button"
                        options={COMPLAINT_SEVERITIES.map((value) => ({
                          value,
                          label: t(`tickets.complaint.severities.${value}`),
                        }))}
                      />
                    </Form.Item>
                    <Form.Item name="complaintCategory" label={t('tickets.complaint.category')}>
                      <Select
                        allowClear
                        style={{ width: 180 }}
                        options={COMPLAINT_CATEGORIES.map((value) => ({
                          value,
                          label: t(`tickets.complaint.categories.${value}`),
                        }))}
                      />
                    </Form.Item>
                    <Form.Item name="externalSource" label={t('tickets.complaint.externalSource')}>
                      <Select
                        allowClear
                        style={{ width: 180 }}
                        placeholder={t('tickets.complaint.noExternal')}
                        options={EXTERNAL_SOURCES.map((value) => ({
                          value,
                          label: t(`tickets.complaint.sources.${value}`),
                        }))}
                      />
                    </Form.Item>
                    <Form.Item name="externalDeadlineAt" label={t('tickets.complaint.externalDeadline')}>
                      <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
                    </Form.Item>
                  </Flex>
                </Card>
              )}
            </Flex>
          </Col>

          <Col xs={24} xl={10}>
            <Flex vertical gap={16}>
              <Card size="small" title={t('tickets.panels.customer')}>
                <Form.Item name="customerMode">
                  <Radio.Group
                    optionType="button"
                    options={[
                      { value: 'new', label: t('tickets.create.newCustomer') },
                      { value: 'existing', label: t('tickets.create.existingCustomer') },
                    ]}
                    data-testid="customer-mode"
                  />
                </Form.Item>
                {customerMode === 'existing' ? (
                  <>
                    <Form.Item
                      name="customerId"
                      label={t('tickets.fields.customer')}
                      rules={[{ required: true, message: t('tickets.create.customerRequired') }]}
                    >
                      <CustomerPicker />
                    </Form.Item>
                    <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                      {t('tickets.create.contactHint')}
                    </Typography.Paragraph>
                    <Row gutter={8}>
                      <Col span={8}>
                        <Form.Item name="contactName" label={t('tickets.fields.contactName')}>
                          <Input maxLength={100} />
                        </Form.Item>
                      </Col>
                      <Col span={8}>
                        <Form.Item name="contactPhone" label={t('tickets.fields.phone')}>
                          <Input maxLength={40} />
                        </Form.Item>
                      </Col>
                      <Col span={8}>
                        <Form.Item
                          name="contactEmail"
                          label={t('tickets.fields.email')}
                          rules={[{ type: 'email', message: t('tickets.create.emailInvalid') }]}
                        >
                          <Input maxLength={200} />
                        </Form.Item>
                      </Col>
                    </Row>
                  </>
                ) : (
                  <>
                    <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                      {t('tickets.create.newCustomerHint')}
                    </Typography.Paragraph>
                    <Row gutter={8}>
                      <Col span={12}>
                        <Form.Item
                          name="customerName"
                          label={t('tickets.create.customerName')}
                          dependencies={['customerPhone', 'customerEmail']}
                          rules={[
                            ({ getFieldValue }) => ({
                              validator: (_, value?: string) =>
                                value?.trim() ||
                                !(getFieldValue('customerPhone') || getFieldValue('customerEmail'))
                                  ? Promise.resolve()
                                  : Promise.reject(new Error(t('tickets.create.customerNameRequired'))),
                            }),
                          ]}
                        >
                          <Input maxLength={100} data-testid="customer-name" />
                        </Form.Item>
                      </Col>
                      <Col span={12}>
                        <Form.Item name="customerCompany" label={t('tickets.fields.company')}>
                          <Input maxLength={200} />
                        </Form.Item>
                      </Col>
                      <Col span={12}>
                        <Form.Item name="customerPhone" label={t('tickets.fields.phone')}>
                          <Input maxLength={40} data-testid="customer-phone" />
                        </Form.Item>
                      </Col>
                      <Col span={12}>
                        <Form.Item
                          name="customerEmail"
                          label={t('tickets.fields.email')}
                          rules={[{ type: 'email', message: t('tickets.create.emailInvalid') }]}
                        >
                          <Input maxLength={200} data-testid="customer-email" />
                        </Form.Item>
                      </Col>
                      <Col span={12}>
                        <Form.Item name="customerTier" label={t('tickets.fields.tier')}>
                          <Radio.Group
                            optionType="button"
                            options={CUSTOMER_TIERS.map((value) => ({
                              value,
                              label: t(`tickets.tier.${value}`),
                            }))}
                          />
                        </Form.Item>
                      </Col>
                      <Col span={12}>
                        <Form.Item name="customerRegion" label={t('tickets.fields.region')}>
                          <Input maxLength={100} placeholder={t('tickets.create.regionPlaceholder')} />
                        </Form.Item>
                      </Col>
                    </Row>
                  </>
                )}
              </Card>

              <Card size="small" title={t('tickets.panels.product')}>
                <Row gutter={8}>
                  <Col span={12}>
                    <Form.Item name="orderNumber" label={t('tickets.fields.orderNumber')}>
                      <Input maxLength={100} data-testid="order-number" />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item name="purchaseChannel" label={t('tickets.fields.purchaseChannel')}>
                      <Input maxLength={100} placeholder={t('tickets.create.purchaseChannelPlaceholder')} />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item name="productModel" label={t('tickets.fields.productModel')}>
                      <Input maxLength={100} data-testid="product-model" />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item name="serialNumber" label={t('tickets.fields.serialNumber')}>
                      <Input maxLength={100} />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item name="batchNumber" label={t('tickets.fields.batchNumber')}>
                      <Input maxLength={100} />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item name="purchasedOn" label={t('tickets.fields.purchasedOn')}>
                      <DatePicker
                        style={{ width: '100%' }}
                        disabledDate={(date) => date.isAfter(dayjs(), 'day')}
                      />
                    </Form.Item>
                  </Col>
                </Row>
              </Card>

              <Card size="small" title={t('tickets.create.classification')}>
                <Row gutter={8}>
                  <Col span={12}>
                    <Form.Item name="priority" label={t('tickets.fields.priority')}>
                      <Select
                        options={[
                          { value: RULES, label: t('tickets.create.byRules') },
                          ...priorities.map(({ value, label }) => ({ value, label })),
                        ]}
                        data-testid="priority-select"
                      />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item name="emotion" label={t('tickets.fields.emotion')}>
                      <Select
                        options={[
                          { value: RULES, label: t('tickets.create.byRules') },
                          ...EMOTIONS.map((value) => ({ value, label: t(`tickets.emotion.${value}`) })),
                        ]}
                      />
                    </Form.Item>
                  </Col>
                </Row>
                <Form.Item name="category" label={t('tickets.fields.category')}>
                  <TreeSelect
                    allowClear
                    showSearch
                    treeData={codeTree}
                    treeDefaultExpandAll
                    treeNodeFilterProp="title"
                    placeholder={t('tickets.create.byRules')}
                  />
                </Form.Item>
                <Form.Item name="tags" label={t('tickets.fields.tags')}>
                  <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，']} />
                </Form.Item>
                {can('tickets.assign') && (
                  <Row gutter={8}>
                    <Col span={12}>
                      <Form.Item name="groupId" label={t('tickets.fields.group')} style={{ marginBottom: 0 }}>
                        <Select
                          allowClear
                          placeholder={t('tickets.create.byRouting')}
                          showSearch={{ optionFilterProp: 'label' }}
                          options={directory.groups.map((group) => ({ value: group.id, label: group.name }))}
                          onChange={() => form.setFieldValue('ownerId', undefined)}
                        />
                      </Form.Item>
                    </Col>
                    <Col span={12}>
                      <Form.Item name="ownerId" label={t('tickets.fields.owner')} style={{ marginBottom: 0 }}>
                        <Select
                          allowClear
                          placeholder={t('tickets.create.byRouting')}
                          showSearch={{ optionFilterProp: 'label' }}
                          options={directory
                            .membersOf(groupId)
                            .map((user) => ({ value: user.id, label: user.displayName }))}
                        />
                      </Form.Item>
                    </Col>
                  </Row>
                )}
              </Card>
            </Flex>
          </Col>
        </Row>
        <Card size="small" style={{ marginTop: 16, position: 'sticky', bottom: 0, zIndex: 2 }}>
          <Flex justify="flex-end" gap={8}>
            <Button onClick={() => navigate('/tickets')}>{t('common.cancel')}</Button>
            <Button
              type="primary"
              htmlType="submit"
              loading={create.isPending}
              data-testid="create-ticket-submit"
            >
              {t('tickets.create.submit')}
            </Button>
          </Flex>
        </Card>
      </Form>
    </>
  );
}
