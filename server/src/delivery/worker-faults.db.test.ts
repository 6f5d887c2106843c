import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { call, startTestApp, TEST_RECEIVERS_ALLOWED, TEST_RETRY_POLICY, type TestApp } from '../test-support/app.js';
import { startWebhookReceiver, type WebhookReceiver } from '../test-support/webhook-receiver.js';
import { retryPolicyFrom, unconfiguredDeliverySettings, type DeliverySettings } from './settings.js';
import { FAULT_REPORT_ANSWERS, publishFaultReportWithSecrets } from './test-eservices.js';
import { DeliveryWorker } from './worker.js';

const DELIVERY_SECRET = 'test-delivery-secret-of-at-least-32-chars';
const HOUR = 3_600_000;

/**
 * The delivery worker under faults of its webhook target: down for an hour of simulated time
 * (the worker's clock, so the production retry policy runs as it would), and two workers
 * polling the same database at once.
 */
describe(`delivery worker under faults (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  let receiver: WebhookReceiver;
  const secrets = new Map<string, string>();
  let settings: DeliverySettings;
  const silent = pino({ level: 'silent' });

  beforeAll(async () => {
    receiver = await startWebhookReceiver(() => [...secrets.values()].at(-1) ?? '');
    app = await startTestApp({ delivery: { worker: false, settings: { secret: DELIVERY_SECRET } } });
    settings = { ...unconfiguredDeliverySettings(app.baseUrl), secret: DELIVERY_SECRET, attemptTimeoutMs: 5000, outbound: TEST_RECEIVERS_ALLOWED };
  });
  afterAll(async () => {
    await app?.close();
    await receiver?.close();
  });

  /** Publishes a fault report that delivers to the receiver and submits it `count` times; returns the idempotency keys. */
  async function submissionsTo(eserviceId: string, count: number): Promise<string[]> {
    const { submitPath, signingSecrets } = await publishFaultReportWithSecrets(app.baseUrl, eserviceId, [{ id: 'driftsystem', type: 'webhook', options: { url: receiver.url } }]);
    secrets.set(eserviceId, signingSecrets.driftsystem!);
    const keys: string[] = [];
    for (let i = 0; i < count; i++) {
      const response = await call(app.baseUrl, 'POST', submitPath, { answers: { ...FAULT_REPORT_ANSWERS, location: `Storgatan ${i + 1}` } });
      expect(response.status).toBe(201);
      keys.push(`solbacka:${response.body.submissionId}:driftsystem`);
    }
    return keys;
  }
  const deliveriesOf = (eserviceId: string) => app.database.db.selectFrom('deliveries').selectAll().where('eservice_id', '=', eserviceId).execute();

  it('keeps retrying a target that refuses for an hour (simulated clock, default policy) and then delivers each case exactly once', async () => {
    const keys = await submissionsTo('felanmalan-timme', 10);
    // the production defaults: 20 attempts, waits of up to 30 s doubling to at most an hour (full jitter)
    const policy = retryPolicyFrom(loadConfig({}));
    expect(policy).toMatchObject({ maxAttempts: 20, baseDelayMs: 30_000, maxDelayMs: HOUR });
    const start = Date.now();
    const backAt = start + HOUR;
    let now = new Date(start);
    const worker = new DeliveryWorker({ db: app.database.db, logger: silent, settings, policy, clock: () => now });

    // Event by event: run every due delivery, then move the clock to the next retry that is due.
    let steps = 0;
    for (;;) {
      receiver.fail(now.getTime() < backAt ? 503 : undefined);
      while ((await worker.runOnce()) > 0);
      const { next } = await app.database.db
        .selectFrom('deliveries')
        .select(sql<Date | null>`min(next_attempt_at)`.as('next'))
        .where('eservice_id', '=', 'felanmalan-timme')
        .where('state', '=', 'pending')
        .executeTakeFirstOrThrow();
      if (!next) break;
      now = new Date(Math.max(now.getTime(), new Date(next).getTime()));
      if (++steps > 2000) throw new Error('the deliveries did not settle');
    }

    const rows = await deliveriesOf('felanmalan-timme');
    expect(rows.map((r) => r.state)).toEqual(keys.map(() => 'delivered'));
    // every one was refused until the target came back and delivered after it, within the policy's attempts
    for (const row of rows) {
      expect(row.delivered_at!.getTime()).toBeGreaterThanOrEqual(backAt);
      expect(row.attempts).toBeGreaterThan(1);
      expect(row.attempts).toBeLessThan(policy.maxAttempts);
    }
    // exactly once at the target: one accepted request per case, none for any other key
    expect(Object.fromEntries(receiver.timesAccepted)).toEqual(Object.fromEntries(keys.map((key) => [key, 1])));
    const failedAttempts = rows.reduce((sum, row) => sum + row.attempts - 1, 0);
    expect(receiver.failedRequests()).toBe(failedAttempts);
    const history = await app.database.db.selectFrom('delivery_attempts').select(['outcome']).where('delivery_id', 'in', rows.map((r) => r.id)).execute();
    expect(history.filter((h) => h.outcome === 'failed')).toHaveLength(failedAttempts);
  });

  it('two workers polling one database at once never deliver the same case twice', async () => {
    receiver.fail(undefined);
    const keys = await submissionsTo('felanmalan-tva', 40);
    // on PostgreSQL each worker has a pool of its own, as separate processes would; PGlite is one connection
    const handles: DatabaseHandle[] = app.database.url ? [await openDatabase({ kind: 'postgres', url: app.database.url }), await openDatabase({ kind: 'postgres', url: app.database.url })] : [];
    const delivered = [0, 0];
    const countingLogger = (index: number) =>
      pino(
        { level: 'info' },
        new Writable({
          write(line: Buffer, _encoding, done) {
            const entry = JSON.parse(line.toString()) as { msg?: string; recorded?: boolean };
            if (entry.msg === 'delivered' && entry.recorded) delivered[index]!++;
            done();
          },
        }),
      );
    const workers = [0, 1].map(
      (index) => new DeliveryWorker({ db: handles[index]?.db ?? app.database.db, logger: countingLogger(index), settings, policy: TEST_RETRY_POLICY, pollMs: 5, batchSize: 2 }),
    );
    try {
      for (const worker of workers) worker.start();
      const end = Date.now() + 30_000;
      while ((await deliveriesOf('felanmalan-tva')).some((r) => r.state !== 'delivered')) {
        if (Date.now() > end) throw new Error('not every delivery was delivered in time');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
      await Promise.all(handles.map((handle) => handle.close()));
    }
    for (const key of keys) expect(receiver.timesAccepted.get(key), key).toBe(1);
    expect((await deliveriesOf('felanmalan-tva')).every((r) => r.attempts === 1)).toBe(true);
    // both took part
    expect(delivered[0]! + delivered[1]!).toBe(keys.length);
    expect(Math.min(...delivered)).toBeGreaterThan(0);
  });
});
