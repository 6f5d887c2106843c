import { checkRules, compileAnswerValidator, createField, EXAMPLE_ANSWERS, preschoolPlace, validateDefinition, type EServiceDefinition, type FieldProperties } from '@etjanst/schemas';
import { describe, expect, it } from 'vitest';
import {
  addField,
  addStep,
  choiceOptions,
  deleteField,
  deleteStep,
  DesignerEditError,
  diffDefinitions,
  duplicateField,
  freeFieldName,
  isRequired,
  moveField,
  moveStep,
  record,
  redo,
  renameStep,
  catalogueField,
  fieldCondition,
  setFieldCondition,
  setStepCondition,
  emptyDefinition,
  fromTemplate,
  fieldOfProblem,
  problemsByField,
  stepOfProblem,
  unmetRequirements,
  fieldProperties,
  setFieldProperties,
  slugOf,
  startHistory,
  undo,
  canUndo,
  canRedo,
  HISTORY_LIMIT,
  optionLines,
  placeForNewField,
  withOptionLines,
  type NewField,
} from './index';

const base = (): EServiceDefinition => structuredClone(preschoolPlace);
const phoneField: NewField = {
  name: 'workPhone',
  ...createField('phone', 'workPhone', { label: { sv: 'Telefon arbete', en: 'Work phone' }, required: true, personalData: true }),
};
/** Edits a field's catalogue properties as the property panel does. */
const edit = (d: EServiceDefinition, path: string, change: (p: FieldProperties) => FieldProperties) =>
  setFieldProperties(d, path, change(fieldProperties(d, path)!.properties));
const stepFields = (d: EServiceDefinition, id: string) => d.form.steps.find((s) => s.id === id)!.fields;
const code = (action: () => unknown) => {
  try {
    action();
  } catch (error) {
    if (error instanceof DesignerEditError) return error.code;
    throw error;
  }
  return 'no error';
};
const expectValid = (d: EServiceDefinition) => expect(validateDefinition(d).problems).toEqual([]);

describe('adding fields', () => {
  it('puts a top-level field at a step position with its schema, uiSchema, texts, settings and required flag', () => {
    const original = base();
    const firstStep = original.form.steps[0]!;
    const next = addField(original, { parent: '', stepId: firstStep.id, index: 1 }, phoneField);
    expect(stepFields(next, firstStep.id)[1]).toBe('workPhone');
    expect(next.form.schema.properties).toHaveProperty('workPhone', phoneField.schema);
    expect(next.form.uiSchema.workPhone).toEqual(phoneField.uiSchema);
    expect(next.form.texts.workPhone!.label.en).toBe('Work phone');
    expect(next.form.fields!.workPhone).toEqual({ fieldType: 'phone', personalData: true });
    expect(isRequired(next, 'workPhone')).toBe(true);
    expectValid(next);
    expect(original).toEqual(preschoolPlace); // pure: the input is untouched
  });

  it('puts a field into a group at a position and keeps the group valid', () => {
    const next = addField(base(), { parent: 'guardian', index: 0 }, { ...phoneField, required: false });
    expect(Object.keys((next.form.schema.properties as Record<string, { properties: object }>).guardian!.properties)[0]).toBe('workPhone');
    expect(next.form.texts['guardian.workPhone']).toBeDefined();
    expect(next.form.uiSchema.guardian).toHaveProperty('workPhone', phoneField.uiSchema);
    expect(isRequired(next, 'guardian.workPhone')).toBe(false);
    expectValid(next);
  });

  it('puts a field into each row of a repeating group (uiSchema under items)', () => {
    const group = catalogueField(base(), '', 'repeating-group');
    expect(group.name).toBe('repeatingGroup');
    const withGroup = addField(base(), { parent: '', stepId: 'barnet', index: 0 }, group);
    const next = addField(withGroup, { parent: 'repeatingGroup', index: 0 }, { ...phoneField, name: 'phone' });
    expect(next.form.uiSchema.repeatingGroup).toEqual({ ...group.uiSchema, items: { phone: phoneField.uiSchema } });
    expect(fieldProperties(next, 'repeatingGroup')!.properties.children!.map((c) => c.key)).toEqual(['phone']);
    expectValid(next);
    const removed = deleteField(next, 'repeatingGroup.phone');
    expect(group.uiSchema).toEqual({});
    expect(removed.form.uiSchema.repeatingGroup).toBeUndefined(); // emptied parents go too
    expect(removed.form.texts['repeatingGroup.phone']).toBeUndefined();
  });

  it('refuses a taken or malformed name and an unknown step or group', () => {
    const d = base();
    expect(code(() => addField(d, { parent: '', stepId: d.form.steps[0]!.id, index: 0 }, { ...phoneField, name: 'consent' }))).toBe('field-name-taken');
    expect(code(() => addField(d, { parent: '', stepId: d.form.steps[0]!.id, index: 0 }, { ...phoneField, name: '1st' }))).toBe('field-name-invalid');
    expect(code(() => addField(d, { parent: '', stepId: 'nope', index: 0 }, phoneField))).toBe('step-unknown');
    expect(code(() => addField(d, { parent: 'consent', index: 0 }, phoneField))).toBe('group-unknown');
  });

  it('puts a palette field after the chosen field (in its group), at the end of a chosen group, else at the end of the step', () => {
    const d = base();
    const wishes = stepFields(d, 'onskemal');
    expect(placeForNewField(d, 'onskemal', { path: wishes[0]!, isGroup: false })).toEqual({ parent: '', stepId: 'onskemal', index: 1 });
    expect(placeForNewField(d, 'vardnadshavare', { path: 'guardian.surname', isGroup: false })).toEqual({ parent: 'guardian', index: 2 });
    expect(placeForNewField(d, 'vardnadshavare', { path: 'guardian', isGroup: true })).toEqual({ parent: 'guardian', index: 6 });
    const atEnd = { parent: '', stepId: 'onskemal', index: wishes.length };
    expect(placeForNewField(d, 'onskemal', undefined)).toEqual(atEnd);
    // a field chosen on another step does not count
    expect(placeForNewField(d, 'onskemal', { path: 'guardian.surname', isGroup: false })).toEqual(atEnd);
    // the place is one addField takes: right after the surname, in the guardian's group
    const added = addField(d, placeForNewField(d, 'vardnadshavare', { path: 'guardian.surname', isGroup: false }), { ...phoneField, name: 'workPhone' });
    expect(Object.keys((added.form.schema.properties as Record<string, { properties: object }>).guardian!.properties).slice(0, 3)).toEqual(['givenName', 'surname', 'workPhone']);
  });

  it('finds a free name', () => {
    expect(freeFieldName(base(), '', 'consent')).toBe('consent2');
    expect(freeFieldName(base(), '', 'other')).toBe('other');
  });
});

describe('moving fields', () => {
  it('reorders within a step and moves to another step', () => {
    const d = base();
    const first = d.form.steps.find((s) => s.id === 'onskemal');
    const within = moveField(d, first!.fields[0]!, { parent: '', stepId: first!.id, index: 1 });
    expect(stepFields(within, first!.id).slice(0, 2)).toEqual([first!.fields[1], first!.fields[0]]);
    const between = moveField(d, 'consent', { parent: '', stepId: 'barnet', index: 0 });
    expect(stepFields(between, 'barnet')).toEqual(['consent', 'child']);
    expect(between.form.steps.flatMap((s) => s.fields).filter((f) => f === 'consent')).toHaveLength(1);
    expectValid(between);
  });

  it('refuses to move a field away from the fields it shares a condition with', () => {
    const d = base();
    const other = d.form.steps.find((s) => !s.fields.includes('hasSpecialNeeds'))!;
    expect(code(() => moveField(d, 'specialNeedsDescription', { parent: '', stepId: other.id, index: 0 }))).toBe('move-splits-condition');
  });

  it('reorders within a group but not out of it', () => {
    const next = moveField(base(), 'guardian.phone', { parent: 'guardian', index: 0 });
    expect(Object.keys((next.form.schema.properties as Record<string, { properties: object }>).guardian!.properties)[0]).toBe('phone');
    expect(code(() => moveField(base(), 'guardian.phone', { parent: '', stepId: base().form.steps[0]!.id, index: 0 }))).toBe('move-across-groups');
  });
});

describe('duplicating and deleting', () => {
  it('duplicates a group with its children, texts and uiSchema, right after itself', () => {
    const { definition, path } = duplicateField(base(), 'guardian');
    expect(path).toBe('guardian2');
    const step = definition.form.steps.find((s) => s.fields.includes('guardian'))!;
    expect(step.fields[step.fields.indexOf('guardian') + 1]).toBe('guardian2');
    expect(definition.form.texts['guardian2']!.label.sv).toBe('Du som är vårdnadshavare (kopia)');
    expect(definition.form.texts['guardian2.address.city']!.label.sv).toBe('Ort');
    expect(definition.form.uiSchema.guardian2).toEqual(definition.form.uiSchema.guardian);
    expect(isRequired(definition, 'guardian2')).toBe(true);
    expectValid(definition);
  });

  it('keeps a default error message a default on the copy (made from the copy’s label), and the designer’s own as written', () => {
    const withDefault = edit(base(), 'hasOtherGuardian', (p) => ({ ...p, errorMessage: undefined }));
    const label = withDefault.form.texts.hasOtherGuardian!.label;
    expect(withDefault.form.texts.hasOtherGuardian!.errorMessage).toEqual({ sv: `Välj ”${label.sv}”.`, en: `Choose “${label.en}”.` });
    const { definition, path } = duplicateField(withDefault, 'hasOtherGuardian');
    expect(definition.form.texts[path]!.errorMessage).toEqual({ sv: `Välj ”${label.sv} (kopia)”.`, en: `Choose “${label.en} (copy)”.` });
    expect(fieldProperties(definition, path)!.properties.errorMessage).toBeUndefined();
    const own = duplicateField(base(), 'hasSpecialNeeds');
    expect(own.definition.form.texts[own.path]!.errorMessage).toEqual({ sv: 'Välj ja eller nej.', en: 'Choose yes or no.' });
  });

  it('deletes a field with its texts, uiSchema, prefill, co-signer and receipt references', () => {
    const d = base();
    expect(d.prefill.some((m) => m.field.startsWith('guardian'))).toBe(true);
    const next = deleteField(d, 'guardian');
    expect(Object.keys(next.form.texts).filter((k) => k.startsWith('guardian'))).toEqual([]);
    expect(next.form.uiSchema.guardian).toBeUndefined();
    expect(next.prefill.some((m) => m.field.startsWith('guardian'))).toBe(false);
    expect(next.receipt.emailField).toBeUndefined();
    expect(next.form.steps.some((s) => s.fields.includes('guardian'))).toBe(false);
    expect(next.form.schema.required).not.toContain('guardian');
    // its step is now empty, which the designer shows as a problem until a field or a deletion follows
    expect(validateDefinition(next).problems.map((p) => p.pointer)).toEqual(['/form/steps/1/fields']);
  });

  it('deleting the only field a condition shows drops the emptied condition', () => {
    const next = deleteField(base(), 'specialNeedsDescription');
    expect(JSON.stringify(next.form.schema)).not.toContain('specialNeedsDescription');
    expect(next.form.schema.allOf).toHaveLength(1);
    expect(validateDefinition(next).problems).toEqual([]);
  });

  it('refuses to delete a field that decides a condition', () => {
    expect(code(() => deleteField(base(), 'hasSpecialNeeds'))).toBe('field-controls-condition');
  });
});

describe('properties', () => {
  it('rebuilds a field from edited catalogue properties, in place and with its condition', () => {
    let d = edit(base(), 'hoursPerWeek', (p) => ({ ...p, required: false, minimum: 5, maximum: undefined }));
    expect(isRequired(d, 'hoursPerWeek')).toBe(false);
    expect((d.form.schema.properties as Record<string, object>).hoursPerWeek).toMatchObject({ type: 'number', minimum: 5 });
    expect((d.form.schema.properties as Record<string, object>).hoursPerWeek).not.toHaveProperty('maximum');
    d = edit(d, 'preferredPreschools', (p) => ({
      ...p,
      options: [
        { value: 'solrosen', label: { sv: 'Solrosen', en: 'The Sunflower' } },
        { value: 'nya', label: { sv: 'Nya förskolan' } },
      ],
    }));
    expect(choiceOptions(d, 'preferredPreschools')!.map((o) => o.value)).toEqual(['solrosen', 'nya']);
    d = edit(d, 'child.givenName', (p) => ({ ...p, prefill: { attribute: 'givenName', editable: true } }));
    expect(d.prefill.filter((m) => m.field === 'child.givenName')).toHaveLength(1);
    d = edit(d, 'child.givenName', (p) => ({ ...p, prefill: undefined, label: { sv: 'Förnamn', en: 'First name' } }));
    expect(d.prefill.some((m) => m.field === 'child.givenName')).toBe(false);
    expect(d.form.texts['child.givenName']!.label.sv).toBe('Förnamn');
    d = edit(d, 'specialNeedsDescription', (p) => ({ ...p, maxLength: 2000 }));
    expect(JSON.stringify(d.form.schema.allOf)).toContain('"maxLength":2000');
    expect(d.form.steps.find((s) => s.id === 'onskemal')!.fields).toEqual(base().form.steps.find((s) => s.id === 'onskemal')!.fields);
    d = edit(d, 'guardian.email', (p) => ({ ...p, help: { sv: 'Hit kommer kvittensen.' } }));
    expect(d.receipt.emailField).toBe('guardian.email');
    expectValid(d);
  });
});

describe('steps', () => {
  it('adds, renames, reorders and deletes steps', () => {
    const { definition: added, id } = addStep(base(), { sv: 'Övrigt å ä ö', en: 'Other' }, 1);
    expect(id).toBe('ovrigt-a-a-o');
    expect(added.form.steps[1]!.id).toBe(id);
    expect(addStep(added, { sv: 'Övrigt å ä ö' }).id).toBe('ovrigt-a-a-o-2');
    const renamed = renameStep(added, id, { sv: 'Annat' });
    expect(renamed.form.steps[1]!.title).toEqual({ sv: 'Annat' });
    expect(renamed.form.steps[1]!.id).toBe(id);
    const moved = moveStep(renamed, id, 0);
    expect(moved.form.steps[0]!.id).toBe(id);
    const deleted = deleteStep(moved, id);
    expect(deleted.form.steps.map((s) => s.id)).toEqual(base().form.steps.map((s) => s.id));
  });

  it('refuses to delete a step with fields or the last step, and an empty title', () => {
    const d = base();
    expect(code(() => deleteStep(d, d.form.steps[0]!.id))).toBe('step-has-fields');
    const single = { ...d, form: { ...d.form, steps: [{ ...d.form.steps[0]!, fields: [] }] } };
    expect(code(() => deleteStep(single, d.form.steps[0]!.id))).toBe('step-last');
    expect(code(() => renameStep(d, d.form.steps[0]!.id, { sv: ' ' }))).toBe('step-title-empty');
  });

  it('makes slugs the format accepts', () => {
    expect(slugOf('Om barnet!')).toBe('om-barnet');
    expect(slugOf('?')).toBe('steg');
  });
});

describe('undo and redo', () => {
  it('steps back and forth through snapshots, and a new edit drops the redo branch', () => {
    const d0 = base();
    const d1 = edit(d0, 'hoursPerWeek', (p) => ({ ...p, required: false }));
    const d2 = deleteField(d1, 'consent');
    let h = record(record(startHistory(d0), d1), d2);
    expect(canRedo(h)).toBe(false);
    h = undo(h);
    expect(h.present).toBe(d1);
    h = undo(h);
    expect(h.present).toBe(d0);
    expect(canUndo(h)).toBe(false);
    expect(undo(h)).toBe(h);
    h = redo(h);
    expect(h.present).toBe(d1);
    const d3 = edit(d1, 'startDate', (p) => ({ ...p, required: false }));
    h = record(h, d3);
    expect(canRedo(h)).toBe(false);
    expect(undo(h).present).toBe(d1);
    expect(d0).toEqual(preschoolPlace);
  });

  it('makes consecutive edits of the same thing one step', () => {
    let h = startHistory('');
    for (const text of ['F', 'Fö', 'För']) h = record(h, text, 'label:sv');
    h = record(h, 'Före', 'label:en');
    expect(h.past).toEqual(['', 'För']);
    expect(undo(undo(h)).present).toBe('');
    // after an undo, typing again starts a new step rather than overwriting the redo branch's base
    const afterUndo = record(undo(h), 'Förn', 'label:sv');
    expect(afterUndo.past).toEqual(['', 'För']);
  });

  it('is bounded', () => {
    let h = startHistory(0);
    for (let i = 1; i <= HISTORY_LIMIT + 20; i++) h = record(h, i);
    expect(h.past).toHaveLength(HISTORY_LIMIT);
    expect(h.past[0]).toBe(20);
  });
});

describe('version diff', () => {
  it('names added, removed and changed fields with what changed', () => {
    const older = base();
    let newer = deleteField(older, 'consent');
    newer = addField(newer, { parent: '', stepId: newer.form.steps[0]!.id, index: 0 }, phoneField);
    newer = edit(newer, 'hoursPerWeek', (p) => ({ ...p, required: false }));
    newer = deleteField(newer, 'startDate');
    newer = addField(newer, { parent: '', stepId: 'onskemal', index: 0 }, { name: 'startDate', ...createField('short-text', 'startDate', { label: { sv: 'Startdatum' } }) });
    newer = edit(newer, 'preferredPreschools', (p) => ({ ...p, options: [{ value: 'solrosen', label: { sv: 'Solrosen' } }] }));
    newer = edit(newer, 'child.givenName', (p) => ({ ...p, label: { sv: 'Förnamn' } }));
    const diff = diffDefinitions(older, newer);
    expect(diff.added).toEqual(['workPhone']);
    expect(diff.removed).toEqual(['consent']);
    expect(diff.changed).toEqual(
      expect.arrayContaining([
        { path: 'hoursPerWeek', aspects: ['required'] },
        { path: 'startDate', aspects: ['label', 'help', 'errorMessage', 'required', 'type'] },
        { path: 'preferredPreschools', aspects: ['options'] },
        { path: 'child.givenName', aspects: ['label'] },
      ]),
    );
    expect(diffDefinitions(older, older)).toEqual({ added: [], removed: [], changed: [], form: [], settings: [] });
  });

  it('counts every text, the rules of an answer, the steps and the settings as changes', () => {
    const older = base();
    let newer = edit(older, 'hoursPerWeek', (p) => ({ ...p, help: { sv: 'Räkna med restid.', en: 'Include travel time.' } }));
    newer = edit(newer, 'child.givenName', (p) => ({ ...p, errorMessage: { sv: 'Skriv förnamnet.', en: 'Enter the first name.' } }));
    newer = edit(newer, 'guardian.surname', (p) => ({ ...p, maxLength: 50 }));
    newer = renameStep(newer, newer.form.steps[0]!.id, { sv: 'Om ditt barn', en: 'About your child' });
    newer = { ...newer, personalData: { ...newer.personalData, retention: { period: 'P3Y' } } };
    const diff = diffDefinitions(older, newer);
    expect(diff.changed).toEqual(
      expect.arrayContaining([
        { path: 'hoursPerWeek', aspects: ['help'] },
        { path: 'child.givenName', aspects: ['errorMessage'] },
        { path: 'guardian.surname', aspects: ['validation'] },
      ]),
    );
    expect(diff.form).toEqual(['steps']);
    expect(diff.settings).toEqual(['personalData']);
  });
});

describe('problems at the field', () => {
  it('finds the field a problem is about, from texts, schema, uiSchema, steps and prefill pointers', () => {
    const d = base();
    const at = (pointer: string) => fieldOfProblem(d, { pointer });
    expect(at('/form/texts/guardian.address.city')).toBe('guardian.address.city');
    expect(at('/form/schema/properties/guardian/properties/email/maxLength')).toBe('guardian.email');
    expect(at('/form/schema/allOf/1/then/properties/specialNeedsDescription')).toBe('specialNeedsDescription');
    expect(at('/form/uiSchema/guardian/email/ui:options')).toBe('guardian.email');
    expect(at('/form/steps/0/fields/0')).toBe('child');
    expect(at(`/prefill/0/field`)).toBe(d.prefill[0]!.field);
    expect(at('/catalogue/title/sv')).toBeUndefined();
  });

  it('finds the step a problem about no one field is about', () => {
    const d = base();
    expect(stepOfProblem(d, { pointer: '/form/steps/1/fields' })).toBe(d.form.steps[1]!.id);
    expect(stepOfProblem(d, { pointer: '/form/steps/1/title/en' })).toBe(d.form.steps[1]!.id);
    expect(stepOfProblem(d, { pointer: '/form/steps/0/fields/0' })).toBeUndefined();
    expect(stepOfProblem(d, { pointer: '/form/steps/99/fields' })).toBeUndefined();
    expect(stepOfProblem(d, { pointer: '/form/texts/child' })).toBeUndefined();
  });

  it('places the rule catalogue findings at their field and step, with rule and severity', () => {
    let d = edit(base(), 'startDate', (p) => ({
      ...p,
      // LIX judges running text: at least 20 words of help on the step
      help: {
        sv: 'Ansökningsförfarandet förutsätter dokumentationsunderlag beträffande vårdnadshavarnas sysselsättningsförhållanden och arbetstidsomfattning, vilket administrationsavdelningen kontrollerar innan placeringserbjudandet skickas, eftersom förskoleverksamhetens kapacitetsplanering bygger på uppgifterna.',
      },
    }));
    const step = d.form.steps.find((s) => s.fields.includes('startDate'))!;
    for (let i = 0; i < 12; i++) d = addField(d, { parent: '', stepId: step.id, index: 0 }, catalogueField(d, '', 'short-text'));
    expect(validateDefinition(d).valid).toBe(true);
    const unmet = unmetRequirements(checkRules(d));
    const atField = problemsByField(d, unmet).get('startDate') ?? [];
    expect(atField).toEqual([expect.objectContaining({ rule: 'SK-TXT-003', severity: 'must', pointer: '/form/texts/startDate/help/sv' })]);
    expect(atField[0]!.message.en).toContain('LIX');
    const atStep = unmet.filter((r) => stepOfProblem(d, r) === step.id);
    expect(atStep).toEqual([expect.objectContaining({ rule: 'SK-FORM-001', severity: 'must' })]);
    expect(unmetRequirements(checkRules(base())).filter((r) => r.severity === 'must')).toEqual([]);
  });

  it('shows an empty label at its field, as validateDefinition reports it', () => {
    const d = edit(base(), 'startDate', (p) => ({ ...p, label: { sv: '' } }));
    const grouped = problemsByField(d, validateDefinition(d).problems);
    expect(grouped.get('startDate')?.length).toBeGreaterThan(0);
  });
});

describe('new e-services', () => {
  const facts = {
    id: 'ny-tjanst',
    title: { sv: 'Ny tjänst' },
    summary: { sv: 'Om tjänsten' },
    topic: 'school' as const,
    municipality: 'solbacka',
    department: 'utbildning',
    contact: { name: 'Kontakt', email: 'kontakt@solbacka.example.se' },
  };

  it('starts empty and becomes valid with its first field', () => {
    const empty = emptyDefinition(facts);
    expect(validateDefinition(empty).problems.map((p) => p.pointer)).toEqual(['/form/steps/0/fields']);
    const withField = addField(empty, { parent: '', stepId: 'steg-1', index: 0 }, catalogueField(empty, '', 'short-text'));
    expectValid(withField);
  });

  it('makes a template its own', () => {
    const own = fromTemplate(preschoolPlace, { ...facts, municipality: 'ekdala', department: 'skola' });
    expect(own.id).toBe('ny-tjanst');
    expect(own.owner.organisation).toBe('ekdala');
    expect(own.form).toEqual(preschoolPlace.form);
    expectValid(own);
  });
});

describe('conditions', () => {
  it('shows a field only when another answer holds, compiled so that the server agrees', () => {
    let d = addField(base(), { parent: '', stepId: 'onskemal', index: 6 }, { name: 'needsDetails', ...createField('long-text', 'needsDetails', { label: { sv: 'Mer om behoven' }, required: true }) });
    d = setFieldCondition(d, 'needsDetails', { field: 'hoursPerWeek', operator: 'greaterThan', value: 40 });
    expect(fieldCondition(d, 'needsDetails')).toEqual({ field: 'hoursPerWeek', operator: 'greaterThan', value: 40 });
    expectValid(d);
    const validate = (answers: Record<string, unknown>) => compileAnswerValidator(d)({ ...EXAMPLE_ANSWERS.forskoleplats, ...answers }).valid;
    expect(validate({ hoursPerWeek: 45 })).toBe(false); // shown and required, not answered
    expect(validate({ hoursPerWeek: 45, needsDetails: 'Behöver plats tidigt på morgonen.' })).toBe(true);
    expect(validate({ hoursPerWeek: 30, needsDetails: 'Gömd men ifylld' })).toBe(false); // hidden: not accepted
    expect(isRequired(d, 'needsDetails')).toBe(true);
    // the template's own conditions survive the edit
    expect(fieldCondition(d, 'specialNeedsDescription')).toEqual({ field: 'hasSpecialNeeds', operator: 'is', value: true });
    const removed = setFieldCondition(d, 'needsDetails', undefined);
    expect(fieldCondition(removed, 'needsDetails')).toBeUndefined();
    expectValid(removed);
  });

  it('refuses a condition on a later step or on the field itself, naming the field by its label', () => {
    expect(code(() => setFieldCondition(base(), 'hasOtherGuardian', { field: 'consent', operator: 'is', value: true }))).toBe('condition-other-step');
    expect(() => setFieldCondition(base(), 'hasOtherGuardian', { all: [{ field: 'child.givenName', operator: 'is', value: 'x' }, { field: 'hoursPerWeek', operator: 'greaterThan', value: 1 }] })).toThrow(/“How many hours a week\?”/);
    expect(code(() => setFieldCondition(base(), 'consent', { field: 'consent', operator: 'is', value: true }))).toBe('condition-on-itself');
  });

  it('shows a field when all of / any of several answers hold, also answers from earlier steps', () => {
    const when = { all: [{ field: 'child.givenName', operator: 'isNot' as const, value: 'Ingen' }, { field: 'hasOtherGuardian', operator: 'is' as const, value: true }] };
    const d = setFieldCondition(base(), 'otherGuardian', when);
    expect(fieldCondition(d, 'otherGuardian')).toEqual(when);
    expectValid(d);
    const example = EXAMPLE_ANSWERS.forskoleplats as Record<string, unknown>;
    const { otherGuardian: _o, ...withoutOther } = example;
    const named = (givenName: string) => ({ child: { ...(example.child as object), givenName } });
    expect(compileAnswerValidator(d)({ ...withoutOther, ...named('Ingen') }).valid, 'hidden by the earlier step').toBe(true);
    expect(compileAnswerValidator(d)({ ...example, ...named('Ingen') }).valid, 'hidden, so not taken').toBe(false);
    expect(compileAnswerValidator(d)(withoutOther).valid, 'shown, so required').toBe(false);
  });

  it('moves a field a condition looks at only as far as the field it shows', () => {
    const d = setFieldCondition(base(), 'otherGuardian', { any: [{ field: 'child.givenName', operator: 'is', value: 'x' }, { field: 'hasOtherGuardian', operator: 'is', value: true }] });
    // the shown field may go later; the field it looks at may not go past it
    expectValid(moveField(d, 'otherGuardian', { parent: '', stepId: 'onskemal', index: 0 }));
    expect(code(() => moveField(d, 'child', { parent: '', stepId: 'onskemal', index: 0 }))).toBe('move-splits-condition');
  });

  it('shows a step only when an earlier answer holds; the server then neither requires nor takes its answers', () => {
    const d = setStepCondition(base(), 'annan-vardnadshavare', { field: 'child.givenName', operator: 'isNot', value: 'Ingen' });
    expect(d.form.steps[2]!.showWhen).toEqual({ field: 'child.givenName', operator: 'isNot', value: 'Ingen' });
    expectValid(d);
    const example = EXAMPLE_ANSWERS.forskoleplats as Record<string, unknown>;
    const { hasOtherGuardian: _h, otherGuardian: _o, ...withoutStep } = example;
    const hidden = { ...withoutStep, child: { ...(example.child as object), givenName: 'Ingen' } };
    expect(compileAnswerValidator(d)(hidden).valid).toBe(true);
    expect(compileAnswerValidator(d)(withoutStep).valid).toBe(false); // shown, so its answers are required
    expect(setStepCondition(d, 'annan-vardnadshavare', undefined).form.steps[2]).not.toHaveProperty('showWhen');
    expect(code(() => setStepCondition(base(), 'barnet', { field: 'consent', operator: 'is', value: true }))).toBe('condition-later-step');
  });

  it('deletes a conditional field together with its condition', () => {
    let d = setFieldCondition(base(), 'consent', { field: 'hoursPerWeek', operator: 'greaterThan', value: 1 });
    d = deleteField(d, 'consent');
    expect(JSON.stringify(d.form.schema)).not.toContain('consent');
    expectValid(d);
  });
});

describe('choice options', () => {
  const defaults = [
    { value: 'alternativ-1', label: { sv: 'Alternativ 1', en: 'Option 1' } },
    { value: 'alternativ-2', label: { sv: 'Alternativ 2', en: 'Option 2' } },
  ];

  it('takes a pasted list, one option a line, its values made from the Swedish texts and its English texts line by line', () => {
    const options = withOptionLines(defaults, 'Solrosens förskola\n  Ekbackens förskola \n\nFörskolan Lilla Björnen\n', 'Solrosen preschool\nEkbacken preschool\nignored, beside a blank line\n');
    expect(options).toEqual([
      { value: 'solrosens-forskola', label: { sv: 'Solrosens förskola', en: 'Solrosen preschool' } },
      { value: 'ekbackens-forskola', label: { sv: 'Ekbackens förskola', en: 'Ekbacken preschool' } },
      { value: 'forskolan-lilla-bjornen', label: { sv: 'Förskolan Lilla Björnen' } },
    ]);
    // the lines shown are the ones given, and given back they change nothing
    expect(withOptionLines(options, optionLines(options, 'sv'), optionLines(options, 'en'))).toEqual(options);
    expect(optionLines(options, 'en')).toBe('Solrosen preschool\nEkbacken preschool\n');
  });

  it('keeps a value the designer wrote and an unchanged text’s value wherever its line moves; the same text twice is two values', () => {
    const written = [{ value: 'SOL', label: { sv: 'Förskola Solrosen' } }, ...defaults];
    // edited in place: a written value stays, a derived one follows the text
    expect(withOptionLines(written, 'Solrosens förskola\nEkbacken\nAlternativ 2', '').map((o) => o.value)).toEqual(['SOL', 'ekbacken', 'alternativ-2']);
    // a line put first and a line taken away: the remaining texts keep their values
    expect(withOptionLines(written, 'Alternativ 2\nFörskola Solrosen', '').map((o) => o.value)).toEqual(['alternativ-2', 'SOL']);
    expect(withOptionLines([], 'Ja\nJa', '').map((o) => o.value)).toEqual(['ja', 'ja-2']);
    // an English text does not move a value
    expect(withOptionLines(defaults, 'Alternativ 1\nAlternativ 2', 'First\nSecond').map((o) => o.value)).toEqual(['alternativ-1', 'alternativ-2']);
  });
});
