import type { LoginMethodPlugin } from '../login-method.js';
import type { BankIdClient } from './client.js';
import { bankIdLoginRoutes, type BankIdLoginDependencies } from './routes.js';

/** The BankID login method; it carries its client so BankID signing can use the same connection. */
export type BankIdLoginMethod = LoginMethodPlugin & { kind: 'bankid'; bankIdClient: BankIdClient };

/** BankID as a login method: /api/municipalities/:municipality/login/bankid, level of assurance 3. */
export function bankIdLoginMethod(deps: BankIdLoginDependencies): BankIdLoginMethod {
  return {
    id: 'bankid',
    kind: 'bankid',
    name: { sv: 'BankID', en: 'BankID' },
    maxLoa: 3,
    tenantRoutes: { path: 'bankid', routes: bankIdLoginRoutes(deps) },
    bankIdClient: deps.client,
  };
}

/** The BankID client of the configured BankID login, if there is one (for signing). */
export function bankIdClientOf(methods: readonly LoginMethodPlugin[]): BankIdClient | undefined {
  const method = methods.find((m): m is BankIdLoginMethod => m.kind === 'bankid' && 'bankIdClient' in m);
  return method?.bankIdClient;
}
