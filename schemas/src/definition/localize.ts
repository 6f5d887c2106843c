import { arrayItems, isJsonObject, objectProperties } from './fields.js';
import type { EServiceDefinition, FieldTexts, JsonSchemaObject, Language, LocalizedText } from './format.js';

export const textIn = (text: LocalizedText | undefined, language: Language): string | undefined =>
  text ? (text[language] ?? text.sv) : undefined;

/**
 * A definition's form in one language, as the portal draws its steps (the wizard, the scan's
 * preview). The validators precompiled for the portal are keyed by these step schemas, so both
 * sides build them here.
 */
export const localizedForm = (definition: EServiceDefinition, language: Language): EServiceDefinition['form'] => ({
  ...definition.form,
  ...localizeForm(definition.form, language),
});

/**
 * The form as rjsf renders it in one language: titles, descriptions and option labels from
 * `form.texts` placed into copies of the schema and uiSchema. Pure; the stored form is untouched.
 */
export function localizeForm(
  form: EServiceDefinition['form'],
  language: Language,
): { schema: JsonSchemaObject; uiSchema: JsonSchemaObject } {
  const schema = structuredClone(form.schema);
  const uiSchema = structuredClone(form.uiSchema);
  const apply = (node: JsonSchemaObject, ui: JsonSchemaObject, prefix: string): void => {
    const items = arrayItems(node);
    if (items) {
      const itemsUi = ensureObject(ui, 'items');
      apply(items, itemsUi, prefix);
      return;
    }
    if (node.type !== 'object') return;
    const names = new Set(objectProperties(node).keys());
    for (const name of names) {
      const path = prefix ? `${prefix}.${name}` : name;
      const fieldUi = ensureObject(ui, name);
      const texts = form.texts[path];
      // the same property may be declared in several branches: label each declaration
      for (const declaration of declarationsOf(node, name)) {
        if (texts) labelField(declaration, fieldUi, texts, language);
        apply(declaration, fieldUi, path);
      }
    }
  };
  apply(schema, uiSchema, '');
  return { schema, uiSchema };
}

function labelField(schema: JsonSchemaObject, ui: JsonSchemaObject, texts: FieldTexts, language: Language): void {
  schema.title = textIn(texts.label, language);
  const help = textIn(texts.help, language);
  if (help) ui['ui:help'] = help;
  if (texts.options) {
    const names = Object.fromEntries(
      Object.entries(texts.options).map(([value, label]) => [value, textIn(label, language) ?? value]),
    );
    ui['ui:enumNames'] = names;
    const items = arrayItems(schema);
    if (items) ensureObject(ui, 'items')['ui:enumNames'] = names;
  }
}

function declarationsOf(node: JsonSchemaObject, name: string): JsonSchemaObject[] {
  const found: JsonSchemaObject[] = [];
  const visit = (declarer: unknown): void => {
    if (!isJsonObject(declarer)) return;
    const properties = declarer.properties;
    if (isJsonObject(properties) && isJsonObject(properties[name])) found.push(properties[name]);
    for (const part of Array.isArray(declarer.allOf) ? declarer.allOf : []) visit(part);
    for (const key of ['then', 'else'] as const) visit(declarer[key]);
    if (isJsonObject(declarer.dependencies)) {
      for (const dependency of Object.values(declarer.dependencies)) {
        visit(dependency);
        for (const alternative of isJsonObject(dependency) && Array.isArray(dependency.oneOf) ? dependency.oneOf : []) {
          visit(alternative);
        }
      }
    }
  };
  visit(node);
  return found;
}

function ensureObject(parent: JsonSchemaObject, key: string): JsonSchemaObject {
  const existing = parent[key];
  if (isJsonObject(existing)) return existing;
  const created: JsonSchemaObject = {};
  parent[key] = created;
  return created;
}
