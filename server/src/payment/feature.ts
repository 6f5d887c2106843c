import { readFileSync } from 'node:fs';
import type { Express } from 'express';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { ConfigError } from '../config.js';
import type { Database } from '../db/tables.js';
import { PeriodicJob } from '../jobs/periodic-job.js';
import type { PaymentProvider } from './provider.js';
import { RefundService } from './refunds.js';
import { citizenPaymentRoutes, paymentCallbackRoutes, refundCallbackRoutes, refundRoutes } from './routes.js';
import { PaymentService } from './service.js';
import { SwishClient } from './swish-client.js';

/**
 * The real Swish commerce from the environment (SWISH_URL with the merchant certificate, Swish's
 * CA and our Swish number); undefined without SWISH_URL. The same client talks to the payment
 * simulator in demo mode. Missing files or values stop the start.
 */
export function productionPaymentProvider(env: NodeJS.ProcessEnv): PaymentProvider | undefined {
  if (!env.SWISH_URL) return undefined;
  const problems: string[] = [];
  const file = (name: string): string => {
    const value = env[name];
    if (!value) {
      problems.push(`${name} is required with SWISH_URL`);
      return '';
    }
    try {
      return readFileSync(value, 'utf8');
    } catch (error) {
      problems.push(`${name}: cannot read ${value} (${(error as Error).message})`);
      return '';
    }
  };
  const payeeAlias = env.SWISH_PAYEE_ALIAS ?? '';
  if (!/^\d{10}$/.test(payeeAlias)) problems.push('SWISH_PAYEE_ALIAS must be the Swish number (10 digits, 123...)');
  const ca = file('SWISH_CA_FILE');
  const credentials = env.SWISH_PFX_FILE
    ? { pfx: readFileSync(env.SWISH_PFX_FILE), passphrase: env.SWISH_PFX_PASSPHRASE ?? '' }
    : { cert: file('SWISH_CERT_FILE'), key: file('SWISH_KEY_FILE') };
  if (problems.length > 0) throw new ConfigError(problems.map((p) => `Swish: ${p}`));
  return new SwishClient({ baseUrl: env.SWISH_URL, payeeAlias, ca, ...credentials });
}

/** The housekeeping of payments: open requests and refunds asked about, unpaid submissions expired (their bookings released). */
export class PaymentExpiry extends PeriodicJob<number> {
  constructor(db: Kysely<Database>, logger: Logger, service: PaymentService, refunds: RefundService, options: { intervalMs?: number } = {}) {
    super({
      job: 'payment-expiry',
      name: 'unpaid submissions expiry',
      db,
      intervalMs: options.intervalMs ?? 60_000,
      logger,
      failed: 0,
      pass: async (now) => {
        await refunds.checkOpen(now);
        const { expired } = await service.expireUnpaid(now);
        if (expired > 0) logger.info({ submissions: expired }, 'unpaid submissions expired');
        return expired;
      },
    });
  }
}

/** Payment wired into the app: the service, its routes, and its housekeeping job (started by whoever runs the app). */
export function paymentFeature(options: { db: Kysely<Database>; logger: Logger; provider: PaymentProvider | undefined; publicUrl: string; nudgeWorker?: () => void }) {
  const service = new PaymentService(options);
  const refunds = new RefundService(options);
  return {
    service,
    refunds,
    expiry: new PaymentExpiry(options.db, options.logger, service, refunds),
    citizenRoutes: citizenPaymentRoutes(options.db, service),
    callbackRoutes: paymentCallbackRoutes(service),
    refundCallbackRoutes: refundCallbackRoutes(refunds),
    refundRoutes: refundRoutes(options.db, refunds),
  };
}

/** The app's payment expiry job (createApp makes it), for whoever runs the app to start and stop. */
export const paymentExpiryOf = (app: Express): PaymentExpiry => app.locals.paymentExpiry as PaymentExpiry;
