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
});
