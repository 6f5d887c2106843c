import type { ErrorObject, ValidateFunction } from 'ajv';
import { answerRuleProblems } from '../answer-rules/check.js';
import { bookingProblems } from '../booking/problems.js';
import { calculationProblems } from '../calculations/validate.js';
import { paymentProblems } from '../payment/problems.js';
import { fieldProblems, patternProblems, preTickedConsentProblems } from './field-problems.js';
import { bilingual, type BilingualMessage } from '../i18n/bilingual.js';
import { createAjv } from '../validation/ajv.js';
import { describeAjvError, explainingErrors } from '../validation/ajv-messages.js';
import {
  arrayItems,
  collectFieldPaths,
  isJsonObject,
  objectProperties,
  referencedTopLevelFields,
} from './fields.js';
import { EServiceDefinitionSchema, type EServiceDefinition, type JsonSchemaObject } from './format.js';
import { capitalised, fieldLabel, placeOf, stepName, type Place } from './places.js';
import { stepOfField } from './steps.js';
import { readConditionSchema } from '../conditions/compile.js';
import { conditionClauses, type Condition } from '../conditions/clauses.js';

/** One thing wrong with a definition: where (JSON pointer into it), a stable code, and why. */
export interface DefinitionProblem {
  pointer: string;
  code: string;
  message: BilingualMessage;
}

export type DefinitionValidation =
  | { valid: true; definition: EServiceDefinition; problems: [] }
  | { valid: false; problems: DefinitionProblem[] };

let formatValidator: ValidateFunction | undefined;
const structureValidator = (): ValidateFunction =>
  (formatValidator ??= createAjv({ strict: false }).compile(EServiceDefinitionSchema));

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');
const problem = (pointer: string, code: string, sv: string, en: string): DefinitionProblem => ({
  pointer,
  code,
  message: bilingual(sv, en),
});

/**
 * Checks that a value is a usable e-service definition: the format's own schema first, then what
 * a schema cannot say (the form schema compiles, uiSchema, texts, steps and mappings name real
 * fields, each condition looks only at its own or earlier steps). Pure; the same verdict on server, client and CLI.
 */
export function validateDefinition(input: unknown): DefinitionValidation {
  const validate = structureValidator();
  if (!validate(input)) {
    return { valid: false, problems: structureProblems(input, validate.errors ?? []) };
  }
  const definition = input as EServiceDefinition;
  const problems = [...formSchemaProblems(definition), ...retentionProblems(definition)];
  if (problems.length === 0) problems.push(...referenceProblems(definition));
  return problems.length === 0 ? { valid: true, definition, problems: [] } : { valid: false, problems };
}

/** Each clause's field path with its pointer (a single clause, or the clauses of all / any). */
function clausePointers(pointer: string, condition: Condition): [string, string][] {
  const list = 'all' in condition ? 'all' : 'any' in condition ? 'any' : undefined;
  return conditionClauses(condition).map((clause, i) => [list ? `${pointer}/${list}/${i}/field` : `${pointer}/field`, clause.field]);
}

/** A designer-made field condition (an `if` readConditionSchema reads, `then` declaring the targets). */
function fieldConditionOf(part: JsonSchemaObject): { when: Condition; targets: string[] } | undefined {
  const when = readConditionSchema(part.if);
  const targets = isJsonObject(part.then) && isJsonObject(part.then.properties) ? Object.keys(part.then.properties) : [];
  return when && targets.length > 0 ? { when, targets } : undefined;
}

/**
 * A field condition may look at fields on the target's step or on earlier steps (answered by the
 * time the target shows), never at the target itself or at a later step.
 */
function fieldConditionProblems(definition: EServiceDefinition, pointer: string, condition: { when: Condition; targets: string[] }, fields: Map<string, unknown>): DefinitionProblem[] {
  const { form } = definition;
  const problems: DefinitionProblem[] = [];
  for (const target of condition.targets) {
    const targetStep = stepOfField(form, target);
    for (const [, path] of clausePointers('', condition.when)) {
      const label = (language: 'sv' | 'en') => fieldLabel(definition, path, language);
      const targetLabel = (language: 'sv' | 'en') => fieldLabel(definition, target, language);
      if (!fields.has(path)) {
        problems.push(problem(pointer, 'reference.unknown-field', `Villkoret för ”${targetLabel('sv')}” gäller fältet ”${path}”, som inte finns i formuläret.`, `The condition of “${targetLabel('en')}” looks at the field “${path}”, which does not exist in the form.`));
      } else if (path.split('.')[0] === target) {
        problems.push(problem(pointer, 'conditions.on-itself', `Fältet ”${targetLabel('sv')}” kan inte visas beroende på sig självt.`, `The field “${targetLabel('en')}” cannot be shown depending on itself.`));
      } else if (targetStep >= 0 && stepOfField(form, path) > targetStep) {
        problems.push(problem(pointer, 'conditions.later-field', `Fältet ”${targetLabel('sv')}” visas beroende på fältet ”${label('sv')}”, som står på ett senare steg. Villkor kan bara gälla fält på samma eller tidigare steg.`, `The field “${targetLabel('en')}” depends on the field “${label('en')}”, which is on a later step. A condition can only look at fields on the same or an earlier step.`));
      }
    }
  }
  return problems;
}

/** A retention period of nothing (P0D, P0Y0M) would have the retention job empty a case as soon as it is delivered. */
function retentionProblems(definition: EServiceDefinition): DefinitionProblem[] {
  const period = definition.personalData.retention?.period;
  if (period === undefined || /[1-9]/.test(period)) return [];
  return [problem('/personalData/retention/period', 'personal-data.retention-zero', 'Gallringsfristen ska vara längre än noll, t.ex. P2Y.', 'The retention period must be longer than zero, e.g. P2Y.')];
}

function structureProblems(input: unknown, errors: ErrorObject[]): DefinitionProblem[] {
  return explainingErrors(errors, (e) => e).map((error) => {
    const pointer =
      error.keyword === 'required'
        ? `${error.instancePath}/${escapePointer(String(error.params.missingProperty))}`
        : error.instancePath;
    const emptyLabel = /^\/form\/texts\/([^/]+)\/label\/(sv|en)$/.exec(pointer);
    if (emptyLabel && error.keyword === 'minLength') {
      const path = (emptyLabel[1] ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
      return { pointer, code: 'texts.empty-label', message: bilingual(`Fältet ”${path}” har en tom etikett.`, `The field “${path}” has an empty label.`) };
    }
    const emptyStep = /^\/form\/steps\/(\d+)\/fields$/.exec(pointer);
    if (emptyStep && error.keyword === 'minItems') {
      const s = Number(emptyStep[1]);
      return { pointer, code: 'format.minItems', message: bilingual(`${capitalised(stepName(input, s, 'sv'))} har inga fält.`, `${capitalised(stepName(input, s, 'en'))} has no fields.`) };
    }
    return { pointer, code: `format.${error.keyword}`, message: describeAt(error, placeOf(input, pointer) ?? partOfDefinition(pointer)) };
  });
}

/** A part of the definition the designer has no name for (e.g. `formatVersion` of an imported file): by its own name. */
const partOfDefinition = (pointer: string): Place => {
  const name = pointer.split('/').at(-1)?.replace(/~1/g, '/').replace(/~0/g, '~') || '/';
  return { name: bilingual(name, name), within: bilingual('E-tjänstens definition', 'The e-service definition') };
};

/** An ajv error's message naming the place by its name, after where it is (`Katalogen: Fyll i ”Namn”.`). */
function describeAt(error: ErrorObject, place: Place): BilingualMessage {
  const say = (language: 'sv' | 'en') => {
    const what = describeAjvError(error, place.name[language])[language];
    return place.within ? `${place.within[language]}: ${what}` : what;
  };
  return bilingual(say('sv'), say('en'));
}

function formSchemaProblems(definition: EServiceDefinition): DefinitionProblem[] {
  const ajv = createAjv();
  const schema = definition.form.schema;
  const patterns = patternProblems(schema);
  if (patterns.length > 0) return patterns;
  if (!ajv.validateSchema(schema)) {
    const details = ajv.errorsText(ajv.errors, { dataVar: 'schema' });
    return [
      problem('/form/schema', 'form.schema-invalid', `Formulärets JSON Schema är ogiltigt: ${details}`, `The form's JSON Schema is invalid: ${details}`),
    ];
  }
  try {
    ajv.compile(schema);
    return [];
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return [
      problem('/form/schema', 'form.schema-not-compilable', `Formulärets JSON Schema kan inte kompileras: ${reason}`, `The form's JSON Schema cannot be compiled: ${reason}`),
    ];
  }
}

function referenceProblems(definition: EServiceDefinition): DefinitionProblem[] {
  const { form } = definition;
  const fields = collectFieldPaths(form.schema);
  const topLevel = new Set(objectProperties(form.schema).keys());
  const problems: DefinitionProblem[] = [];
  const unknownField = (pointer: string, path: string) =>
    problems.push(problem(pointer, 'reference.unknown-field', `Fältet ”${path}” finns inte i formuläret.`, `The field “${path}” does not exist in the form.`));

  problems.push(...uiSchemaProblems(form.uiSchema, form.schema, '/form/uiSchema'));

  for (const path of Object.keys(form.texts)) {
    if (!fields.has(path)) unknownField(`/form/texts/${escapePointer(path)}`, path);
  }
  for (const path of Object.keys(form.fields ?? {})) {
    if (!fields.has(path)) unknownField(`/form/fields/${escapePointer(path)}`, path);
  }

  const stepOf = new Map<string, string>();
  const stepIds = new Set<string>();
  form.steps.forEach((step, s) => {
    if (stepIds.has(step.id)) {
      problems.push(problem(`/form/steps/${s}/id`, 'steps.duplicate-id', `${capitalised(stepName(definition, s, 'sv'))} har samma id (”${step.id}”) som ett tidigare steg.`, `${capitalised(stepName(definition, s, 'en'))} has the same id (“${step.id}”) as an earlier step.`));
    }
    stepIds.add(step.id);
    step.fields.forEach((name, f) => {
      const pointer = `/form/steps/${s}/fields/${f}`;
      if (!topLevel.has(name)) unknownField(pointer, name);
      else if (stepOf.has(name)) {
        problems.push(problem(pointer, 'steps.field-twice', `Fältet ”${fieldLabel(definition, name, 'sv')}” står på mer än ett steg.`, `The field “${fieldLabel(definition, name, 'en')}” is on more than one step.`));
      } else stepOf.set(name, step.id);
    });
  });
  form.steps.forEach((step, s) => {
    if (!step.showWhen) return;
    for (const [pointer, path] of clausePointers(`/form/steps/${s}/showWhen`, step.showWhen)) {
      if (!fields.has(path)) unknownField(pointer, path);
      else if (stepOfField(form, path) >= s) {
        problems.push(problem(pointer, 'steps.condition-not-earlier', `${capitalised(stepName(definition, s, 'sv'))} visas beroende på fältet ”${fieldLabel(definition, path, 'sv')}”, som måste stå på ett tidigare steg.`, `${capitalised(stepName(definition, s, 'en'))} depends on the field “${fieldLabel(definition, path, 'en')}”, which must be on an earlier step.`));
      }
    }
  });
  for (const name of topLevel) {
    if (!stepOf.has(name)) {
      problems.push(problem('/form/steps', 'steps.field-missing', `Fältet ”${fieldLabel(definition, name, 'sv')}” står inte på något steg.`, `The field “${fieldLabel(definition, name, 'en')}” is not on any step.`));
    }
  }

  const conditions = [
    ...asArray(form.schema.allOf).map((part, i) => [`/form/schema/allOf/${i}`, part] as const),
    ...Object.entries(isJsonObject(form.schema.dependencies) ? form.schema.dependencies : {}).map(
      ([name, part]) => [`/form/schema/dependencies/${escapePointer(name)}`, isJsonObject(part) ? { ...part, required: [name] } : { required: [name, ...asArray(part)] }] as const,
    ),
  ];
  for (const [pointer, part] of conditions) {
    if (!isJsonObject(part)) continue;
    const fieldCondition = fieldConditionOf(part);
    if (fieldCondition) {
      problems.push(...fieldConditionProblems(definition, pointer, fieldCondition, fields));
      continue;
    }
    const referenced = [...referencedTopLevelFields(part)];
    referenced.filter((name) => !topLevel.has(name)).forEach((name) => unknownField(pointer, name));
    const steps = new Set(referenced.map((name) => stepOf.get(name)).filter(Boolean));
    if (steps.size > 1) {
      problems.push(problem(pointer, 'steps.condition-spans-steps', `Villkoret gäller fält på olika steg (${[...steps].join(', ')}); lägg fälten på samma steg.`, `The condition concerns fields on different steps (${[...steps].join(', ')}); put them on one step.`));
    }
  }

  definition.prefill.forEach((mapping, i) => {
    if (!fields.has(mapping.field)) unknownField(`/prefill/${i}/field`, mapping.field);
  });
  (definition.signing.coSignerFields ?? []).forEach((path, i) => {
    if (!fields.has(path)) unknownField(`/signing/coSignerFields/${i}`, path);
  });
  if (definition.receipt.emailField && !fields.has(definition.receipt.emailField)) {
    unknownField('/receipt/emailField', definition.receipt.emailField);
  }
  problems.push(...fieldProblems(definition), ...preTickedConsentProblems(definition));
  problems.push(...calculationProblems(definition));
  problems.push(...answerRuleProblems(definition));
  problems.push(...bookingProblems(definition));
  problems.push(...paymentProblems(definition));
  const connectorIds = new Set<string>();
  definition.delivery.connectors.forEach((connector, i) => {
    if (connectorIds.has(connector.id)) {
      problems.push(problem(`/delivery/connectors/${i}/id`, 'delivery.duplicate-id', `Mottagaren ”${connector.id}” finns två gånger.`, `The connector “${connector.id}” appears twice.`));
    }
    connectorIds.add(connector.id);
  });
  return problems;
}

/** Every non-`ui:` key of a uiSchema must name a property of the schema at the same place. */
function uiSchemaProblems(ui: JsonSchemaObject, schema: JsonSchemaObject, pointer: string): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const items = arrayItems(schema);
  const properties = objectProperties(schema);
  for (const [key, value] of Object.entries(ui)) {
    if (key.startsWith('ui:')) continue;
    const at = `${pointer}/${escapePointer(key)}`;
    const child = items && key === 'items' ? items : properties.get(key);
    if (!child) {
      problems.push(problem(at, 'ui-schema.unknown-field', `uiSchema nämner ”${key}”, som inte finns i formuläret.`, `The uiSchema names “${key}”, which is not in the form.`));
    } else if (isJsonObject(value)) {
      problems.push(...uiSchemaProblems(value, child, at));
    }
  }
  return problems;
}

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
