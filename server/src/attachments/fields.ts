import { acceptedTypes, arrayItems, ATTACHMENT_FORMAT, collectFieldPaths, isJsonObject, type EServiceDefinition, type JsonSchemaObject } from '@etjanst/schemas';

/**
 * An attachment field: `{ type: 'string', format: 'attachment-id' }` in the form schema, or an
 * array of those; its rules come from the field's uiSchema
 * `ui:options: { accept: ['application/pdf', …], maxBytes: 10485760 }`.
 */
export interface AttachmentField {
  path: string;
  multiple: boolean;
  /** Media types the field takes (only those the server can recognise from the content) */
  accept: readonly string[];
  /** The field's own limit, if it sets one (the global limit applies in any case) */
  maxBytes: number | undefined;
}

const isAttachmentString = (node: JsonSchemaObject | undefined) => node?.format === ATTACHMENT_FORMAT;

/** Every attachment field of a definition's form, by field path. */
export function attachmentFields(definition: EServiceDefinition): Map<string, AttachmentField> {
  const schema = definition.form.schema;
  const paths = collectFieldPaths(schema);
  const fields = new Map<string, AttachmentField>();
  for (const [path, node] of paths) {
    const items = arrayItems(node);
    const multiple = items !== undefined && isAttachmentString(items);
    if (!multiple && !isAttachmentString(node)) continue;
    const options = uiOptions(definition.form.uiSchema, paths, path);
    fields.set(path, { path, multiple, accept: acceptedTypes(options.accept), maxBytes: maxBytesOf(options.maxBytes) });
  }
  return fields;
}

/** The field's ui:options; for an array, on the field itself or on its items. */
function uiOptions(uiSchema: JsonSchemaObject, paths: Map<string, JsonSchemaObject>, path: string): Record<string, unknown> {
  const segments = path.split('.');
  let ui: unknown = uiSchema;
  segments.forEach((segment, i) => {
    ui = isJsonObject(ui) ? ui[segment] : undefined;
    const node = paths.get(segments.slice(0, i + 1).join('.'));
    // rjsf keeps an array's item options under "items"
    if (i < segments.length - 1 && node && arrayItems(node) && isJsonObject(ui)) ui = ui.items;
  });
  if (!isJsonObject(ui)) return {};
  const own = ui['ui:options'];
  const items = isJsonObject(ui.items) ? ui.items['ui:options'] : undefined;
  return { ...(isJsonObject(items) ? items : {}), ...(isJsonObject(own) ? own : {}) };
}

const maxBytesOf = (value: unknown) => (typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined);

export interface AttachmentReference {
  field: string;
  /** JSON pointer of the value in the answers */
  pointer: string;
  id: string;
}

/** Every attachment id in a set of answers, with its field path and place. */
export function attachmentReferences(fields: Map<string, AttachmentField>, answers: unknown): AttachmentReference[] {
  const found: AttachmentReference[] = [];
  const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
  const walk = (value: unknown, pointer: string, path: string): void => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, `${pointer}/${i}`, path));
    } else if (isJsonObject(value)) {
      for (const [key, child] of Object.entries(value)) walk(child, `${pointer}/${escape(key)}`, path ? `${path}.${key}` : key);
    } else if (typeof value === 'string' && fields.has(path)) {
      found.push({ field: path, pointer, id: value });
    }
  };
  walk(answers, '', '');
  return found;
}
