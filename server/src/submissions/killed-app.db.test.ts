import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../demo/seed.js';
import { FAULT_REPORT_ANSWERS } from '../delivery/test-eservices.js';
import { openTestDatabase, type TestDatabaseHandle } from '../test-support/database.js';
import { until } from '../test-support/wait.js';

/**
 * The fault test of Idempotency-Key: the real built app (node server/dist/main.js) takes many
 * concurrent submissions, each with its own key, and is killed with SIGKILL in the middle. A new
 * process starts on the same database; every request whose answer was lost (or was not 201) is
 * sent again with its key, and every acknowledged one too. Each key must have made exactly one
 * submission, and each acknowledged key must get its first receipt again. PGlite is one process
 * that the app would hold alone, so this runs only against PostgreSQL (TEST_DATABASE=postgres).
 */
const onPostgres = process.env.TEST_DATABASE === 'postgres';
const appMain = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const SUBMISSIONS = 120;
const IN_FLIGHT = 12;
const KILL_AFTER = 30;
const submitPath = '/api/municipalities/solbacka/eservices/felanmalan/versions/1/submissions';


async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Answer {
  status: number;
  replayed: boolean;
  body: { submissionId?: string; receiptNumber?: string } & Record<string, unknown>;
}

/** Submission `i`: its own answers (the location names it) under its own key. */
const request = (i: number) => ({ key: `"killed-app-${i}-${crypto.randomUUID()}"`, body: JSON.stringify({ answers: { ...FAULT_REPORT_ANSWERS, location: `Storgatan ${i}` }, language: 'sv' }) });

async function send(baseUrl: string, sent: { key: string; body: string }): Promise<Answer> {
  const response = await fetch(`${baseUrl}${submitPath}`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': sent.key }, body: sent.body });
  return { status: response.status, replayed: response.headers.get('idempotent-replayed') === 'true', body: (await response.json()) as Answer['body'] };
}

describe.skipIf(!onPostgres)('submissions when the app process is killed with SIGKILL mid-run (PostgreSQL only: the built app and the test share one database, which PGlite cannot)', () => {
  let database: TestDatabaseHandle;
  const apps: ChildProcess[] = [];

  /** The built app on a free port, API only, as production runs it; resolves once it is ready. */
  async function startApp(): Promise<{ baseUrl: string; child: ChildProcess }> {
    const port = await freePort();
    const child = spawn(process.execPath, [appMain], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: database.url,
        HOST: '127.0.0.1',
        PORT: String(port),
        DEMO: 'false',
        CLIENT_DIR: '',
        LOG_LEVEL: 'error',
        RATE_LIMITS: 'off',
        DELIVERY_WORKER: 'false',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    apps.push(child);
    const baseUrl = `http://127.0.0.1:${port}`;
    await until(async () => (await fetch(`${baseUrl}/ready`).catch(() => undefined))?.status === 200, 60_000, 'the app to be ready');
    return { baseUrl, child };
  }

  beforeAll(async () => {
    if (!existsSync(appMain)) throw new Error(`${appMain} is missing: run npm run build first`);
    database = await openTestDatabase();
    await seedDemo(database.db);
  });
  afterAll(async () => {
    for (const app of apps) if (app.exitCode === null && app.signalCode === null) app.kill('SIGKILL');
    await database?.close();
  });

  it('makes exactly one submission per key, and answers every acknowledged key with its first receipt', async () => {
    const requests = Array.from({ length: SUBMISSIONS }, (_, i) => request(i));
    const first = new Map<number, Answer>();
    const lost = new Set<number>();
    const victim = await startApp();

    let next = 0;
    let killed = false;
    const client = async () => {
      while (!killed && next < SUBMISSIONS) {
        const i = next++;
        await send(victim.baseUrl, requests[i]!).then(
          (answer) => void first.set(i, answer),
          () => void lost.add(i),
        );
      }
    };
    const clients = Promise.all(Array.from({ length: IN_FLIGHT }, client));
    await until(() => [...first.values()].filter((a) => a.status === 201).length >= KILL_AFTER, 60_000, `${KILL_AFTER} acknowledged submissions`);
    killed = true;
    victim.child.kill('SIGKILL');
    await clients;
    expect(victim.child.signalCode ?? (await new Promise((resolve) => victim.child.once('exit', (_code, signal) => resolve(signal))))).toBe('SIGKILL');
    // killed mid-run: some answers came, some were lost in flight
    expect(lost.size).toBeGreaterThan(0);

    const restarted = await startApp();
    const acknowledged = [...first].filter(([, answer]) => answer.status === 201);
    // every request without a 201 (lost in flight, or never sent before the kill) is sent (again) with its key
    const retried = new Map<number, Answer>();
    for (let i = 0; i < SUBMISSIONS; i++) {
      if (first.get(i)?.status === 201) continue;
      const answer = await send(restarted.baseUrl, requests[i]!);
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      retried.set(i, answer);
    }
    // a retry of an acknowledged key gets the first receipt, whole
    for (const [i, firstAnswer] of acknowledged) {
      const again = await send(restarted.baseUrl, requests[i]!);
      expect(again.status).toBe(201);
      expect(again.replayed).toBe(true);
      expect(again.body).toEqual(firstAnswer.body);
    }
    // and so does every later retry of a key that was lost at first
    for (const [i, answer] of retried) expect((await send(restarted.baseUrl, requests[i]!)).body).toEqual(answer.body);

    // one submission per key: each request's answers name it, and no location is stored twice
    const { rows: perRequest } = await sql<{ location: string; n: string; id: string }>`
      select answers->>'location' as location, count(*) as n, min(id::text) as id
      from submissions where eservice_id = 'felanmalan' group by answers->>'location'`.execute(database.db);
    expect(perRequest).toHaveLength(SUBMISSIONS);
    expect(perRequest.filter((row) => Number(row.n) !== 1)).toEqual([]);
    const submissionOf = new Map(perRequest.map((row) => [row.location, row.id]));
    for (let i = 0; i < SUBMISSIONS; i++) {
      const answer = first.get(i)?.status === 201 ? first.get(i)! : retried.get(i)!;
      expect(answer.body.submissionId).toBe(submissionOf.get(`Storgatan ${i}`));
    }
    const keys = await database.db.selectFrom('idempotency_keys').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(keys.n)).toBe(SUBMISSIONS);

    restarted.child.kill('SIGTERM');
  }, 180_000);
});
