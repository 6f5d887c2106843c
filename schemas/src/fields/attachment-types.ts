/**
 * The file types an attachment field can take: only those the server recognises from the
 * content (magic numbers), never from the name. Shared by the server's check and the portal's
 * file input, so both name the same types.
 */
/** The schema format of an attachment field's value: the id of the uploaded file. */
export const ATTACHMENT_FORMAT = 'attachment-id';

export const PDF = 'application/pdf';
export const PNG = 'image/png';
export const JPEG = 'image/jpeg';
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const ODT = 'application/vnd.oasis.opendocument.text';

export const SNIFFABLE_TYPES = [PDF, PNG, JPEG, DOCX, ODT] as const;
/** What an attachment field accepts when its ui:options say nothing. */
export const DEFAULT_ACCEPT: readonly string[] = [PDF, JPEG, PNG];

/** Short names for messages: "PDF, JPEG, PNG". */
export const TYPE_NAMES: Record<string, string> = { [PDF]: 'PDF', [PNG]: 'PNG', [JPEG]: 'JPEG', [DOCX]: 'Word (DOCX)', [ODT]: 'OpenDocument (ODT)' };

/** File name endings for the file chooser's filter (a hint only; the server checks the content). */
export const TYPE_EXTENSIONS: Record<string, readonly string[]> = { [PDF]: ['.pdf'], [PNG]: ['.png'], [JPEG]: ['.jpg', '.jpeg'], [DOCX]: ['.docx'], [ODT]: ['.odt'] };

/** An attachment field's accepted types from its ui:options.accept (recognisable ones only), else the default. */
export function acceptedTypes(value: unknown): readonly string[] {
  if (!Array.isArray(value)) return DEFAULT_ACCEPT;
  const known = value.filter((t): t is string => typeof t === 'string' && (SNIFFABLE_TYPES as readonly string[]).includes(t));
  return known.length > 0 ? known : DEFAULT_ACCEPT;
}
