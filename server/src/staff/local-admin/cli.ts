import { userInfo } from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { fileURLToPath } from 'node:url';
import { bilingual } from '@etjanst/schemas';
import { ConfigError, loadConfig, type Config } from '../../config.js';
import { migrateToLatest, openDatabase } from '../../db/database.js';
import { runAdminCommand } from './commands.js';

/**
 * npm run admin -- <command>: the local break-glass administrator, on the installation's own
 * database (DATABASE_URL, or the embedded database's folder), configured as the server is.
 * Exit codes: 0 done, 1 refused, 2 wrong use, 3 could not run, 78 configuration error.
 */

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

class CannotRun extends Error {}

/**
 * The embedded database takes one process at a time: two on one folder corrupt it. A server
 * answering on the configured port with the embedded database is taken to be using this folder.
 */
async function refuseWhileServerRuns(config: Config): Promise<void> {
  if (config.database.kind !== 'pglite') return;
  if (config.database.dataDir === 'memory') {
    const message = bilingual('DATA_DIR=memory: inget som kommandot gör skulle sparas.', 'DATA_DIR=memory: nothing the command does would be kept.');
    throw new CannotRun(`${message.sv}\n${message.en}`);
  }
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const ready = await fetch(`http://${host.includes(':') ? `[${host}]` : host}:${config.port}/ready`, { signal: AbortSignal.timeout(1000) })
    .then((response) => response.json() as Promise<{ database?: string }>)
    .catch(() => undefined);
  if (ready?.database === 'pglite') {
    const message = bilingual(
      `Servern kör på port ${config.port} med den inbyggda databasen, som bara en process åt gången kan använda. Stoppa servern och kör kommandot igen.`,
      `The server is running on port ${config.port} with the embedded database, which only one process at a time can use. Stop the server and run the command again.`,
    );
    throw new CannotRun(`${message.sv}\n${message.en}`);
  }
}

async function main(args: string[]): Promise<number> {
  const config = loadConfig(process.env, { root: repositoryRoot });
  return runAdminCommand(args, {
    database: async () => {
      await refuseWhileServerRuns(config);
      const handle = await openDatabase(config.database);
      await migrateToLatest(handle.db);
      return handle;
    },
    out: (output) => process.stdout.write(output),
    err: (output) => process.stderr.write(output),
    readLine: async () => (await text(process.stdin)).split('\n')[0] ?? '',
    actor: `cli:${safeUserName()}`,
  });
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown'; // no entry for the process's user (some containers)
  }
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    return 78;
  }
  const reason = error instanceof CannotRun ? error.message : `Kommandot kunde inte köras / the command could not run: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`${reason}\n`);
  return 3;
});
