import { Alert, Form, type FormInstance, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useOverdueReasons } from './api';
import type { OverdueReason } from './types';

export type OverdueReasonValues = { overdueReason?: string; overdueReasonText?: string };

/** A reason's name in the UI language. */
export function useReasonName(): (reason: Pick<OverdueReason, 'name' | 'nameEn'>) => string {
  const { i18n } = useTranslation();
  return (reason) => (i18n.language === 'en' && reason.nameEn ? reason.nameEn : reason.name);
}

/** Active reasons in their order. */
export function useActiveReasons(): OverdueReason[] {
  const { data } = useOverdueReasons();
  return (data?.items ?? []).filter((reason) => reason.isActive).sort((a, b) => a.position - b.position);
}

/**
 * R5.4: closing a ticket that breached a milestone needs an overdue reason, and a text when the reason
 * asks for one. For the close dialog's form; the server checks the same.
 */
export function OverdueReasonFields({ form }: { form: FormInstance }) {
  const { t } = useTranslation();
  const reasons = useActiveReasons();
  const reasonName = useReasonName();
  const chosen = Form.useWatch('overdueReason', form) as string | undefined;
  const needsText = reasons.find((reason) => reason.code === chosen)?.requiresText ?? false;
  return (
    <>
      <Alert type="error" showIcon style={{ marginBottom: 16 }} title={t('sla.close.alert')} />
      <Form.Item
        name="overdueReason"
        label={t('sla.close.reason')}
        rules={[{ required: true, message: t('sla.close.reasonRequired') }]}
      >
        <Select
          placeholder={t('sla.close.reasonPlaceholder')}
          options={reasons.map((reason) => ({ value: reason.code, label: reasonName(reason) }))}
          data-testid="overdue-reason"
        />
      </Form.Item>
      <Form.Item
        name="overdueReasonText"
        label={t('sla.close.text')}
        rules={[{ required: needsText, whitespace: true, message: t('sla.close.textRequired') }]}
      >
        <Input.TextArea rows={2} maxLength={2000} data-testid="overdue-reason-text" />
      </Form.Item>
    </>
  );
}
