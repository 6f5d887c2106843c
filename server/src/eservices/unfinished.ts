import { bilingual, type BilingualMessage, type DefinitionProblem } from '@etjanst/schemas';
import { nestsDeeperThan } from '../submissions/answer-depth.js';
import type { EServiceRow } from '../db/tables.js';
import { unprocessable } from '../problems/problem.js';

/** Far deeper than any definition nests; storing and serialising a draft stays bounded. */
export const MAX_DRAFT_DEPTH = 64;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const missing = (pointer: string, what: BilingualMessage): DefinitionProblem => ({
  pointer,
  code: 'draft.part-missing',
  message: bilingual(`${what.sv} saknas eller har fel form (${pointer}).`, `${what.en} is missing or has the wrong shape (${pointer}).`),
});

/** The parts the designer opens a draft by: without them it could not show the draft to finish it. */
const SKELETON: [pointer: string, holds: (definition: Record<string, unknown>) => boolean, what: BilingualMessage][] = [
  ['/languages', (d) => Array.isArray(d.languages), { sv: 'Språken', en: 'The languages' }],
  ['/catalogue', (d) => isObject(d.catalogue), { sv: 'Kataloguppgifterna', en: 'The catalogue entry' }],
  ['/form', (d) => isObject(d.form), { sv: 'Formuläret', en: 'The form' }],
  ['/form/schema', (d) => isObject(d.form) && isObject(d.form.schema), { sv: 'Formulärets schema', en: "The form's schema" }],
  ['/form/uiSchema', (d) => isObject(d.form) && isObject(d.form.uiSchema), { sv: 'Formulärets uiSchema', en: "The form's uiSchema" }],
  ['/form/texts', (d) => isObject(d.form) && isObject(d.form.texts), { sv: 'Formulärets texter', en: "The form's texts" }],
  ['/form/steps', (d) => isObject(d.form) && Array.isArray(d.form.steps) && d.form.steps.length > 0 && d.form.steps.every(isObject), { sv: 'Formulärets steg', en: "The form's steps" }],
];

/**
 * A draft that fails validation is kept as long as it is still a draft the designer can open:
 * a JSON object with the parts it opens a draft by, nested no deeper than MAX_DRAFT_DEPTH (the
 * body limit bounds its size, the caller its id). Anything else in it may be unfinished; what
 * is wrong is its findings. Refused otherwise (422 naming the missing parts).
 */
export function storableDraft(input: unknown): Record<string, unknown> {
  const problems: DefinitionProblem[] = !isObject(input)
    ? [{ pointer: '', code: 'draft.not-object', message: bilingual('Utkastet ska vara ett JSON-objekt.', 'The draft must be a JSON object.') }]
    : SKELETON.filter(([, holds]) => !holds(input)).map(([pointer, , what]) => missing(pointer, what));
  if (problems.length === 0 && nestsDeeperThan(input, MAX_DRAFT_DEPTH)) {
    problems.push({
      pointer: '',
      code: 'draft.too-deep',
      message: bilingual(`Utkastet är nästlat i mer än ${MAX_DRAFT_DEPTH} nivåer.`, `The draft nests more than ${MAX_DRAFT_DEPTH} levels deep.`),
    });
  }
  if (problems.length > 0) {
    throw unprocessable(
      'draft-not-storable',
      bilingual(
        'Utkastet är inte giltigt, och det saknar det som behövs för att sparas som ett ofärdigt utkast.',
        'The draft is not valid, and it lacks what is needed to keep it as an unfinished draft.',
      ),
      { errors: problems },
    );
  }
  return input as Record<string, unknown>;
}

/** The draft as the designer last saved it, valid or not, with the findings that keep it from review (none when valid). */
export function currentDraft(row: EServiceRow): { definition: unknown; problems: DefinitionProblem[] } {
  return row.unfinished_draft === null ? { definition: row.draft, problems: [] } : { definition: row.unfinished_draft, problems: row.unfinished_problems ?? [] };
}
