import type { Request, Response } from 'express';
import type { Kysely } from 'kysely';
import { bilingual } from '@etjanst/schemas';
import type { Database } from '../../db/tables.js';
import { Problem } from '../../problems/problem.js';
import { grantsOf } from '../accounts.js';
import { auditRefusedStaffLogin, auditStaffLogin } from '../login-audit.js';
import { accountByEId, E_ID_PROVIDER } from '../register/register.js';
import { establishStaffSession, type StaffSessionSettings } from '../sessions.js';

export const notInStaffRegister = () =>
  new Problem(
    403,
    'not-in-staff-register',
    bilingual('Du finns inte i personalregistret', 'You are not in the staff register'),
    bilingual(
      'Inloggningen lyckades, men du har ingen roll som medarbetare här. Be kommunens administratör att lägga till dig i personalregistret.',
      'The login succeeded, but you hold no staff role here. Ask the municipality’s administrator to add you to the staff register.',
    ),
  );

/** Who an e-ID proved someone to be. */
export interface EIdPerson {
  personalIdentityNumber: string;
  displayName: string;
}

/**
 * How every staff e-ID login ends (BankID here; a SAML e-ID federation the same way): the account
 * whose e-ID login is this personal identity number, if it holds any role. Nobody is provisioned
 * by an e-ID: the register (a municipality administrator) decides who is staff. An e-ID login is
 * at level of assurance 3 by construction, which case handling asks for. Both the login and its
 * refusal are in the audit log.
 */
export async function completeStaffEIdLogin(
  db: Kysely<Database>,
  settings: StaffSessionSettings,
  req: Request,
  res: Response,
  login: { person: EIdPerson; method: `e-id:${string}` },
): Promise<{ accountId: string; displayName: string }> {
  const account = await accountByEId(db, login.person.personalIdentityNumber);
  if (!account || account.disabled || (await grantsOf(db, account.id)).length === 0) {
    const refusal = notInStaffRegister();
    // the account when there is one; otherwise nobody is named (the e-ID's number is not kept)
    await auditRefusedStaffLogin(db, req, { method: login.method, code: refusal.code, account });
    throw refusal;
  }
  await db
    .updateTable('staff_logins')
    .set({ last_login_at: new Date() })
    .where('provider', '=', E_ID_PROVIDER)
    .where('subject', '=', login.person.personalIdentityNumber)
    .execute();
  await establishStaffSession(db, settings, req, res, { accountId: account.id, method: login.method });
  await auditStaffLogin(db, req, { method: login.method, account });
  return { accountId: account.id, displayName: account.displayName };
}

/** Whether an e-ID would lead to a staff session (for reporting an ended login again). */
export async function inStaffRegister(db: Kysely<Database>, personalIdentityNumber: string): Promise<boolean> {
  const account = await accountByEId(db, personalIdentityNumber);
  return account !== undefined && !account.disabled && (await grantsOf(db, account.id)).length > 0;
}
