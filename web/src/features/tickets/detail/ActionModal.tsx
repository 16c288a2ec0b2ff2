import { Form, type FormInstance, Modal } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useTicketAction } from '../queries';
import { useTicketContext } from './context';

/**
 * A ticket action behind a small form in a modal: submits `run(values)`, shows field errors from the
 * server on the form, refreshes the ticket and closes on success. Mount it only while open.
 */
export function ActionModal<V extends object>({
  title,
  onClose,
  run,
  children,
  okText,
  danger,
  initialValues,
  testId,
  width,
  render,
}: {
  title: ReactNode;
  onClose: () => void;
  run: (values: V) => Promise<unknown>;
  children?: ReactNode;
  okText?: string;
  danger?: boolean;
  initialValues?: Partial<V>;
  testId?: string;
  width?: number;
  /** Form content that needs the form instance (e.g. to watch a field). */
  render?: (form: FormInstance<V>) => ReactNode;
}) {
  const { t } = useTranslation();
  const { routeKey } = useTicketContext();
  const [form] = Form.useForm<V>();
  const action = useTicketAction<V>(routeKey, run, { form, onDone: onClose });
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={okText ?? t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger, ...(testId ? { 'data-testid': `${testId}-submit` } : {}) }}
      confirmLoading={action.isPending}
      width={width}
      destroyOnHidden
    >
      <Form<V>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => action.mutate(values)}
        data-testid={testId}
      >
        {children}
        {render?.(form)}
      </Form>
    </Modal>
  );
}
