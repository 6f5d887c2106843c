import { acceptedTypes, arrayItems, ATTACHMENT_FORMAT, collectFieldPaths, isJsonObject, type JsonSchemaObject } from '@etjanst/schemas';
import { toPath, type RJSFValidationError, type UiSchema } from '@rjsf/utils';

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

/** A multi-file field: an array of attachment ids. */
export const isAttachmentList = (schema: unknown): boolean => isJsonObject(schema) && isAttachment(arrayItems(schema));

/**
 * rjsf fills an array up to its minItems with empty items, which for a multi-file field is a
 * file that is not there: its empty state is no files, so "at least one" is the field's own
 * error, shown at its file input (`experimental_defaultFormStateBehavior.arrayMinItems`).
 */
export const skipsMinItemsFiller = (_validator: unknown, schema: unknown): boolean => isAttachmentList(schema);

/** Whether the uiSchema draws the field at these path segments with the attachment widget. */
function drawnAsAttachments(uiSchema: unknown, segments: string[]): boolean {
  let node = uiSchema;
  for (const name of segments) {
    if (!isJsonObject(node)) return false;
    node = /^\d+$/.test(name) ? node.items : node[name];
  }
  return isJsonObject(node) && node['ui:widget'] === ATTACHMENT_FORMAT;
}

/**
 * An error of one item of a multi-file field (an id that is not an attachment's) belongs to the
 * field: its file input is what the citizen acts on, and no element stands for an item, so the
 * error is moved to the field, where the widget shows it and ties it to the input.
 */
export function attachmentErrorsOnTheirField<E extends RJSFValidationError>(errors: E[], uiSchema: unknown): E[] {
  return errors.map((error) => {
    const segments = toPath(error.property ?? '').map(String);
    const field = segments.slice(0, -1);
    if (!/^\d+$/.test(segments.at(-1) ?? '') || !drawnAsAttachments(uiSchema, field)) return error;
    return { ...error, property: `.${field.join('.')}` };
  });
}

/**
 * The uiSchema node of a field path, creating the levels on the way. rjsf reads the uiSchema of a
 * repeating group's fields under the group's "items", so a path through a group goes through it.
 */
function uiNodeAt(ui: Record<string, unknown>, path: string, fields: Map<string, JsonSchemaObject>): Record<string, unknown> {
  const child = (parent: Record<string, unknown>, name: string) => {
    const next = isJsonObject(parent[name]) ? { ...(parent[name] as Record<string, unknown>) } : {};
    parent[name] = next;
    return next;
  };
  const names = path.split('.');
  let node = ui;
  names.forEach((name, i) => {
    node = child(node, name);
    const isGroupOnTheWay = i < names.length - 1 && arrayItems(fields.get(names.slice(0, i + 1).join('.')) ?? {}) !== undefined;
    if (isGroupOnTheWay) node = child(node, 'items');
  });
  return node;
}

/**
 * The step's uiSchema with every attachment field (single, or an array of them) drawn by the
 * attachment widget, which gets the field's path and rules (accept, maxBytes) in its options.
 */
export function withAttachmentWidgets<T>(uiSchema: UiSchema<T>, schema: JsonSchemaObject): UiSchema<T> {
  const paths = collectFieldPaths(schema);
  const fields = [...paths].filter(([, node]) => isAttachment(node) || isAttachment(arrayItems(node)));
  if (fields.length === 0) return uiSchema;
  const result = structuredClone(uiSchema) as Record<string, unknown>;
  for (const [path] of fields) {
    const node = uiNodeAt(result, path, paths);
    const own = isJsonObject(node['ui:options']) ? (node['ui:options'] as Record<string, unknown>) : {};
    const items = isJsonObject(node.items) && isJsonObject((node.items as Record<string, unknown>)['ui:options']) ? ((node.items as Record<string, unknown>)['ui:options'] as Record<string, unknown>) : {};
    const rules = { ...items, ...own };
    const maxBytes = typeof rules.maxBytes === 'number' && rules.maxBytes > 0 ? rules.maxBytes : undefined;
    node['ui:widget'] = ATTACHMENT_FORMAT;
    node['ui:options'] = { ...own, attachmentField: path, accept: acceptedTypes(rules.accept), ...(maxBytes ? { maxBytes } : {}) } satisfies AttachmentFieldOptions & Record<string, unknown>;
  }
  return result as UiSchema<T>;
}
