import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../format';

export const MAX_FILES = 10;
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
const ACCEPT = 'image/*,video/*,.pdf,.doc,.docx,.xls,.xlsx,.txt,.csv,.zip,.rar,.7z';
const ACCEPTED = /^(image|video)\/|^application\/(pdf|msword|vnd\.|zip|x-zip|x-rar|x-7z)|^text\/(plain|csv)$/;
const ACCEPTED_EXTENSION = /\.(pdf|docx?|xlsx?|txt|csv|zip|rar|7z)$/i;

export type PickedFile = { key: string; file: File; preview: string | null };

let counter = 0;

function pick(file: File): PickedFile {
  counter += 1;
  return {
    key: `${counter}-${file.name}`,
    file,
    preview: file.type.startsWith('image/') ? URL.createObjectURL(file) : null,
  };
}

/** Releases the previews' object URLs once the files are no longer shown. */
export function releasePreviews(files: PickedFile[]): void {
  for (const item of files) if (item.preview) URL.revokeObjectURL(item.preview);
}

function FileIcon({ type }: { type: string }) {
  const label = type.startsWith('video/') ? '▶' : type === 'application/pdf' ? 'PDF' : 'FILE';
  return (
    <span className="file-icon" aria-hidden="true">
      {label}
    </span>
  );
}

/** Photos, video and documents with thumbnails, remove buttons and the size and type rules. */
export function FilePicker({
  files,
  onChange,
  testId = 'file-picker',
}: {
  files: PickedFile[];
  onChange: (files: PickedFile[]) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const current = useRef(files);
  current.current = files;
  useEffect(() => () => releasePreviews(current.current), []);

  const size = formatBytes(MAX_FILE_BYTES);
  const add = (list: FileList | null) => {
    if (!list) return;
    const problems: string[] = [];
    const added: PickedFile[] = [];
    for (const file of Array.from(list)) {
      if (!ACCEPTED.test(file.type) && !ACCEPTED_EXTENSION.test(file.name)) {
        problems.push(t('files.unsupported', { name: file.name }));
      } else if (file.size > MAX_FILE_BYTES) {
        problems.push(t('files.tooLarge', { name: file.name, size }));
      } else if (files.length + added.length >= MAX_FILES) {
        problems.push(t('files.tooMany', { count: MAX_FILES }));
        break;
      } else {
        added.push(pick(file));
      }
    }
    setWarnings(problems);
    if (added.length) onChange([...files, ...added]);
    if (input.current) input.current.value = '';
  };
  const remove = (key: string) => {
    const gone = files.filter((item) => item.key === key);
    releasePreviews(gone);
    setWarnings([]);
    onChange(files.filter((item) => item.key !== key));
  };

  return (
    <div className="file-picker" data-testid={testId}>
      {files.length > 0 && (
        <ul className="thumbs">
          {files.map((item) => (
            <li key={item.key} className="thumb" data-testid="picked-file">
              {item.preview ? (
                <img src={item.preview} alt={item.file.name} />
              ) : (
                <FileIcon type={item.file.type} />
              )}
              <span className="thumb-name">{item.file.name}</span>
              <span className="thumb-size">{formatBytes(item.file.size)}</span>
              <button
                type="button"
                className="thumb-remove"
                aria-label={t('files.remove', { name: item.file.name })}
                onClick={() => remove(item.key)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {files.length < MAX_FILES && (
        <label className="file-add" htmlFor={id}>
          <span aria-hidden="true">＋</span> {t('files.add')}
        </label>
      )}
      <input
        ref={input}
        id={id}
        className="visually-hidden"
        type="file"
        multiple
        accept={ACCEPT}
        onChange={(event) => add(event.target.files)}
      />
      <p className="hint">{t('files.hint', { size, count: MAX_FILES })}</p>
      {warnings.map((warning) => (
        <p key={warning} className="field-error" role="alert">
          {warning}
        </p>
      ))}
    </div>
  );
}
