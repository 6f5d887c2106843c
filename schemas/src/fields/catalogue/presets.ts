import type { LocalizedText } from '../../definition/format.js';

/**
 * Validation patterns a designer picks by name instead of writing a regular expression. Each
 * carries examples it must accept and refuse; the tests hold every preset to its examples, so a
 * preset is known to mean what its label says. The pattern is what the form schema stores, and
 * reading a field back maps a stored pattern to its preset (anything else is a custom pattern).
 */
export interface PatternPreset {
  id: string;
  label: LocalizedText;
  pattern: string;
  examples: { valid: string[]; invalid: string[] };
}

export const PATTERN_PRESETS = [
  {
    id: 'registration-number',
    label: { sv: 'Registreringsnummer (fordon)', en: 'Vehicle registration number' },
    pattern: '^[A-HJ-PR-UW-Z]{3} ?[0-9]{2}[A-HJ-PR-UW-Z0-9]$',
    examples: { valid: ['ABC 123', 'ABC123', 'MLB 84A'], invalid: ['AB 123', 'abc 123', 'ABQ 123', 'ABC 12Ö', 'ABC 1234'] },
  },
  {
    id: 'property-designation',
    label: { sv: 'Fastighetsbeteckning', en: 'Property designation (fastighetsbeteckning)' },
    pattern: '^[A-ZÅÄÖ][A-Za-zÅÄÖåäöÉéÜü-]*(?: [A-ZÅÄÖa-zåäöÉéÜü][A-Za-zÅÄÖåäöÉéÜü-]*)* [0-9]+:[0-9]+$',
    examples: {
      valid: ['Solbacka Eken 4:12', 'Stockholm Kungsholmen 1:23', 'Upplands-Väsby Grimsta 3:1'],
      invalid: ['Eken 4', 'Solbacka Eken 4-12', '4:12', 'Solbacka Eken :12'],
    },
  },
  {
    id: 'digits',
    label: { sv: 'Endast siffror', en: 'Digits only' },
    pattern: '^[0-9]+$',
    examples: { valid: ['0', '12345'], invalid: ['12 345', '12a', '-1', ''] },
  },
  {
    id: 'letters',
    label: { sv: 'Endast bokstäver', en: 'Letters only' },
    pattern: "^[A-Za-zÅÄÖåäöÉéÜü' -]+$",
    examples: { valid: ['Åsa', 'Anna-Karin', 'Björn Öst'], invalid: ['R2D2', 'a.b', ''] },
  },
  {
    id: 'bankgiro',
    label: { sv: 'Bankgironummer', en: 'Bankgiro number' },
    pattern: '^[0-9]{3,4}-[0-9]{4}$',
    examples: { valid: ['123-4567', '5050-1055'], invalid: ['1234567', '12-3456', '12345-6789'] },
  },
  {
    id: 'postal-code',
    label: { sv: 'Postnummer', en: 'Postal code' },
    pattern: '^[1-9][0-9]{2} ?[0-9]{2}$',
    examples: { valid: ['123 45', '12345'], invalid: ['023 45', '1234', '123-45'] },
  },
] as const satisfies readonly PatternPreset[];

export type PatternPresetId = (typeof PATTERN_PRESETS)[number]['id'];

export const patternPreset = (id: string): PatternPreset | undefined =>
  PATTERN_PRESETS.find((preset) => preset.id === id);

/** A field's pattern as the designer edits it: a preset by id, or (for experts) a raw regex. */
export type PatternChoice = { preset: PatternPresetId } | { custom: string };

export const patternOf = (choice: PatternChoice): string =>
  'preset' in choice ? (patternPreset(choice.preset)?.pattern ?? '') : choice.custom;

export const patternChoiceOf = (pattern: string): PatternChoice => {
  const preset = PATTERN_PRESETS.find((p) => p.pattern === pattern);
  return preset ? { preset: preset.id } : { custom: pattern };
};

/** Whether a regex compiles the way ajv compiles `pattern` (JavaScript, unicode flag). */
export function isValidPattern(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}
