import { Card, Flex, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { TICKET_TYPES } from '../tickets/types';

/** The inbound payload's fields (server: inboundWebhookBody in modules/intake/intake.schema.ts). */
const FIELDS = [
  { field: 'messageId', type: 'string ≤ 200', required: true },
  { field: 'threadId', type: 'string ≤ 200', required: false },
  { field: 'customer.name', type: 'string ≤ 100', required: true },
  { field: 'customer.phone', type: 'string ≤ 40', required: false },
  { field: 'customer.email', type: 'e-mail ≤ 200', required: false },
  { field: 'title', type: 'string ≤ 200', required: false },
  { field: 'text', type: 'string ≤ 20000', required: true },
  { field: 'type', type: 'enum', required: false },
  { field: 'orderNumber', type: 'string ≤ 100', required: false },
  { field: 'product.model', type: 'string ≤ 100', required: false },
  { field: 'product.serial', type: 'string ≤ 100', required: false },
] as const;

type Field = (typeof FIELDS)[number];

const EXAMPLE = {
  messageId: 'wx-msg-20240506-0001',
  threadId: 'wx-conv-8842',
  customer: { name: '王小明', phone: '13900001234', email: 'wangxm@example.com' },
  title: '空调不制冷',
  text: '你好，我上个月买的空调开机半小时还是吹热风。',
  type: 'repair',
  orderNumber: 'JD-2024050612345',
  product: { model: 'KFR-35GW', serial: 'SN20240401001' },
};

function Code({ children }: { children: string }) {
  return (
    <Typography.Paragraph copyable={{ text: children }} style={{ marginBottom: 12 }}>
      <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{children}</pre>
    </Typography.Paragraph>
  );
}

/** How an integrator signs and sends a message: headers, signature, payload, example, answers. */
export function SigningGuide({ url }: { url: string }) {
  const { t } = useTranslation();
  const body = JSON.stringify(EXAMPLE, null, 2);
  const shell = [
    `URL='${url}'`,
    `SECRET='whsec_…'`,
    `BODY='${JSON.stringify(EXAMPLE)}'`,
    'TS=$(date +%s)',
    `SIG=$(printf '%s.%s' "$TS" "$BODY" | openssl dgst -sha256 -hmac "$SECRET" -hex | sed 's/^.* //')`,
    'curl -X POST "$URL" \\',
    "  -H 'Content-Type: application/json' \\",
    '  -H "X-Aftercare-Timestamp: $TS" \\',
    '  -H "X-Aftercare-Signature: sha256=$SIG" \\',
    '  --data-raw "$BODY"',
  ].join('\n');

  const columns: TableColumnsType<Field> = [
    {
      title: t('intake.guide.field'),
      dataIndex: 'field',
      render: (field: string) => <code style={{ whiteSpace: 'nowrap' }}>{field}</code>,
    },
    {
      title: t('intake.guide.required'),
      dataIndex: 'required',
      render: (required: boolean) =>
        required ? <Tag color="red">{t('intake.guide.yes')}</Tag> : <Tag>{t('intake.guide.no')}</Tag>,
    },
    {
      title: t('intake.guide.format'),
      dataIndex: 'type',
      render: (type: string) => <span style={{ whiteSpace: 'nowrap' }}>{type}</span>,
    },
    {
      title: t('intake.guide.meaning'),
      key: 'meaning',
      render: (_, { field }) =>
        field === 'type' ? (
          <>
            {t('intake.guide.fields.type')}
            <Flex wrap gap="2px 12px" style={{ marginTop: 4 }}>
              {TICKET_TYPES.map((type) => (
                <Typography.Text key={type} type="secondary" style={{ fontSize: 12 }}>
                  <code>{type}</code> {t(`tickets.type.${type}`)}
                </Typography.Text>
              ))}
            </Flex>
          </>
        ) : (
          t(`intake.guide.fields.${field.replace('.', '_')}`)
        ),
    },
  ];

  return (
    <Card size="small" title={t('intake.guide.title')} data-testid="signing-guide">
      <Typography.Paragraph>{t('intake.guide.intro')}</Typography.Paragraph>

      <Typography.Title level={5}>{t('intake.guide.requestTitle')}</Typography.Title>
      <Code>
        {[
          `POST ${url}`,
          'Content-Type: application/json',
          'X-Aftercare-Timestamp: <unix seconds>',
          'X-Aftercare-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">',
        ].join('\n')}
      </Code>

      <Typography.Title level={5}>{t('intake.guide.signTitle')}</Typography.Title>
      <ol style={{ paddingInlineStart: 20, marginTop: 0 }}>
        <li>{t('intake.guide.sign1')}</li>
        <li>{t('intake.guide.sign2')}</li>
        <li>{t('intake.guide.sign3')}</li>
        <li>{t('intake.guide.sign4')}</li>
      </ol>

      <Typography.Title level={5}>{t('intake.guide.fieldsTitle')}</Typography.Title>
      <Table<Field>
        size="small"
        rowKey="field"
        columns={columns}
        dataSource={[...FIELDS]}
        pagination={false}
        style={{ marginBottom: 16 }}
      />

      <Typography.Title level={5}>{t('intake.guide.exampleTitle')}</Typography.Title>
      <Code>{body}</Code>

      <Typography.Title level={5}>{t('intake.guide.shellTitle')}</Typography.Title>
      <Code>{shell}</Code>

      <Typography.Title level={5}>{t('intake.guide.answersTitle')}</Typography.Title>
      <ul style={{ paddingInlineStart: 20, margin: 0 }}>
        <li>
          <Typography.Text code>202</Typography.Text> {t('intake.guide.answer202')}
        </li>
        <li>
          <Typography.Text code>401</Typography.Text> {t('intake.guide.answer401')}
        </li>
        <li>
          <Typography.Text code>404</Typography.Text> {t('intake.guide.answer404')}
        </li>
        <li>
          <Typography.Text code>409</Typography.Text> {t('intake.guide.answer409')}
        </li>
        <li>
          <Typography.Text code>400</Typography.Text> {t('intake.guide.answer400')}
        </li>
      </ul>
    </Card>
  );
}
