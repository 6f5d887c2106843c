import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration from the environment', () => {
  it('defaults to the embedded database in the data folder, port 3000, 1 MB bodies', () => {
    const config = loadConfig({}, { root: '/srv/etjanst' });
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      database: { kind: 'pglite', dataDir: '/srv/etjanst/data/pglite' },
      bodyLimitBytes: 1024 * 1024,
      demo: false,
      publicUrl: 'http://127.0.0.1:3000',
    });
  });

  it('switches to a PostgreSQL server with DATABASE_URL and reads sizes and flags', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/etjanst', BODY_LIMIT: '512kb', DEMO: 'true', PORT: '8080', PUBLIC_URL: 'https://e.example.se/' });
    expect(config).toMatchObject({ database: { kind: 'postgres', url: 'postgres://u@db:5432/etjanst' }, bodyLimitBytes: 512 * 1024, demo: true, port: 8080, publicUrl: 'https://e.example.se' });
  });

  it('reports every mistake at once', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', BODY_LIMIT: 'huge', LOG_LEVEL: 'loud', DEMO: 'yes' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      for (const name of ['PORT', 'DATABASE_URL', 'BODY_LIMIT', 'LOG_LEVEL', 'DEMO']) expect(problems).toContain(name);
    }
  });

  it('keeps the local administrator login on unless STAFF_LOCAL_LOGIN=off', () => {
    expect(loadConfig({}).staffLocalLogin).toBe(true);
    expect(loadConfig({ STAFF_LOCAL_LOGIN: 'on' }).staffLocalLogin).toBe(true);
    expect(loadConfig({ STAFF_LOCAL_LOGIN: 'off' }).staffLocalLogin).toBe(false);
    expect(() => loadConfig({ STAFF_LOCAL_LOGIN: 'no' })).toThrow(/STAFF_LOCAL_LOGIN must be on or off/);
  });

  it('reads attachment, co-signing and draft limits, with defaults', () => {
    expect(loadConfig({})).toMatchObject({ attachmentMaxBytes: 20 * 1024 * 1024, coSignDays: 14, draftTtlDays: 30 });
    expect(loadConfig({ ATTACHMENT_MAX_BYTES: '5mb', CO_SIGN_DAYS: '30', DRAFT_TTL_DAYS: '7' })).toMatchObject({ attachmentMaxBytes: 5 * 1024 * 1024, coSignDays: 30, draftTtlDays: 7 });
    for (const [name, bad] of [['ATTACHMENT_MAX_BYTES', '2gb'], ['ATTACHMENT_MAX_BYTES', '100'], ['ATTACHMENT_MAX_BYTES', 'lots'], ['ATTACHMENT_MAX_BYTES', '-5mb'], ['CO_SIGN_DAYS', '0'], ['CO_SIGN_DAYS', '2.5'], ['CO_SIGN_DAYS', '366'], ['DRAFT_TTL_DAYS', 'two']] as const) {
      expect(() => loadConfig({ [name]: bad }), `${name}=${bad}`).toThrow(new RegExp(name));
    }
  });

  it('reads how long the audit log keeps rows: ten years unless AUDIT_RETENTION_DAYS says otherwise, at least 30 days', () => {
    expect(loadConfig({}).auditRetentionDays).toBe(3650);
    expect(loadConfig({ AUDIT_RETENTION_DAYS: '1825' }).auditRetentionDays).toBe(1825);
    for (const bad of ['29', '0', 'forever', '36501', '365.5']) expect(() => loadConfig({ AUDIT_RETENTION_DAYS: bad }), bad).toThrow(/AUDIT_RETENTION_DAYS/);
  });

  it('reads the retention periods of BankID orders, unsubmitted attachments, SAML requests and rating comments, with defaults', () => {
    expect(loadConfig({}).retention).toEqual({ bankIdOrderHours: 24, unsubmittedAttachmentDays: 7, samlRequestHours: 1, ratingCommentDays: 730 });
    expect(loadConfig({ BANKID_ORDER_RETENTION_HOURS: '48', UNSUBMITTED_ATTACHMENT_RETENTION_DAYS: '30', SAML_REQUEST_RETENTION_HOURS: '12', RATING_COMMENT_RETENTION_DAYS: '365' }).retention).toEqual({
      bankIdOrderHours: 48,
      unsubmittedAttachmentDays: 30,
      samlRequestHours: 12,
      ratingCommentDays: 365,
    });
    for (const name of ['BANKID_ORDER_RETENTION_HOURS', 'UNSUBMITTED_ATTACHMENT_RETENTION_DAYS', 'SAML_REQUEST_RETENTION_HOURS', 'RATING_COMMENT_RETENTION_DAYS']) {
      for (const bad of ['0', 'never', '1.5', '99999']) expect(() => loadConfig({ [name]: bad }), `${name}=${bad}`).toThrow(new RegExp(name));
    }
  });

  it('reads the delivery settings: retry policy, lease, worker, case management system and archive folder', () => {
    expect(loadConfig({}, { root: '/srv/etjanst' }).delivery).toEqual({
      secret: undefined,
      maxAttempts: 20,
      retryBaseMs: 30_000,
      retryMaxMs: 3_600_000,
      leaseMs: 300_000,
      attemptTimeoutMs: 60_000,
      pollMs: 2000,
      inProcessWorker: true,
      caseManagement: undefined,
      archiveDir: '/srv/etjanst/data/archive',
      allowedHosts: [],
    });
    const secret = 'x'.repeat(32);
    expect(
      loadConfig({ DELIVERY_SECRET: secret, DELIVERY_MAX_ATTEMPTS: '5', DELIVERY_WORKER: 'false', CASE_MANAGEMENT_URL: 'https://p360.example.se/sif', CASE_MANAGEMENT_AUTHKEY: 'k', ARCHIVE_DIR: '/arkiv', OUTBOUND_ALLOWED_HOSTS: 'diarium.local:8443' }).delivery,
    ).toMatchObject({ secret, maxAttempts: 5, inProcessWorker: false, caseManagement: { url: 'https://p360.example.se/sif', authkey: 'k' }, archiveDir: '/arkiv', allowedHosts: ['diarium.local:8443'] });
    for (const [env, name] of [
      [{ DELIVERY_SECRET: 'short' }, 'DELIVERY_SECRET'],
      [{ DELIVERY_MAX_ATTEMPTS: '0' }, 'DELIVERY_MAX_ATTEMPTS'],
      [{ DELIVERY_WORKER: 'yes' }, 'DELIVERY_WORKER'],
      [{ CASE_MANAGEMENT_URL: 'ftp://x' , CASE_MANAGEMENT_AUTHKEY: 'k' }, 'CASE_MANAGEMENT_URL'],
      [{ CASE_MANAGEMENT_URL: 'https://p360.example.se/sif' }, 'CASE_MANAGEMENT_AUTHKEY'],
      [{ DELIVERY_LEASE_SECONDS: '30', DELIVERY_ATTEMPT_TIMEOUT_SECONDS: '60' }, 'DELIVERY_ATTEMPT_TIMEOUT_SECONDS'],
    ] as const) {
      expect(() => loadConfig(env), name).toThrow(new RegExp(name));
    }
  });

  it('reads the must-requirement checks: limits, browser and the address the scan loads, with defaults', () => {
    expect(loadConfig({ PORT: '3109' }).checks).toEqual({ maxFieldsPerStep: 12, lixThreshold: 55, chromiumPath: undefined, scanBaseUrl: 'http://127.0.0.1:3109', scanQueue: 10 });
    expect(
      loadConfig({ CHECK_MAX_FIELDS_PER_STEP: '8', CHECK_LIX_THRESHOLD: '40', CHROMIUM_PATH: '/opt/chromium', CHECK_SCAN_URL: 'http://app.internal:8080/', HOST: '0.0.0.0', CHECK_SCAN_QUEUE: '3' }).checks,
    ).toEqual({ maxFieldsPerStep: 8, lixThreshold: 40, chromiumPath: '/opt/chromium', scanBaseUrl: 'http://app.internal:8080', scanQueue: 3 });
    for (const [name, bad] of [['CHECK_MAX_FIELDS_PER_STEP', '0'], ['CHECK_LIX_THRESHOLD', 'low'], ['CHECK_SCAN_URL', 'http://host/path'], ['CHECK_SCAN_QUEUE', '0'], ['OUTBOUND_ALLOWED_HOSTS', 'https://x/']] as const) {
      expect(() => loadConfig({ [name]: bad }), `${name}=${bad}`).toThrow(new RegExp(name));
    }
  });

  it('reads what running many instances needs: pool size, trusted proxies and the housekeeping interval', () => {
    expect(loadConfig({})).toMatchObject({ trustProxy: ['loopback'], housekeepingIntervalMs: 3600_000 });
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db/e' }).database).toEqual({ kind: 'postgres', url: 'postgres://u@db/e', poolSize: 10 });
    const config = loadConfig({ DATABASE_URL: 'postgres://u@db/e', DATABASE_POOL_SIZE: '4', TRUST_PROXY: '10.0.1.0/24, 10.0.2.7,fd00::/8', HOUSEKEEPING_INTERVAL_SECONDS: '600' });
    expect(config).toMatchObject({ database: { poolSize: 4 }, trustProxy: ['10.0.1.0/24', '10.0.2.7', 'fd00::/8'], housekeepingIntervalMs: 600_000 });
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ DATABASE_URL: 'postgres://app@pgbouncer:6432/e', MIGRATION_DATABASE_URL: 'postgres://owner@db:5432/e' }).migrationDatabaseUrl).toBe('postgres://owner@db:5432/e');
    expect(() => loadConfig({ MIGRATION_DATABASE_URL: 'postgres://owner@db:5432/e' })).toThrow(/MIGRATION_DATABASE_URL/);
    for (const [name, bad] of [['DATABASE_POOL_SIZE', '0'], ['TRUST_PROXY', 'true'], ['TRUST_PROXY', '*'], ['TRUST_PROXY', '10.0.0.0/33'], ['TRUST_PROXY', 'lb.example.se'], ['HOUSEKEEPING_INTERVAL_SECONDS', '0']] as const) {
      expect(() => loadConfig({ DATABASE_URL: 'postgres://u@db/e', [name]: bad }), `${name}=${bad}`).toThrow(new RegExp(name));
    }
  });
});
