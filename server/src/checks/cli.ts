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
 * Exit codes: see USAGE; a passed check that did not run every rule (--fast) is not a pass.
 */

/** The exit codes, each one meaning: scripts tell "passed" from "passed what ran" by them. */
const EXIT = { passed: 0, failed: 1, usage: 2, couldNotRun: 3, notFullyChecked: 4 } as const;

const USAGE = `Användning / usage: npm run check -- <definition.json> [--json] [--fast] [--en] [--help]

  --json   rapporten som JSON / the report as JSON
  --fast   utan granskningen i webbläsare / without the browser scan
  --en     rapporten på engelska / the report in English

Slutkod / exit code:
  ${EXIT.passed}  godkänd, alla kontroller kördes / passed, every check ran
  ${EXIT.failed}  ett skall-krav uppfylls inte / a must rule failed
  ${EXIT.usage}  fel användning eller filen kan inte läsas / wrong use or unreadable file
  ${EXIT.couldNotRun}  kontrollen kunde inte köras / the check could not run
  ${EXIT.notFullyChecked}  inte fullständigt kontrollerad: inget skall-krav föll, men alla kontroller kördes inte (t.ex. --fast)
     not fully checked: no must rule failed, but not every check ran (e.g. --fast)`;
const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

async function main(args: string[]): Promise<number> {
  const flags = new Set(args.filter((a) => a.startsWith('--')));
  const files = args.filter((a) => !a.startsWith('--'));
  if (flags.has('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.passed;
  }
  const unknown = [...flags].filter((f) => !['--json', '--fast', '--en'].includes(f));
  if (files.length !== 1 || unknown.length > 0) {
    process.stderr.write(`${USAGE}\n`);
    return EXIT.usage;
  }
  let definition: unknown;
  try {
    definition = JSON.parse(await readFile(files[0]!, 'utf8'));
  } catch (error) {
    process.stderr.write(`Kan inte läsa / cannot read ${files[0]}: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.usage;
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
      return EXIT.couldNotRun;
    }
    process.stdout.write(flags.has('--json') ? `${JSON.stringify(body, null, 2)}\n` : `${reportText(body, flags.has('--en') ? 'en' : 'sv')}\n`);
    if (body.verdict === 'failed') return EXIT.failed;
    return body.complete ? EXIT.passed : EXIT.notFullyChecked;
  } finally {
    await closeSharedBrowser();
    await new Promise((resolve) => server.close(resolve));
    await database.close();
  }
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  // 1 means "a must rule failed": anything that stopped the check itself is 3
  process.stderr.write(`Kontrollen kunde inte köras / the check could not run: ${error instanceof Error ? error.message : String(error)}\n`);
  return EXIT.couldNotRun;
});
