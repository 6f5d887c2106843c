import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.js';
import { AuditRetention } from './audit/retention.js';
import { AuditSealing } from './audit/sealing.js';
import { assessmentOf, assessUnscannedVersions } from './checks/assessment.js';
import { closeSharedBrowser } from './checks/browser.js';
import { probeChromium } from './checks/chromium.js';
import { ConfigError, loadConfig } from './config.js';
import { migrateToLatest, openDatabase } from './db/database.js';
import { seedDemo } from './demo/seed.js';
import { startDemoLoginMethods } from './demo/login-methods.js';
import { startDemoPrefillSources } from './demo/prefill-sources.js';
import { startDemoPayment } from './demo/payment.js';
import { paymentExpiryOf, productionPaymentProvider } from './payment/feature.js';
import { startMail } from './demo/mail.js';
import { startDemoStaffOidc } from './demo/staff-oidc.js';
import { startDemoStaffSaml } from './demo/staff-saml.js';
import { productionLoginMethods } from './identity/production-login-methods.js';
import { createLogger } from './logger.js';
import { productionPrefillSources } from './prefill/production-sources.js';
import { CaseNotifier } from './cases/notifications.js';
import { DraftCleanup } from './drafts/cleanup.js';
import { RetentionJobs } from './retention/jobs.js';
import { StatisticsFolding } from './statistics/totals.js';
import { BookingHoldRelease } from './booking/hold-release.js';
import { scheduleOf } from './eservices/schedule.js';
import { startDelivery, withDemoConnectors } from './demo/delivery.js';
import { retryPolicyFrom } from './delivery/settings.js';
import { DeliveryWorker } from './delivery/worker.js';
import { loadedSummary, loadExtensions } from './extensions/loader.js';
import { demoLocalAdminBanner } from './staff/local-admin/demo.js';
import { localAdminLoginMethod } from './staff/local-admin/login-method.js';
import { staffOidcLoginMethod } from './staff/oidc/plugin.js';
import { staffEIdLoginMethod } from './staff/e-id/method.js';
import { bankIdClientOf } from './identity/bankid/plugin.js';
import { DEFAULT_STAFF_SESSION_SETTINGS, type StaffSessionSettings } from './staff/sessions.js';
import { staffSamlLoginMethod } from './staff/saml/plugin.js';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function main(): Promise<void> {
  const config = loadConfig(process.env, { demo: process.argv.includes('--demo'), root: repositoryRoot });
  const logger = createLogger(config.logLevel);
  // which browser the publish gate's accessibility scan will drive, found out while the rest starts
  const scanBrowser = probeChromium({ path: config.checks.chromiumPath });
  const extensions = await loadExtensions(config.extensions);
  if (extensions.length > 0) logger.info(loadedSummary(extensions), 'extensions loaded');
  const database = await openDatabase(config.database, (error) => logger.warn({ err: error }, 'idle database connection lost'));
  // the migrator holds a session-level lock, which a pooler in transaction mode cannot keep: then it migrates over a direct connection
  const migration = config.migrationDatabaseUrl ? await openDatabase({ kind: 'postgres', url: config.migrationDatabaseUrl, poolSize: 1 }) : database;
  const applied = await migrateToLatest(migration.db).finally(() => migration !== database && migration.close());
  if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
  if (config.demo) {
    const { created, offered } = await seedDemo(database.db, withDemoConnectors);
    if (created.length > 0 || offered.length > 0) logger.info({ eservices: created.length, offered }, 'demo data seeded');
  }
  const demoLogin = config.demo
    ? await startDemoLoginMethods({ db: database.db, publicUrl: config.publicUrl, sessions: config.sessions, keyDir: config.demoKeyDir })
    : undefined;
  const loginMethods = demoLogin?.plugins ?? productionLoginMethods(process.env, { db: database.db, sessions: config.sessions, publicUrl: config.publicUrl, logger });
  if (loginMethods.length === 0) logger.warn('no e-ID login method configured: e-services that require login cannot be used');
  const mail = await startMail(config);
  if (!mail.settings) logger.warn('SMTP_URL is not set: receipt e-mails go to the dead letters (replay them once it is set)');
  // before the staff logins: DELIVERY_SECRET (the demo makes one) also seals stored OIDC client secrets
  const delivery = await startDelivery(config, mail.settings);
  if (!delivery.settings.secret) logger.warn('DELIVERY_SECRET is not set: webhook connectors cannot sign and attachment links do not work');
  const staffSessions: StaffSessionSettings = { ...DEFAULT_STAFF_SESSION_SETTINGS, secureCookies: config.sessions.secureCookies };
  const staffOidc = { db: database.db, sessions: staffSessions, publicUrl: config.publicUrl, timeoutSeconds: config.staffOidc.timeoutSeconds, sealingKey: delivery.settings.secret };
  const demoStaffOidc = config.demo ? await startDemoStaffOidc({ publicUrl: config.publicUrl }) : undefined;
  const demoStaffSaml = config.demo ? await startDemoStaffSaml({ db: database.db, publicUrl: config.publicUrl, keyDir: config.demoKeyDir }) : undefined;
  // the SAML SP of the configuration, else the demo's; without one, SAML IdPs cannot be configured or stored
  const staffSp = config.staffSaml.sp ?? demoStaffSaml?.sp;
  const bankIdClient = bankIdClientOf(loginMethods);
  // the municipalities' SSO first (always OIDC, whose providers platform administrators may add at
  // any time); the break-glass administrator last, and only until it is switched off
  const staffLoginMethods = [
    staffOidcLoginMethod(staffOidc, [...config.staffOidc.providers, ...(demoStaffOidc ? [demoStaffOidc.provider] : [])]),
    ...(staffSp
      ? [staffSamlLoginMethod({ db: database.db, sessions: staffSessions, sp: { ...staffSp, baseUrl: config.publicUrl } }, [...config.staffSaml.identityProviders, ...(demoStaffSaml ? [demoStaffSaml.idp] : [])])]
      : []),
    // handlers and other staff in the register log in with their own e-ID, through the citizens' BankID relying party
    ...(bankIdClient ? [staffEIdLoginMethod({ bankId: { db: database.db, client: bankIdClient, settings: staffSessions } })] : []),
    ...(config.staffLocalLogin ? [localAdminLoginMethod(database.db, staffSessions)] : []),
  ];
  const demoPrefill = config.demo ? await startDemoPrefillSources() : undefined;
  const prefillSources = demoPrefill?.plugins ?? productionPrefillSources(process.env);
  for (const source of prefillSources) void source.check().then((health) => health.ok || logger.warn({ source: source.id, reason: health.reason }, 'prefill source not reachable'));
  const demoPayment = config.demo ? await startDemoPayment({ keyDir: config.demoKeyDir }) : undefined;
  const paymentProvider = demoPayment?.provider ?? productionPaymentProvider(process.env);
  if (!paymentProvider) logger.warn('SWISH_URL is not set: fee-carrying submissions wait unpaid until they expire');
  // sends what was queued in case_notifications before those e-mails became deliveries
  const caseNotifier = mail.settings ? new CaseNotifier({ db: database.db, mail: mail.settings, publicUrl: config.publicUrl, logger }).start() : undefined;
  // each runs once per interval however many instances run it (jobs/periodic-job.ts)
  const housekeeping = { intervalMs: config.housekeepingIntervalMs };
  const draftCleanup = new DraftCleanup(database.db, logger, housekeeping).start();
  const auditRetention = new AuditRetention(database.db, logger, { ...housekeeping, retentionDays: config.auditRetentionDays }).start();
  const auditSealing = new AuditSealing(database.db, logger).start();
  const retentionJobs = new RetentionJobs(database.db, logger, { ...housekeeping, periods: config.retention }).start();
  // keeps the statistics cheap to read: folds the counted increments into per-day totals
  const statisticsFolding = new StatisticsFolding(database.db, logger, housekeeping).start();
  const bookingHoldRelease = new BookingHoldRelease(database.db, logger).start();
  const deliveryWorker = config.delivery.inProcessWorker
    ? new DeliveryWorker({ db: database.db, logger, settings: delivery.settings, policy: retryPolicyFrom(config), pollMs: config.delivery.pollMs }).start()
    : undefined;
  if (!deliveryWorker && database.kind === 'pglite') logger.warn('DELIVERY_WORKER=false with the embedded database: nothing delivers (separate workers need PostgreSQL)');
  // printed once on the console, never logged: the demo administrator's credentials the start it is created
  const demoAdminLines = config.demo && config.staffLocalLogin ? await demoLocalAdminBanner(database.db) : [];
  const app = createApp({
    config,
    database,
    logger,
    identity: { sessions: config.sessions, loginMethods, staffSessions, staffLoginMethods },
    prefill: { sources: prefillSources },
    delivery: { settings: delivery.settings, worker: deliveryWorker },
    jobs: { draftCleanup },
    payment: { provider: paymentProvider },
  });
  const eserviceSchedule = scheduleOf(app).start();
  const paymentExpiry = paymentExpiryOf(app).start();
  const banner = (browser: Awaited<typeof scanBrowser>) => {
    if (!browser.usable) logger.warn({ browser: browser.description }, 'the accessibility scan cannot run: publishing answers 503 browser-unavailable');
    const where = database.kind === 'pglite' ? `embedded PGlite in ${config.database.kind === 'pglite' ? config.database.dataDir : ''}` : 'PostgreSQL server';
    process.stdout.write(
      [
        '',
        `  E-tjänstplattformen är igång / The e-service platform is running (${where})`,
        `  Medborgare / Citizens:   ${config.publicUrl}/`,
        `  Solbacka katalog:        ${config.publicUrl}/solbacka`,
        `  Administration:          ${config.publicUrl}/admin`,
        `  Mina sidor:              ${config.publicUrl}/mina-sidor`,
        `  Handläggning / inbox:    ${config.publicUrl}/handlaggning`,
        `  API (OpenAPI 3.1):       ${config.publicUrl}/api/openapi.json`,
        `  Health / ready:          ${config.publicUrl}/health  ${config.publicUrl}/ready`,
        `  Granskningens webbläsare / scan browser: ${browser.description}`,
        ...(demoLogin
          ? [
              `  BankID-simulator (testare / tester): ${demoLogin.testerUrls.bankid}`,
              `  SAML IdP-simulator:                   ${demoLogin.testerUrls.saml}`,
            ]
          : []),
        ...(demoStaffOidc?.howToLogIn ?? []),
        ...(demoStaffSaml?.howToLogIn ?? []),
        ...(demoPrefill ? [`  Folkbokföringssimulator / population register: ${demoPrefill.populationRegisterUrl}`] : []),
        ...(demoPayment ? [`  Swish-simulator (betalarens app / the payer's app): ${demoPayment.testerUrl}`] : []),
        ...(mail.mailboxUrl ? [`  E-postsimulator / mail sink:          ${mail.mailboxUrl}`] : []),
        ...(delivery.caseManagementUrl ? [`  Ärendehanteringssimulator / case management: ${delivery.caseManagementUrl}`] : []),
        `  Leveranser / deliveries (admin):      ${config.publicUrl}/admin/leveranser`,
        ...demoAdminLines,
        '',
      ].join('\n') + '\n',
    );
  };
  // the banner waits for the browser check (about a second; longer while the shipped browser unpacks), the server does not
  const server = app.listen(config.port, config.host, () =>
    void scanBrowser.then((browser) => {
      banner(browser);
      // the demo's accessibility statements rest on a real scan, as a published service's do
      if (config.demo && browser.usable)
        void assessUnscannedVersions(database.db, assessmentOf(app), logger).then((assessed) => assessed > 0 && logger.info({ versions: assessed }, 'demo e-services scanned for their accessibility statements'));
    }),
  );
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    draftCleanup.stop();
    auditRetention.stop();
    auditSealing.stop();
    retentionJobs.stop();
    statisticsFolding.stop();
    bookingHoldRelease.stop();
    eserviceSchedule.stop();
    paymentExpiry.stop();
    void closeSharedBrowser();
    server.close(() =>
      void Promise.all([deliveryWorker?.stop(), caseNotifier?.stop(), demoLogin?.close(), demoPrefill?.close(), demoPayment ? demoPayment.close() : paymentProvider?.close(), demoStaffOidc?.close(), demoStaffSaml?.close()])
        .then(() => Promise.all([mail.close(), delivery.close()]))
        .then(() => database.close())
        .then(() => process.exit(0)),
    );
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  process.stderr.write(`Start failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
