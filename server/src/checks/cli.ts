import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { reportText, type CheckReport } from '@etjanst/schemas';
import { createApp } from '../app.js';
import { openServiceSession } from '../staff/service-session.js';
import { DEFAULT_STAFF_SESSION_SETTINGS } from '../staff/sessions.js';
import { loadConfig } from '../config.js';
import { migrateToLatest, openDatabase } from '../db/database.js';
import { loadExtensions } from '../extensions/loader.js';
import { closeSharedBrowser } from './browser.js';

/**
 * npm run check -- <definition.json> [--json] [--fast] [--en]
 *
 * Checks an e-service definition (a vendor's delivery, before import) against the technical
 * must-requirements. It starts the platform's own app in this process (throw-away database,
 * the built client) and asks it POST /api/checks, so the verdict is the publish gate's.
 * Exit code: 0 passed, 1 a must rule failed, 2 wrong use or unreadable file, 3 the check could not run.
 */

const USAGE = 'Användning / usage: npm run check -- <definition.json> [--json] [--fast] [--en]';
const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

async function main(args: string[]): Promise<number> {
  const flags = new Set(args.filter((a) => a.startsWith('--')));
  const files = args.filter((a) => !a.startsWith('--'));
  const unknown = [...flags].filter((f) => !['--json', '--fast', '--en'].includes(f));
  if (files.length !== 1 || unknown.length > 0) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let definition: unknown;
  try {
    definition = JSON.parse(await readFile(files[0]!, 'utf8'));
  } catch (error) {
    process.stderr.write(`Kan inte läsa / cannot read ${files[0]}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const config = loadConfig({ ...process.env, PORT: '0', DATA_DIR: 'memory', DATABASE_URL: '' }, { root: repositoryRoot });
  // the extensions the platform runs with: their formats compile in the form, as at the publish gate
  await loadExtensions(config.extensions);
  const database = await openDatabase({ kind: 'pglite', dataDir: 'memory' });
  const server = createServer();
  try {
    await migrateToLatest(database.db);
    server.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const app = createApp({
      config: { ...config, publicUrl: baseUrl, checks: { ...config.checks, scanBaseUrl: baseUrl }, bodyLimitBytes: Math.max(config.bodyLimitBytes, 10 * 1024 * 1024) },
      database,
      logger: pino({ level: 'silent' }),
      identity: { sessions: config.sessions, loginMethods: [] },
    });
    server.on('request', app);
    // checking is staff work: the CLI acts as a platform administrator of its own throw-away database
    const checker = await openServiceSession(
      database.db,
      { ...DEFAULT_STAFF_SESSION_SETTINGS, secureCookies: false },
      [{ role: 'platform-admin', municipalityId: null, departmentId: null }],
      { displayName: 'npm run check', provider: 'check-cli' },
    );
    const response = await fetch(`${baseUrl}/api/checks${flags.has('--fast') ? '?scan=false' : ''}`, {
      method: 'POST',
      headers: { ...checker.headers, 'content-type': 'application/json', 'accept-language': flags.has('--en') ? 'en' : 'sv' },
      body: JSON.stringify(definition),
    });
    const body = (await response.json()) as CheckReport & { detail?: string };
    if (!response.ok) {
      process.stderr.write(`${body.detail ?? response.statusText}\n`);
      return 3;
    }
    process.stdout.write(flags.has('--json') ? `${JSON.stringify(body, null, 2)}\n` : `${reportText(body, flags.has('--en') ? 'en' : 'sv')}\n`);
    return body.verdict === 'passed' ? 0 : 1;
  } finally {
    await closeSharedBrowser();
    await new Promise((resolve) => server.close(resolve));
    await database.close();
  }
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  // 1 means "a must rule failed": anything that stopped the check itself is 3
  process.stderr.write(`Kontrollen kunde inte köras / the check could not run: ${error instanceof Error ? error.message : String(error)}\n`);
  return 3;
});
