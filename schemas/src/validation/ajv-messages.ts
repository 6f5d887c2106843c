import type { ErrorObject } from 'ajv';
import localizeModule from 'ajv-i18n';
import { bilingual, type BilingualMessage } from '../i18n/bilingual.js';

type Localize = (errors: ErrorObject[] | null | undefined) => void;
type LocalizeMap = Record<'sv' | 'en', Localize>;
const localize: LocalizeMap =
  'sv' in (localizeModule as object)
    ? (localizeModule as unknown as LocalizeMap)
    : (localizeModule as unknown as { default: LocalizeMap }).default;

const FORMAT_NAMES: Record<string, BilingualMessage> = {
  email: bilingual('en e-postadress, till exempel namn@exempel.se', 'an e-mail address, for example name@example.com'),
  date: bilingual('ett datum (ÅÅÅÅ-MM-DD)', 'a date (YYYY-MM-DD)'),
  personnummer: bilingual('ett giltigt personnummer (ÅÅÅÅMMDD-NNNN)', 'a valid personal identity number (YYYYMMDD-NNNN)'),
  organisationsnummer: bilingual('ett giltigt organisationsnummer (NNNNNN-NNNN)', 'a valid organisation number (NNNNNN-NNNN)'),
  postnummer: bilingual('ett postnummer med fem siffror', 'a five-digit postal code'),
  telefonnummer: bilingual('ett telefonnummer', 'a phone number'),
  uri: bilingual('en webbadress', 'a web address'),
};

/**
 * A plain-language message for one ajv error about a value called `label`.
 * Common keywords get our own wording; the rest fall back to ajv-i18n.
 */
export function describeAjvError(error: ErrorObject, label: string): BilingualMessage {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return bilingual(`Fyll i ”${label}”.`, `Fill in “${label}”.`);
    case 'format': {
      const name = FORMAT_NAMES[String(p.format)] ?? bilingual('rätt format', 'the right format');
      return bilingual(`”${label}” ska vara ${name.sv}.`, `“${label}” must be ${name.en}.`);
    }
    case 'minLength':
      return p.limit === 1
        ? bilingual(`Fyll i ”${label}”.`, `Fill in “${label}”.`)
        : bilingual(`”${label}” ska ha minst ${p.limit} tecken.`, `“${label}” must have at least ${p.limit} characters.`);
    case 'maxLength':
      return bilingual(`”${label}” får ha högst ${p.limit} tecken.`, `“${label}” may have at most ${p.limit} characters.`);
    case 'minimum':
    case 'exclusiveMinimum':
      return bilingual(`”${label}” ska vara minst ${p.limit}.`, `“${label}” must be at least ${p.limit}.`);
    case 'maximum':
    case 'exclusiveMaximum':
      return bilingual(`”${label}” får vara högst ${p.limit}.`, `“${label}” may be at most ${p.limit}.`);
    case 'minItems':
      return bilingual(`Välj eller lägg till minst ${p.limit} i ”${label}”.`, `Choose or add at least ${p.limit} in “${label}”.`);
    case 'maxItems':
      return bilingual(`”${label}” får ha högst ${p.limit} rader eller val.`, `“${label}” may have at most ${p.limit} rows or choices.`);
    case 'pattern':
      return bilingual(`”${label}” har fel format.`, `“${label}” has the wrong format.`);
    case 'enum':
    case 'const':
      return p.allowedValue === true
        ? bilingual(`Du behöver bekräfta ”${label}”.`, `You need to confirm “${label}”.`)
        : bilingual(`Välj ett av alternativen för ”${label}”.`, `Choose one of the options for “${label}”.`);
    case 'type':
      return bilingual(`”${label}” har fel sorts värde.`, `“${label}” has the wrong kind of value.`);
    case 'additionalProperties':
      return bilingual(
        `Okänt fält ”${String(p.additionalProperty)}”.`,
        `Unknown field “${String(p.additionalProperty)}”.`,
      );
    case 'uniqueItems':
      return bilingual(`”${label}” innehåller dubbletter.`, `“${label}” contains duplicates.`);
    default:
      return bilingual(`”${label}”: ${localized(error, 'sv')}`, `“${label}”: ${localized(error, 'en')}`);
  }
}

function localized(error: ErrorObject, language: 'sv' | 'en'): string {
  const copy = [{ ...error }];
  localize[language](copy);
  return copy[0]?.message ?? error.message ?? error.keyword;
}

/** Keywords whose errors only say "a branch failed"; the branch's own error says what is wrong. */
export const BRANCH_ERROR_KEYWORDS: ReadonlySet<string> = new Set(['if', 'anyOf', 'oneOf', 'not']);

export const isNoiseError = (error: ErrorObject): boolean => BRANCH_ERROR_KEYWORDS.has(error.keyword);
