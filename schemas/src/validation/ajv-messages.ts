import type { ErrorObject } from 'ajv';
import localizeModule from 'ajv-i18n';
import { bilingual, type BilingualMessage } from '../i18n/bilingual.js';
import { dateFromToday, DATE_LIMIT_KEYWORDS, type DateOffset } from './date-offset.js';

type Localize = (errors: ErrorObject[] | null | undefined) => void;
type LocalizeMap = Record<'sv' | 'en', Localize>;
const localize: LocalizeMap =
  'sv' in (localizeModule as object)
    ? (localizeModule as unknown as LocalizeMap)
    : (localizeModule as unknown as { default: LocalizeMap }).default;

/** How a date or time compares to a limit (ajv-formats' formatMinimum and the like), by comparison. */
const FORMAT_LIMITS: Record<string, [sv: string, en: string]> = {
  '>': ['ska vara senare än', 'must be later than'],
  '>=': ['får vara tidigast', 'may be no earlier than'],
  '<': ['ska vara tidigare än', 'must be earlier than'],
  '<=': ['får vara senast', 'may be no later than'],
};

const FORMAT_NAMES: Record<string, BilingualMessage> = {
  email: bilingual('en e-postadress, till exempel namn@exempel.se', 'an e-mail address, for example name@example.com'),
  date: bilingual('ett datum (ÅÅÅÅ-MM-DD)', 'a date (YYYY-MM-DD)'),
  personnummer: bilingual('ett giltigt personnummer (ÅÅÅÅMMDD-NNNN)', 'a valid personal identity number (YYYYMMDD-NNNN)'),
  organisationsnummer: bilingual('ett giltigt organisationsnummer (NNNNNN-NNNN)', 'a valid organisation number (NNNNNN-NNNN)'),
  'organisationsnummer-eller-personnummer': bilingual(
    'ett giltigt organisationsnummer (NNNNNN-NNNN), eller personnumret för en enskild firma',
    "a valid organisation number (NNNNNN-NNNN), or a sole trader's personal identity number",
  ),
  postnummer: bilingual('ett postnummer med fem siffror', 'a five-digit postal code'),
  telefonnummer: bilingual('ett telefonnummer', 'a phone number'),
  uri: bilingual('en webbadress', 'a web address'),
};

/**
 * A plain-language message for one ajv error about a value called `label`: every keyword a
 * draft-07 ajv with ajv-formats reports has our own wording; anything else falls back to ajv-i18n.
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
    case 'additionalItems':
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
    case 'multipleOf':
      return bilingual(`”${label}” ska vara jämnt delbart med ${p.multipleOf}.`, `“${label}” must be a multiple of ${p.multipleOf}.`);
    case 'formatMinimum':
    case 'formatExclusiveMinimum':
    case 'formatMaximum':
    case 'formatExclusiveMaximum': {
      const [sv, en] = FORMAT_LIMITS[String(p.comparison)] ?? ['ska vara inom gränsen', 'must be within the limit'];
      return bilingual(`”${label}” ${sv} ${p.limit}.`, `“${label}” ${en} ${p.limit}.`);
    }
    case 'earliestFromToday':
    case 'latestFromToday': {
      const [sv, en] = FORMAT_LIMITS[error.keyword === 'earliestFromToday' ? '>=' : '<='] as [string, string];
      const limit = dateFromToday((p.offset ?? {}) as DateOffset);
      return bilingual(`”${label}” ${sv} ${limit}.`, `“${label}” ${en} ${limit}.`);
    }
    case 'additionalProperties':
      return bilingual(
        `Okänt fält ”${String(p.additionalProperty)}”.`,
        `Unknown field “${String(p.additionalProperty)}”.`,
      );
    case 'propertyNames':
      return bilingual(`Namnet ”${String(p.propertyName)}” är inte tillåtet i ”${label}”.`, `The name “${String(p.propertyName)}” is not allowed in “${label}”.`);
    case 'dependencies':
      return bilingual(`Fyll i ”${label}”.`, `Fill in “${label}”.`);
    case 'minProperties':
      return bilingual(`Fyll i minst ${p.limit} svar i ”${label}”.`, `Fill in at least ${p.limit} ${p.limit === 1 ? 'answer' : 'answers'} in “${label}”.`);
    case 'maxProperties':
      return bilingual(`”${label}” får ha högst ${p.limit} svar.`, `“${label}” may have at most ${p.limit} answers.`);
    case 'uniqueItems':
      return bilingual(`”${label}” innehåller dubbletter.`, `“${label}” contains duplicates.`);
    case 'contains':
      return bilingual(`”${label}” saknar ett val eller en rad som krävs.`, `“${label}” lacks a required choice or row.`);
    case 'not':
      return bilingual(`Svaret på ”${label}” är inte tillåtet.`, `The answer to “${label}” is not allowed.`);
    case 'anyOf':
    case 'oneOf':
      return Array.isArray(p.passingSchemas)
        ? bilingual(`Svaret på ”${label}” passar in på flera alternativ men får bara passa ett.`, `The answer to “${label}” fits several alternatives but may fit only one.`)
        : bilingual(`Svaret på ”${label}” passar inte något av alternativen.`, `The answer to “${label}” fits none of the alternatives.`);
    case 'if':
      return bilingual(`Svaret på ”${label}” uppfyller inte villkoren.`, `The answer to “${label}” does not meet the conditions.`);
    case 'false schema':
      return bilingual(`Formuläret tar inte emot något svar på ”${label}”.`, `The form takes no answer to “${label}”.`);
    default:
      return bilingual(`”${label}”: ${localized(error, 'sv')}`, `“${label}”: ${localized(error, 'en')}`);
  }
}

/**
 * Whether a field's own error message (form.texts) words an error of this keyword. A date limit
 * relative to today is not: only its own wording says which day is the limit today.
 */
export const usesFieldErrorMessage = (keyword: string): boolean => !(DATE_LIMIT_KEYWORDS as readonly string[]).includes(keyword);

function localized(error: ErrorObject, language: 'sv' | 'en'): string {
  const copy = [{ ...error }];
  localize[language](copy);
  return copy[0]?.message ?? error.message ?? error.keyword;
}

/** What choosing among errors needs to know of one (an ajv error, or rjsf's copy of it). */
export interface ErrorPlace {
  keyword: string;
  schemaPath: string;
  params: Record<string, unknown>;
}

/** Errors whose own branches' errors are only candidates for saying what is wrong. */
const HOLDERS = new Set(['anyOf', 'oneOf', 'contains', 'propertyNames']);
/** Errors that say a value is not the one an alternative is chosen by. */
const CHOOSING = new Set(['const', 'enum']);

/**
 * The errors that tell a person what is wrong, from all that ajv reports (allErrors). An `if` only
 * says its then/else failed, and their own errors say how. Of anyOf/oneOf alternatives of which
 * none matched, the errors of the one that came closest (fewest const/enum errors, which pick an
 * alternative, then fewest errors), or the anyOf/oneOf error itself; of a oneOf that several
 * matched, and of `contains` and `propertyNames`, the error itself. Never empty when `errors` is not.
 */
export function explainingErrors<E>(errors: readonly E[], placeOf: (error: E) => ErrorPlace): E[] {
  const places = errors.map(placeOf);
  const inside = (inner: number, outer: number) => (places[inner] as ErrorPlace).schemaPath.startsWith(`${(places[outer] as ErrorPlace).schemaPath}/`);
  const explain = (members: number[]): number[] => {
    const chosen: number[] = [];
    const covered = new Set<number>();
    const holders = members.filter((i) => HOLDERS.has((places[i] as ErrorPlace).keyword));
    holders.sort((a, b) => (places[a] as ErrorPlace).schemaPath.length - (places[b] as ErrorPlace).schemaPath.length);
    for (const holder of holders) {
      if (covered.has(holder)) continue;
      covered.add(holder);
      const within = members.filter((i) => i !== holder && inside(i, holder));
      within.forEach((i) => covered.add(i));
      const { keyword, schemaPath, params } = places[holder] as ErrorPlace;
      const alternatives = new Map<string, number[]>();
      if ((keyword === 'anyOf' || keyword === 'oneOf') && !Array.isArray(params.passingSchemas)) {
        for (const i of within) {
          const alternative = (places[i] as ErrorPlace).schemaPath.slice(schemaPath.length + 1).split('/')[0] ?? '';
          alternatives.set(alternative, [...(alternatives.get(alternative) ?? []), i]);
        }
      }
      const cost = (group: number[]) => group.filter((i) => CHOOSING.has((places[i] as ErrorPlace).keyword)).length * errors.length + group.length;
      const closest = [...alternatives.values()].sort((a, b) => cost(a) - cost(b))[0];
      const explained = closest ? explain(closest) : [];
      chosen.push(...(explained.length > 0 ? explained : [holder]));
    }
    chosen.push(...members.filter((i) => !covered.has(i) && (places[i] as ErrorPlace).keyword !== 'if'));
    return chosen;
  };
  const kept = explain(errors.map((_, i) => i));
  if (kept.length === 0 && errors.length > 0) return [...errors]; // only `if` errors: not seen from ajv, but never say "valid"
  return kept.sort((a, b) => a - b).map((i) => errors[i] as E);
}
