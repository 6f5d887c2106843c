import { FORMAT_VERSION, type LocalizedText, type Topic } from '@etjanst/schemas';
import type { Definition } from './form-tree';

export interface NewEServiceFacts {
  id: string;
  title: LocalizedText;
  summary: LocalizedText;
  topic: Topic;
  municipality: string;
  department: string;
  contact: { name: string; email: string };
}

/**
 * An empty e-service: one step without fields and cautious defaults (e-ID at level 3, internal
 * classification, no signing or delivery). Not yet valid: its first field makes it saveable.
 */
export function emptyDefinition(facts: NewEServiceFacts): Definition {
  return {
    formatVersion: FORMAT_VERSION,
    id: facts.id,
    languages: ['sv', 'en'],
    catalogue: { title: facts.title, summary: facts.summary, topic: facts.topic },
    owner: { organisation: facts.municipality, department: facts.department, contact: facts.contact },
    access: { login: 'eid', levelOfAssurance: 3, companyRepresentative: false },
    personalData: { collectsPersonalData: true, classification: 'internal' },
    form: {
      schema: { type: 'object', properties: {} },
      uiSchema: {},
      texts: {},
      steps: [{ id: 'steg-1', title: { sv: 'Steg 1', en: 'Step 1' }, fields: [] }],
      fields: {},
    },
    prefill: [],
    signing: { required: false },
    receipt: { email: false, includeAnswers: false },
    delivery: { connectors: [] },
    benefit: { manualMinutesPerCase: 0, digitalMinutesPerCase: 0, costPerHourSek: 0, expectedCasesPerYear: 0 },
  };
}

/** A template (or imported definition) made this municipality's own under a new id and title. */
export function fromTemplate(template: Definition, facts: Pick<NewEServiceFacts, 'id' | 'title' | 'municipality' | 'department'>): Definition {
  const copy = structuredClone(template);
  return {
    ...copy,
    id: facts.id,
    catalogue: { ...copy.catalogue, title: facts.title },
    owner: { ...copy.owner, organisation: facts.municipality, department: facts.department },
  };
}
