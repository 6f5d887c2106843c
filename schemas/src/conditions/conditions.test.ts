import { describe, expect, it } from 'vitest';
import type { EServiceDefinition } from '../definition/format.js';
import { validateDefinition } from '../definition/validate-definition.js';
import { assembleForm } from '../fields/catalogue/assemble.js';
import type { ChildField } from '../fields/catalogue/types.js';
import { TEMPLATES } from '../templates/index.js';
import { compileAnswerValidator } from '../validation/submission-validator.js';
import { applyFieldConditions, readFieldConditions, withoutFieldConditions } from './compile.js';
import { conditionHolds } from './evaluate.js';
import type { Condition } from './clauses.js';
import type { ConditionClause } from './model.js';
import { conditionOperatorsFor } from './operators.js';
import { collectFieldPaths } from '../definition/fields.js';
import { isStepShown, schemaWithStepConditions, shownSteps, withoutHiddenAnswers, withoutHiddenSteps } from './steps.js';
import { earlierFieldsOfStep, stepSchema } from '../definition/steps.js';
import { createAjv } from '../validation/ajv.js';

const options = (...values: string[]) => values.map((value) => ({ value, label: { sv: value } }));
const FIELDS: ChildField[] = [
  { key: 'school', typeId: 'single-choice', properties: { label: { sv: 'Skola' }, options: options('ek', 'tall') } },
  { key: 'wishes', typeId: 'multiple-choice', properties: { label: { sv: 'Önskemål' }, options: options('mat', 'sovvila') } },
  { key: 'note', typeId: 'short-text', properties: { label: { sv: 'Anteckning' } } },
  { key: 'hours', typeId: 'number', properties: { label: { sv: 'Timmar' } } },
  { key: 'start', typeId: 'date', properties: { label: { sv: 'Startdatum' } } },
  { key: 'urgent', typeId: 'yes-no', properties: { label: { sv: 'Brådskande' } } },
  {
    key: 'children',
    typeId: 'repeating-group',
    properties: { label: { sv: 'Barn' }, children: [{ key: 'name', typeId: 'short-text', properties: { label: { sv: 'Namn' }, required: true } }] },
  },
  { key: 'details', typeId: 'long-text', properties: { label: { sv: 'Berätta mer', en: 'Tell us more' }, required: true } },
];

const base = TEMPLATES.find((t) => t.id === 'felanmalan') as EServiceDefinition;
function definitionWith(when: Condition | undefined, stepCondition?: Condition): EServiceDefinition {
  const steps = [
    { id: 'forsta', title: { sv: 'Först' }, fields: FIELDS.slice(0, -1) },
    { id: 'mer', title: { sv: 'Mer' }, fields: FIELDS.slice(-1) },
  ];
  const { form } = assembleForm(stepCondition ? steps : [{ id: 'allt', title: { sv: 'Allt' }, fields: FIELDS }]);
  if (stepCondition) form.steps[1] = { ...form.steps[1]!, showWhen: stepCondition };
  if (when) form.schema = applyFieldConditions(form.schema, [{ target: 'details', when }]);
  return { ...structuredClone(base), form, prefill: [], signing: { required: false }, receipt: { email: false, includeAnswers: false } };
}

/** Per operator: answers for which the condition holds, and answers for which it does not. */
const CASES: { when: ConditionClause; holds: Record<string, unknown>[]; fails: Record<string, unknown>[] }[] = [
  { when: { field: 'school', operator: 'is', value: 'ek' }, holds: [{ school: 'ek' }], fails: [{ school: 'tall' }, {}] },
  { when: { field: 'urgent', operator: 'is', value: true }, holds: [{ urgent: true }], fails: [{ urgent: false }, {}] },
  { when: { field: 'school', operator: 'isNot', value: 'ek' }, holds: [{ school: 'tall' }], fails: [{ school: 'ek' }, {}] },
  { when: { field: 'wishes', operator: 'contains', value: 'mat' }, holds: [{ wishes: ['sovvila', 'mat'] }], fails: [{ wishes: ['sovvila'] }, { wishes: [] }, {}] },
  { when: { field: 'note', operator: 'contains', value: 'allergi (svår)' }, holds: [{ note: 'har allergi (svår) mot nötter' }], fails: [{ note: 'allergi' }, {}] },
  { when: { field: 'hours', operator: 'greaterThan', value: 30 }, holds: [{ hours: 30.5 }, { hours: 45 }], fails: [{ hours: 30 }, { hours: 2 }, {}] },
  { when: { field: 'start', operator: 'greaterThan', value: '2026-08-01' }, holds: [{ start: '2026-08-02' }], fails: [{ start: '2026-08-01' }, { start: '2025-12-31' }, {}] },
  { when: { field: 'children', operator: 'greaterThan', value: 2 }, holds: [{ children: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] }], fails: [{ children: [{ name: 'a' }, { name: 'b' }] }, {}] },
];

describe('field conditions, compiled to if/then and enforced by the answer validator', () => {
  for (const { when, holds, fails } of CASES) {
    describe(`${when.field} ${when.operator} ${JSON.stringify(when.value)}`, () => {
      const definition = definitionWith(when);
      const validate = compileAnswerValidator(definition);

      it('makes a valid definition and reads back as the same condition', () => {
        expect(validateDefinition(definition).problems).toEqual([]);
        expect(readFieldConditions(definition.form.schema)).toEqual({ conditions: [{ target: 'details', when }], unreadable: 0 });
      });

      it('when it holds: the field is shown, required and accepted', () => {
        for (const answers of holds) {
          expect(conditionHolds(when, answers), JSON.stringify(answers)).toBe(true);
          expect(validate(answers).errors.map((e) => e.field)).toEqual(['details']);
          expect(validate({ ...answers, details: 'Mer om det' }).errors).toEqual([]);
        }
      });

      it('when it does not hold: the field is neither required nor accepted', () => {
        for (const answers of fails) {
          expect(conditionHolds(when, answers), JSON.stringify(answers)).toBe(false);
          expect(validate(answers).errors).toEqual([]);
          const refused = validate({ ...answers, details: 'Mer om det' });
          expect(refused.errors.map((e) => [e.pointer, e.keyword])).toEqual([['/details', 'hidden']]);
          expect(refused.errors[0]?.message.en).toContain('Tell us more');
        }
      });
    });
  }

  it('withoutFieldConditions makes the targets unconditional again, keeping required', () => {
    const definition = definitionWith({ field: 'school', operator: 'is', value: 'ek' });
    const plain = withoutFieldConditions(definition.form.schema);
    expect(plain.allOf).toBeUndefined();
    expect(plain.required).toContain('details');
    expect(plain).toEqual(definitionWith(undefined).form.schema);
  });

  it('reads the conditions of the preschool template', () => {
    const preschool = TEMPLATES.find((t) => t.id === 'forskoleplats') as EServiceDefinition;
    expect(readFieldConditions(preschool.form.schema).conditions).toEqual([
      { target: 'otherGuardian', when: { field: 'hasOtherGuardian', operator: 'is', value: true } },
      { target: 'specialNeedsDescription', when: { field: 'hasSpecialNeeds', operator: 'is', value: true } },
    ]);
  });
});

describe('step conditions (step.showWhen)', () => {
  const when: Condition = { field: 'school', operator: 'is', value: 'ek' };
  const definition = definitionWith(undefined, when);
  const validate = compileAnswerValidator(definition);

  it('is part of the format', () => {
    expect(validateDefinition(definition).problems).toEqual([]);
  });

  it('the wizard shows the step only when the condition holds', () => {
    expect(isStepShown(definition.form.steps[1]!, { school: 'ek' })).toBe(true);
    expect(shownSteps(definition.form, { school: 'tall' }).map((s) => s.id)).toEqual(['forsta']);
    expect(withoutHiddenSteps(definition.form, { school: 'tall', details: 'x' })).toEqual({ school: 'tall' });
    expect(withoutHiddenSteps(definition.form, { school: 'ek', details: 'x' })).toEqual({ school: 'ek', details: 'x' });
  });

  it('the server requires the step\'s fields only when shown and refuses them when hidden', () => {
    expect(validate({ school: 'ek' }).errors.map((e) => [e.field, e.keyword])).toEqual([['details', 'required']]);
    expect(validate({ school: 'ek', details: 'Mer om det' }).errors).toEqual([]);
    expect(validate({ school: 'tall' }).errors).toEqual([]);
    expect(validate({ school: 'tall', details: 'Mer om det' }).errors.map((e) => [e.pointer, e.keyword])).toEqual([['/details', 'hidden']]);
  });

  it('must depend on a field of an earlier step that exists', () => {
    const onItself = definitionWith(undefined, { field: 'details', operator: 'is', value: 'x' });
    expect(validateDefinition(onItself).problems).toEqual([
      expect.objectContaining({ pointer: '/form/steps/1/showWhen/field', code: 'steps.condition-not-earlier' }),
    ]);
    const deleted = definitionWith(undefined, { field: 'removed', operator: 'is', value: 'x' });
    expect(validateDefinition(deleted).problems).toEqual([
      expect.objectContaining({ pointer: '/form/steps/1/showWhen/field', code: 'reference.unknown-field', message: expect.objectContaining({ sv: expect.stringContaining('removed') }) }),
    ]);
  });

  it('leaves a form without step conditions untouched', () => {
    const plain = definitionWith(undefined);
    expect(schemaWithStepConditions(plain.form)).toBe(plain.form.schema);
  });
});

describe('conditions with several clauses (all of / any of)', () => {
  const school: ConditionClause = { field: 'school', operator: 'is', value: 'ek' };
  const urgent: ConditionClause = { field: 'urgent', operator: 'is', value: true };
  const CLAUSED: { when: Condition; holds: Record<string, unknown>[]; fails: Record<string, unknown>[] }[] = [
    { when: { all: [school, urgent] }, holds: [{ school: 'ek', urgent: true }], fails: [{ school: 'ek', urgent: false }, { school: 'ek' }, { urgent: true }, {}] },
    { when: { any: [school, urgent] }, holds: [{ school: 'ek' }, { urgent: true }, { school: 'tall', urgent: true }], fails: [{ school: 'tall', urgent: false }, {}] },
    { when: { any: [school] }, holds: [{ school: 'ek' }], fails: [{ school: 'tall' }] },
  ];
  for (const { when, holds, fails } of CLAUSED) {
    describe(JSON.stringify(when), () => {
      const definition = definitionWith(when);
      const validate = compileAnswerValidator(definition);

      it('makes a valid definition and reads back as the same condition', () => {
        expect(validateDefinition(definition).problems).toEqual([]);
        expect(readFieldConditions(definition.form.schema)).toEqual({ conditions: [{ target: 'details', when }], unreadable: 0 });
      });

      it('requires the field exactly when conditionHolds says it shows, and refuses it otherwise', () => {
        for (const answers of holds) {
          expect(conditionHolds(when, answers), JSON.stringify(answers)).toBe(true);
          expect(validate(answers).errors.map((e) => e.field)).toEqual(['details']);
          expect(validate({ ...answers, details: 'Mer' }).errors).toEqual([]);
        }
        for (const answers of fails) {
          expect(conditionHolds(when, answers), JSON.stringify(answers)).toBe(false);
          expect(validate(answers).errors).toEqual([]);
          expect(validate({ ...answers, details: 'Mer' }).errors.map((e) => e.keyword)).toEqual(['hidden']);
        }
      });
    });
  }

  it('a single clause stays in the format it always had', () => {
    const definition = definitionWith(school);
    expect(definition.form.schema.allOf).toEqual([expect.objectContaining({ if: { properties: { school: { const: 'ek' } }, required: ['school'] } })]);
  });

  it('steps show on all of / any of several earlier answers, and the server agrees', () => {
    const definition = definitionWith(undefined, { any: [school, urgent] });
    expect(validateDefinition(definition).problems).toEqual([]);
    expect(shownSteps(definition.form, { school: 'tall', urgent: true }).map((s) => s.id)).toEqual(['forsta', 'mer']);
    expect(shownSteps(definition.form, { school: 'tall', urgent: false }).map((s) => s.id)).toEqual(['forsta']);
    const validate = compileAnswerValidator(definition);
    expect(validate({ school: 'tall', urgent: true }).errors.map((e) => e.field)).toEqual(['details']);
    expect(validate({ school: 'tall', urgent: false }).errors).toEqual([]);
    expect(validate({ school: 'tall', urgent: false, details: 'x' }).errors.map((e) => e.keyword)).toEqual(['hidden']);
  });

  it('names each clause on a later step by its label, at the clause', () => {
    const definition = definitionWith(undefined, { all: [school, { field: 'details', operator: 'is', value: 'x' }] });
    expect(validateDefinition(definition).problems).toEqual([
      expect.objectContaining({ pointer: '/form/steps/1/showWhen/all/1/field', code: 'steps.condition-not-earlier', message: expect.objectContaining({ en: expect.stringContaining('“Tell us more”') }) }),
    ]);
  });
});

describe('field conditions on answers from earlier steps', () => {
  const when: Condition = { all: [{ field: 'school', operator: 'is', value: 'ek' }, { field: 'urgent', operator: 'is', value: true }] };
  function twoSteps(target: string, condition: Condition): EServiceDefinition {
    const definition = definitionWith(undefined, { field: 'school', operator: 'isNot', value: 'none' });
    delete definition.form.steps[1]!.showWhen;
    definition.form.schema = applyFieldConditions(definition.form.schema, [{ target, when: condition }]);
    return definition;
  }

  it('is valid; the later step declares the earlier answers it looks at and judges them like the server', () => {
    const definition = twoSteps('details', when);
    expect(validateDefinition(definition).problems).toEqual([]);
    const [first, second] = definition.form.steps as [EServiceDefinition['form']['steps'][0], EServiceDefinition['form']['steps'][0]];
    expect(earlierFieldsOfStep(definition.form, second)).toEqual(['school', 'urgent']);
    expect(earlierFieldsOfStep(definition.form, first)).toEqual([]);
    const schema = stepSchema(definition.form, second);
    expect(Object.keys(schema.properties as object)).toEqual(['school', 'urgent']);
    const step = createAjv().compile(schema);
    expect(step({ school: 'ek', urgent: true }), 'shown and missing').toBe(false);
    expect(step({ school: 'ek', urgent: true, details: 'Mer' })).toBe(true);
    expect(step({ school: 'ek', urgent: false }), 'hidden').toBe(true);
    expect(stepSchema(definition.form, first).allOf, 'the first step does not carry it').toBeUndefined();
    const validate = compileAnswerValidator(definition);
    expect(validate({ school: 'ek', urgent: true }).errors.map((e) => e.field)).toEqual(['details']);
    expect(validate({ school: 'ek', urgent: false }).errors).toEqual([]);
  });

  it('withoutHiddenAnswers drops an answer whose condition no longer holds, as the server would refuse it', () => {
    const definition = twoSteps('details', when);
    expect(withoutHiddenAnswers(definition.form, { school: 'ek', urgent: true, details: 'Mer' })).toEqual({ school: 'ek', urgent: true, details: 'Mer' });
    const changed = withoutHiddenAnswers(definition.form, { school: 'tall', urgent: true, details: 'Mer' });
    expect(changed).toEqual({ school: 'tall', urgent: true });
    expect(compileAnswerValidator(definition)(changed).errors).toEqual([]);
  });

  it('refuses a field condition on a later step, naming both fields by their labels', () => {
    const definition = twoSteps('school', { field: 'details', operator: 'is', value: 'x' });
    expect(validateDefinition(definition).problems).toEqual([
      expect.objectContaining({
        code: 'conditions.later-field',
        pointer: '/form/schema/allOf/0',
        message: { sv: expect.stringContaining('Fältet ”Skola” visas beroende på fältet ”Berätta mer”'), en: expect.stringContaining('“Tell us more”, which is on a later step') },
      }),
    ]);
  });

  it('refuses a field condition on an unknown field, naming the field it hides by its label', () => {
    const definition = twoSteps('details', { any: [{ field: 'school', operator: 'is', value: 'ek' }, { field: 'gone', operator: 'is', value: 'x' }] });
    expect(validateDefinition(definition).problems).toEqual([
      expect.objectContaining({ code: 'reference.unknown-field', message: expect.objectContaining({ en: 'The condition of “Tell us more” looks at the field “gone”, which does not exist in the form.' }) }),
    ]);
  });
});

describe('operators the designer offers per field', () => {
  it('offers each operator only where it means something, and every case above is offered', () => {
    const fields = collectFieldPaths(definitionWith(undefined).form.schema);
    const offered = (name: string) => conditionOperatorsFor(fields.get(name)!);
    expect(offered('school')).toEqual(['is', 'isNot']);
    expect(offered('wishes')).toEqual(['contains', 'greaterThan']);
    expect(offered('note')).toEqual(['is', 'isNot', 'contains']);
    expect(offered('hours')).toEqual(['is', 'isNot', 'greaterThan']);
    expect(offered('start')).toEqual(['is', 'isNot', 'greaterThan']);
    expect(offered('urgent')).toEqual(['is', 'isNot']);
    expect(offered('children')).toEqual(['greaterThan']);
    for (const { when } of CASES) expect(offered(when.field), when.field).toContain(when.operator);
    expect(conditionOperatorsFor({ type: 'boolean', const: true })).toEqual([]);
    expect(conditionOperatorsFor({ type: 'null' })).toEqual([]);
  });
});
