import { createHash } from 'node:crypto';
import {
  addDateLimitKeywords,
  answerFormats,
  answerSchema,
  draftAnswerSchema,
  createAjv,
  FORMATS_MODULE,
  localizedForm,
  stepSchema,
  validatorModule,
  type EServiceDefinition,
  type JsonSchemaObject,
  type Language,
} from '@etjanst/schemas';
import type { RJSFSchema } from '@rjsf/utils';
import { compileSchemaValidatorsCode } from '@rjsf/validator-ajv8/compileSchemaValidators';
import { _, type Ajv, type ValidateFunction } from 'ajv';
import standaloneCodeModule from 'ajv/dist/standalone/index.js';
import { linearRegExp } from './patterns.js';

// ajv's standalone is CommonJS: whatever the loader hands over has the function as `default`.
const standaloneCode = (standaloneCodeModule as unknown as { default: (ajv: Ajv, validate: ValidateFunction) => string }).default;

/**
 * Raised when what code is generated changes without the schemas changing (options, the module
 * wrapper): every stored validator is then generated again at its next use.
 */
const GENERATOR_REVISION = 2; // 2: the answers' and drafts' patterns run on RE2 (linearRegExp)

/** Generated code reads ajv's helpers and the formats through `require`, which the loader answers (loadValidators). */
const code = { source: true, lines: false, formats: _`require(${FORMATS_MODULE})` } as const;

/** A published version's validators as ES modules (schemas' validatorModule) and what they were generated from. */
export interface ValidatorCode {
  fingerprint: string;
  /** The answers' validator: the server judges submissions by it */
  answers: string;
  /** The drafts' validator: a draft holds only answers to questions the form asks */
  drafts: string;
  /** The portal's validators of each step, in each language of the form */
  forms: Partial<Record<Language, string>>;
}

/** The root schemas the portal validates a step by, per language: one precompiled set of functions each. */
function stepSchemas(definition: EServiceDefinition, language: Language): JsonSchemaObject[] {
  const form = localizedForm(definition, language);
  return form.steps.map((step) => stepSchema(form, step));
}

/**
 * What the code is generated from: the answers' schema and every step schema. Code stored under
 * another fingerprint judged by schemas that have since changed meaning (the platform's
 * conditions or closing of objects), so it is generated again.
 */
export function validatorFingerprint(definition: EServiceDefinition): string {
  const schemas = { answers: answerSchema(definition), drafts: draftAnswerSchema(definition), steps: Object.fromEntries(definition.languages.map((l) => [l, stepSchemas(definition, l)])) };
  return createHash('sha256').update(JSON.stringify([GENERATOR_REVISION, schemas])).digest('base64url');
}

/**
 * A schema compiled by the platform's ajv (createAjv) as standalone code: the answers' (answerSchema)
 * or the drafts' (draftAnswerSchema). The server runs it, so its patterns run on RE2 (linearRegExp).
 */
export function answerValidatorCode(schema: JsonSchemaObject): string {
  const ajv = createAjv({ code: { ...code, regExp: linearRegExp } });
  return validatorModule([standaloneCode(ajv, ajv.compile(schema))]);
}

/**
 * The portal's validators for one language: for each step, every schema rjsf validates with
 * (the step's root and the sub-schemas its conditions and options resolve to, keyed by rjsf's
 * schema hash), compiled by rjsf's ajv with the platform's formats, as the portal compiled them before. rjsf's precompiled
 * validator (createPrecompiledValidator) takes one step's root with this map.
 */
export function formValidatorCode(definition: EServiceDefinition, language: Language): string {
  const formats = answerFormats();
  const parts = stepSchemas(definition, language).map((schema) =>
    compileSchemaValidatorsCode(schema as RJSFSchema, {
      // only own properties count, as on the server (createAjv): a field may be named `constructor`
      ajvOptionsOverrides: { code, ownProperties: true },
      // formatMinimum/formatMaximum and the date limits as on the server; the formats are the platform's
      ajvFormatOptions: { keywords: true, formats: [] },
      extenderFn: (ajv) => {
        for (const [name, format] of Object.entries(formats)) ajv.addFormat(name, format);
        return addDateLimitKeywords(ajv);
      },
    }),
  );
  return validatorModule(parts);
}

/** Everything a published version validates by, generated once (at publish, or at first use). */
export function generateValidatorCode(definition: EServiceDefinition): ValidatorCode {
  return {
    fingerprint: validatorFingerprint(definition),
    answers: answerValidatorCode(answerSchema(definition)),
    drafts: answerValidatorCode(draftAnswerSchema(definition)),
    forms: Object.fromEntries(definition.languages.map((language) => [language, formValidatorCode(definition, language)])),
  };
}
