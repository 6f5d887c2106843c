import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AuditSealing } from '../audit/sealing.js';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { loadedSummary, loadExtensions } from '../extensions/loader.js';
import { createLogger } from '../logger.js';
import { deliverySettingsFrom, retryPolicyFrom } from './settings.js';
import { DeliveryWorker } from './worker.js';

/**
 * `npm run worker`: a delivery worker as its own process, for scale-out beside servers started
 * with DELIVERY_WORKER=false (or as well as their in-process workers). Same configuration as the
 * server; it needs PostgreSQL (DATABASE_URL), since PGlite is one process. The server migrates.
 */
const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

async function main(): Promise<void> {
  const config = loadConfig(process.env, { root: repositoryRoot });
  if (config.database.kind !== 'postgres') throw new ConfigError(['DATABASE_URL is required: a separate worker shares a PostgreSQL database with the server']);
  const logger = createLogger(config.logLevel).child({ process: 'delivery-worker' });
  // the connectors of extension packages deliver here as in the server
  const extensions = await loadExtensions(config.extensions);
  if (extensions.length > 0) logger.info(loadedSummary(extensions), 'extensions loaded');
  const database = await openDatabase(config.database, (error) => logger.warn({ err: error }, 'idle database connection lost'));
  const mail = config.mail.smtpUrl ? { smtpUrl: config.mail.smtpUrl, from: config.mail.from } : undefined;
  const worker = new DeliveryWorker({ db: database.db, logger, settings: deliverySettingsFrom(config, mail), policy: retryPolicyFrom(config), pollMs: config.delivery.pollMs, keepsProcessAlive: true }).start();
  // workers seal the audit log too, so it is sealed while any process of the installation runs
  const auditSealing = new AuditSealing(database.db, logger).start();
  logger.info({ pid: process.pid }, 'delivery worker started');
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'delivery worker stopping');
    auditSealing.stop();
    void worker.stop().then(() => database.close()).then(() => process.exit(0));
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
  process.stderr.write(`Delivery worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
