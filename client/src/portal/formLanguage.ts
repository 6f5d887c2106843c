import type { EServiceDefinition, Language } from '@etjanst/schemas';

/** The language an e-service is shown in: the UI language when the e-service has it, otherwise Swedish. */
export const formLanguage = (definition: EServiceDefinition, uiLanguage: Language): Language =>
  definition.languages.includes(uiLanguage) ? uiLanguage : 'sv';
