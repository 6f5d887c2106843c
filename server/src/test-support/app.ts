import { assessmentOf, type VersionAssessment } from '../checks/assessment.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { CheckLimits, EServiceDefinition } from '@etjanst/schemas';
import { pino } from 'pino';
import { createApp } from '../app.js';
import type { Database } from '../db/tables.js';
import type { LoginMethodPlugin } from '../identity/login-method.js';
import type { StaffLoginMethod } from '../staff/login-methods.js';
import type { PrefillSourcePlugin } from '../prefill/source.js';
import type { SessionSettings } from '../identity/sessions.js';
import { CaseNotifier } from '../cases/notifications.js';
import { seedDemo } from '../demo/seed.js';
import { unconfiguredDeliverySettings, type DeliverySettings, type RetryPolicy } from '../delivery/settings.js';
import { DeliveryWorker } from '../delivery/worker.js';
import type { OutboundPolicy } from '../delivery/outbound.js';
import type { RateLimitSettings } from '../rate-limits/limits.js';
import { scheduleOf, type EServiceSchedule } from '../eservices/schedule.js';
import { paymentExpiryOf, type PaymentExpiry } from '../payment/feature.js';
import type { PaymentProvider } from '../payment/provider.js';
import type { MailSettings } from '../mail/sender.js';
import { openTestDatabase, type TestDatabaseHandle } from './database.js';
import { allRoleGrants, signInStaff, type StaffSignIn } from './staff.js';
import { declaredRoutes, type DeclaredRoute, type RouteGroup } from '../http/route-table.js';

export interface TestApp {
  baseUrl: string;
  database: TestDatabaseHandle;
  /** Present when the app was started with mail settings */
  caseNotifier?: CaseNotifier;
  /** Present when the app was started with a delivery worker */
  deliveryWorker?: DeliveryWorker;
  /** A staff member holding every role everywhere; `call` sends as them unless given a cookie of its own */
  administrator: StaffSignIn;
  /** Every API route the app mounted, with its access policy (from its route declarations) */
  routes: DeclaredRoute[];
  /** The app's scheduled publishing and unpublishing, not started: tests run a pass with their own `now` */
  schedule: EServiceSchedule;
  /** The full check of a published version, scan included, kept with it (the demo's statements) */
  assessVersion: VersionAssessment;
  /** The app's payment expiry job, not started: tests run a pass with their own `now` */
  paymentExpiry: PaymentExpiry;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** A PostgreSQL server of the test's own to make the app's database on, whatever the test project's database */
  databaseServer?: { url: string };
  bodyLimitBytes?: number;
  /** Default: the built client, which publishing's accessibility scan renders the form with */
  clientDir?: string;
  sessions?: Partial<SessionSettings>;
  /** Plugins, or a factory for plugins that need the database or the app's own URL (SAML SP) */
  loginMethods?: LoginMethodPlugin[] | ((context: { db: Kysely<Database>; baseUrl: string }) => LoginMethodPlugin[] | Promise<LoginMethodPlugin[]>);
  /** Staff login plugins, or a factory for plugins that need the database or the app's own URL (OIDC redirect URI, SAML ACS) */
  staffLoginMethods?: StaffLoginMethod[] | ((context: { db: Kysely<Database>; baseUrl: string }) => StaffLoginMethod[] | Promise<StaffLoginMethod[]>);
  /** Prefill sources (e.g. the population register simulator's client); the app checks locked prefilled fields when given */
  prefillSources?: PrefillSourcePlugin[] | ((context: { db: Kysely<Database>; baseUrl: string }) => PrefillSourcePlugin[] | Promise<PrefillSourcePlugin[]>);
  /**
   * The SMTP server for case-news e-mails (retry timer started, stopped on close; retries are fast
   * in tests) and for the delivery worker, which sends the receipt e-mails: give `delivery` too
   */
  mail?: Partial<MailSettings> & Pick<MailSettings, 'smtpUrl'> & { retryBaseMs?: number; pollMs?: number };
  /** Delivery settings (the app's URL is the public URL; mail from `mail`) and, unless worker is false, an in-process worker polling fast */
  delivery?: { settings?: Partial<DeliverySettings>; policy?: Partial<RetryPolicy>; worker?: boolean };
  /** Limits of the configurable must-requirements other than the defaults (CHECK_MAX_FIELDS_PER_STEP, CHECK_LIX_THRESHOLD) */
  checkLimits?: Partial<CheckLimits>;
  /** The seeded municipalities' four-eyes rule; off unless given (see startTestApp) */
  fourEyes?: boolean;
  /** Abuse limits; off unless given, since tests call many times from one address */
  rateLimits?: RateLimitSettings;
  /** Browser scans waiting or running at most (CHECK_SCAN_QUEUE) */
  scanQueue?: number;
  /** The payment provider (e.g. a client of the payment simulator); without it fees cannot be paid */
  paymentProvider?: PaymentProvider;
  /**
   * Seed the templates with their fees (civil wedding, serving licence); off unless given: the
   * other features' tests submit those e-services and expect them delivered at once
   */
  fees?: boolean;
}

/** A template without its fee: submitted, it is delivered at once. */
const withoutFee = ({ payment: _fee, ...definition }: EServiceDefinition): EServiceDefinition => definition;

/** Receivers that tests start on this machine are on the allow-list, as an installation's internal systems would be. */
export const TEST_RECEIVERS_ALLOWED: OutboundPolicy = { allowedHosts: ['127.0.0.1', 'localhost'] };

/** Fast retries for tests: a few attempts, tens of milliseconds apart. */
export const TEST_RETRY_POLICY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 100, leaseMs: 30_000 };
/** The production build of the client (npm run build). */
export const BUILT_CLIENT_DIR = fileURLToPath(new URL('../../../client/dist', import.meta.url));

export const TEST_SESSION_SETTINGS: SessionSettings = { idleSeconds: 1200, absoluteSeconds: 8 * 3600, secureCookies: true };

/**
 * The real app on a free port over a fresh database, with the demo municipalities seeded. The
 * port is bound first, so login methods can be built knowing the app's URL.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await openTestDatabase(options.databaseServer);
  await seedDemo(database.db, options.fees ? undefined : withoutFee);
  // Off by default: the other features' tests publish as the one test administrator, who would
  // otherwise be refused (409 review-required); the approval tests turn it on.
  await database.db.updateTable('municipalities').set({ four_eyes: options.fourEyes ?? false }).execute();
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const loginMethods =
    typeof options.loginMethods === 'function' ? await options.loginMethods({ db: database.db, baseUrl }) : (options.loginMethods ?? []);
  const staffLoginMethods =
    typeof options.staffLoginMethods === 'function' ? await options.staffLoginMethods({ db: database.db, baseUrl }) : (options.staffLoginMethods ?? []);
  const logger = pino({ level: 'silent' });
  const prefillSources =
    typeof options.prefillSources === 'function' ? await options.prefillSources({ db: database.db, baseUrl }) : options.prefillSources;
  // case news and the delivery worker (receipts) share one SMTP server, with quick retries so tests see them
  const mailQueue = options.mail && {
    db: database.db,
    mail: { from: 'Solbacka kommun <noreply@solbacka.example.se>', ...options.mail },
    publicUrl: baseUrl,
    logger,
    retryBaseMs: options.mail.retryBaseMs ?? 200,
    pollMs: options.mail.pollMs ?? 100,
  };
  const caseNotifier = mailQueue && new CaseNotifier(mailQueue).start();
  // the tests' receivers listen on this machine, as an installation's approved internal systems would
  const deliverySettings: DeliverySettings = {
    ...unconfiguredDeliverySettings(baseUrl),
    ...(mailQueue ? { mail: mailQueue.mail } : {}),
    attemptTimeoutMs: 5000,
    outbound: TEST_RECEIVERS_ALLOWED,
    ...options.delivery?.settings,
  };
  const deliveryWorker =
    options.delivery && options.delivery.worker !== false
      ? new DeliveryWorker({ db: database.db, logger, settings: deliverySettings, policy: { ...TEST_RETRY_POLICY, ...options.delivery?.policy }, pollMs: 50 }).start()
      : undefined;
  const app = createApp({
    config: {
      bodyLimitBytes: options.bodyLimitBytes ?? 1024 * 1024,
      clientDir: options.clientDir ?? BUILT_CLIENT_DIR,
      publicUrl: baseUrl,
      checks: { ...options.checkLimits, ...(options.scanQueue ? { scanQueue: options.scanQueue } : {}) },
      ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    },
    database,
    logger,
    identity: { sessions: { ...TEST_SESSION_SETTINGS, ...options.sessions }, loginMethods, staffLoginMethods },
    prefill: prefillSources && { sources: prefillSources },
    delivery: { settings: deliverySettings, worker: deliveryWorker },
    payment: { provider: options.paymentProvider },
  });
  server.on('request', app);
  const administrator = await signInStaff(database.db, await allRoleGrants(database.db), 'Test Administratör');
  administrators.set(baseUrl, administrator);
  return {
    baseUrl,
    database,
    administrator,
    routes: declaredRoutes(app.locals.routeGroups as RouteGroup[]),
    schedule: scheduleOf(app),
    assessVersion: assessmentOf(app),
    paymentExpiry: paymentExpiryOf(app),
    ...(caseNotifier ? { caseNotifier } : {}),
    ...(deliveryWorker ? { deliveryWorker } : {}),
    close: async () => {
      administrators.delete(baseUrl);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await deliveryWorker?.stop();
      await caseNotifier?.stop();
      await database.close();
    },
  };
}

/** The administrator of each running test app, by its base URL. */
const administrators = new Map<string, StaffSignIn>();

/** Headers that make a request anonymous for `call`: no staff login is added. */
export const ANONYMOUS = { cookie: '' } as const;

/**
 * JSON request helper: returns status, headers and parsed body. A request without a cookie of
 * its own is sent as the test app's administrator (staff cookie, CSRF token, JSON), as the
 * staff pages would send it; pass ANONYMOUS, or a citizen's cookie, to send without it.
 */
export async function call(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const ownCookie = Object.keys(headers).some((name) => name.toLowerCase() === 'cookie');
  const administrator = ownCookie ? undefined : administrators.get(baseUrl);
  const staffHeaders: Record<string, string> = administrator ? { ...administrator.headers, 'content-type': 'application/json' } : {};
  const sent = { ...staffHeaders, ...headers };
  if (sent.cookie === '') delete sent.cookie;
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? sent : { 'content-type': 'application/json', ...sent },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed };
}
