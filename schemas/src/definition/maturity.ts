import type { EServiceDefinition } from './format.js';

/**
 * SKL maturity levels (0-4) of an e-service, derived from its configuration:
 * 1 a fillable form delivered to a mailbox; 2 e-ID login, so the citizen can follow the case's
 * status on Mina sidor; 3 also integrated with a case-management system that updates the status;
 * 4 also integrated with other agencies (data fetched, e.g. prefill from the population register).
 * Level 0 (information and a paper form only) is not an e-service on this platform.
 */
export type MaturityLevel = 0 | 1 | 2 | 3 | 4;

export function maturityLevel(definition: Pick<EServiceDefinition, 'access' | 'delivery' | 'prefill'>): MaturityLevel {
  if (definition.access.login !== 'eid') return 1;
  const caseManagement = definition.delivery.connectors.some((c) => c.type === 'case-management');
  if (!caseManagement) return 2;
  return definition.prefill.length > 0 ? 4 : 3;
}
