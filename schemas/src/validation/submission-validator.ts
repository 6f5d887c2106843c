import type { ErrorObject, ValidateFunction } from 'ajv';
import { collectFieldPaths, fieldPathOfPointer, isJsonObject, type FieldPath } from '../definition/fields.js';
import type { EServiceDefinition, JsonSchemaObject, Language } from '../definition/format.js';
import type { BilingualMessage } from '../i18n/bilingual.js';
import { schemaWithStepConditions } from '../conditions/steps.js';
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
 * The JSON Schema a definition's answers are judged by: the form's schema with its step
 * conditions. Both the run-time compiler and the publish-time standalone code start from it.
 */
export function answerSchema(definition: EServiceDefinition): JsonSchemaObject {
  // step conditions (step.showWhen) are enforced like the wizard applies them
  return schemaWithStepConditions(definition.form);
}

/**
 * Compiles a validator for the answers to one definition. Compiling costs ~30 ms, so callers
 * cache the result per published version.
 */
export function compileAnswerValidator(definition: EServiceDefinition): AnswerValidator {
  const schema = answerSchema(definition);
  return answerValidatorFrom(definition, createAjv().compile(schema), schema);
}

/**
 * Wraps a compiled `answerSchema(definition)` (compiled now, or loaded as standalone code) in the
 * citizen's wording and field order.
 */
export function answerValidatorFrom(
  definition: EServiceDefinition,
  validate: ValidateFunction,
  schema: JsonSchemaObject = answerSchema(definition),
): AnswerValidator {
  const knownFields = new Set(collectFieldPaths(definition.form.schema).keys());
  const order = fieldOrder(definition);
  return (answers) => {
    const errors = validate(answers)
      ? []
      : [...describeAnswerErrors(definition, validate.errors ?? []), ...hiddenFieldErrors(definition, schema, validate.errors ?? [], answers)];
    errors.push(...unknownFieldErrors(answers, knownFields));
    errors.sort((a, b) => order(a.field) - order(b.field));
    return errors.length === 0 ? { valid: true, errors: [] } : { valid: false, errors };
  };
}

/**
 * Answers to questions the form does not ask are refused rather than stored: a form schema
 * cannot say `additionalProperties: false` when conditions add properties, so this says it.
 */
export function unknownFieldErrors(answers: unknown, knownFields: Set<FieldPath>): AnswerError[] {
  const errors: AnswerError[] = [];
  const walk = (value: unknown, pointer: string, path: string): void => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, `${pointer}/${i}`, path));
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    for (const [name, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${name}` : name;
      const childPointer = `${pointer}/${escapePointer(name)}`;
      if (!knownFields.has(childPath)) {
        errors.push({
          pointer: childPointer,
          field: childPath,
          keyword: 'additionalProperties',
          message: { sv: `Formuläret frågar inte efter ”${name}”.`, en: `The form does not ask for “${name}”.` },
        });
      } else walk(child, childPointer, childPath);
    }
  };
  walk(answers, '', '');
  return errors;
}

/** Position of a field in the form (step order, then field order), so errors read top to bottom. */
function fieldOrder(definition: EServiceDefinition): (field: FieldPath) => number {
  const positions = new Map(definition.form.steps.flatMap((step) => step.fields).map((name, i) => [name, i]));
  return (field) => positions.get(field.split('.')[0] ?? '') ?? Number.MAX_SAFE_INTEGER;
}

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

function describeAnswerErrors(definition: EServiceDefinition, errors: ErrorObject[]): AnswerError[] {
  const seen = new Set<string>();
  const result: AnswerError[] = [];
  for (const error of errors.filter((e) => !isNoiseError(e))) {
    const pointer =
      error.keyword === 'required'
        ? `${error.instancePath}/${escapePointer(String(error.params.missingProperty))}`
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

/**
 * Answers to fields a condition hides. Conditions refuse them with `else: { not: { required } }`
 * (applyFieldConditions, schemaWithStepConditions); ajv only says "must NOT be valid" at the
 * parent, so this names each hidden field that was answered.
 */
function hiddenFieldErrors(definition: EServiceDefinition, schema: JsonSchemaObject, errors: ErrorObject[], answers: unknown): AnswerError[] {
  const result: AnswerError[] = [];
  for (const error of errors) {
    if (error.keyword !== 'not' || !error.schemaPath.endsWith('/else/not')) continue;
    const refused = schemaAt(schema, error.schemaPath);
    const names = [refused, ...(Array.isArray(refused?.anyOf) ? refused.anyOf : [])].flatMap((node) =>
      isJsonObject(node) && Array.isArray(node.required) ? node.required.map(String) : [],
    );
    const parent = valueAt(answers, error.instancePath);
    for (const name of names) {
      if (!isJsonObject(parent) || !(name in parent)) continue;
      const pointer = `${error.instancePath}/${escapePointer(name)}`;
      const field = fieldPathOfPointer(pointer);
      const label = definition.form.texts[field]?.label;
      result.push({
        pointer,
        field,
        keyword: 'hidden',
        message: {
          sv: `Frågan ”${label?.sv ?? field}” visas inte med dina svar; ta bort svaret.`,
          en: `The question “${label?.en ?? label?.sv ?? field}” is not shown with your answers; remove the answer.`,
        },
      });
    }
  }
  return result;
}

/** The schema node an ajv schemaPath ('#/allOf/2/else/not') points at. */
function schemaAt(schema: JsonSchemaObject, schemaPath: string): JsonSchemaObject | undefined {
  let node: unknown = schema;
  for (const segment of schemaPath.replace(/^#\//, '').split('/')) {
    const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    node = Array.isArray(node) ? node[Number(key)] : isJsonObject(node) ? node[key] : undefined;
  }
  return isJsonObject(node) ? node : undefined;
}

function valueAt(value: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (Array.isArray(node) ? node[Number(key)] : isJsonObject(node) ? node[key] : undefined), value);
}
