import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabaseHandle } from '../test-support/database.js';
import { claimPassWindow } from './pass-window.js';
import { PeriodicJob } from './periodic-job.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`a background job's pass window, shared by the instances (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let database: TestDatabaseHandle;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('gives a window to one of the instances that claim it at once, and again once it is over', async () => {
    const { db } = database;
    const window = 60_000;
    const claims = await Promise.all(['a:1', 'b:2', 'c:3', 'd:4'].map((instance) => claimPassWindow(db, 'claimed-at-once', window, instance)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    const row = await db.selectFrom('job_passes').selectAll().where('job', '=', 'claimed-at-once').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ passes: 1, instance: ['a:1', 'b:2', 'c:3', 'd:4'][claims.indexOf(true)] });
    expect(await claimPassWindow(db, 'claimed-at-once', window, 'b:2')).toBe(false);
    // a minute later
    await db.updateTable('job_passes').set({ started_at: new Date(row.started_at.getTime() - window) }).where('job', '=', 'claimed-at-once').execute();
    expect(await claimPassWindow(db, 'claimed-at-once', window, 'b:2')).toBe(true);
    expect(await db.selectFrom('job_passes').selectAll().where('job', '=', 'claimed-at-once').executeTakeFirstOrThrow()).toMatchObject({ passes: 2, instance: 'b:2' });
  });

  it('runs a job once per interval however many instances run its timer', async () => {
    const passes: string[] = [];
    const instance = (name: string) =>
      new PeriodicJob({
        job: 'timed',
        name: 'timed test job',
        db: database.db,
        intervalMs: 100,
        logger: pino({ level: 'silent' }),
        failed: undefined,
        pass: async () => {
          passes.push(name);
        },
      });
    const instances = ['a', 'b', 'c'].map(instance);
    const started = Date.now();
    for (const job of instances) job.start();
    await sleep(1500);
    for (const job of instances) job.stop();
    const elapsed = Date.now() - started;
    // each timer ticked about 15 times: 45 passes unclaimed; a window is 90 ms, so at most one per 90 ms
    expect(passes.length).toBeGreaterThanOrEqual(3);
    expect(passes.length).toBeLessThanOrEqual(Math.floor(elapsed / 90) + 1);
    const row = await database.db.selectFrom('job_passes').select('passes').where('job', '=', 'timed').executeTakeFirstOrThrow();
    expect(row.passes).toBe(passes.length);
  });
});
