import type { StaffLoginMethod } from '../login-methods.js';
import { E_ID_PROVIDER } from '../register/register.js';
import { staffBankIdRoutes, type StaffBankIdDependencies } from './bankid.js';
import { staffBankIdReauthenticationRoutes } from './reauthentication.js';

/**
 * Staff login with an e-ID, through the staff register: whoever a municipality administrator
 * has given a role logs in with their personal e-ID. BankID now; a SAML e-ID federation adds its
 * routes here and ends in completeStaffEIdLogin like BankID does. A session of an e-ID login
 * proves itself again before a sensitive action with a new order of the same person.
 */
export function staffEIdLoginMethod(deps: { bankId?: StaffBankIdDependencies | undefined }): StaffLoginMethod {
  return {
    id: E_ID_PROVIDER,
    kind: 'e-id',
    name: { sv: 'E-legitimation (BankID)', en: 'e-ID (BankID)' },
    routes: deps.bankId ? [staffBankIdRoutes(deps.bankId), staffBankIdReauthenticationRoutes(deps.bankId)] : [],
  };
}
