import { acceptedTypes, arrayItems, ATTACHMENT_FORMAT, collectFieldPaths, isJsonObject, type JsonSchemaObject } from '@etjanst/schemas';
import type { UiSchema } from '@rjsf/utils';
import { deleteJson, segment } from '../../shared/api';

export interface UploadedFile {
  name: string;
  size: number;
}

/** What the attachment widget reads from its ui:options (set by withAttachmentWidgets). */
export interface AttachmentFieldOptions {
  /** The field path the server knows the field by (?field=) */
  attachmentField: string;
  accept: readonly string[];
  maxBytes?: number;
}

const isAttachment = (node: JsonSchemaObject | undefined) => node?.format === ATTACHMENT_FORMAT;

/** The ui:options object at a field path, creating the levels on the way (arrays keep item options under "items"). */
function uiNodeAt(ui: Record<string, unknown>, path: string): Record<string, unknown> {
  let node = ui;
  for (const segmentName of path.split('.')) {
    const next = isJsonObject(node[segmentName]) ? { ...(node[segmentName] as Record<string, unknown>) } : {};
    node[segmentName] = next;
    node = next;
  }
  return node;
}

/**
 * The step's uiSchema with every attachment field (single, or an array of them) drawn by the
 * attachment widget, which gets the field's path and rules (accept, maxBytes) in its options.
 */
export function withAttachmentWidgets<T>(uiSchema: UiSchema<T>, schema: JsonSchemaObject): UiSchema<T> {
  const fields = [...collectFieldPaths(schema)].filter(([, node]) => isAttachment(node) || isAttachment(arrayItems(node)));
  if (fields.length === 0) return uiSchema;
  const result = structuredClone(uiSchema) as Record<string, unknown>;
  for (const [path] of fields) {
    const node = uiNodeAt(result, path);
    const own = isJsonObject(node['ui:options']) ? (node['ui:options'] as Record<string, unknown>) : {};
    const items = isJsonObject(node.items) && isJsonObject((node.items as Record<string, unknown>)['ui:options']) ? ((node.items as Record<string, unknown>)['ui:options'] as Record<string, unknown>) : {};
    const rules = { ...items, ...own };
    const maxBytes = typeof rules.maxBytes === 'number' && rules.maxBytes > 0 ? rules.maxBytes : undefined;
    node['ui:widget'] = ATTACHMENT_FORMAT;
    node['ui:options'] = { ...own, attachmentField: path, accept: acceptedTypes(rules.accept), ...(maxBytes ? { maxBytes } : {}) } satisfies AttachmentFieldOptions & Record<string, unknown>;
  }
  return result as UiSchema<T>;
}

const attachmentPath = (path: string, id: string) => `${path}/${segment(id)}`;

export const removeAttachment = (path: string, id: string): Promise<unknown> => deleteJson(attachmentPath(path, id));

/** Name and size of an uploaded file (HEAD: the headers without the content); undefined when it is not there. */
export async function describeAttachment(path: string, id: string, signal?: AbortSignal): Promise<UploadedFile | undefined> {
  const response = await fetch(attachmentPath(path, id), { method: 'HEAD', credentials: 'same-origin', signal });
  if (!response.ok) return undefined;
  const disposition = response.headers.get('content-disposition') ?? '';
  // RFC 6266: filename*=UTF-8''percent-encoded, or filename= quoted or a plain token
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plainMatch = /filename=(?:"([^"]*)"|([^;\s]+))/i.exec(disposition);
  const plain = plainMatch?.[1] ?? plainMatch?.[2];
  const name = encoded ? decodeURIComponent(encoded) : plain;
  return name ? { name, size: Number(response.headers.get('content-length') ?? 0) } : undefined;
}
