import type { ErrorObject, ValidateFunction } from 'ajv';
import { fieldPathOfPointer, isJsonObject, type FieldPath } from '../definition/fields.js';
import type { EServiceDefinition, FieldTexts, JsonSchemaObject, Language } from '../definition/format.js';
import { bilingual, type BilingualMessage } from '../i18n/bilingual.js';
import { answerRuleErrors } from '../answer-rules/check.js';
import { schemaWithStepConditions } from '../conditions/steps.js';
import { fieldErrorMessage } from '../fields/catalogue/common.js';
import { createAjv } from './ajv.js';
import { describeAjvError, explainingErrors } from './ajv-messages.js';
import { answerShapeSchema, closedAnswerSchema } from './closed-schema.js';

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
 * conditions, closed so that answers to questions the form does not ask are refused. Everything
 * that decides whether answers are valid is in it, so the run-time compiler and the publish-time
 * standalone code judge alike; the wrapper (answerValidatorFrom) words and orders errors and adds
 * the rules between answers, which compare two answers and so are no schema's.
 */
export function answerSchema(definition: EServiceDefinition): JsonSchemaObject {
  // step conditions (step.showWhen) are enforced like the wizard applies them
  return closedAnswerSchema(schemaWithStepConditions(definition.form));
}

/**
 * The JSON Schema a draft's answers are held to: a draft may be incomplete and hold any values,
 * but only answers to questions the form asks (answerSchema's shape, whatever the conditions).
 */
export function draftAnswerSchema(definition: EServiceDefinition): JsonSchemaObject {
  return answerShapeSchema(answerSchema(definition));
}

/**
 * Compiles a validator for the answers to one definition. Compiling costs ~30 ms, so callers
 * cache the result per published version.
 */
export function compileAnswerValidator(definition: EServiceDefinition): AnswerValidator {
  const schema = answerSchema(definition);
  return answerValidatorFrom(definition, createAjv().compile(schema), schema);
}

/** Compiles the validator of a draft's answers (draftAnswerSchema), worded like compileAnswerValidator's. */
export function compileDraftAnswerValidator(definition: EServiceDefinition): AnswerValidator {
  const schema = draftAnswerSchema(definition);
  return answerValidatorFrom(definition, createAjv().compile(schema), schema, 'draft');
}

/**
 * Wraps a compiled `answerSchema(definition)` (compiled now, or loaded as standalone code) in the
 * citizen's wording and field order, and holds complete answers to the rules between answers
 * (form.answerRules), which no schema can state; a draft (`of: 'draft'`) only to its schema. The
 * answers are valid exactly when `validate` says so and, when complete, no rule is broken.
 */
export function answerValidatorFrom(
  definition: EServiceDefinition,
  validate: ValidateFunction,
  schema: JsonSchemaObject = answerSchema(definition),
  of: 'answers' | 'draft' = 'answers',
): AnswerValidator {
  const texts = new Map(Object.entries(definition.form.texts));
  const order = fieldOrder(definition);
  return (answers) => {
    const schemaErrors = validate(answers) ? [] : describeAnswerErrors(texts, schema, validate.errors ?? [], answers);
    const ruleErrors = of === 'answers' ? answerRuleErrors(definition, answers) : [];
    // one message per place: the schema's first (a date that is no date is not "too early")
    const errors = [...schemaErrors, ...ruleErrors.filter((r) => !schemaErrors.some((e) => e.pointer === r.pointer))];
    if (errors.length === 0) return { valid: true, errors: [] };
    errors.sort((a, b) => order(a.field) - order(b.field));
    return { valid: false, errors };
  };
}

/** Position of a field in the form (step order, then field order), so errors read top to bottom. */
function fieldOrder(definition: EServiceDefinition): (field: FieldPath) => number {
  const positions = new Map(definition.form.steps.flatMap((step) => step.fields).map((name, i) => [name, i]));
  return (field) => positions.get(field.split('.')[0] ?? '') ?? Number.MAX_SAFE_INTEGER;
}

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** The property an error is about, when it is about one member of an object rather than the object. */
function memberOf(error: ErrorObject): string | undefined {
  const { keyword, params } = error;
  if (keyword === 'required' || keyword === 'dependencies') return String(params.missingProperty);
  if (keyword === 'additionalProperties') return String(params.additionalProperty);
  if (keyword === 'propertyNames') return String(params.propertyName);
  return undefined;
}

/** Keywords that say an answer is to a question the form does not ask. */
const UNASKED = new Set(['additionalProperties', 'propertyNames']);

function describeAnswerErrors(texts: Map<FieldPath, FieldTexts>, schema: JsonSchemaObject, errors: ErrorObject[], answers: unknown): AnswerError[] {
  const seen = new Set<string>();
  const result: AnswerError[] = [];
  const add = (error: AnswerError) => {
    if (seen.has(error.pointer)) return; // one message per place is enough for a person
    seen.add(error.pointer);
    result.push(error);
  };
  for (const error of explainingErrors(errors, (e) => e)) {
    const hidden = error.keyword === 'not' ? hiddenAnswerErrors(texts, schema, error, answers) : [];
    if (hidden.length > 0) {
      hidden.forEach(add);
      continue;
    }
    const member = memberOf(error);
    const pointer = member === undefined ? error.instancePath : `${error.instancePath}/${escapePointer(member)}`;
    const field = fieldPathOfPointer(pointer);
    const own = texts.get(field);
    const label = (lang: Language) => own?.label[lang] ?? own?.label.sv ?? (field || '/');
    const custom = fieldErrorMessage(own, error.keyword);
    const message: BilingualMessage = UNASKED.has(error.keyword)
      ? bilingual(`Formuläret frågar inte efter ”${member}”.`, `The form does not ask for “${member}”.`)
      : custom
        ? { sv: custom.sv, en: custom.en ?? custom.sv }
        : { sv: describeAjvError(error, label('sv')).sv, en: describeAjvError(error, label('en')).en };
    add({ pointer, field, keyword: error.keyword, message });
  }
  return result;
}

/**
 * Answers to fields a condition hides. Conditions refuse them with `else: { not: { required } }`
 * (applyFieldConditions, schemaWithStepConditions); ajv only says "must NOT be valid" at the
 * parent, so this names each hidden field that was answered.
 */
function hiddenAnswerErrors(texts: Map<FieldPath, FieldTexts>, schema: JsonSchemaObject, error: ErrorObject, answers: unknown): AnswerError[] {
  if (!error.schemaPath.endsWith('/else/not')) return [];
  const refused = schemaAt(schema, error.schemaPath);
  const names = [refused, ...(Array.isArray(refused?.anyOf) ? refused.anyOf : [])].flatMap((node) =>
    isJsonObject(node) && Array.isArray(node.required) ? node.required.map(String) : [],
  );
  const parent = valueAt(answers, error.instancePath);
  return names
    .filter((name) => isJsonObject(parent) && Object.hasOwn(parent, name))
    .map((name) => {
      const pointer = `${error.instancePath}/${escapePointer(name)}`;
      const field = fieldPathOfPointer(pointer);
      const label = texts.get(field)?.label;
      return {
        pointer,
        field,
        keyword: 'hidden',
        message: {
          sv: `Frågan ”${label?.sv ?? field}” visas inte med dina svar; ta bort svaret.`,
          en: `The question “${label?.en ?? label?.sv ?? field}” is not shown with your answers; remove the answer.`,
        },
      };
    });
}

/** The member of a parsed JSON value at a JSON pointer (or a schema's node at an ajv schemaPath). */
function valueAt(value: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>(
      (node, key) => (Array.isArray(node) ? node[Number(key)] : isJsonObject(node) && Object.hasOwn(node, key) ? node[key] : undefined),
      value,
    );
}

/** The schema node an ajv schemaPath ('#/allOf/2/else/not') points at. */
function schemaAt(schema: JsonSchemaObject, schemaPath: string): JsonSchemaObject | undefined {
  const node = valueAt(schema, schemaPath.replace(/^#/, ''));
  return isJsonObject(node) ? node : undefined;
}
