import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { faultReport, type EServiceDefinition } from '@etjanst/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAttachment } from '../attachments/repository.js';
import { templateFor, seedDemo } from '../demo/seed.js';
import { FAULT_REPORT_ANSWERS } from '../delivery/test-eservices.js';
import { verifyWebhook } from '../delivery/signatures.js';
import { startBankIdSimulator, type BankIdSimulator } from '../simulators/bankid/simulator.js';
import { call } from '../test-support/app.js';
import { Browser } from '../test-support/browser.js';
import { openTestDatabase, type TestDatabaseHandle } from '../test-support/database.js';
import { freePort, SERVER_MAIN, startNodeProcess, startRoundRobinProxy, stopProcess, untilReady, WORKER_MAIN, type RoundRobinProxy } from '../test-support/processes.js';
import { allRoleGrants, signInStaff } from '../test-support/staff.js';

/**
 * Two app instances (the built server, `node server/dist/main.js`) behind a round-robin proxy and
 * two delivery workers (`node server/dist/delivery/worker-main.js`), all on one PostgreSQL
 * database, configured alike: sessions, abuse limits and background jobs are the installation's,
 * not an instance's, and every submission is delivered once. PGlite is one process, so this runs
 * only on PostgreSQL (TEST_DATABASE_URL set).
 */
const onPostgres = process.env.TEST_DATABASE === 'postgres';
const SUBMISSIONS = 20;
/** Housekeeping passes every second on each instance: without a shared claim, two a second */
const HOUSEKEEPING_SECONDS = 1;
const E_ID_STARTS_PER_HOUR = 10;
const DELIVERY_SECRET = 'scale-out-test-delivery-secret-0123456789';
const MAJA = '199304249429';
const ASTRID = '199001012385';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!onPostgres)('two app instances and two delivery workers on one PostgreSQL (PostgreSQL only: TEST_DATABASE_URL is unset, PGlite is one process)', () => {
  let database: TestDatabaseHandle;
  let bankId: BankIdSimulator;
  let keyDir: string;
  let receiver: Server;
  let proxy: RoundRobinProxy;
  const received: { key: string; signature: string; body: string }[] = [];
  const instances: { baseUrl: string; process: ChildProcess }[] = [];
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    for (const built of [SERVER_MAIN, WORKER_MAIN]) if (!existsSync(built)) throw new Error(`${built} is missing: run npm run build first`);
    database = await openTestDatabase();
    await seedDemo(database.db);
    await database.db.updateTable('municipalities').set({ four_eyes: false }).execute();
    // files uploaded eight days ago that no submission took: the retention job's to remove, once
    for (let i = 0; i < 3; i++) {
      const file = await insertAttachment(database.db, 'solbacka', { eserviceId: 'felanmalan', version: 1, fieldPath: 'photos', owner: { tokenHash: String(i).repeat(64) }, originalName: 'foto.pdf', mediaType: 'application/pdf', size: 9, sha256: 'x' }, Buffer.from('%PDF-1.4\n'));
      await database.db.updateTable('attachments').set({ created_at: new Date(Date.now() - 8 * 86_400_000) } as never).where('id', '=', file.id).execute();
    }

    // the installation's BankID: one relying-party certificate, in files every instance reads
    keyDir = await mkdtemp(path.join(tmpdir(), 'etjanst-scale-out-'));
    bankId = await startBankIdSimulator({ certDir: keyDir });
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ key: String(req.headers['idempotency-key']), signature: String(req.headers['x-etjanst-signature']), body });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const receiverPort = (receiver.address() as AddressInfo).port;

    const ports = [await freePort(), await freePort()];
    proxy = await startRoundRobinProxy(ports.map((port) => `http://127.0.0.1:${port}`));
    // what every process of the installation shares: the database, the public address, the secrets and the e-ID
    const shared = {
      DATABASE_URL: database.url!,
      DATABASE_POOL_SIZE: '4',
      PUBLIC_URL: proxy.url,
      DELIVERY_SECRET,
      BANKID_URL: bankId.url,
      BANKID_CA_FILE: path.join(keyDir, 'bankid-simulator-ca.crt'),
      BANKID_CERT_FILE: path.join(keyDir, 'bankid-simulator-rp-client.crt'),
      BANKID_KEY_FILE: path.join(keyDir, 'bankid-simulator-rp-client.key'),
      OUTBOUND_ALLOWED_HOSTS: `127.0.0.1:${receiverPort}`,
      LOG_LEVEL: 'warn',
      ...(process.env.CHROMIUM_PATH ? { CHROMIUM_PATH: process.env.CHROMIUM_PATH } : {}),
    };
    for (const [n, port] of ports.entries()) {
      const baseUrl = `http://127.0.0.1:${port}`;
      const server = startNodeProcess(SERVER_MAIN, {
        ...shared,
        // B migrates over a connection of its own, as an instance behind PgBouncer in transaction mode would
        ...(n === 1 ? { MIGRATION_DATABASE_URL: database.url! } : {}),
        HOST: '127.0.0.1',
        PORT: String(port),
        DEMO: 'false',
        DELIVERY_WORKER: 'false',
        RATE_LIMIT_E_ID_START: `${E_ID_STARTS_PER_HOUR}/3600`,
        HOUSEKEEPING_INTERVAL_SECONDS: String(HOUSEKEEPING_SECONDS),
      });
      instances.push({ baseUrl, process: server });
    }
    await Promise.all(instances.map((instance) => untilReady(instance.process, instance.baseUrl)));
    for (let i = 0; i < 2; i++) workers.push(startNodeProcess(WORKER_MAIN, { ...shared, DELIVERY_POLL_MS: '100' }));
  }, 180_000);

  afterAll(async () => {
    await Promise.all([...instances.map((instance) => instance.process), ...workers].map((child) => stopProcess(child)));
    await proxy?.close();
    await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve(undefined)));
    await bankId?.close();
    if (keyDir) await rm(keyDir, { recursive: true, force: true });
    await database?.close();
  });

  const a = () => instances[0]!;
  const b = () => instances[1]!;
  const tester = (path: string, body: unknown) =>
    fetch(`${bankId.testerUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const orderRef = async (orderId: string) => (await database.db.selectFrom('bankid_orders').select('order_ref').where('id', '=', orderId).executeTakeFirstOrThrow()).order_ref;

  it('keeps a citizen logged in on one instance logged in on the other, and logged out on both', async () => {
    let at = a();
    const browser = new Browser(() => at);
    const login = '/api/municipalities/solbacka/login/bankid';
    const started = await browser.call('POST', login);
    expect(started.status).toBe(201);
    // the order started on A is polled on B
    at = b();
    expect((await browser.call('GET', `${login}/${started.body.orderId}`)).body).toMatchObject({ status: 'pending' });
    expect((await tester(`/api/orders/${await orderRef(started.body.orderId)}/approve`, { personalNumber: ASTRID })).status).toBe(200);
    at = a();
    expect((await browser.pollUntilEnded(`${login}/${started.body.orderId}`)).body).toMatchObject({ status: 'complete' });

    at = b();
    const session = await browser.call('GET', '/api/session');
    expect(session.body).toMatchObject({ authenticated: true, person: { personalIdentityNumber: ASTRID }, method: 'bankid' });
    // the session's CSRF token, read on B, is A's too: log out on A, and B knows it
    const cookie = `etjanst_session=${browser.cookies.get('etjanst_session')}`;
    expect((await call(a().baseUrl, 'POST', '/api/session/logout', undefined, { cookie, 'x-csrf-token': session.body.csrfToken })).status).toBe(200);
    expect((await call(b().baseUrl, 'GET', '/api/session', undefined, { cookie })).body.authenticated).toBe(false);
  });

  it('keeps a staff member logged in on one instance logged in on the other', async () => {
    let at = b();
    const browser = new Browser(() => at);
    const login = '/api/staff/login/e-id/bankid';
    const started = await browser.call('POST', login);
    expect(started.status).toBe(201);
    expect((await tester(`/api/orders/${await orderRef(started.body.orderId)}/approve`, { personalNumber: MAJA })).status).toBe(200);
    expect((await browser.pollUntilEnded(`${login}/${started.body.orderId}`)).body).toMatchObject({ status: 'complete' });

    at = a();
    expect((await browser.call('GET', '/api/staff/session')).body).toMatchObject({ authenticated: true, displayName: 'Maja Exempeldotter', method: 'e-id:bankid' });
    expect((await browser.call('GET', '/api/municipalities/solbacka/departments/kommunstyrelse/inbox/cases')).status).toBe(200);
  });

  it('counts an abuse limit over both instances: the address that used it up on A and B is refused on either', async () => {
    const remaining: number[] = [];
    for (let n = 0; n <= E_ID_STARTS_PER_HOUR; n++) {
      const instance = [a, b][n % 2]!();
      const started = await call(instance.baseUrl, 'POST', '/api/municipalities/solbacka/login/bankid', undefined, { cookie: '' });
      if (started.status === 429) {
        expect(started.body).toMatchObject({ code: 'rate-limited' });
        expect(Number(started.headers.get('retry-after'))).toBeGreaterThan(0);
        break;
      }
      expect(started.status).toBe(201);
      remaining.push(Number(/r=(\d+)/.exec(started.headers.get('ratelimit') ?? '')?.[1]));
    }
    // one count, whichever instance answered: each start, alternately on A and B, took one from it
    expect(remaining.length).toBeGreaterThanOrEqual(4);
    expect(remaining).toEqual(remaining.map((_, i) => remaining[0]! - i));
    expect(remaining.at(-1)).toBe(0);
  });

  it('runs each housekeeping job once per interval with both instances running its timer, and its effect once', async () => {
    const removals = () => database.db.selectFrom('audit_log').select('details').where('action', '=', 'attachments.unsubmitted-removed').execute();
    await expect.poll(async () => (await database.db.selectFrom('attachments').select('id').where('submission_id', 'is', null).execute()).length, { timeout: 20_000 }).toBe(0);
    expect((await removals()).map((row) => row.details)).toEqual([expect.objectContaining({ removed: 3 })]);

    const jobs = ['draft-cleanup', 'audit-retention', 'retention'];
    const passes = () => database.db.selectFrom('job_passes').selectAll().where('job', 'in', jobs).orderBy('job').execute();
    await expect.poll(async () => (await passes()).length, { timeout: 20_000 }).toBe(jobs.length);
    const before = await passes();
    await sleep(5000);
    const after = await passes();
    const pids = instances.map((instance) => `${hostname()}:${instance.process.pid}`);
    for (const [i, job] of jobs.entries()) {
      const [was, is] = [before[i]!, after[i]!];
      const claimed = is.passes - was.passes;
      // about five seconds: ten passes if each instance ran its own, at most one per 0.9 s window when they share
      expect(claimed, job).toBeGreaterThanOrEqual(2);
      expect(claimed, job).toBeLessThanOrEqual(Math.floor((is.started_at.getTime() - was.started_at.getTime()) / (HOUSEKEEPING_SECONDS * 900)));
      expect(pids, job).toContain(is.instance);
    }
    expect(await removals()).toHaveLength(1);
  });

  it('delivers each of the submissions spread over both instances exactly once, with both workers running', async () => {
    const staff = await signInStaff(database.db, await allRoleGrants(database.db));
    const headers = { ...staff.headers, 'content-type': 'application/json' };
    const eservices = '/api/municipalities/solbacka/eservices';
    const id = 'felanmalan-webhook';
    const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/arenden`;
    const definition: EServiceDefinition = { ...structuredClone(templateFor(faultReport, 'solbacka')), id, delivery: { connectors: [{ id: 'mottagare', type: 'webhook', options: { url: receiverUrl } }] } };
    // the signing secret is made and encrypted on A, and read by whichever worker delivers
    const created = await call(a().baseUrl, 'POST', eservices, definition, headers);
    expect(created.status).toBe(201);
    const secret: string = created.body.signingSecrets.mottagare;
    const published = await call(b().baseUrl, 'POST', `${eservices}/${id}/publish`, undefined, headers);
    expect(published.status).toBe(201);

    const submitPath = `${eservices}/${id}/versions/${published.body.version}/submissions`;
    const served = new Map(proxy.served);
    const submissionIds: string[] = [];
    for (let i = 0; i < SUBMISSIONS; i++) {
      const response = await call(proxy.url, 'POST', submitPath, { answers: { ...FAULT_REPORT_ANSWERS, location: `Storgatan ${i + 1}` } }, { cookie: '' });
      expect(response.status).toBe(201);
      submissionIds.push(response.body.submissionId);
    }
    for (const instance of instances) expect((proxy.served.get(instance.baseUrl) ?? 0) - (served.get(instance.baseUrl) ?? 0)).toBe(SUBMISSIONS / 2);

    const undelivered = async () => (await database.db.selectFrom('deliveries').select('id').where('eservice_id', '=', id).where('state', '!=', 'delivered').execute()).length;
    await expect.poll(undelivered, { timeout: 60_000, interval: 200 }).toBe(0);
    await sleep(500); // a second delivery of any of them would have arrived by now
    expect(received.map((r) => r.key).sort()).toEqual(submissionIds.map((submission) => `solbacka:${submission}:mottagare`).sort());
    for (const request of received) expect(verifyWebhook(secret, request.signature, request.body)).toMatchObject({ valid: true });
    const attempts = await database.db.selectFrom('deliveries').select('attempts').where('eservice_id', '=', id).execute();
    expect(attempts.map((row) => row.attempts)).toEqual(submissionIds.map(() => 1));
    for (const worker of workers) expect(worker.exitCode).toBeNull();
  }, 180_000);
});
