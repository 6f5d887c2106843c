import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../templates/index.js';
import type { EServiceDefinition } from './format.js';
import { maturityLevel } from './maturity.js';

const byId = (id: string) => TEMPLATES.find((t) => t.id === id)!;
const eid: EServiceDefinition['access'] = { login: 'eid', levelOfAssurance: 3, companyRepresentative: false };
const caseManagement = { connectors: [{ id: 'diarium', type: 'case-management' as const, options: {} }] };
const mailbox = { connectors: [{ id: 'brevlada', type: 'email' as const, options: {} }] };
const prefill = [{ field: 'x', source: 'population-register' as const, attribute: 'givenName' as const, editable: false }];

describe('maturity level from the configuration', () => {
  it('is 1 for an anonymous form to a mailbox, whatever else it has', () => {
    expect(maturityLevel({ access: { login: 'none' }, delivery: caseManagement, prefill })).toBe(1);
  });
  it('is 2 with e-ID login but no back-office integration', () => {
    expect(maturityLevel({ access: eid, delivery: mailbox, prefill })).toBe(2);
  });
  it('is 3 with e-ID and a case-management connector, 4 when it also fetches data from another agency', () => {
    expect(maturityLevel({ access: eid, delivery: caseManagement, prefill: [] })).toBe(3);
    expect(maturityLevel({ access: eid, delivery: caseManagement, prefill })).toBe(4);
  });
  it('rates the shipped examples', () => {
    expect(maturityLevel(byId('felanmalan'))).toBe(1);
    expect(maturityLevel(byId('forskoleplats'))).toBe(4);
  });
});
