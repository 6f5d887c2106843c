import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import type { TestProject } from 'vitest/node';
import { migrateToLatest } from '../server/src/db/database.js';
import { PGliteDialect } from '../server/src/db/pglite-dialect.js';
import type { Database } from '../server/src/db/tables.js';

/**
 * Global setup of the projects that open PGlite test databases: one migrated, empty database,
 * dumped to a file the test databases start as copies of (openTestDatabase). An empty PGlite takes
 * seconds to initialise; a copy of a data directory a few hundred milliseconds.
 */
export default async function makePgliteTemplate(project: TestProject): Promise<() => Promise<void>> {
  const pglite = await PGlite.create();
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  await migrateToLatest(db);
  const dump = await pglite.dumpDataDir('none');
  await db.destroy();
  const folder = await mkdtemp(path.join(tmpdir(), 'etjanst-pglite-template-'));
  const file = path.join(folder, 'migrated.tar');
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  return () => rm(folder, { recursive: true, force: true });
}
