import { TYPE_EXTENSIONS, TYPE_NAMES } from '@etjanst/schemas';
import type { RJSFSchema, WidgetProps } from '@rjsf/utils';
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { uploadFile } from '../../shared/api';
import { localProblem, problemOf, type Problem } from '../../shared/problem';
import type { Answers } from '../portalApi';
import type { AttachmentFieldOptions, UploadedFile } from './attachments';
import { describeAttachment, removeAttachment } from './attachmentsApi';
import { describedBy, hasErrors } from './ids';
import { languageOf, type PortalFormContext } from './texts';

type Props = WidgetProps<Answers, RJSFSchema, PortalFormContext>;

const MB = 1024 * 1024;
const locale = (language: string) => (language === 'en' ? 'en-GB' : 'sv-SE');
const megabytes = (bytes: number, language: string) => `${(bytes / MB).toLocaleString(locale(language), { maximumFractionDigits: 1 })} MB`;
/** A file's size: kB below a megabyte, so a small file does not read "0 MB". */
const fileSize = (bytes: number, language: string) =>
  bytes < MB ? `${Math.max(1, Math.round(bytes / 1024)).toLocaleString(locale(language))} kB` : megabytes(bytes, language);

const idsOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' && value !== '' ? [value] : [];

/**
 * An attachment field (format attachment-id, or an array of them): a labelled file input that
 * says which types and how large, uploads at once with its progress in a live region, lists the
 * uploaded file(s) with a remove button, and shows the server's refusal (type by content, size)
 * as the field's error, announced. The answer is the attachment id (or ids).
 */
export function AttachmentWidget(props: Props) {
  const { id, value, onChange, onBlur, onFocus, disabled, readonly, registry, rawErrors, hideError, multiple, options, required } = props;
  const context = registry.formContext;
  const language = languageOf(context);
  const { i18n } = useTranslation();
  const t = i18n.getFixedT(language, undefined, 'citizenJourney.attachment');
  const field = options as unknown as AttachmentFieldOptions;
  const files = context.attachments?.files;
  const ids = idsOf(value);
  const [busy, setBusy] = useState<{ name: string; share: number } | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [, setKnown] = useState(0); // re-render when a resumed draft's file is described
  const input = useRef<HTMLInputElement>(null);
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);

  // files of a resumed draft: their names come from the server
  useEffect(() => {
    if (!context.attachments || !files) return;
    const unknown = ids.filter((attachmentId) => !files.has(attachmentId));
    if (unknown.length === 0) return;
    const abort = new AbortController();
    const path = context.attachments.path;
    void Promise.all(unknown.map((attachmentId) => describeAttachment(path, attachmentId, abort.signal).then((file) => file && files.set(attachmentId, file)))).then(
      () => !abort.signal.aborted && setKnown((n) => n + 1),
      () => undefined,
    );
    return () => abort.abort();
    // the ids alone (as text: a new array each render) decide when to ask again
  }, [ids.join(' ')]);

  const typeNames = field.accept.map((type) => TYPE_NAMES[type] ?? type).join(', ');
  const rulesId = `${id}__rules`;
  const uploadErrorId = `${id}__upload-error`;
  const statusId = `${id}__status`;
  const invalid = problem !== null || hasErrors(rawErrors, hideError);
  const describedIds = [rulesId, problem ? uploadErrorId : undefined, describedBy(id, { help: options.help, rawErrors, hideError })].filter(Boolean).join(' ');

  async function upload(file: File) {
    if (!context.attachments) return;
    setProblem(null);
    if (field.maxBytes !== undefined && file.size > field.maxBytes) {
      // the server refuses it too; this spares sending it
      setProblem(localProblem('attachment-too-large', 413, 'citizenJourney.attachment.failed', 'citizenJourney.attachment.tooLarge', { size: megabytes(field.maxBytes, language) }));
      return;
    }
    controller.current = new AbortController();
    setBusy({ name: file.name, share: 0 });
    setAnnouncement(t('uploading', { name: file.name }));
    try {
      const path = `${context.attachments.path}?${new URLSearchParams({ field: field.attachmentField }).toString()}`;
      const stored = await uploadFile<{ attachmentId: string; name: string; size: number }>(path, file, (share) => setBusy({ name: file.name, share }), controller.current.signal);
      files?.set(stored.attachmentId, { name: stored.name, size: stored.size });
      onChange(multiple ? [...ids, stored.attachmentId] : stored.attachmentId);
      // a single file is replaced: the earlier upload is not kept on the server
      if (!multiple && ids[0]) void removeAttachment(context.attachments.path, ids[0]).catch(() => undefined);
      setAnnouncement(t('uploaded', { name: stored.name }));
    } catch (error) {
      if (controller.current.signal.aborted) return;
      setProblem(problemOf(error));
      setAnnouncement('');
    } finally {
      setBusy(null);
      if (input.current) input.current.value = '';
    }
  }

  async function remove(attachmentId: string) {
    const name = files?.get(attachmentId)?.name ?? t('unknownFile');
    setProblem(null);
    if (context.attachments) {
      // an attachment the server no longer has is removed from the answers all the same
      await removeAttachment(context.attachments.path, attachmentId).catch((error: unknown) => {
        const found = problemOf(error);
        if (found.status !== 404) throw error;
      }).catch((error: unknown) => setProblem(problemOf(error)));
    }
    const rest = ids.filter((other) => other !== attachmentId);
    onChange(multiple ? rest : undefined);
    setAnnouncement(t('removed', { name }));
    input.current?.focus();
  }

  const accept = field.accept.flatMap((type) => [type, ...(TYPE_EXTENSIONS[type] ?? [])]).join(',');
  return (
    <div className="attachment-field">
      <p id={rulesId} className="attachment-rules">
        {t('accept', { types: typeNames })}
        {field.maxBytes !== undefined && <> {t('maxSize', { size: megabytes(field.maxBytes, language) })}</>}
      </p>
      {problem && (
        <p id={uploadErrorId} className="field-error-message" data-testid="attachment-error">
          {problem.messages[language].detail ?? problem.messages[language].title}
        </p>
      )}
      {ids.length > 0 && (
        <ul className="attachment-files" aria-label={t('files')} data-testid="attachment-files">
          {ids.map((attachmentId) => {
            const file = files?.get(attachmentId);
            const name = file?.name ?? t('unknownFile');
            return (
              <li key={attachmentId}>
                <span className="attachment-name">{name}</span>
                {file && <span className="attachment-size"> ({fileSize(file.size, language)})</span>}
                {!readonly && (
                  <button type="button" className="btn btn-link" disabled={disabled || busy !== null} onClick={() => void remove(attachmentId)}>
                    {t('remove')}
                    <span className="visually-hidden"> {name}</span>
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {!readonly && (
        <input
          ref={input}
          type="file"
          id={id}
          name={props.htmlName || id}
          className={`form-control attachment-input${invalid ? ' form-control-error' : ''}`}
          accept={accept}
          disabled={disabled || busy !== null}
          required={required && ids.length === 0}
          multiple={false}
          aria-invalid={invalid || undefined}
          aria-describedby={describedIds}
          onChange={(event: ChangeEvent<HTMLInputElement>) => {
            const file = event.target.files?.[0];
            if (file) void upload(file);
          }}
          onBlur={() => onBlur(id, value)}
          onFocus={() => onFocus(id, value)}
        />
      )}
      {busy && <progress className="attachment-progress" max={1} value={busy.share} aria-labelledby={statusId} />}
      <p id={statusId} className="attachment-status" role="status">
        {problem ? t('failed') + ' ' + (problem.messages[language].detail ?? '') : announcement}
      </p>
    </div>
  );
}
