import { bilingual, type EServiceDefinition } from '@etjanst/schemas';
import { Problem } from '../problems/problem.js';
import type { CitizenSession } from './sessions.js';

/**
 * The one rule for levels of assurance: a login below what the e-service asks for gets nothing
 * personal from it (no prefill, no drafts, no uploads, no submission), with an explanation.
 */
export function requireAssurance(session: CitizenSession, definition: EServiceDefinition): void {
  if (definition.access.login !== 'eid') return;
  const required = definition.access.levelOfAssurance;
  if (session.loa >= required) return;
  throw new Problem(
    403,
    'loa-too-low',
    bilingual('Starkare inloggning krävs', 'A stronger login is required'),
    bilingual(
      `Den här e-tjänsten kräver e-legitimation med tillitsnivå ${required}. Din inloggning har nivå ${session.loa}. Logga in med till exempel BankID.`,
      `This e-service requires an e-ID at level of assurance ${required}. Your login has level ${session.loa}. Log in with, for example, BankID.`,
    ),
    { requiredLoa: required, loa: session.loa },
  );
}
