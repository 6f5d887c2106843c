import { validateDefinition } from '@etjanst/schemas';
import { describe, expect, it } from 'vitest';
import {
  addField,
  catalogueField,
  DesignerEditError,
  emptyDefinition,
  fieldAnswerRules,
  fieldCondition,
  fieldProperties,
  pathWithKey,
  renameFieldKey,
  setAnswerRule,
  setFieldCalculation,
  setFieldCondition,
  type Definition,
} from './index';

const facts = {
  id: 'ny-tjanst',
  title: { sv: 'Ny tjänst' },
  summary: { sv: 'Om tjänsten' },
  topic: 'school' as const,
  municipality: 'solbacka',
  department: 'utbildning',
  contact: { name: 'Kontakt', email: 'kontakt@solbacka.example.se' },
};

/** A form built as the designer builds it: two dates with a rule between them, a yes/no that shows a text, a number counting days. */
function designed(): Definition {
  let d = emptyDefinition(facts);
  for (const typeId of ['date', 'date', 'yes-no', 'short-text', 'number']) {
    d = addField(d, { parent: '', stepId: 'steg-1', index: 99 }, catalogueField(d, '', typeId));
  }
  d = setFieldCondition(d, 'shortText', { field: 'yesNo', operator: 'is', value: true });
  d = setAnswerRule(d, 0, { kind: 'after', field: 'date2', other: 'date' });
  return setFieldCalculation(d, 'number', { kind: 'date-difference', from: 'date', to: 'date2', unit: 'days' });
}

describe('editing a field key in the designer', () => {
  it("renames the field, and the designer's condition, rule and calculation follow it", () => {
    const before = designed();
    expect(validateDefinition(before).problems).toEqual([]);
    const after = renameFieldKey(renameFieldKey(before, 'date', 'startdatum'), 'yesNo', 'harSyskon');
    expect(validateDefinition(after).problems).toEqual([]);
    expect(fieldProperties(after, 'startdatum')).toEqual(fieldProperties(before, 'date'));
    expect(fieldProperties(after, 'date')).toBeUndefined();
    expect(after.form.steps[0]!.fields).toEqual(['startdatum', 'date2', 'harSyskon', 'shortText', 'number']);
    expect(fieldCondition(after, 'shortText')).toEqual({ field: 'harSyskon', operator: 'is', value: true });
    expect(fieldAnswerRules(after, 'date2').map((r) => r.rule)).toEqual([{ kind: 'after', field: 'date2', other: 'startdatum' }]);
    expect(after.form.calculations).toEqual([{ field: 'number', formula: { kind: 'date-difference', from: 'startdatum', to: 'date2', unit: 'days' } }]);
  });

  it('refuses a taken or invalid key with the reason in Swedish and English, leaving the definition as it was', () => {
    const d = designed();
    const copy = structuredClone(d);
    const refusal = (key: string) => {
      try {
        renameFieldKey(d, 'date', key);
      } catch (error) {
        return error instanceof DesignerEditError ? { code: error.code, messages: error.messages } : error;
      }
      return undefined;
    };
    expect(refusal('date2')).toEqual({ code: 'field-key-taken', messages: { sv: 'Ett annat fält här har redan nyckeln ”date2”.', en: 'Another field here already has the key “date2”.' } });
    expect(refusal('1datum')).toMatchObject({ code: 'field-key-invalid', messages: { sv: expect.stringMatching(/^Nyckeln ”1datum” ska börja med en bokstav/), en: expect.stringMatching(/^The key “1datum” must start with a letter/) } });
    expect(refusal('start datum')).toMatchObject({ code: 'field-key-invalid' });
    expect(d).toEqual(copy);
  });

  it('names the renamed path in a group', () => {
    expect(pathWithKey('child.name', 'namn')).toBe('child.namn');
    expect(pathWithKey('name', 'namn')).toBe('namn');
  });
});
