import { adoptedDefinition, civilWedding, faultReport, preschoolPlace, shareableDefinition, validateDefinition, type EServiceDefinition } from '@etjanst/schemas';
import { describe, expect, it } from 'vitest';
import { DesignerEditError, diffDefinitions, isRequired, takeOverField } from './index';

/** The fault report as another municipality offered it (version 1), and its version 2. */
const older = shareableDefinition(faultReport).definition;
function version2(): EServiceDefinition {
  const newer = structuredClone(older);
  newer.form.texts.location = { ...newer.form.texts.location!, label: { sv: 'Var finns felet?', en: 'Where is the fault?' } };
  newer.form.schema.properties = { ...(newer.form.schema.properties as object), photoNote: { type: 'string', maxLength: 500 } };
  newer.form.schema.required = [...(newer.form.schema.required as string[]), 'photoNote'];
  newer.form.texts.photoNote = { label: { sv: 'Beskriv bilden', en: 'Describe the photo' } };
  newer.form.uiSchema.photoNote = { 'ui:widget': 'textarea' };
  newer.form.steps[0]!.fields = ['category', 'location', 'photoNote', 'description'];
  return newer;
}

/** Solbacka's draft made from version 1, with a change of its own. */
function adopted(): EServiceDefinition {
  const draft = adoptedDefinition(older, { id: 'felanmalan-ekdala', municipalityId: 'solbacka', department: 'stadsbyggnad', contact: { name: 'Kontaktcenter', email: 'kontakt@solbacka.example.se' } });
  draft.form.texts.category = { ...draft.form.texts.category!, label: { sv: 'Vad vill du anmäla?', en: 'What do you report?' } };
  return draft;
}

describe("taking a template's change over field by field", () => {
  it('takes one changed field over and leaves the rest of the draft, the adopter’s own change too', () => {
    const newer = version2();
    expect(diffDefinitions(older, newer)).toMatchObject({ added: ['photoNote'], changed: [{ path: 'location', aspects: ['label'] }] });
    const taken = takeOverField(adopted(), newer, 'location');
    expect(taken.form.texts.location!.label.sv).toBe('Var finns felet?');
    expect(taken.form.texts.category!.label.sv).toBe('Vad vill du anmäla?');
    expect(taken.form.schema.properties).not.toHaveProperty('photoNote');
    expect(validateDefinition(taken).valid).toBe(true);
    // against the draft, only the field not taken over (and the adopter's own change) still differs
    expect(diffDefinitions(taken, newer)).toMatchObject({ added: ['photoNote'], changed: [{ path: 'category', aspects: ['label'] }] });
  });

  it('adds a field the template added on the step of the same id after the field it follows, required, with its texts and widget', () => {
    const taken = takeOverField(adopted(), version2(), 'photoNote');
    expect(taken.form.steps[0]!.fields).toEqual(['category', 'location', 'photoNote', 'description']);
    expect(isRequired(taken, 'photoNote')).toBe(true);
    expect(taken.form.texts.photoNote!.label.sv).toBe('Beskriv bilden');
    expect(taken.form.uiSchema.photoNote).toEqual({ 'ui:widget': 'textarea' });
    expect(validateDefinition(taken).valid).toBe(true);
  });

  it('removes a field the template removed, and refuses adding one the template shows under a condition', () => {
    const newer = version2();
    const withoutDescription = structuredClone(newer);
    delete (withoutDescription.form.schema.properties as Record<string, unknown>).description;
    withoutDescription.form.schema.required = (newer.form.schema.required as string[]).filter((n) => n !== 'description');
    withoutDescription.form.steps[0]!.fields = ['category', 'location', 'photoNote'];
    const taken = takeOverField(adopted(), withoutDescription, 'description');
    expect(taken.form.schema.properties).not.toHaveProperty('description');
    expect(taken.form.texts).not.toHaveProperty('description');
    expect(taken.form.steps[0]!.fields).toEqual(['category', 'location']);

    const draft = adopted();
    delete (draft.form.schema.allOf as { then: { properties: Record<string, unknown> } }[])[0]!.then.properties.email;
    expect(() => takeOverField(draft, newer, 'email')).toThrow(expect.objectContaining({ code: 'field-conditional' }) as DesignerEditError);
  });

  /** A shared template's draft in Solbacka, as adopted. */
  const adoptedFrom = (template: EServiceDefinition) =>
    adoptedDefinition(template, { id: `${template.id}-mall`, municipalityId: 'solbacka', department: 'utbildning', contact: { name: 'Kontaktcenter', email: 'kontakt@solbacka.example.se' } });
  const refusal = (take: () => unknown) => {
    try {
      take();
    } catch (error) {
      return error as DesignerEditError;
    }
    throw new Error('not refused');
  };

  it("carries a field's prefill and its co-signer with it, which the definition keeps outside the field", () => {
    // version 1 neither prefilled the guardian's given name nor asked the other guardian to sign
    const newer = shareableDefinition(preschoolPlace).definition;
    const older = structuredClone(newer);
    older.prefill = older.prefill.filter((m) => m.field !== 'guardian.givenName');
    delete older.signing.coSignerFields;
    const diff = diffDefinitions(older, newer);
    expect(diff.changed).toEqual(
      expect.arrayContaining([
        { path: 'guardian.givenName', aspects: ['prefill'] },
        { path: 'otherGuardian.personalIdentityNumber', aspects: ['type'] },
      ]),
    );

    const draft = adoptedFrom(older);
    const prefilled = takeOverField(draft, newer, 'guardian.givenName');
    expect(prefilled.prefill.filter((m) => m.field === 'guardian.givenName')).toEqual([{ field: 'guardian.givenName', source: 'population-register', attribute: 'givenName', editable: false }]);
    expect(prefilled.signing.coSignerFields).toBeUndefined();
    const coSigned = takeOverField(prefilled, newer, 'otherGuardian.personalIdentityNumber');
    expect(coSigned.signing.coSignerFields).toEqual(['otherGuardian.personalIdentityNumber']);
    expect(validateDefinition(coSigned).valid).toBe(true);
    expect(diffDefinitions(coSigned, newer).changed).toEqual([]);

    // and back: a version that no longer prefills the field or asks for a co-signer takes both away
    const undone = takeOverField(takeOverField(coSigned, older, 'otherGuardian.personalIdentityNumber'), older, 'guardian.givenName');
    expect(undone.signing.coSignerFields).toBeUndefined();
    expect(undone.prefill.some((m) => m.field === 'guardian.givenName')).toBe(false);
    expect(undone.prefill).toHaveLength(older.prefill.length);
  });

  it("carries a field's booking settings, its calculated value and its answer rules, and refuses while a field they read is missing in the draft", () => {
    const wedding = shareableDefinition(civilWedding).definition;
    const longer = structuredClone(wedding);
    longer.form.fields!.weddingTime!.booking!.slotMinutes = 60;
    expect(diffDefinitions(wedding, longer).changed).toEqual([{ path: 'weddingTime', aspects: ['booking'] }]);
    expect(takeOverField(adoptedFrom(wedding), longer, 'weddingTime').form.fields!.weddingTime!.booking!.slotMinutes).toBe(60);

    // version 2 of the fault report asks for the number of damaged lamps and poles, sums them and
    // tells the citizen when the two are the same (a rule shown at the poles)
    const newer = version2();
    const numbers = { lamps: 'Trasiga lampor', poles: 'Trasiga stolpar', total: 'Totalt' };
    for (const [name, sv] of Object.entries(numbers)) {
      (newer.form.schema.properties as Record<string, unknown>)[name] = { type: 'integer', minimum: 0 };
      newer.form.texts[name] = { label: { sv, en: sv } };
      newer.form.steps[0]!.fields.push(name);
    }
    newer.form.calculations = [{ field: 'total', formula: { kind: 'sum', terms: ['lamps', 'poles'] } }];
    newer.form.answerRules = [{ kind: 'differs', field: 'poles', other: 'lamps' }];
    expect(validateDefinition(adoptedFrom(newer)).problems).toEqual([]);

    const draft = adopted();
    const missing = refusal(() => takeOverField(draft, newer, 'total'));
    expect(missing).toMatchObject({ code: 'take-over-needs-fields' });
    expect(missing.messages.sv).toBe('Fältet ”Totalt” räknas ut från eller jämförs i mallen med ”Trasiga lampor” (lamps), ”Trasiga stolpar” (poles), som inte finns i utkastet. Ta över de fälten först.');
    expect(refusal(() => takeOverField(draft, newer, 'poles')).messages.en).toContain('“Trasiga lampor” (lamps), which the draft does not have. Take that field over first.');

    const taken = ['lamps', 'poles', 'total'].reduce((d, path) => takeOverField(d, newer, path), draft);
    expect(taken.form.calculations).toEqual(newer.form.calculations);
    expect(taken.form.answerRules).toEqual(newer.form.answerRules);
    expect(validateDefinition(taken).valid).toBe(true);
    expect(diffDefinitions(taken, newer).changed.map((c) => c.path)).toEqual(['category', 'location']);
  });

  it("refuses a take-over that another field's rule in the draft no longer fits, naming the rule's problem", () => {
    const withDates = (definition: EServiceDefinition, toType: 'date' | 'text') => {
      const next = structuredClone(definition);
      const properties = next.form.schema.properties as Record<string, unknown>;
      properties.noticed = toType === 'date' ? { type: 'string', format: 'date' } : { type: 'string', maxLength: 100 };
      properties.reported = { type: 'string', format: 'date' };
      next.form.texts.noticed = { label: { sv: 'Upptäckt', en: 'Noticed' } };
      next.form.texts.reported = { label: { sv: 'Anmält', en: 'Reported' } };
      next.form.steps[0]!.fields.push('noticed', 'reported');
      return next;
    };
    // the adopter's own rule: reported after noticed; the template's version 2 makes "noticed" a text
    const draft = withDates(adopted(), 'date');
    draft.form.answerRules = [{ kind: 'after', field: 'reported', other: 'noticed' }];
    expect(validateDefinition(draft).valid).toBe(true);
    const refused = refusal(() => takeOverField(draft, withDates(version2(), 'text'), 'noticed'));
    expect(refused.code).toBe('take-over-invalid');
    expect(refused.messages.sv).toMatch(/^Ändringen av ”Upptäckt” kan inte tas över: /);
  });
});
