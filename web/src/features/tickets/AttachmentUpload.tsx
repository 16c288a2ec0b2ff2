import { PaperClipOutlined } from '@ant-design/icons';
import { App, Button, Upload, type UploadFile } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session';
import { serverMessageOf } from '../common/errors';
import { ticketsApi } from './api';

/** What an upload leaves on its file: the attachment id, or the server's message when it failed. */
type Uploaded = { id: string } | string;

/**
 * Attachments for a ticket, reply or note: each file is uploaded at once (POST /attachments) and its id
 * becomes the value, to send with the form. Works as a Form.Item control.
 */
export function AttachmentUpload({
  value,
  onChange,
  disabled,
}: {
  value?: string[];
  onChange?: (ids: string[]) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const [files, setFiles] = useState<UploadFile<Uploaded>[]>([]);

  // The form was reset (e.g. after sending): forget the files.
  useEffect(() => {
    if (value === undefined) setFiles([]);
  }, [value]);

  const emit = (next: UploadFile<Uploaded>[]) =>
    onChange?.(
      next.flatMap((file) =>
        file.status === 'done' && typeof file.response === 'object' ? [file.response.id] : [],
      ),
    );

  return (
    <Upload<Uploaded>
      multiple
      fileList={files}
      disabled={disabled}
      customRequest={({ file, onSuccess, onError }) => {
        ticketsApi
          .upload(file as File, session.data?.csrfToken ?? null)
          .then((uploaded) => onSuccess?.({ id: uploaded.id }))
          .catch((error: unknown) => {
            const text = serverMessageOf(error) ?? t('errors.network');
            void message.error(`${(file as File).name}: ${text}`);
            // The message becomes the failed file's response, shown on the file in the list.
            onError?.(Object.assign(new Error(text), { status: 0, method: 'POST' as const, url: '' }), text);
          });
      }}
      onChange={({ fileList }) => {
        setFiles(fileList);
        emit(fileList);
      }}
      data-testid="attachment-upload"
    >
      <Button size="small" icon={<PaperClipOutlined />} disabled={disabled}>
        {t('tickets.attachments.add')}
      </Button>
    </Upload>
  );
}
