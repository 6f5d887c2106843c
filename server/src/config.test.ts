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

  it('reads attachment, co-signing and draft limits, with defaults', () => {
    expect(loadConfig({})).toMatchObject({ attachmentMaxBytes: 20 * 1024 * 1024, coSignDays: 14, draftTtlDays: 30 });
    expect(loadConfig({ ATTACHMENT_MAX_BYTES: '5mb', CO_SIGN_DAYS: '30', DRAFT_TTL_DAYS: '7' })).toMatchObject({ attachmentMaxBytes: 5 * 1024 * 1024, coSignDays: 30, draftTtlDays: 7 });
    for (const [name, bad] of [['ATTACHMENT_MAX_BYTES', '2gb'], ['ATTACHMENT_MAX_BYTES', '100'], ['ATTACHMENT_MAX_BYTES', 'lots'], ['ATTACHMENT_MAX_BYTES', '-5mb'], ['CO_SIGN_DAYS', '0'], ['CO_SIGN_DAYS', '2.5'], ['CO_SIGN_DAYS', '366'], ['DRAFT_TTL_DAYS', 'two']] as const) {
      expect(() => loadConfig({ [name]: bad }), `${name}=${bad}`).toThrow(new RegExp(name));
    }
  });

  it('reads the must-requirement checks: limits, browser and the address the scan loads, with defaults', () => {
    expect(loadConfig({ PORT: '3109' }).checks).toEqual({ maxFieldsPerStep: 12, lixThreshold: 55, chromiumPath: '/usr/bin/chromium', scanBaseUrl: 'http://127.0.0.1:3109' });
    expect(
      loadConfig({ CHECK_MAX_FIELDS_PER_STEP: '8', CHECK_LIX_THRESHOLD: '40', CHROMIUM_PATH: '/opt/chromium', CHECK_SCAN_URL: 'http://app.internal:8080/', HOST: '0.0.0.0' }).checks,
    ).toEqual({ maxFieldsPerStep: 8, lixThreshold: 40, chromiumPath: '/opt/chromium', scanBaseUrl: 'http://app.internal:8080' });
    for (const [name, bad] of [['CHECK_MAX_FIELDS_PER_STEP', '0'], ['CHECK_LIX_THRESHOLD', 'low'], ['CHECK_SCAN_URL', 'http://host/path']] as const) {
      expect(() => loadConfig({ [name]: bad }), `${name}=${bad}`).toThrow(new RegExp(name));
    }
  });
});
