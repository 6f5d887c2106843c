import { describe, expect, it } from 'vitest';
import type { EServiceDefinition } from '../definition/format.js';
import { validateDefinition } from '../definition/validate-definition.js';
import { TEMPLATES } from './index.js';
import { adoptedDefinition, shareableDefinition } from './sharing.js';

const civilWedding = TEMPLATES.find((t) => t.id === 'borgerlig-vigsel')!;

/** A definition with every municipality-specific part set: connectors with a target and a key, a theme. */
function withSecrets(template: EServiceDefinition): EServiceDefinition {
  return {
    ...structuredClone(template),
    delivery: {
      connectors: [
        { id: 'brevlada', type: 'email', options: { to: 'vigsel@solbacka.example.se' } },
        { id: 'system', type: 'acme-crm', options: { url: 'https://crm.solbacka.example.se/in', apiKey: 'hemlig-nyckel-123' } },
      ],
    },
    theme: { primary: '#005ea5' },
  };
}

describe('a shared template', () => {
  it('leaves out the connectors (naming them), the contact and feedback addresses, the department and the theme', () => {
    const original = withSecrets(civilWedding);
    const { definition, leftOut } = shareableDefinition(original);
    const text = JSON.stringify(definition);
    for (const secret of ['vigsel@solbacka.example.se', 'crm.solbacka', 'hemlig-nyckel-123', original.owner.contact.email, original.accessibility!.feedback.email, '#005ea5']) {
      expect(text).not.toContain(secret);
    }
    expect(definition.delivery.connectors).toEqual([]);
    expect(leftOut.connectors).toEqual([
      { id: 'brevlada', type: 'email' },
      { id: 'system', type: 'acme-crm' },
    ]);
    expect(definition.owner).toEqual({ organisation: original.owner.organisation, department: '', contact: { name: '', email: '' } });
    expect(definition.theme).toBeUndefined();
    // the form and the rest stay as they were, and the original is untouched
    expect(definition.form).toEqual(original.form);
    expect(definition.catalogue).toEqual(original.catalogue);
    expect(original.delivery.connectors).toHaveLength(2);
  });

  it('becomes a valid e-service of the adopting municipality, with its id, department and contact', () => {
    const { definition } = shareableDefinition(withSecrets(civilWedding));
    expect(validateDefinition(definition).valid).toBe(false);
    const adopted = adoptedDefinition(definition, {
      id: 'vigsel-ekdala',
      municipalityId: 'ekdala',
      department: 'kommunstyrelse',
      contact: { name: 'Vigselförrättarna', email: 'vigsel@ekdala.example.se', phone: '0123-456 78' },
    });
    expect(validateDefinition(adopted).valid).toBe(true);
    expect(adopted).toMatchObject({
      id: 'vigsel-ekdala',
      owner: { organisation: 'ekdala', department: 'kommunstyrelse', contact: { name: 'Vigselförrättarna', email: 'vigsel@ekdala.example.se' } },
      accessibility: { feedback: { email: 'vigsel@ekdala.example.se', phone: '0123-456 78' } },
      delivery: { connectors: [] },
    });
  });

  it('shares every shipped template without its addresses', () => {
    for (const template of TEMPLATES) {
      const { definition } = shareableDefinition(template);
      expect(JSON.stringify(definition)).not.toMatch(/@[a-z]+\.example\.se/);
    }
  });
});
