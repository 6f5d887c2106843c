import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../db/tables.js';
import type { LoginMethodPlugin } from '../identity/login-method.js';

export interface DemoLoginMethod {
  plugin: LoginMethodPlugin;
  /** The simulator's page where a tester acts as the citizen's e-ID app or IdP */
  testerUrl: string;
  close(): Promise<void>;
}

/** The e-ID simulators of demo mode (BankID, a SAML federation IdP), wired as login methods. */
export async function startDemoLoginMethods(_config: Config, _db: Kysely<Database>): Promise<DemoLoginMethod[]> {
  return [];
}
