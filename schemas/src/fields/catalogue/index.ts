/**
 * The field catalogue: one definition per field type, from which the designer gets its palette,
 * the property panel (which properties, of which kind) and the definition fragments.
 *
 * Usage (designer):
 *   fieldPalette()                         -> [{ typeId, label, description, group }]
 *   const f = newField('short-text', 'givenName')   // default properties + fragments
 *   fieldType('short-text').properties     -> [{ name: 'label', kind: 'localized-text', ... }]
 *   const f = createField('single-choice', 'school', { label: { sv: 'Skola' }, options: [...] })
 *     f.schema    -> goes to form.schema.properties.school (f.required -> form.schema.required)
 *     f.uiSchema  -> form.uiSchema.school (when not empty)
 *     f.texts     -> form.texts, keys relative to the field: '' = 'school', 'x' = 'school.x'
 *     f.settings  -> form.fields, keyed like texts ('' holds fieldType)
 *     f.prefill   -> definition.prefill ({ field: path, source: 'population-register', ... })
 *     f.coSignerPaths -> definition.signing.coSignerFields
 *   readFieldProperties(definition, 'guardian.address') -> { typeId, properties } (any definition,
 *     templates too: the type is form.fields[path].fieldType or inferred from the shape)
 *   Group and repeating group carry their fields in `properties.children` ({ key, typeId, properties }).
 *   assembleForm(steps) -> { form, prefill, coSignerFields } from [{ id, title, fields: [{ key, typeId, properties }] }]
 *   readDesignerModel(definition) -> { steps, conditions, unreadable }: any definition (templates too) as a model;
 *     rebuild with assembleForm(steps) then form.schema = applyFieldConditions(form.schema, conditions)
 *   designerModelProblems(steps) -> duplicate step ids / field keys, invalid keys, with pointers into steps
 *   Patterns: PATTERN_PRESETS ({ id, label, pattern }); properties.pattern is { preset } or { custom }.
 */
export * from './types.js';
export * from './presets.js';
export { FILE_TYPES, RANKING_WIDGET } from './leaf-types.js';
export { fieldErrorMessage, relabelledTexts } from './common.js';
export { assembleForm, designerModelProblems, readDesignerModel, type DesignerProblem, type DesignerStep } from './assemble.js';
export {
  createField,
  fieldPalette,
  fieldSource,
  fieldType,
  fieldTypes,
  inferFieldType,
  isRankedChoice,
  isFieldKey,
  newField,
  readFieldProperties,
  registerFieldType,
  type PaletteEntry,
} from './catalogue.js';
