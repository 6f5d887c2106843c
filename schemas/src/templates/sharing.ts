import type { DeliveryConnector, EServiceDefinition } from '../definition/format.js';

/**
 * Sharing an e-service with the other municipalities of the installation (the template library).
 * What one municipality offers is its published definition less everything that belongs to that
 * municipality or installation: where cases go (connectors with their targets, mailboxes, case
 * types and whatever an extension's connector keeps in its options), who answers questions, where
 * accessibility problems are reported, and its colours. The adopter puts in its own.
 */

/** What sharing left out, for the adopter to set up again. */
export interface LeftOutOfTemplate {
  /** The connectors the origin delivered to, by id and type (their options are not shared) */
  connectors: Pick<DeliveryConnector, 'id' | 'type'>[];
}

export interface ShareableTemplate {
  definition: EServiceDefinition;
  leftOut: LeftOutOfTemplate;
}

/**
 * The definition as another municipality may see it: no connectors (their options name targets
 * and may hold keys), no contact or feedback addresses, no department, no theme. The blanked
 * parts keep their shape, so the definition stays comparable version by version, but it is not
 * valid until adoptedDefinition fills them in.
 */
export function shareableDefinition(definition: EServiceDefinition): ShareableTemplate {
  const { theme: _theme, ...shared } = structuredClone(definition);
  const leftOut = { connectors: definition.delivery.connectors.map(({ id, type }) => ({ id, type })) };
  return {
    definition: {
      ...shared,
      owner: { organisation: definition.owner.organisation, department: '', contact: { name: '', email: '' } },
      delivery: { connectors: [] },
      ...(shared.accessibility ? { accessibility: { ...shared.accessibility, feedback: { email: '' } } } : {}),
    },
    leftOut,
  };
}

/** What the adopting municipality puts in place of what sharing left out. */
export interface AdoptionFacts {
  id: string;
  municipalityId: string;
  department: string;
  contact: EServiceDefinition['owner']['contact'];
}

/**
 * A shared template made the adopter's own e-service: its id, owner and contact, and the contact's
 * address as the accessibility feedback address (the statement needs one; the designer changes it).
 */
export function adoptedDefinition(template: EServiceDefinition, facts: AdoptionFacts): EServiceDefinition {
  const copy = structuredClone(template);
  const feedback = { email: facts.contact.email, ...(facts.contact.phone ? { phone: facts.contact.phone } : {}) };
  return {
    ...copy,
    id: facts.id,
    owner: { organisation: facts.municipalityId, department: facts.department, contact: { ...facts.contact } },
    ...(copy.accessibility ? { accessibility: { ...copy.accessibility, feedback } } : {}),
  };
}
