import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.js';
import { ANONYMOUS, call, startTestApp, type TestApp } from '../../test-support/app.js';
import { DEFAULT_STAFF_SESSION_SETTINGS } from '../sessions.js';
import { attempt, DEFAULT_LOCKOUT } from './attempts.js';
import { runAdminCommand } from './commands.js';
import { currentCode, secretFromBase32 } from './credentials.js';
import { localAdminLoginMethod } from './login-method.js';

const cliPath = fileURLToPath(new URL('../../../dist/staff/local-admin/cli.js', import.meta.url));

/** What `create` and `reset` show once. */
function shown(output: string) {
  const password = /Lösenord \/ password:\s+(\S+)/.exec(output)?.[1];
  const base32 = /TOTP-hemlighet \/ secret:\s+(\S+)/.exec(output)?.[1];
  const uri = /otpauth-URI:\s+(\S+)/.exec(output)?.[1];
  if (!password || !base32 || !uri) throw new Error(`no credentials in:\n${output}`);
  return { password, base32, uri };
}
const codeOf = (base32: string, steps = 0) => currentCode(secretFromBase32(base32)!, Date.now() + steps * 30_000);

describe('npm run admin -- <command>', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ staffLoginMethods: ({ db }) => [localAdminLoginMethod(db, { ...DEFAULT_STAFF_SESSION_SETTINGS, secureCookies: true })] });
  });
  afterAll(async () => app?.close());

  /** Runs a command in this process against the test database, as the CLI runs it against the installation's. */
  async function admin(args: string[], stdin = '') {
    const out: string[] = [];
    const err: string[] = [];
    const exitCode = await runAdminCommand(args, {
      database: async () => ({ db: app.database.db, close: async () => {} }),
      out: (text) => out.push(text),
      err: (text) => err.push(text),
      readLine: async () => stdin,
      actor: 'cli:tester',
    });
    return { exitCode, out: out.join(''), err: err.join('') };
  }
  const login = (username: string, password: string, totp: string) => call(app.baseUrl, 'POST', '/api/staff/login/local', { username, password, totp }, ANONYMOUS);

  it('creates an administrator, showing password and TOTP secret once, that can log in as platform administrator', async () => {
    const created = await admin(['create', '--username', 'Kim', '--name', 'Kim Andersson', '--email', 'kim@solbacka.example.se']);
    expect(created.exitCode).toBe(0);
    const { password, base32, uri } = shown(created.out);
    expect(password).toMatch(/^[A-Za-z2-9]{6}(-[A-Za-z2-9]{6}){3}$/);
    expect(uri).toBe(`otpauth://totp/E-tj%C3%A4nstplattformen:kim?issuer=E-tj%C3%A4nstplattformen&secret=${base32}&algorithm=SHA1&digits=6&period=30`);
    expect(created.out).toContain('visas bara nu och sparas inte i klartext');
    const response = await login('kim', password, codeOf(base32));
    expect(response).toMatchObject({ status: 200, body: { displayName: 'Kim Andersson', email: 'kim@solbacka.example.se', grants: [{ role: 'platform-admin' }] } });

    const audit = await app.database.db.selectFrom('audit_log').select(['actor', 'municipality_id']).where('action', '=', 'local-admin.created').where('subject_id', '=', response.body.accountId).execute();
    expect(audit).toEqual([{ actor: 'cli:tester', municipality_id: null }]);
  });

  it('refuses a second administrator of the same name and bad input, in Swedish and English', async () => {
    expect((await admin(['create', '--username', 'twice', '--name', 'Två Gånger'])).exitCode).toBe(0);
    expect(await admin(['create', '--username', 'twice', '--name', 'Två Gånger'])).toMatchObject({ exitCode: 1, err: expect.stringMatching(/finns redan[\s\S]*exists already/) });
    expect(await admin(['create', '--username', 'ö', '--name', 'X'])).toMatchObject({ exitCode: 1, err: expect.stringMatching(/Användarnamnet[\s\S]*The username/) });
    expect(await admin(['create', '--username', 'mail', '--name', 'X', '--email', 'not-mail'])).toMatchObject({ exitCode: 1, err: expect.stringContaining('is not an e-mail address') });
    expect(await admin(['reset', '--username', 'nobody'])).toMatchObject({ exitCode: 1, err: expect.stringMatching(/finns inte[\s\S]*does not exist/) });
    for (const wrongUse of [[], ['create', '--username', 'x'], ['list', '--username', 'x'], ['remove', '--username', 'x'], ['list', 'extra'], ['create', '--user', 'x', '--name', 'y']]) {
      expect(await admin(wrongUse), wrongUse.join(' ')).toMatchObject({ exitCode: 2, err: expect.stringContaining('Användning / usage') });
    }
  });

  it('resets (new credentials, unlocked, old ones refused), disables, enables and lists', async () => {
    const first = shown((await admin(['create', '--username', 'cycle', '--name', 'Cykel Admin'])).out);
    await app.database.db.updateTable('local_admins').set({ failed_attempts: 9, locked_until: new Date(Date.now() + 3600_000) }).where('username', '=', 'cycle').execute();
    expect((await admin(['list'])).out).toMatch(/cycle\tCykel Admin\tpåslagen \/ enabled, spärrad till \/ locked until /);

    const reset = await admin(['reset', '--username', 'cycle']);
    expect(reset.exitCode).toBe(0);
    const second = shown(reset.out);
    expect(second.password).not.toBe(first.password);
    expect(second.base32).not.toBe(first.base32);
    expect((await login('cycle', first.password, codeOf(first.base32))).status).toBe(401);
    expect((await login('cycle', second.password, codeOf(second.base32))).status).toBe(200);

    expect(await admin(['disable', '--username', 'cycle'])).toMatchObject({ exitCode: 0, out: expect.stringContaining('cycle är avstängd') });
    expect((await admin(['list'])).out).toMatch(/cycle\tCykel Admin\tavstängd \/ disabled\tsenast inloggad \/ last login: \d{4}-/);
    expect((await login('cycle', second.password, codeOf(second.base32, 1))).status).toBe(403);
    expect(await admin(['enable', '--username', 'cycle'])).toMatchObject({ exitCode: 0, out: expect.stringContaining('cycle is enabled') });
    expect((await login('cycle', second.password, codeOf(second.base32, 1))).status).toBe(200);
    const actions = await app.database.db.selectFrom('audit_log').select('action').where('action', 'like', 'local-admin.%').where(sql<string>`details ->> 'username'`, '=', 'cycle').orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(['local-admin.created', 'local-admin.reset', 'local-admin.disabled', 'local-admin.enabled']);
  });

  it('shows the current code of a secret, as an authenticator app does, reading it from stdin', async () => {
    const { base32 } = shown((await admin(['create', '--username', 'coder', '--name', 'Kod Admin'])).out);
    const fromStdin = await admin(['code'], `${base32}\n`);
    expect(fromStdin.exitCode).toBe(0);
    expect([codeOf(base32, -1), codeOf(base32)]).toContain(fromStdin.out.trim());
    expect((await admin(['code', '--secret', base32.toLowerCase()])).out.trim()).toMatch(/^\d{6}$/);
    expect(await admin(['code', '--secret', 'not a secret'])).toMatchObject({ exitCode: 1, err: expect.stringContaining('base32') });
  });

  describe('the real command', () => {
    let folder: string;
    let fakeServer: Server | undefined;
    beforeAll(async () => {
      folder = await mkdtemp(path.join(tmpdir(), 'local-admin-cli-'));
    });
    afterAll(async () => {
      await new Promise((resolve) => (fakeServer ? fakeServer.close(resolve) : resolve(undefined)));
      await rm(folder, { recursive: true, force: true });
    });

    /** The test's PostgreSQL database when there is one, otherwise an embedded database in a folder; port 0: no server to ask. */
    const target = () => (app.database.url ? { DATABASE_URL: app.database.url } : { DATABASE_URL: '', DATA_DIR: folder });
    const run = (args: string[], env: Record<string, string> = {}, stdin?: string) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        const child = execFile(process.execPath, [cliPath, ...args], { env: { ...process.env, PORT: '0', ...target(), ...env } }, (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        );
        child.stdin?.end(stdin ?? '');
      });

    // a new embedded database is made and migrated by the command: slow on a busy machine
    it('creates an administrator in the configured database, prints codes, and exits non-zero on wrong use', { timeout: 240_000 }, async () => {
      const created = await run(['create', '--username', 'spawned', '--name', 'Spawned Admin']);
      expect(created, created.stderr).toMatchObject({ code: 0 });
      const { password, base32 } = shown(created.stdout);
      // the QR code of the otpauth URI for an authenticator app
      expect(created.stdout).toMatch(/[▀▄█]{10}/);

      const database = app.database.url ? undefined : await openDatabase({ kind: 'pglite', dataDir: folder });
      try {
        const result = await attempt((database ?? app.database).db, DEFAULT_LOCKOUT, { username: 'spawned' }, { password, totp: codeOf(base32) });
        expect(result.outcome).toBe('success');
      } finally {
        await database?.close();
      }

      const code = await run(['code'], {}, `${base32}\n`);
      expect(code.code).toBe(0);
      expect([codeOf(base32, -1), codeOf(base32)]).toContain(code.stdout.trim());
      expect(await run(['frobnicate'])).toMatchObject({ code: 2, stderr: expect.stringContaining('Användning / usage') });
      expect(await run(['list'], { STAFF_LOCAL_LOGIN: 'maybe' })).toMatchObject({ code: 78, stderr: expect.stringContaining('STAFF_LOCAL_LOGIN must be on or off') });
    });

    it('refuses to open the embedded database while a server on the configured port uses one', { timeout: 60_000 }, async () => {
      fakeServer = createServer((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ status: 'ready', database: 'pglite' })));
      await new Promise<void>((resolve) => fakeServer!.listen(0, '127.0.0.1', resolve));
      const port = String((fakeServer.address() as AddressInfo).port);
      const refused = await run(['list'], { PORT: port, DATABASE_URL: '', DATA_DIR: folder });
      expect(refused).toMatchObject({ code: 3, stderr: expect.stringMatching(/Stoppa servern[\s\S]*Stop the server/) });
    });
  });
});
