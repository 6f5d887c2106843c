import { isValidPattern } from '../fields/catalogue/presets.js';
import { bilingual, type BilingualMessage } from '../i18n/bilingual.js';
import { arrayItems, collectFieldPaths, isJsonObject, propertyDeclarers } from './fields.js';
import type { EServiceDefinition, JsonSchemaObject } from './format.js';

interface FieldProblem {
  pointer: string;
  code: string;
  message: BilingualMessage;
}

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');
const labelOf = (definition: EServiceDefinition, path: string) => definition.form.texts[path]?.label.sv.trim() || path;

/** A regular expression in the form schema: a `pattern`, or a name pattern of `patternProperties`. */
export interface FormPattern {
  /** JSON pointer into the definition: the `pattern` keyword, or the `patternProperties` entry */
  pointer: string;
  /** The field it belongs to (dotted path), '' for the form itself */
  field: string;
  pattern: string;
}

/** Visits every schema node of the form schema with its JSON pointer and the field it belongs to (dotted path, '' for the form). */
function walkFormSchema(schema: JsonSchemaObject, visit: (node: JsonSchemaObject, pointer: string, path: string) => void): void {
  const walk = (node: unknown, pointer: string, path: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${pointer}/${i}`, path));
      return;
    }
    if (!isJsonObject(node)) return;
    visit(node, pointer, path);
    for (const [key, child] of Object.entries(node)) {
      if (key === 'pattern') continue;
      if (key === 'properties' && isJsonObject(child)) {
        for (const [name, property] of Object.entries(child)) {
          walk(property, `${pointer}/properties/${escapePointer(name)}`, path ? `${path}.${name}` : name);
        }
      } else walk(child, `${pointer}/${escapePointer(key)}`, path);
    }
  };
  walk(schema, '/form/schema', '');
}

/** Every regular expression the form schema judges answers by, with the field it belongs to. */
export function formPatterns(schema: JsonSchemaObject): FormPattern[] {
  const patterns: FormPattern[] = [];
  walkFormSchema(schema, (node, pointer, path) => {
    if (typeof node.pattern === 'string') patterns.push({ pointer: `${pointer}/pattern`, field: path, pattern: node.pattern });
    if (isJsonObject(node.patternProperties)) {
      for (const pattern of Object.keys(node.patternProperties)) patterns.push({ pointer: `${pointer}/patternProperties/${escapePointer(pattern)}`, field: path, pattern });
    }
  });
  return patterns;
}

/**
 * A consent or attestation (a boolean that must be `true`) is ticked by the citizen, never by the
 * form: a `default` would show it ticked when the step opens.
 */
export function preTickedConsentProblems(definition: EServiceDefinition): FieldProblem[] {
  const problems: FieldProblem[] = [];
  walkFormSchema(definition.form.schema, (node, pointer, path) => {
    if (node.const !== true || !('default' in node)) return;
    problems.push({
      pointer: `${pointer}/default`,
      code: 'field.consent-preticked',
      message: bilingual(
        `Kryssrutan ”${labelOf(definition, path)}” ska kryssas i av den som fyller i e-tjänsten; ta bort förvalet (default).`,
        `The checkbox “${labelOf(definition, path)}” is to be ticked by the person filling in the e-service; remove its preset value (default).`,
      ),
    });
  });
  return problems;
}

/**
 * Every regular expression in the form schema must be one ajv can compile (JavaScript, unicode).
 * Checked before compiling the schema, so the problem names the field, not ajv's internals.
 */
export function patternProblems(schema: JsonSchemaObject): FieldProblem[] {
  return formPatterns(schema)
    .filter(({ pattern }) => !isValidPattern(pattern))
    .map(({ pointer, field, pattern }) => ({
      pointer,
      code: 'field.invalid-pattern',
      message: bilingual(`Formatet för fältet ”${field || '/'}” är inte ett giltigt reguljärt uttryck: ${pattern}`, `The format of the field “${field || '/'}” is not a valid regular expression: ${pattern}`),
    }));
}

/**
 * What a designer can get wrong in a field that the format's schema cannot see: a field without
 * a label (or one of only spaces), a file upload that accepts no file type.
 */
export function fieldProblems(definition: EServiceDefinition): FieldProblem[] {
  const { form } = definition;
  const problems: FieldProblem[] = [];
  for (const path of collectFieldPaths(form.schema).keys()) {
    const texts = form.texts[path];
    if (!texts) {
      problems.push({
        pointer: `/form/texts/${escapePointer(path)}`,
        code: 'texts.missing-label',
        message: bilingual(`Fältet ”${path}” saknar etikett.`, `The field “${path}” has no label.`),
      });
      continue;
    }
    for (const language of ['sv', 'en'] as const) {
      const label = texts.label[language];
      if (label !== undefined && label.trim() === '') {
        problems.push({
          pointer: `/form/texts/${escapePointer(path)}/label/${language}`,
          code: 'texts.empty-label',
          message: bilingual(`Fältet ”${path}” har en tom etikett.`, `The field “${path}” has an empty label.`),
        });
      }
    }
  }
  for (const [pointer, path, accept] of fileTypeLists(form.schema, form.uiSchema)) {
    if (accept.length === 0) {
      problems.push({
        pointer,
        code: 'field.no-file-types',
        message: bilingual(`Fältet ”${labelOf(definition, path)}” tillåter inga filtyper; välj minst en.`, `The field “${labelOf(definition, path)}” allows no file types; choose at least one.`),
      });
    }
  }
  return problems;
}

/** [pointer, field path, accept] of every file field whose ui:options give an `accept` list. */
function fileTypeLists(schema: JsonSchemaObject, uiSchema: JsonSchemaObject): [string, string, unknown[]][] {
  const found: [string, string, unknown[]][] = [];
  const walk = (node: JsonSchemaObject, ui: unknown, pointer: string, path: string): void => {
    const items = arrayItems(node);
    if (items) {
      walk(items, isJsonObject(ui) ? ui.items : undefined, `${pointer}/items`, path);
      if (items.format !== 'attachment-id') return;
    }
    if (node.format === 'attachment-id' || items?.format === 'attachment-id') {
      const options = isJsonObject(ui) && isJsonObject(ui['ui:options']) ? ui['ui:options'] : undefined;
      if (options && Array.isArray(options.accept)) found.push([`${pointer}/ui:options/accept`, path, options.accept]);
      return;
    }
    for (const declarer of propertyDeclarers(node)) {
      if (!isJsonObject(declarer.properties)) continue;
      for (const [name, child] of Object.entries(declarer.properties)) {
        if (isJsonObject(child)) {
          walk(child, isJsonObject(ui) ? ui[name] : undefined, `${pointer}/${escapePointer(name)}`, path ? `${path}.${name}` : name);
        }
      }
    }
  };
  walk(schema, uiSchema, '/form/uiSchema', '');
  return found;
}
