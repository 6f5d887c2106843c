import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCaseManagementSimulator, type CaseManagementSimulator } from '../simulators/case-management/simulator.js';
import { call, startTestApp, type TestApp } from '../test-support/app.js';
import { FAULT_REPORT_ANSWERS, publishFaultReportWith } from './test-eservices.js';
import { sleep, until } from '../test-support/wait.js';

/**
 * The fault test: two separate worker processes deliver to a registry that answers 500s, then
 * hangs, then hangs after creating the case, then recovers; one worker is killed with SIGKILL
 * while it holds deliveries. Every submission must reach the registry exactly once.
 * PGlite is one process, so this runs only against PostgreSQL (TEST_DATABASE=postgres).
 */
const onPostgres = process.env.TEST_DATABASE === 'postgres';
const workerMain = fileURLToPath(new URL('../../dist/delivery/worker-main.js', import.meta.url));
const SUBMISSIONS = 24;


describe.skipIf(!onPostgres)('delivery under faults: kill -9 a worker, target failing then recovering (PostgreSQL only: PGlite is single-process)', () => {
  let app: TestApp;
  let registry: CaseManagementSimulator;
  const workers: ChildProcess[] = [];

  const startWorker = () => {
    const child = spawn(process.execPath, [workerMain], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: app.database.url,
        CASE_MANAGEMENT_URL: registry.url,
        CASE_MANAGEMENT_AUTHKEY: registry.authkey,
        DELIVERY_MAX_ATTEMPTS: '100',
        DELIVERY_RETRY_BASE_SECONDS: '1',
        DELIVERY_RETRY_MAX_SECONDS: '1',
        DELIVERY_LEASE_SECONDS: '5',
        DELIVERY_ATTEMPT_TIMEOUT_SECONDS: '2',
        DELIVERY_POLL_MS: '50',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    workers.push(child);
    return child;
  };

  beforeAll(async () => {
    if (!existsSync(workerMain)) throw new Error(`${workerMain} is missing: run npm run build first`);
    registry = await startCaseManagementSimulator({ series: 'FEL' });
    app = await startTestApp({ delivery: { worker: false, settings: { caseManagement: { url: registry.url, authkey: registry.authkey } } } });
  });
  afterAll(async () => {
    for (const worker of workers) if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
    await app?.close();
    await registry?.close();
  });

  it('delivers every submission exactly once at the registry, by idempotency key', async () => {
    const submitPath = await publishFaultReportWith(app.baseUrl, 'felanmalan-fel', [{ id: 'diariet', type: 'case-management', options: { caseType: 'TEK-FEL', unit: 'Tekniska förvaltningen' } }]);
    const submissionIds: string[] = [];
    for (let i = 0; i < SUBMISSIONS; i++) {
      const response = await call(app.baseUrl, 'POST', submitPath, { answers: { ...FAULT_REPORT_ANSWERS, location: `Storgatan ${i + 1}` } });
      expect(response.status).toBe(201);
      submissionIds.push(response.body.submissionId);
    }
    const { db } = app.database;
    const callsSince = (n: number) => () => registry.calls.length >= n;

    registry.setFault('fail');
    const [victim] = [startWorker(), startWorker()];
    await until(callsSince(10), 20_000, 'the workers to meet the 500s');
    registry.setFault('hang');
    let seen = registry.calls.length;
    await until(callsSince(seen + 4), 20_000, 'requests that hang');
    await sleep(2500); // past the attempt time limit
    registry.setFault('hang-after-create');
    seen = registry.calls.length;
    await until(() => registry.cases.length >= 2, 20_000, 'cases created without an answer');

    // recovered, but slow: both workers hold claims when one is killed
    registry.setDelay(250);
    registry.setFault('none');
    const inFlight = async () => Number((await db.selectFrom('deliveries').select((eb) => eb.fn.countAll().as('n')).where('state', '=', 'in-flight').executeTakeFirstOrThrow()).n);
    await until(async () => (await inFlight()) >= 5, 20_000, 'both workers to hold deliveries');
    victim!.kill('SIGKILL');
    await until(() => victim!.signalCode === 'SIGKILL', 5000, 'the worker to die');

    await until(
      async () => {
        const open = await db.selectFrom('deliveries').select('id').where('state', '!=', 'delivered').execute();
        return open.length === 0;
      },
      90_000,
      'every delivery to be delivered',
    );

    const keys = submissionIds.map((id) => `solbacka:${id}:diariet`);
    const casesByKey = new Map<string, number>();
    for (const c of registry.cases) casesByKey.set(c.externalId!, (casesByKey.get(c.externalId!) ?? 0) + 1);
    expect([...casesByKey.keys()].sort()).toEqual([...keys].sort());
    expect([...casesByKey.values()].every((n) => n === 1)).toBe(true);
    // one submission document per case, too
    expect(registry.documents).toHaveLength(SUBMISSIONS);
    expect(new Set(registry.documents.map((d) => d.caseNumber)).size).toBe(SUBMISSIONS);

    const rows = await db.selectFrom('deliveries').selectAll().execute();
    const submissions = await db.selectFrom('submissions').select(['id', 'external_case_number']).where('eservice_id', '=', 'felanmalan-fel').execute();
    const caseOf = new Map(registry.cases.map((c) => [c.externalId, c.caseNumber]));
    for (const s of submissions) expect(s.external_case_number).toBe(caseOf.get(`solbacka:${s.id}:diariet`));
    // the faults were real: retries happened, and claims of the killed worker were taken over (claimed, never recorded)
    expect(rows.some((r) => r.attempts > 1)).toBe(true);
    const recorded = await db.selectFrom('delivery_attempts').select(['delivery_id']).execute();
    const recordedCount = new Map<string, number>();
    for (const r of recorded) recordedCount.set(r.delivery_id, (recordedCount.get(r.delivery_id) ?? 0) + 1);
    expect(rows.some((r) => r.attempts > (recordedCount.get(r.id) ?? 0))).toBe(true);
  }, 180_000);
});
