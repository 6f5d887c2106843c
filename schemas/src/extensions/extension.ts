import { fieldType, registerFieldType } from '../fields/catalogue/catalogue.js';
import type { FieldTypeDefinition } from '../fields/catalogue/types.js';
import { SWEDISH_FORMATS } from '../fields/formats.js';

/**
 * What a municipality's own package adds to the platform, without forking it: field types for
 * the designer's catalogue and the string formats their answers are validated with (ajv, on the
 * server and in the portal). The package exports it as `extension`; the server loads the
 * packages named in EXTENSIONS, the client build bundles the same list (see
 * docs/extension-guide.md). A package imports only types from @etjanst/schemas: the host registers it.
 */
export interface PlatformExtension {
  /** the package's short id, e.g. 'fastighetsbeteckning' */
  id: string;
  fieldTypes?: FieldTypeDefinition[];
  /** format name -> check; used as `{ type: 'string', format: name }` in form schemas */
  formats?: Record<string, (value: string) => boolean>;
}

const formats = new Map<string, (value: string) => boolean>();
const registered = new Map<string, PlatformExtension>();

/** The formats extensions added, for every ajv the platform creates (createAjv) and the portal's validator. */
export const extensionFormats = (): Record<string, (value: string) => boolean> => Object.fromEntries(formats);

/** The extensions registered so far, in order. */
export const registeredExtensions = (): PlatformExtension[] => [...registered.values()];

/**
 * Registers an extension's field types and formats. Throws when it is malformed or collides with
 * the platform or another extension: a configuration error, to stop at start-up rather than
 * validate answers differently than configured.
 */
export function registerExtension(extension: PlatformExtension): void {
  if (registered.get(extension.id) === extension) return;
  const problems = extensionProblems(extension);
  if (problems.length > 0) throw new Error(`Extension "${String(extension?.id)}" cannot be registered: ${problems.join('; ')}`);
  for (const [name, check] of Object.entries(extension.formats ?? {})) formats.set(name, check);
  for (const type of extension.fieldTypes ?? []) registerFieldType(type);
  registered.set(extension.id, extension);
}

function extensionProblems(extension: PlatformExtension): string[] {
  if (typeof extension !== 'object' || extension === null) return ['it is not an object'];
  const problems: string[] = [];
  if (typeof extension.id !== 'string' || !/^[a-z][a-z0-9-]*$/.test(extension.id)) problems.push('id must be a lowercase slug');
  else if (registered.has(extension.id)) problems.push('another extension has the same id');
  for (const [name, check] of Object.entries(extension.formats ?? {})) {
    if (typeof check !== 'function') problems.push(`format "${name}" is not a function`);
    if (name in SWEDISH_FORMATS || formats.has(name)) problems.push(`format "${name}" already exists`);
  }
  for (const type of extension.fieldTypes ?? []) {
    const complete = ['build', 'read', 'matches', 'defaults'].every((key) => typeof (type as unknown as Record<string, unknown>)[key] === 'function');
    if (!complete || !type.palette || !Array.isArray(type.properties)) problems.push(`field type "${type.id}" is incomplete`);
    if (fieldType(type.id)) problems.push(`field type "${type.id}" already exists`);
  }
  return problems;
}
