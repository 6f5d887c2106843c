import path from 'node:path';
import { parseAllowedHosts } from './delivery/outbound.js';
import { parseRateLimits, type RateLimitSettings } from './rate-limits/limits.js';
import { DEFAULT_TRUST_PROXY, parseTrustProxy, type TrustProxy } from './http/trust-proxy.js';
import { parseExtensionList } from '@etjanst/schemas';
import { DEFAULT_AUDIT_RETENTION_DAYS } from './audit/retention.js';
import { DEFAULT_RETENTION_PERIODS, type RetentionPeriods } from './retention/periods.js';
import type { DatabaseTarget } from './db/database.js';
import type { SessionSettings } from './identity/sessions.js';
import { parseStaffOidcProviders, type StaffOidcSettings } from './staff/oidc/settings.js';
import { parseStaffSamlSettings, type StaffSamlSettings } from './staff/saml/settings.js';

export interface Config {
  host: string;
  port: number;
  publicUrl: string;
  database: DatabaseTarget;
  /** A direct connection to PostgreSQL for migrations, when DATABASE_URL goes through a pooler in transaction mode (MIGRATION_DATABASE_URL) */
  migrationDatabaseUrl: string | undefined;
  /** Largest accepted JSON body, in bytes. */
  bodyLimitBytes: number;
  /** Which proxies in front may say who the client is (X-Forwarded-For), as Express's `trust proxy` (TRUST_PROXY) */
  trustProxy: TrustProxy;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Folder with the built client, served at / ; absent in API-only deployments. */
  clientDir: string | undefined;
  /** Seed demo municipalities and example e-services, and start the e-ID simulators. */
  demo: boolean;
  sessions: SessionSettings;
  /** Folder for generated keys and certificates of the demo simulators. */
  demoKeyDir: string;
  /** SMTP for receipt e-mails; without SMTP_URL none are sent (demo mode uses its mailbox simulator). */
  mail: { smtpUrl: string | undefined; from: string };
  /** Days a citizen's saved draft is kept after its last save. */
  draftTtlDays: number;
  /** Days audit log rows are kept; older ones are removed from the start of the chain (audit/retention.ts). */
  auditRetentionDays: number;
  /** How long BankID orders, unsubmitted attachments and SAML requests are kept (retention/) */
  retention: RetentionPeriods;
  /** How often draft cleanup, audit retention and the retention jobs run, installation-wide (HOUSEKEEPING_INTERVAL_SECONDS) */
  housekeepingIntervalMs: number;
  /** Largest file any attachment field takes, whatever its own maxBytes says */
  attachmentMaxBytes: number;
  /** Days co-signers have to sign after the applicant signed */
  coSignDays: number;
  /** The must-requirement checks: limits of the configurable rules and the browser scan */
  checks: {
    maxFieldsPerStep: number;
    lixThreshold: number;
    /** CHROMIUM_PATH; without it a system Chromium, else the one shipped with @sparticuz/chromium (checks/chromium.ts) */
    chromiumPath: string | undefined;
    scanBaseUrl: string;
    /** Scans waiting or running at most (CHECK_SCAN_QUEUE); one more is refused with 503 and Retry-After */
    scanQueue: number;
  };
  delivery: DeliveryConfig;
  /** Hours a rotated webhook signing secret or inbound API key still works beside the new one (SECRET_ROTATION_OVERLAP_HOURS) */
  secretRotationOverlapHours: number;
  /** Abuse limits (RATE_LIMITS, RATE_LIMIT_<NAME>) */
  rateLimits: RateLimitSettings;
  /** Packages of platform extensions to load (EXTENSIONS); the client build bundles the same list */
  extensions: string[];
  /** The local break-glass administrator's login (STAFF_LOCAL_LOGIN=off once single sign-on works) */
  staffLocalLogin: boolean;
  /** OpenID Connect providers staff log in with (STAFF_OIDC_PROVIDERS) */
  staffOidc: StaffOidcSettings;
  /** The municipalities' own SAML IdPs staff log in with (STAFF_SAML_IDPS) and the staff SP's keys */
  staffSaml: StaffSamlSettings;
}

/** Durable delivery to back-office systems (see server/src/delivery/). */
export interface DeliveryConfig {
  /** HMAC key for webhook signatures and attachment links (DELIVERY_SECRET, at least 32 characters) */
  secret: string | undefined;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  leaseMs: number;
  attemptTimeoutMs: number;
  /** How often an idle worker looks for due deliveries */
  pollMs: number;
  /** Run a delivery worker inside the server (false when only `npm run worker` processes deliver) */
  inProcessWorker: boolean;
  caseManagement: { url: string; authkey: string } | undefined;
  archiveDir: string;
  /** Internal hosts connectors may reach (OUTBOUND_ALLOWED_HOSTS); everything else must be public https */
  allowedHosts: string[];
}

/** Each browser scan keeps a core busy for seconds: ten waiting is about a minute's work on a small machine. */
export const DEFAULT_SCAN_QUEUE = 10;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const SIZE = /^(\d+)\s*(b|kb|mb)?$/i;
const UNITS = { b: 1, kb: 1024, mb: 1024 * 1024 } as const;

/**
 * Reads the configuration from the environment and checks all of it at once, so an operator
 * sees every mistake in one start instead of one per restart.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, defaults: { demo?: boolean; root?: string } = {}): Config {
  const problems: string[] = [];
  const root = defaults.root ?? process.cwd();

  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`PORT must be a port number 0-65535, got "${env.PORT}"`);

  const host = env.HOST ?? '127.0.0.1';

  let database: DatabaseTarget = { kind: 'pglite', dataDir: path.resolve(root, env.DATA_DIR ?? 'data/pglite') };
  if (env.DATABASE_URL) {
    if (!/^postgres(ql)?:\/\//.test(env.DATABASE_URL)) problems.push('DATABASE_URL must start with postgres:// or postgresql://');
    database = { kind: 'postgres', url: env.DATABASE_URL };
  } else if (env.DATA_DIR === 'memory') {
    database = { kind: 'pglite', dataDir: 'memory' };
  }

  const size = (name: string, fallback: string, max: number) => {
    const match = SIZE.exec((env[name] || fallback).trim());
    const bytes = match ? Number(match[1]) * UNITS[(match[2] ?? 'b').toLowerCase() as keyof typeof UNITS] : NaN;
    if (!match || !Number.isSafeInteger(bytes) || bytes < 1024 || bytes > max) {
      problems.push(`${name} must be a size from 1kb to ${max / UNITS.mb}mb such as 512kb or 2mb, got "${env[name]}"`);
    }
    return bytes;
  };
  const bodyLimitBytes = size('BODY_LIMIT', '1mb', 100 * UNITS.mb);
  // bytea and the size column hold at most 1 GB; a file store could take more
  const attachmentMaxBytes = size('ATTACHMENT_MAX_BYTES', '20mb', 1024 * UNITS.mb);

  const logLevel = (env.LOG_LEVEL ?? 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);

  const demoSetting = env.DEMO ?? (defaults.demo ? 'true' : 'false');
  if (!['true', 'false'].includes(demoSetting)) problems.push(`DEMO must be true or false, got "${env.DEMO}"`);

  const publicUrl = env.PUBLIC_URL ?? `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
  if (!/^https?:\/\/[^/]+/.test(publicUrl)) problems.push(`PUBLIC_URL must be an http(s) URL, got "${publicUrl}"`);

  const wholeNumber = (name: string, fallback: number, min: number, max: number, unit: string) => {
    const raw = env[name] || String(fallback);
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || value < min || value > max) problems.push(`${name} must be a whole number of ${unit}, ${min}-${max}, got "${env[name]}"`);
    return value;
  };
  const seconds = (name: string, fallback: number, min: number) => wholeNumber(name, fallback, min, 10 * 365 * 86400, 'seconds');
  const coSignDays = wholeNumber('CO_SIGN_DAYS', 14, 1, 365, 'days');
  const idleSeconds = seconds('SESSION_IDLE_SECONDS', 20 * 60, 60);
  const absoluteSeconds = seconds('SESSION_ABSOLUTE_SECONDS', 8 * 3600, 300);
  const secure = env.SECURE_COOKIES ?? 'true';
  if (!['true', 'false'].includes(secure)) problems.push(`SECURE_COOKIES must be true or false, got "${env.SECURE_COOKIES}"`);

  const smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl !== undefined && !/^smtps?:\/\/[^/?#]+/.test(smtpUrl)) problems.push(`SMTP_URL must be an smtp:// or smtps:// URL such as smtp://127.0.0.1:2525, got "${smtpUrl}"`);
  const mailFrom = env.MAIL_FROM ?? 'E-tjänstplattformen <noreply@localhost>';
  if (!/^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(mailFrom.trim())) problems.push(`MAIL_FROM must be an e-mail address, optionally with a name: "Solbacka kommun <noreply@solbacka.se>", got "${mailFrom}"`);

  // connections each process opens at most: an installation needs (instances + workers) × this at the database or its pooler
  if (database.kind === 'postgres') database = { ...database, poolSize: wholeNumber('DATABASE_POOL_SIZE', 10, 1, 500, 'connections') };
  const migrationDatabaseUrl = env.MIGRATION_DATABASE_URL || undefined;
  if (migrationDatabaseUrl !== undefined && (database.kind !== 'postgres' || !/^postgres(ql)?:\/\//.test(migrationDatabaseUrl))) {
    problems.push('MIGRATION_DATABASE_URL must be a postgres:// URL, and is used only with DATABASE_URL');
  }
  const trustProxy = parseTrustProxy(env.TRUST_PROXY ?? DEFAULT_TRUST_PROXY, problems);

  const draftTtlDays = wholeNumber('DRAFT_TTL_DAYS', 30, 1, 3650, 'days');
  const auditRetentionDays = wholeNumber('AUDIT_RETENTION_DAYS', DEFAULT_AUDIT_RETENTION_DAYS, 30, 36500, 'days');
  const retention: RetentionPeriods = {
    bankIdOrderHours: wholeNumber('BANKID_ORDER_RETENTION_HOURS', DEFAULT_RETENTION_PERIODS.bankIdOrderHours, 1, 8760, 'hours'),
    unsubmittedAttachmentDays: wholeNumber('UNSUBMITTED_ATTACHMENT_RETENTION_DAYS', DEFAULT_RETENTION_PERIODS.unsubmittedAttachmentDays, 1, 365, 'days'),
    samlRequestHours: wholeNumber('SAML_REQUEST_RETENTION_HOURS', DEFAULT_RETENTION_PERIODS.samlRequestHours, 1, 720, 'hours'),
    ratingCommentDays: wholeNumber('RATING_COMMENT_RETENTION_DAYS', DEFAULT_RETENTION_PERIODS.ratingCommentDays, 1, 3650, 'days'),
  };
  const housekeepingIntervalSeconds = wholeNumber('HOUSEKEEPING_INTERVAL_SECONDS', 3600, 1, 86400, 'seconds');

  const deliverySecret = env.DELIVERY_SECRET || undefined;
  if (deliverySecret !== undefined && deliverySecret.length < 32) problems.push('DELIVERY_SECRET must be at least 32 characters (e.g. openssl rand -base64 32)');
  const maxAttempts = wholeNumber('DELIVERY_MAX_ATTEMPTS', 20, 1, 100, 'attempts');
  const retryBaseSeconds = wholeNumber('DELIVERY_RETRY_BASE_SECONDS', 30, 1, 86400, 'seconds');
  const retryMaxSeconds = wholeNumber('DELIVERY_RETRY_MAX_SECONDS', 3600, 1, 7 * 86400, 'seconds');
  const leaseSeconds = wholeNumber('DELIVERY_LEASE_SECONDS', 300, 5, 86400, 'seconds');
  const attemptSeconds = wholeNumber('DELIVERY_ATTEMPT_TIMEOUT_SECONDS', 60, 1, 3600, 'seconds');
  if (attemptSeconds >= leaseSeconds) problems.push('DELIVERY_ATTEMPT_TIMEOUT_SECONDS must be shorter than DELIVERY_LEASE_SECONDS, or a slow attempt would be taken over while it runs');
  const secretRotationOverlapHours = wholeNumber('SECRET_ROTATION_OVERLAP_HOURS', 24, 0, 720, 'hours');
  const pollMs = wholeNumber('DELIVERY_POLL_MS', 2000, 10, 60_000, 'milliseconds');
  const deliveryWorker = env.DELIVERY_WORKER ?? 'true';
  if (!['true', 'false'].includes(deliveryWorker)) problems.push(`DELIVERY_WORKER must be true or false, got "${env.DELIVERY_WORKER}"`);
  const caseManagementUrl = env.CASE_MANAGEMENT_URL || undefined;
  if (caseManagementUrl !== undefined && !/^https?:\/\/[^/]+/.test(caseManagementUrl)) problems.push(`CASE_MANAGEMENT_URL must be an http(s) URL, got "${caseManagementUrl}"`);
  if (caseManagementUrl !== undefined && !env.CASE_MANAGEMENT_AUTHKEY) problems.push('CASE_MANAGEMENT_AUTHKEY is required with CASE_MANAGEMENT_URL');
  const allowedHosts = parseAllowedHosts(env.OUTBOUND_ALLOWED_HOSTS, problems);
  const rateLimits = parseRateLimits(env, problems);
  const maxFieldsPerStep = wholeNumber('CHECK_MAX_FIELDS_PER_STEP', 12, 1, 200, 'fields');
  const lixThreshold = wholeNumber('CHECK_LIX_THRESHOLD', 55, 10, 100, 'LIX points');
  const scanQueue = wholeNumber('CHECK_SCAN_QUEUE', DEFAULT_SCAN_QUEUE, 1, 1000, 'scans');
  // the scan's browser loads the app itself: over loopback, whatever the public address is
  const scanBaseUrl = (env.CHECK_SCAN_URL ?? `http://127.0.0.1:${port}`).replace(/\/$/, '');
  if (!/^https?:\/\/[^/]+$/.test(scanBaseUrl)) problems.push(`CHECK_SCAN_URL must be an http(s) URL without a path, got "${env.CHECK_SCAN_URL}"`);
  const extensions = parseExtensionList(env.EXTENSIONS);
  for (const name of extensions.invalid) problems.push(`EXTENSIONS must list npm package names separated by commas, got "${name}"`);
  const staffSaml = parseStaffSamlSettings(env, publicUrl, problems);

  const staffLocalLogin = env.STAFF_LOCAL_LOGIN || 'on';
  if (!['on', 'off'].includes(staffLocalLogin)) problems.push(`STAFF_LOCAL_LOGIN must be on or off, got "${env.STAFF_LOCAL_LOGIN}"`);
  const staffOidcProviders = parseStaffOidcProviders(env.STAFF_OIDC_PROVIDERS, problems);
  const staffOidcTimeoutSeconds = wholeNumber('STAFF_OIDC_TIMEOUT_SECONDS', 10, 1, 60, 'seconds');

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    host,
    port,
    publicUrl: publicUrl.replace(/\/$/, ''),
    database,
    migrationDatabaseUrl,
    bodyLimitBytes,
    trustProxy,
    logLevel,
    clientDir: env.CLIENT_DIR === '' ? undefined : path.resolve(root, env.CLIENT_DIR ?? 'client/dist'),
    demo: demoSetting === 'true',
    sessions: { idleSeconds, absoluteSeconds, secureCookies: secure === 'true' },
    demoKeyDir: path.resolve(root, env.DEMO_KEY_DIR ?? 'data/demo-keys'),
    mail: { smtpUrl, from: mailFrom.trim() },
    draftTtlDays,
    auditRetentionDays,
    retention,
    housekeepingIntervalMs: housekeepingIntervalSeconds * 1000,
    attachmentMaxBytes,
    coSignDays,
    delivery: {
      secret: deliverySecret,
      maxAttempts,
      retryBaseMs: retryBaseSeconds * 1000,
      retryMaxMs: retryMaxSeconds * 1000,
      leaseMs: leaseSeconds * 1000,
      attemptTimeoutMs: attemptSeconds * 1000,
      pollMs,
      inProcessWorker: deliveryWorker === 'true',
      caseManagement: caseManagementUrl ? { url: caseManagementUrl, authkey: env.CASE_MANAGEMENT_AUTHKEY ?? '' } : undefined,
      archiveDir: path.resolve(root, env.ARCHIVE_DIR ?? 'data/archive'),
      allowedHosts,
    },
    checks: { maxFieldsPerStep, lixThreshold, chromiumPath: env.CHROMIUM_PATH || undefined, scanBaseUrl, scanQueue },
    secretRotationOverlapHours,
    rateLimits,
    extensions: extensions.packages,
    staffLocalLogin: staffLocalLogin === 'on',
    staffOidc: { providers: staffOidcProviders, timeoutSeconds: staffOidcTimeoutSeconds },
    staffSaml,
  };
}
