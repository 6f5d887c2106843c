import type { Request } from 'express';
import type { Kysely } from 'kysely';
import type { RoleGrant } from '@etjanst/schemas';
import { recordAudit } from '../audit/audit-log.js';
import type { Database } from '../db/tables.js';
import type { StaffAccount } from './accounts.js';
import { accountActor } from './sessions.js';

/**
 * Staff logins through single sign-on and e-ID in the audit log, as installation events: who
 * logged in and with which group roles, and every refused answer with its reason. The reason
 * is the check that failed (a message of the SAML or OIDC library), never the answer itself:
 * no token, assertion, code or secret is kept.
 */

const MAX_REASON = 300;

export async function auditStaffLogin(db: Kysely<Database>, req: Request, login: { method: string; account: StaffAccount; groupGrants?: RoleGrant[] }): Promise<void> {
  await recordAudit(db, {
    municipalityId: null,
    actor: accountActor(login.account),
    action: 'staff.logged-in',
    subjectType: 'staff-account',
    subjectId: login.account.id,
    details: { method: login.method, ...(login.groupGrants ? { groupGrants: login.groupGrants } : {}), ip: req.ip ?? null },
  });
}

/**
 * The check that failed, in the words of the library that made it: openid-client wraps the
 * oauth4webapi error that names the claim (whose own cause also carries the token's claims,
 * which are not taken).
 */
function reasonOf(cause: unknown): string | undefined {
  let error = cause instanceof Error ? cause : undefined;
  while (error?.cause instanceof Error) error = error.cause;
  return error?.message.slice(0, MAX_REASON);
}

/** A refused login: `code` is the refusal page's problem code; the account when the person was already known (a disabled account). */
export async function auditRefusedStaffLogin(
  db: Kysely<Database>,
  req: Request,
  refusal: { method: string; code: string; cause?: unknown; account?: StaffAccount | undefined },
): Promise<void> {
  const reason = reasonOf(refusal.cause);
  await recordAudit(db, {
    municipalityId: null,
    actor: refusal.account ? accountActor(refusal.account) : 'anonymous',
    action: 'staff.login-refused',
    subjectType: refusal.account ? 'staff-account' : 'identity-provider',
    subjectId: refusal.account?.id ?? refusal.method,
    details: { method: refusal.method, code: refusal.code, ...(reason ? { reason } : {}), ip: req.ip ?? null },
  });
}

/**
 * A staff logout, as an installation event: the person's own (`singleLogout`: the browser was
 * sent on to end the identity provider's session too), or the identity provider's LogoutRequest
 * ending the session (`initiatedBy: 'identity-provider'`).
 */
export async function auditStaffLogout(
  db: Kysely<Database>,
  req: Request,
  logout: { account: Pick<StaffAccount, 'id' | 'displayName'>; method: string; singleLogout?: boolean; initiatedBy?: 'identity-provider' },
): Promise<void> {
  await recordAudit(db, {
    municipalityId: null,
    // the person logged out, here or at their identity provider
    actor: accountActor(logout.account),
    action: 'staff.logged-out',
    subjectType: 'staff-account',
    subjectId: logout.account.id,
    details: {
      method: logout.method,
      ...(logout.singleLogout !== undefined ? { singleLogout: logout.singleLogout } : {}),
      ...(logout.initiatedBy ? { initiatedBy: logout.initiatedBy } : {}),
      ip: req.ip ?? null,
    },
  });
}

/** A logout message from an identity provider that was refused (forged, unknown, replayed), with the failed check. */
export async function auditRefusedStaffLogout(db: Kysely<Database>, req: Request, refusal: { method: string; code: string; cause?: unknown }): Promise<void> {
  const reason = reasonOf(refusal.cause);
  await recordAudit(db, {
    municipalityId: null,
    actor: 'anonymous',
    action: 'staff.logout-refused',
    subjectType: 'identity-provider',
    subjectId: refusal.method,
    details: { method: refusal.method, code: refusal.code, ...(reason ? { reason } : {}), ip: req.ip ?? null },
  });
}
