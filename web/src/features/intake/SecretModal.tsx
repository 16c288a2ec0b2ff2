import { CopyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Input, Modal, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { absoluteUrl } from './api';
import type { WebhookSourceWithSecret } from './types';

/** Shows a source's signing secret right after it was created or rotated; the server never returns it again. */
export function SecretModal({
  source,
  rotated,
  onClose,
}: {
  source: WebhookSourceWithSecret;
  rotated: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(source.secret);
      void message.success(t('intake.sources.secretCopied'));
    } catch {
      void message.error(t('intake.sources.copyFailed'));
    }
  };
  return (
    <Modal
      open
      width={600}
      title={t(rotated ? 'intake.sources.rotatedTitle' : 'intake.sources.createdTitle', {
        name: source.name,
      })}
      onCancel={onClose}
      maskClosable={false}
      footer={
        <Button type="primary" onClick={onClose} data-testid="secret-done">
          {t('intake.sources.secretDone')}
        </Button>
      }
    >
      <Alert
        type="warning"
        showIcon
        title={t('intake.sources.secretOnce')}
        description={rotated ? t('intake.sources.rotatedHint') : undefined}
        style={{ marginBottom: 16 }}
      />
      <Typography.Text strong>{t('intake.sources.secret')}</Typography.Text>
      <Space.Compact style={{ width: '100%', margin: '8px 0 16px' }}>
        <Input
          readOnly
          value={source.secret}
          data-testid="webhook-secret"
          style={{ fontFamily: 'monospace' }}
        />
        <Button icon={<CopyOutlined />} onClick={() => void copy()}>
          {t('intake.sources.copy')}
        </Button>
      </Space.Compact>
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          {
            key: 'url',
            label: t('intake.sources.url'),
            children: (
              <Typography.Text copyable code style={{ wordBreak: 'break-all' }}>
                {absoluteUrl(source.url)}
              </Typography.Text>
            ),
          },
          {
            key: 'key',
            label: t('intake.sources.key'),
            children: <Typography.Text code>{source.key}</Typography.Text>,
          },
        ]}
      />
    </Modal>
  );
}
