import { bilingual, type BilingualMessage } from '../i18n/bilingual.js';
import type { EServiceDefinition, Language } from './format.js';

/**
 * Names for places in a definition as the designer shows them: a field by its label, a step by
 * its number and title, a setting by its name in the settings tab. Messages name these instead
 * of JSON pointers; the pointers stay in the problems' data, to link to the place.
 */

/** The designer's settings sections, by their names in its settings tab. */
export const SETTINGS_SECTIONS = {
  catalogue: bilingual('Katalogen', 'Catalogue'),
  access: bilingual('Inloggning och tillitsnivå', 'Login and level of assurance'),
  personalData: bilingual('Personuppgifter', 'Personal data'),
  signing: bilingual('Underskrift', 'Signing'),
  receipt: bilingual('Kvittens', 'Receipt'),
  payment: bilingual('Avgift', 'Fee'),
  delivery: bilingual('Leverans', 'Delivery'),
  accessibility: bilingual('Tillgänglighet', 'Accessibility'),
  theme: bilingual('Färger', 'Colours'),
  benefit: bilingual('Nyttoberäkning', 'Benefit figures'),
} as const;
export type SettingsSection = keyof typeof SETTINGS_SECTIONS;

/** The settings' names in the settings tab, by property name (`<name>Item`: one entry of a list). */
export const SETTING_NAMES = {
  title: bilingual('Namn', 'Name'),
  summary: bilingual('Kort beskrivning', 'Short description'),
  topic: bilingual('Ämne', 'Topic'),
  keywords: bilingual('Sökord', 'Search words'),
  keywordsItem: bilingual('Sökord', 'Search word'),
  sv: bilingual('Svenska', 'Swedish'),
  en: bilingual('Engelska', 'English'),
  collectsPersonalData: bilingual('E-tjänsten samlar in personuppgifter', 'The e-service collects personal data'),
  purpose: bilingual('Ändamål', 'Purpose'),
  legalBasis: bilingual('Rättslig grund', 'Legal basis'),
  retention: bilingual('Gallring', 'Retention'),
  period: bilingual('Sparas i, räknat från inskickandet; sedan avidentifieras ärendet', 'Kept for, counted from submission; then the case is anonymised'),
  description: bilingual('Beskrivning', 'Description'),
  classification: bilingual('Informationsklass', 'Information class'),
  justification: bilingual('Motivering till att personuppgifter samlas in utan e-legitimation på tillitsnivå 3', 'Justification for collecting personal data without an e-ID at level of assurance 3'),
  required: bilingual('Ansökan ska skrivas under', 'The application must be signed'),
  text: bilingual('Text som skrivs under', 'Text that is signed'),
  coSignerFields: bilingual('Fält med medsökandes personnummer', 'Fields with co-applicants’ personal identity numbers'),
  coSignerFieldsItem: bilingual('Fält', 'Field'),
  email: bilingual('Skicka kvittens med e-post', 'Send the receipt by e-mail'),
  emailField: bilingual('Fält med e-postadressen', 'Field with the e-mail address'),
  message: bilingual('Meddelande i kvittensen', 'Message in the receipt'),
  includeAnswers: bilingual('Ta med svaren i kvittensen', 'Include the answers in the receipt'),
  manualMinutesPerCase: bilingual('Minuter per ärende på papper', 'Minutes per case on paper'),
  digitalMinutesPerCase: bilingual('Minuter per ärende digitalt', 'Minutes per case digitally'),
  costPerHourSek: bilingual('Kostnad per timme (kr)', 'Cost per hour (SEK)'),
  expectedCasesPerYear: bilingual('Ärenden per år', 'Cases per year'),
  feedback: bilingual('Synpunkter på tillgängligheten', 'Feedback on accessibility'),
  phone: bilingual('Telefon', 'Phone'),
  nonAccessibleContent: bilingual('Känt innehåll som inte är tillgängligt', 'Known content that is not accessible'),
  nonAccessibleContentItem: bilingual('Innehåll', 'Content'),
  reason: bilingual('Skäl', 'Reason'),
  background: bilingual('Bakgrund', 'Background'),
  primary: bilingual('Länkar, knappar och rubriker', 'Links, buttons and headings'),
  error: bilingual('Felmeddelanden', 'Error messages'),
  login: bilingual('Inloggning', 'Login'),
  levelOfAssurance: bilingual('Tillitsnivå', 'Level of assurance'),
  connectors: bilingual('Mottagare', 'Connectors'),
} as const;

/** Where a property name means something else in a section (the accessibility contact's `email`, the theme's `text`). */
export const SECTION_SETTING_NAMES = {
  accessibility: { email: bilingual('E-post', 'E-mail') },
  theme: { text: bilingual('Brödtext', 'Body text') },
} as const;

/** One language's names of a set of named things, e.g. the settings sections' Swedish names for the UI texts. */
export const namesIn = <K extends string>(names: Record<K, BilingualMessage>, language: Language): Record<K, string> =>
  Object.fromEntries(Object.entries<BilingualMessage>(names).map(([key, name]) => [key, name[language]])) as Record<K, string>;

/** A definition that may not be valid yet: what naming a place reads of it, each part possibly missing. */
type Loose = { form?: { texts?: Record<string, { label?: Partial<Record<Language, string>> } | undefined>; steps?: { id?: string; title?: Partial<Record<Language, string>>; fields?: unknown }[] }; delivery?: { connectors?: { id?: unknown }[] } };
const loose = (input: unknown): Loose => (typeof input === 'object' && input !== null ? (input as Loose) : {});

const pathsDownTo = (path: string): string[] => path.split('.').map((_, i, names) => names.slice(0, i + 1).join('.'));

/**
 * A field's label for a message, after its groups' (`Period – Från och med`); the path when it
 * has none. In English the Swedish label stands in for a missing English one.
 */
export function fieldLabel(definition: EServiceDefinition | unknown, path: string, language: Language): string {
  const texts = loose(definition).form?.texts;
  const own = (p: string) => {
    const label = texts?.[p]?.label;
    return (typeof label?.[language] === 'string' && label[language].trim()) || (typeof label?.sv === 'string' && label.sv.trim()) || '';
  };
  return own(path) ? pathsDownTo(path).map(own).filter(Boolean).join(' – ') : path;
}

const STEP_WORD = { sv: ['steg', '”', '”'], en: ['step', '“', '”'] } as const;
/** `steg 2 ”Barnen”`: a step by its number and title (just its number while it has none). */
export function stepName(definition: EServiceDefinition | unknown, index: number, language: Language): string {
  const [word, open, close] = STEP_WORD[language];
  const title = loose(definition).form?.steps?.[index]?.title;
  const text = (typeof title?.[language] === 'string' && title[language].trim()) || (typeof title?.sv === 'string' && title.sv.trim());
  return text ? `${word} ${index + 1} ${open}${text}${close}` : `${word} ${index + 1}`;
}

/** A name that starts a sentence. */
export const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** What a message says a place is: its name, and where that is when the name alone does not say. */
export interface Place {
  name: BilingualMessage;
  within?: BilingualMessage;
}

const unescape = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');
const each = (make: (language: Language) => string): BilingualMessage => bilingual(make('sv'), make('en'));

/** The field a form pointer is about, by path: `/form/texts/a.b/…`, `/form/schema/properties/a/items/properties/b/…`, `/form/uiSchema/a/b/…`. */
function fieldPathOf(definition: Loose, segments: string[]): string | undefined {
  const [section, ...rest] = segments;
  if (section === 'texts' || section === 'fields') return rest[0];
  if (section === 'steps' && rest[1] === 'fields' && rest[2] !== undefined) {
    const name = (definition.form?.steps?.[Number(rest[0])]?.fields as unknown[] | undefined)?.[Number(rest[2])];
    return typeof name === 'string' ? name : undefined;
  }
  const names: string[] = [];
  if (section === 'schema') {
    for (let i = 0; i < rest.length; i++) if (rest[i] === 'properties' && rest[i + 1] !== undefined) names.push(rest[++i]!);
  } else if (section === 'uiSchema') {
    for (const segment of rest) {
      if (segment.startsWith('ui:')) break;
      if (segment !== 'items') names.push(segment);
    }
  }
  return names.length > 0 ? names.join('.') : undefined;
}

const SETTING_LANGUAGES = new Set(['sv', 'en']);

/**
 * The place a pointer into a (possibly invalid) definition is, named as the designer shows it:
 * a field by its label, a step by number and title, a setting by its name under its section.
 * Undefined for the definition as a whole and for places the designer has no name for.
 */
export function placeOf(input: unknown, pointer: string): Place | undefined {
  const definition = loose(input);
  const segments = pointer.split('/').slice(1).map(unescape);
  const [root, ...rest] = segments;
  if (root === 'form') {
    const path = fieldPathOf(definition, rest);
    if (path !== undefined) return { name: each((l) => fieldLabel(definition, path, l)) };
    if (rest[0] === 'steps' && rest[1] !== undefined && /^\d+$/.test(rest[1])) {
      const step = each((l) => capitalised(stepName(definition, Number(rest[1]), l)));
      return rest[2] === 'title' ? { name: bilingual('Rubrik', 'Title'), within: step } : { name: step };
    }
    return undefined;
  }
  if (root && root in SETTINGS_SECTIONS) {
    const section = SETTINGS_SECTIONS[root as SettingsSection];
    if (root === 'delivery' && rest[0] === 'connectors' && rest[1] !== undefined) {
      const id = definition.delivery?.connectors?.[Number(rest[1])]?.id;
      return { name: each((l) => (l === 'sv' ? `Mottagaren ${String(id ?? Number(rest[1]) + 1)}` : `Connector ${String(id ?? Number(rest[1]) + 1)}`)), within: section };
    }
    // the deepest named setting: `/catalogue/title/sv` is the name, `/accessibility/feedback/email` the contact's e-mail
    const names = (SECTION_SETTING_NAMES as Record<string, Record<string, BilingualMessage>>)[root] ?? {};
    const named = rest.filter((s) => !/^\d+$/.test(s) && !SETTING_LANGUAGES.has(s)).map((s) => names[s] ?? (SETTING_NAMES as Record<string, BilingualMessage>)[s]);
    const setting = named.filter((n): n is BilingualMessage => n !== undefined).at(-1);
    return setting ? { name: setting, within: section } : { name: section };
  }
  return undefined;
}

/** `Namn (Katalogen)`, `Rubrik (Steg 1 ”Om barnet”)`: a place's name with where it is. */
export const placeText = (place: Place, language: Language): string =>
  place.within ? `${place.name[language]} (${place.within[language]})` : place.name[language];
