import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database, StaffOidcFlowTable } from '../../db/tables.js';

/** How long a started login waits for the provider's callback. */
export const FLOW_LIFETIME_SECONDS = 10 * 60;

/** Binds a login to the browser that started it; sent back only to the OIDC login paths. */
export const FLOW_COOKIE = 'etjanst_staff_oidc';
export const FLOW_COOKIE_PATH = '/api/staff/login/oidc';

export type StaffOidcFlow = Selectable<StaffOidcFlowTable>;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export interface NewFlow {
  provider: string;
  state: string;
  /** The flow cookie's value */
  browser: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  /** A forced re-login: the callback then requires a fresh auth_time */
  reauthentication: boolean;
}

/** Keeps a started login until its callback; clears out logins that were never finished. */
export async function saveFlow(db: Kysely<Database>, flow: NewFlow): Promise<void> {
  await db.deleteFrom('staff_oidc_flows').where('created_at', '<', new Date(Date.now() - FLOW_LIFETIME_SECONDS * 1000)).execute();
  await db
    .insertInto('staff_oidc_flows')
    .values({
      state_hash: sha256(flow.state),
      provider: flow.provider,
      browser_hash: sha256(flow.browser),
      nonce: flow.nonce,
      code_verifier: flow.codeVerifier,
      return_to: flow.returnTo,
      reauthentication: flow.reauthentication,
    })
    .execute();
}

/**
 * Takes the login with this state (DELETE … RETURNING): of two callbacks with the same state,
 * even racing ones, only one gets it. Expiry and the browser are the caller's to check, so a
 * refused callback still uses the state up.
 */
export async function takeFlow(db: Kysely<Database>, provider: string, state: string): Promise<StaffOidcFlow | undefined> {
  return db.deleteFrom('staff_oidc_flows').where('state_hash', '=', sha256(state)).where('provider', '=', provider).returningAll().executeTakeFirst();
}

export const isExpired = (flow: StaffOidcFlow, now = new Date()) => now.getTime() - flow.created_at.getTime() > FLOW_LIFETIME_SECONDS * 1000;

export const startedBy = (flow: StaffOidcFlow, browser: string | undefined) => browser !== undefined && sha256(browser) === flow.browser_hash;
