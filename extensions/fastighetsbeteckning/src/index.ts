import type { FieldProperties, FieldSource, FieldTypeDefinition, PlatformExtension } from '@etjanst/schemas';
import { isPropertyDesignation } from './property-designation.js';

export { isPropertyDesignation, normalisePropertyDesignation } from './property-designation.js';

export const FORMAT = 'fastighetsbeteckning';
export const WIDGET = 'fastighetsbeteckning';

/**
 * The catalogue entry: a string with the `fastighetsbeteckning` format (checked by the server's
 * answer validator and the portal through the same function) shown by this package's widget.
 */
export const propertyDesignationField: FieldTypeDefinition = {
  id: 'fastighetsbeteckning',
  palette: {
    label: { sv: 'Fastighetsbeteckning', en: 'Property designation' },
    description: { sv: 'T.ex. Solbacka Eken 4:12, kontrolleras', en: 'E.g. Solbacka Eken 4:12, checked' },
    group: 'identity',
  },
  properties: [
    { name: 'label', kind: 'localized-text', label: { sv: 'Etikett', en: 'Label' }, mandatory: true },
    { name: 'help', kind: 'localized-text', label: { sv: 'Hjälptext', en: 'Help text' } },
    { name: 'errorMessage', kind: 'localized-text', label: { sv: 'Felmeddelande', en: 'Error message' } },
    { name: 'required', kind: 'boolean', label: { sv: 'Obligatoriskt', en: 'Required' } },
  ],
  defaults: () => ({ label: { sv: 'Fastighetsbeteckning', en: 'Property designation' }, required: true }),
  build: (p: FieldProperties) => ({
    schema: { type: 'string', format: FORMAT },
    uiSchema: { 'ui:widget': WIDGET },
    texts: { '': { label: p.label, ...(p.help ? { help: p.help } : {}), ...(p.errorMessage ? { errorMessage: p.errorMessage } : {}) } },
    required: p.required === true,
    prefill: [],
    coSignerPaths: [],
  }),
  read: (source: FieldSource): FieldProperties => {
    const texts = source.texts[''];
    return {
      label: texts?.label ?? { sv: '' },
      ...(texts?.help ? { help: texts.help } : {}),
      ...(texts?.errorMessage ? { errorMessage: texts.errorMessage } : {}),
      ...(source.required ? { required: true } : {}),
    };
  },
  matches: (schema) => schema.type === 'string' && schema.format === FORMAT,
};

export const extension: PlatformExtension = {
  id: 'fastighetsbeteckning',
  fieldTypes: [propertyDesignationField],
  formats: { [FORMAT]: isPropertyDesignation },
};
