import path from 'node:path';
import { parseExtensionList } from '@etjanst/schemas';
import type { DatabaseTarget } from './db/database.js';
import type { SessionSettings } from './identity/sessions.js';

export interface Config {
  host: string;
  port: number;
  publicUrl: string;
  database: DatabaseTarget;
  /** Largest accepted JSON body, in bytes. */
  bodyLimitBytes: number;
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
  /** Largest file any attachment field takes, whatever its own maxBytes says */
  attachmentMaxBytes: number;
  /** Days co-signers have to sign after the applicant signed */
  coSignDays: number;
  /** Packages of platform extensions to load (EXTENSIONS); the client build bundles the same list */
  extensions: string[];
}

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

  const draftTtlDays = wholeNumber('DRAFT_TTL_DAYS', 30, 1, 3650, 'days');

  const extensions = parseExtensionList(env.EXTENSIONS);
  for (const name of extensions.invalid) problems.push(`EXTENSIONS must list npm package names separated by commas, got "${name}"`);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    host,
    port,
    publicUrl: publicUrl.replace(/\/$/, ''),
    database,
    bodyLimitBytes,
    logLevel,
    clientDir: env.CLIENT_DIR === '' ? undefined : path.resolve(root, env.CLIENT_DIR ?? 'client/dist'),
    demo: demoSetting === 'true',
    sessions: { idleSeconds, absoluteSeconds, secureCookies: secure === 'true' },
    demoKeyDir: path.resolve(root, env.DEMO_KEY_DIR ?? 'data/demo-keys'),
    mail: { smtpUrl, from: mailFrom.trim() },
    draftTtlDays,
    attachmentMaxBytes,
    coSignDays,
    extensions: extensions.packages,
  };
}
