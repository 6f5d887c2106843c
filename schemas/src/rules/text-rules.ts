import { isJsonObject } from '../definition/fields.js';
import type { EServiceDefinition, Language, LocalizedText } from '../definition/format.js';
import { stepName } from '../definition/places.js';
import { escapePointer, fieldUiPointer, requiredFieldPaths, textPointer } from './definition-facts.js';
import { LIX_MIN_WORDS, readability } from './lix.js';
import { fewOf, finding, labelsOf, lixReasons } from './rule-helpers.js';
import type { Finding, Rule } from './types.js';

/** Rules on the texts a citizen reads: how they are written and where they live. */

interface HumanText {
  pointer: string;
  language: Language;
  text: string;
  /** What the text is, for a message */
  what: Record<Language, string>;
}

/** Every text of the definition that a citizen reads, in each language it has. */
function humanTexts(definition: EServiceDefinition): HumanText[] {
  const found: HumanText[] = [];
  const add = (pointer: string, text: LocalizedText | undefined, what: Record<Language, string>) => {
    for (const language of ['sv', 'en'] as const) {
      const value = text?.[language];
      if (value?.trim()) found.push({ pointer: `${pointer}/${language}`, language, text: value, what });
    }
  };
  add('/catalogue/summary', definition.catalogue.summary, { sv: 'Katalogens beskrivning', en: 'The catalogue summary' });
  definition.form.steps.forEach((step, s) => add(`/form/steps/${s}/title`, step.title, { sv: `Rubriken i ${stepName(definition, s, 'sv')}`, en: `The title of ${stepName(definition, s, 'en')}` }));
  for (const [path, texts] of Object.entries(definition.form.texts)) {
    const { sv, en } = labelsOf(definition, path);
    add(`${textPointer(path)}/label`, texts.label, { sv: `Ledtexten ”${sv}”`, en: `The label “${en}”` });
    add(`${textPointer(path)}/help`, texts.help, { sv: `Hjälptexten till ”${sv}”`, en: `The help text of “${en}”` });
    add(`${textPointer(path)}/errorMessage`, texts.errorMessage, { sv: `Felmeddelandet till ”${sv}”`, en: `The error message of “${en}”` });
    for (const [value, text] of Object.entries(texts.options ?? {})) {
      add(`${textPointer(path)}/options/${escapePointer(value)}`, text, { sv: `Ett svarsalternativ till ”${sv}”`, en: `An option of “${en}”` });
    }
  }
  add('/signing/text', definition.signing.text, { sv: 'Texten som skrivs under', en: 'The text that is signed' });
  add('/receipt/message', definition.receipt.message, { sv: 'Meddelandet i kvittensen', en: 'The receipt message' });
  return found;
}

/** A colour named as what marks something: "röd ram", "markerade med grönt", "the red fields". */
const COLOUR_WORDS = {
  sv: /(?<![\p{L}])(röd|röda|rött|grön|gröna|grönt|blå|blåa|blått|gul|gula|gult|orange|rosa|lila|grå|gråa|grått|färgade?|färgen)(?![\p{L}])/iu,
  en: /(?<![\p{L}])(red|green|blue|yellow|orange|pink|purple|grey|gray|coloured|colored)(?![\p{L}])/iu,
};

const colourOnlyInstructions: Rule = {
  id: 'SK-TXT-004',
  title: { sv: 'Instruktioner bygger inte på färg', en: 'Instructions do not rely on colour' },
  explanation: {
    sv: 'En instruktion som ”Fält markerade med röd ram är obligatoriska” når inte den som inte ser färger eller använder skärmläsare (WCAG 1.4.1 och 1.3.3, nivå A). Därför ett skall-krav: texterna ska inte hänvisa till färger. Portalen märker obligatoriska fält med text.',
    en: 'An instruction such as “Fields with a red border are required” does not reach someone who cannot see colours or uses a screen reader (WCAG 1.4.1 and 1.3.3, level A). Hence a must: the texts must not refer to colours. The portal marks required fields in words.',
  },
  severity: 'must',
  concerns: '/form/texts',
  needs: 'definition',
  check: (definition) =>
    humanTexts(definition).flatMap(({ pointer, language, text, what }) => {
      const colour = COLOUR_WORDS[language].exec(text)?.[1];
      return colour
        ? [finding(pointer, `${what.sv} hänvisar till en färg (”${colour}”): skriv vad som gäller med ord, inte färg.`, `${what.en} refers to a colour (“${colour}”): say in words what applies, not by colour.`)]
        : [];
    }),
};

/** The uiSchema node of a field path (array items transparent, as the field paths are). */
function uiNodeOf(definition: EServiceDefinition, path: string): Record<string, unknown> | undefined {
  let ui: unknown = definition.form.uiSchema;
  for (const segment of path.split('.')) {
    ui = isJsonObject(ui) ? ui[segment] : undefined;
    if (isJsonObject(ui) && isJsonObject(ui.items)) ui = { ...ui, ...ui.items };
  }
  return isJsonObject(ui) ? ui : undefined;
}

const hiddenLabels: Rule = {
  id: 'SK-TXT-005',
  title: { sv: 'Ett obligatoriskt fält visar sin ledtext', en: 'A required field shows its label' },
  explanation: {
    sv: 'Med ui:options.label: false (eller ui:label: false) visas inte ledtexten. Den sökande vet då inte vad som ska fyllas i, och felmeddelandet kan inte säga vilket fält det gäller (WCAG 3.3.2 och 2.4.6). Ett obligatoriskt fält måste fyllas i, så det är ett skall-krav.',
    en: 'With ui:options.label: false (or ui:label: false) the label is not shown. The applicant then does not know what to fill in, and the error message cannot say which field it concerns (WCAG 3.3.2 and 2.4.6). A required field must be filled in, so this is a must.',
  },
  severity: 'must',
  concerns: '/form/uiSchema',
  needs: 'definition',
  check(definition) {
    return [...requiredFieldPaths(definition.form.schema)].flatMap((path) => {
      const ui = uiNodeOf(definition, path);
      const options = isJsonObject(ui?.['ui:options']) ? ui['ui:options'] : {};
      if (ui?.['ui:label'] !== false && options.label !== false) return [];
      const { sv, en } = labelsOf(definition, path);
      return [finding(fieldUiPointer(path), `Det obligatoriska fältet ”${sv}” döljer sin ledtext (label: false); ta bort det.`, `The required field “${en}” hides its label (label: false); remove that.`)];
    });
  },
};

/** uiSchema keys (and ui:options keys) that put a human text in the uiSchema. */
const UI_TEXT_KEYS = ['placeholder', 'description', 'title', 'help', 'label'];

const noTextsInUiSchema: Rule = {
  id: 'SK-TXT-006',
  title: { sv: 'Texter står i texterna, inte i uiSchema', en: 'Texts live in the texts, not in the uiSchema' },
  explanation: {
    sv: 'En text i uiSchema (ui:placeholder, ui:description, ui:title, ui:help) finns bara på ett språk, kan inte översättas och granskas inte som de andra texterna. En platshållartext försvinner dessutom när man börjar skriva (WCAG 3.3.2). Skall-krav: skriv texten som hjälptext i form.texts.',
    en: 'A text in the uiSchema (ui:placeholder, ui:description, ui:title, ui:help) exists in one language only, cannot be translated and is not checked like the other texts. A placeholder also disappears when one starts typing (WCAG 3.3.2). A must: write it as a help text in form.texts.',
  },
  severity: 'must',
  concerns: '/form/uiSchema',
  needs: 'definition',
  check(definition) {
    const findings: Finding[] = [];
    const walk = (node: unknown, pointer: string, path: string) => {
      if (!isJsonObject(node)) return;
      for (const [key, value] of Object.entries(node)) {
        const at = `${pointer}/${escapePointer(key)}`;
        const name = key.startsWith('ui:') ? key.slice(3) : undefined;
        if (name === 'options' && isJsonObject(value)) {
          for (const [option, text] of Object.entries(value)) {
            if (UI_TEXT_KEYS.includes(option) && typeof text === 'string') findings.push(uiText(`${at}/${escapePointer(option)}`, path, `ui:options.${option}`));
          }
        } else if (name !== undefined && UI_TEXT_KEYS.includes(name) && typeof value === 'string') findings.push(uiText(at, path, key));
        else if (name === undefined) walk(value, at, key === 'items' ? path : path ? `${path}.${key}` : key);
      }
    };
    const uiText = (pointer: string, path: string, key: string) => {
      const { sv, en } = path ? labelsOf(definition, path) : { sv: 'formuläret', en: 'the form' };
      return finding(pointer, `”${sv}” har en text i uiSchema (${key}); flytta den till fältets hjälptext på alla språk.`, `“${en}” has a text in the uiSchema (${key}); move it to the field's help text in every language.`);
    };
    walk(definition.form.uiSchema, '/form/uiSchema', '');
    return findings;
  },
};

/** Error messages that say only that something is wrong (compared without case and end punctuation). */
const GENERIC_ERRORS = new Set([
  'felaktigt format', 'felaktigt värde', 'ogiltigt format', 'ogiltigt värde', 'fel format', 'fel', 'felaktig inmatning', 'ogiltig inmatning', 'fältet är felaktigt', 'fältet är obligatoriskt', 'obligatoriskt', 'obligatoriskt fält', 'måste fyllas i', 'ange ett giltigt värde', 'kontrollera fältet',
  'invalid format', 'invalid value', 'invalid input', 'wrong format', 'invalid', 'error', 'required', 'this field is required', 'required field', 'please enter a valid value',
]);
const normalised = (text: string) => text.trim().toLowerCase().replace(/[.!]+$/u, '').replace(/\s+/gu, ' ');

const specificErrorMessages: Rule = {
  id: 'SK-TXT-007',
  title: { sv: 'Felmeddelanden säger hur felet rättas', en: 'Error messages say how to correct the error' },
  explanation: {
    sv: 'Ett felmeddelande som ”Felaktigt format.” säger att något är fel men inte vad som förväntas. WCAG 3.3.3 (nivå AA) kräver ett förslag när det är känt, och för ett format är det alltid känt. Därför ett skall-krav: skriv vad som ska stå, gärna med ett exempel (”Skriv ett postnummer med fem siffror.”).',
    en: 'An error message like “Invalid format.” says that something is wrong but not what is expected. WCAG 3.3.3 (level AA) requires a suggestion when one is known, and for a format it always is. Hence a must: say what is expected, preferably with an example (“Enter a five-digit postal code.”).',
  },
  severity: 'must',
  concerns: '/form/texts',
  needs: 'definition',
  check: (definition) =>
    Object.entries(definition.form.texts).flatMap(([path, texts]) =>
      (['sv', 'en'] as const)
        .filter((language) => texts.errorMessage?.[language] && GENERIC_ERRORS.has(normalised(texts.errorMessage[language]!)))
        .map((language) => {
          const { sv, en } = labelsOf(definition, path);
          const text = texts.errorMessage![language]!;
          return finding(`${textPointer(path)}/errorMessage/${language}`, `Felmeddelandet till ”${sv}” (”${text}”) säger inte vad som ska stå; skriv vad som förväntas, gärna med ett exempel.`, `The error message of “${en}” (“${text}”) does not say what is expected; say what to enter, preferably with an example.`);
        }),
    ),
};

/** Abbreviations everyone reads as words (file types, units of the platform itself). */
const KNOWN_ABBREVIATIONS = new Set(['PDF', 'JPEG', 'JPG', 'PNG', 'DOCX', 'ODT', 'SMS', 'ID', 'EU', 'OK', 'IT', 'TV', 'KR', 'MB', 'KB', 'GB', 'AB', 'HB', 'BankID']);
/** A format mask such as NNNN, ÅÅÅÅ or MM: one letter repeated, not an abbreviation. */
const FORMAT_MASK = /^(\p{Lu})\1+$/u;
/** A word of two to six letters with at least two capitals: LSS, SoL, HSL. */
const ACRONYM = /(?<![\p{L}\p{N}])(?=(?:\p{Ll}*\p{Lu}){2})(\p{L}{2,6})(?![\p{L}\p{N}])/gu;
const DOTTED = /(?<![\p{L}])(t\.ex\.|bl\.a\.|o\.s\.v\.|osv\.|m\.m\.|dvs\.|d\.v\.s\.|fr\.o\.m\.|t\.o\.m\.|enl\.|ev\.|resp\.|s\.k\.|inkl\.|exkl\.|ang\.|p\.g\.a\.|pga\.?|mfl\.|m\.fl\.)/giu;

const explainedAbbreviations: Rule = {
  id: 'SK-TXT-008',
  title: { sv: 'Förkortningar förklaras', en: 'Abbreviations are explained' },
  explanation: {
    sv: 'En förkortning som ”LSS” eller ”t.ex.” är svår för den som inte känner till den, läser med skärmläsare eller har svenska som andraspråk (språklagen, WCAG 3.1.4). Ett bör-krav, eftersom vissa förkortningar är välkända: skriv ut punktförkortningar, och förklara en initialförkortning första gången, t.ex. ”lagen om stöd och service (LSS)”.',
    en: 'An abbreviation like “LSS” or “t.ex.” is hard for someone who does not know it, uses a screen reader or has Swedish as a second language (Language Act, WCAG 3.1.4). A should, since some abbreviations are well known: write out dotted abbreviations, and explain an acronym the first time, e.g. “lagen om stöd och service (LSS)”.',
  },
  severity: 'should',
  concerns: '/form/texts',
  needs: 'definition',
  check(definition) {
    const texts = humanTexts(definition).filter((t) => t.language === 'sv');
    const all = texts.map((t) => t.text).join('\n');
    // explained where it stands in brackets after its words, or is followed by them in brackets
    const explained = (acronym: string) => all.includes(`(${acronym})`) || new RegExp(`(?<![\\p{L}])${acronym} \\(`, 'u').test(all);
    return texts.flatMap(({ pointer, text, what }) => {
      const acronyms = [...text.matchAll(ACRONYM)].map((m) => m[1]!).filter((a) => !KNOWN_ABBREVIATIONS.has(a) && !FORMAT_MASK.test(a) && !explained(a));
      const dotted = [...text.matchAll(DOTTED)].map((m) => m[1]!);
      const found = [...new Set([...acronyms, ...dotted])];
      return found.length === 0
        ? []
        : [finding(pointer, `${what.sv} har förkortningar som inte förklaras: ${fewOf(found, 'sv')}. Skriv ut dem eller förklara dem, t.ex. ”lagen om stöd och service (LSS)”.`, `${what.en} has abbreviations that are not explained: ${fewOf(found, 'en')}. Write them out or explain them, e.g. “lagen om stöd och service (LSS)”.`)];
    });
  },
};

const plainSummary: Rule = {
  id: 'SK-TXT-009',
  title: { sv: 'Katalogens beskrivning är skriven på klarspråk', en: 'The catalogue summary is written in plain language' },
  explanation: {
    sv: `Beskrivningen i e-tjänstkatalogen är det första den sökande läser, och språklagen gäller den som hjälptexterna. Därför ett skall-krav med samma gräns som SK-TXT-003: en svensk beskrivning med minst ${LIX_MIN_WORDS} ord ska ha LIX under plattformens gräns (standard 55).`,
    en: `The summary in the e-service catalogue is the first thing the applicant reads, and the Language Act applies to it as to the help texts. Hence a must with the same threshold as SK-TXT-003: a Swedish summary of at least ${LIX_MIN_WORDS} words must have a LIX below the platform's threshold (default 55).`,
  },
  severity: 'must',
  concerns: '/catalogue/summary',
  needs: 'definition',
  check(definition, { lixThreshold }) {
    const text = definition.catalogue.summary.sv;
    const { index, words } = readability(text);
    if (words < LIX_MIN_WORDS || index < lixThreshold) return [];
    const why = lixReasons(text);
    return [finding('/catalogue/summary/sv', `Katalogens beskrivning har LIX ${index.toFixed(0)}; det ska vara under ${lixThreshold}. ${why.sv}`, `The catalogue summary has LIX ${index.toFixed(0)}; it must be below ${lixThreshold}. ${why.en}`)];
  },
};

export const TEXT_RULES = [colourOnlyInstructions, hiddenLabels, noTextsInUiSchema, specificErrorMessages, explainedAbbreviations, plainSummary] as const;
