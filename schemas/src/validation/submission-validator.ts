import type { ErrorObject, ValidateFunction } from 'ajv';
import { fieldPathOfPointer, type FieldPath } from '../definition/fields.js';
import type { EServiceDefinition, Language } from '../definition/format.js';
import type { BilingualMessage } from '../i18n/bilingual.js';
import { createAjv } from './ajv.js';
import { describeAjvError, isNoiseError } from './ajv-messages.js';

/** One error in a citizen's answers, located and worded for the citizen. */
export interface AnswerError {
  /** JSON pointer into the answers, e.g. /children/1/name */
  pointer: string;
  field: FieldPath;
  keyword: string;
  message: BilingualMessage;
}

export type AnswerValidation = { valid: true; errors: [] } | { valid: false; errors: AnswerError[] };

export type AnswerValidator = (answers: unknown) => AnswerValidation;

/**
 * Compiles a validator for the answers to one definition. Compiling costs ~30 ms, so callers
 * cache the result per published version.
 */
export function compileAnswerValidator(definition: EServiceDefinition): AnswerValidator {
  const validate: ValidateFunction = createAjv().compile(definition.form.schema);
  return (answers) =>
    validate(answers)
      ? { valid: true, errors: [] }
      : { valid: false, errors: describeAnswerErrors(definition, validate.errors ?? []) };
}

function describeAnswerErrors(definition: EServiceDefinition, errors: ErrorObject[]): AnswerError[] {
  const seen = new Set<string>();
  const result: AnswerError[] = [];
  for (const error of errors.filter((e) => !isNoiseError(e))) {
    const pointer =
      error.keyword === 'required'
        ? `${error.instancePath}/${String(error.params.missingProperty)}`
        : error.instancePath;
    const field = fieldPathOfPointer(pointer);
    if (seen.has(pointer)) continue; // one message per place is enough for a person
    seen.add(pointer);
    const texts = definition.form.texts[field];
    const label = (lang: Language) => texts?.label[lang] ?? texts?.label.sv ?? (field || '/');
    const custom = texts?.errorMessage;
    const message: BilingualMessage = custom
      ? { sv: custom.sv, en: custom.en ?? custom.sv }
      : { sv: describeAjvError(error, label('sv')).sv, en: describeAjvError(error, label('en')).en };
    result.push({ pointer, field, keyword: error.keyword, message });
  }
  return result;
}
