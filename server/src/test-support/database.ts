import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../db/database.js';

/**
 * A migrated, empty database for one test file: in-memory PGlite, or, when the test project
 * sets TEST_DATABASE=postgres or a server is given, a fresh database on that PostgreSQL server
 * that is dropped after.
 */
declare module 'vitest' {
  interface ProvidedContext {
    /** Path of a dump of a migrated, empty PGlite data directory (absent: each test database is made empty and migrated) */
    pgliteTemplate?: string;
  }
}

export type TestDatabaseHandle = DatabaseHandle & {
  /** The PostgreSQL database's URL, for other processes (e.g. delivery workers) to share it; absent on PGlite */
  url?: string;
};

export async function openTestDatabase(server?: { url: string }): Promise<TestDatabaseHandle> {
  if (!server && process.env.TEST_DATABASE !== 'postgres') {
    // a copy of the migrated template the test run made (test/pglite-template.ts) opens in a tenth
    // of the time an empty PGlite takes to initialise; migrating it is then a no-op
    const template = inject('pgliteTemplate');
    const handle = await openDatabase({ kind: 'pglite', dataDir: 'memory', ...(template ? { copyOf: new Blob([await readFile(template)]) } : {}) });
    await migrateToLatest(handle.db);
    return handle;
  }
  const serverUrl = server?.url ?? process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('TEST_DATABASE=postgres needs TEST_DATABASE_URL');
  const name = `etjanst_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient(serverUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: 'postgres', url: url.toString() });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    url: url.toString(),
    close: async () => {
      await handle.close();
      await withAdminClient(serverUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}

async function withAdminClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
