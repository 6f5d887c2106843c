import type { Kysely } from 'kysely';
import { recordAudit } from '../../audit/audit-log.js';
import type { Database } from '../../db/tables.js';
import { findLocalAdmin, type LocalAdminRecord } from './admins.js';
import { matchingStep, openTotpSecret, verifyDecoy, verifyPassword } from './credentials.js';

/**
 * One attempt to prove being a local administrator (password and TOTP code), at login or to
 * re-authenticate: the order of checks, the growing lockout after failures, and the refusal of a
 * code whose time step was used already (RFC 6238 §5.2).
 */

/** After `maxFailures` failures in a row the login locks for baseSeconds, doubling with each further failure up to maxSeconds. */
export interface LockoutPolicy {
  maxFailures: number;
  baseSeconds: number;
  maxSeconds: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, baseSeconds: 60, maxSeconds: 3600 };

export type RefusalReason = 'unknown-user' | 'wrong-password' | 'wrong-code' | 'reused-code';

export type AttemptResult =
  | { outcome: 'success'; admin: LocalAdminRecord }
  | { outcome: 'refused'; reason: RefusalReason; admin?: LocalAdminRecord }
  | { outcome: 'locked'; admin: LocalAdminRecord; retryAfterSeconds: number }
  | { outcome: 'disabled'; admin: LocalAdminRecord };

export interface Proof {
  password: string;
  totp: string;
}

/**
 * Checks a proof for the administrator `who` names. A locked login is refused before the
 * password is looked at; an unknown username costs the same password check as a known one; a
 * disabled administrator is told so only after proving both factors.
 */
export async function attempt(db: Kysely<Database>, policy: LockoutPolicy, who: { username: string } | { accountId: string }, proof: Proof, now = Date.now()): Promise<AttemptResult> {
  const admin = await findLocalAdmin(db, who);
  if (!admin) {
    await verifyDecoy(proof.password);
    return { outcome: 'refused', reason: 'unknown-user' };
  }
  if (admin.locked_until && admin.locked_until.getTime() > now) {
    return { outcome: 'locked', admin, retryAfterSeconds: Math.ceil((admin.locked_until.getTime() - now) / 1000) };
  }
  const refused = async (reason: RefusalReason): Promise<AttemptResult> => {
    await registerFailure(db, policy, admin.id, now);
    return { outcome: 'refused', reason, admin };
  };
  if (!(await verifyPassword(admin.password_hash, proof.password))) return refused('wrong-password');
  const secret = await openTotpSecret(admin.totp_secret_sealed, admin.key_salt, proof.password, admin.id);
  const step = matchingStep(secret, proof.totp, now);
  if (step === undefined) return refused('wrong-code');
  if (admin.disabled_at || admin.account_disabled_at) return { outcome: 'disabled', admin };
  // claiming the step and checking it was unused is one statement: two requests with one code cannot both pass
  const claimed = await db
    .updateTable('local_admins')
    .set({ last_totp_step: step, failed_attempts: 0, locked_until: null, last_login_at: new Date(now) })
    .where('id', '=', admin.id)
    .where((eb) => eb.or([eb('last_totp_step', 'is', null), eb('last_totp_step', '<', step)]))
    .returning('id')
    .executeTakeFirst();
  if (!claimed) return refused('reused-code');
  return { outcome: 'success', admin };
}

async function registerFailure(db: Kysely<Database>, policy: LockoutPolicy, adminId: string, now: number): Promise<void> {
  const { failed_attempts: failures } = await db
    .updateTable('local_admins')
    .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
    .where('id', '=', adminId)
    .returning('failed_attempts')
    .executeTakeFirstOrThrow();
  if (failures < policy.maxFailures) return;
  const seconds = Math.min(policy.maxSeconds, policy.baseSeconds * 2 ** (failures - policy.maxFailures));
  await db.updateTable('local_admins').set({ locked_until: new Date(now + seconds * 1000) }).where('id', '=', adminId).execute();
}

/** Every attempt, whatever its result, goes to the audit log as an installation-level event. */
export async function auditAttempt(
  db: Kysely<Database>,
  event: { action: 'staff.local-login' | 'staff.local-reauthentication'; actor: string; username: string; result: AttemptResult; ip: string | undefined },
): Promise<void> {
  const { result } = event;
  await recordAudit(db, {
    municipalityId: null,
    actor: event.actor,
    action: event.action,
    subjectType: 'staff-account',
    // an unknown username has no account: the subject is the name that was tried
    subjectId: result.admin?.account_id ?? `local:${event.username}`,
    details: { username: event.username, outcome: result.outcome, ...(result.outcome === 'refused' ? { reason: result.reason } : {}), ip: event.ip ?? null },
  });
}
