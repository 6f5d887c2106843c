import { adoptedDefinition, faultReport, shareableDefinition, validateDefinition, type EServiceDefinition } from '@etjanst/schemas';
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
});
