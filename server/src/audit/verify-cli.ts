import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../config.js';
import { migrateToLatest, openDatabase } from '../db/database.js';
import { verdictText, verifyAuditChain } from './verify.js';

/**
 * npm run audit:verify
 *
 * Verifies the audit log's hash chain in the database the server uses (same configuration:
 * DATABASE_URL, or the PGlite folder DATA_DIR, which only one process may open at a time) and
 * names the first broken row. Exit code: 0 intact, 1 broken, 2 the check could not run.
 */
const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

async function main(): Promise<number> {
  const config = loadConfig(process.env, { root: repositoryRoot });
  const database = await openDatabase(config.database);
  try {
    await migrateToLatest(database.db);
    const verdict = await verifyAuditChain(database.db);
    process.stdout.write(`${verdictText(verdict)}\n`);
    return verdict.ok ? 0 : 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `audit verification could not run: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
