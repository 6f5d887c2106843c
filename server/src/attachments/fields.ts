import { acceptedTypes, collectFieldPaths, fieldUiOptions, isAttachmentField, isJsonObject, type EServiceDefinition } from '@etjanst/schemas';

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

/** Every attachment field of a definition's form, by field path. */
export function attachmentFields(definition: EServiceDefinition): Map<string, AttachmentField> {
  const schema = definition.form.schema;
  const paths = collectFieldPaths(schema);
  const fields = new Map<string, AttachmentField>();
  for (const [path, node] of paths) {
    const attachment = isAttachmentField(node);
    if (!attachment) continue;
    const options = fieldUiOptions(definition.form.uiSchema, paths, path);
    fields.set(path, { path, multiple: attachment.multiple, accept: acceptedTypes(options.accept), maxBytes: maxBytesOf(options.maxBytes) });
  }
  return fields;
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
