import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/tables.js';
import { bankIdClientOf } from '../identity/bankid/plugin.js';
import type { BankIdClient } from '../identity/bankid/client.js';
import type { LoginMethodPlugin } from '../identity/login-method.js';
import { coSignerCheck } from './co-signers.js';
import { signingRoutes, type SigningDependencies } from './routes.js';
import { DEFAULT_CO_SIGN_DAYS } from './settings.js';

export interface SigningOptions {
  /** Days co-signers have after the applicant signed (CO_SIGN_DAYS); default 14 */
  coSignDays?: number;
  /** BankID client for sign orders; default the BankID login method's */
  client?: BankIdClient;
}

/**
 * Signing wired into the app: the routes (/api/me/submissions/:id/signatures) and the check that
 * refuses an applicant named as their own co-signer. The receipt e-mail goes out only once a
 * submission is 'submitted' (signed e-services: when the last signature is in, whose transaction
 * schedules it with the deliveries).
 */
export function signingFeature(options: {
  db: Kysely<Database>;
  logger: Logger;
  loginMethods: readonly LoginMethodPlugin[];
  nudgeWorker?: SigningDependencies['nudgeWorker'];
  signing?: SigningOptions | undefined;
}) {
  const coSignDays = options.signing?.coSignDays ?? DEFAULT_CO_SIGN_DAYS;
  const routes = signingRoutes({
    db: options.db,
    logger: options.logger,
    client: options.signing?.client ?? bankIdClientOf(options.loginMethods),
    coSignDays,
    nudgeWorker: options.nudgeWorker,
  });
  return { routes, coSignerCheck };
}
