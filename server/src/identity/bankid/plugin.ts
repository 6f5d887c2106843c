import type { LoginMethodPlugin } from '../login-method.js';
import { bankIdLoginRoutes, type BankIdLoginDependencies } from './routes.js';

/** BankID as a login method: /api/municipalities/:municipality/login/bankid, level of assurance 3. */
export function bankIdLoginMethod(deps: BankIdLoginDependencies): LoginMethodPlugin {
  return {
    id: 'bankid',
    kind: 'bankid',
    name: { sv: 'BankID', en: 'BankID' },
    maxLoa: 3,
    tenantRouter: { path: 'bankid', router: bankIdLoginRoutes(deps) },
  };
}
