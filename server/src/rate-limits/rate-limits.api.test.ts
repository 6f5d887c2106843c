import type { AddressInfo } from 'node:net';
import express from 'express';
import { faultReport } from '@etjanst/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULT_REPORT_ANSWERS } from '../delivery/test-eservices.js';
import { problemHandler } from '../problems/problem-middleware.js';
import { ANONYMOUS, call, startTestApp, type TestApp } from '../test-support/app.js';
import { allRoleGrants, signInStaff } from '../test-support/staff.js';
import { RateLimiter } from './limiter.js';
import { DEFAULT_RATE_LIMITS, type RateLimitSettings } from './limits.js';

const SETTINGS: RateLimitSettings = {
  enabled: true,
  limits: {
    ...DEFAULT_RATE_LIMITS,
    submission: { perAddress: { points: 3, seconds: 60 } },
    check: { perAddress: { points: 50, seconds: 60 }, perIdentity: { points: 2, seconds: 60 } },
  },
};
const submitPath = '/api/municipalities/solbacka/eservices/felanmalan/versions/1/submissions';
const submissionCount = async (app: TestApp) =>
  Number((await app.database.db.selectFrom('submissions').select((eb) => eb.fn.countAll().as('n')).where('eservice_id', '=', 'felanmalan').executeTakeFirstOrThrow()).n);

describe('abuse limits', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ rateLimits: SETTINGS, scanQueue: 1 });
  });
  afterAll(() => app?.close());

  it('answers the fourth anonymous submission in a minute from one address with 429, Retry-After and the RateLimit fields, and stores nothing', async () => {
    for (let i = 0; i < 3; i++) {
      const accepted = await call(app.baseUrl, 'POST', submitPath, { answers: FAULT_REPORT_ANSWERS, language: 'sv' }, ANONYMOUS);
      expect(accepted.status).toBe(201);
      expect(accepted.headers.get('ratelimit-policy')).toBe('"address";q=3;w=60');
      expect(accepted.headers.get('ratelimit')).toMatch(new RegExp(`^"address";r=${2 - i};t=\\d+$`));
    }
    const before = await submissionCount(app);
    const refused = await call(app.baseUrl, 'POST', submitPath, { answers: FAULT_REPORT_ANSWERS, language: 'sv' }, ANONYMOUS);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'rate-limited', messages: { sv: { detail: expect.stringMatching(/^Du har gjort för många försök/) }, en: { detail: expect.stringMatching(/^You have made too many attempts/) } } });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('ratelimit')).toMatch(/^"address";r=0;t=\d+$/);
    expect(await submissionCount(app)).toBe(before);
  });

  it('keeps the count in the database, so another app instance refuses the same address at once', async () => {
    // the counter holds no address in clear
    const rows = await app.database.db.selectFrom('rate_limit_counters').selectAll().where('key', 'like', 'submission:%').execute();
    expect(rows).toEqual([expect.objectContaining({ hits: 4, window_seconds: 60 })]);
    expect(rows[0]!.key).not.toContain('127.0.0.1');
    const other = express();
    other.set('trust proxy', 'loopback');
    other.post('/submit', new RateLimiter(app.database.db, SETTINGS).limit('submission'), (_req, res) => void res.status(201).end());
    other.use(problemHandler);
    const server = other.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/submit`, { method: 'POST' });
      expect(response.status).toBe(429);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('counts a logged-in caller by identity too: one designer is stopped, another at the same address is not', async () => {
    const definition = structuredClone(faultReport);
    for (let i = 0; i < 2; i++) expect((await call(app.baseUrl, 'POST', '/api/checks?scan=false', definition)).status).toBe(200);
    const third = await call(app.baseUrl, 'POST', '/api/checks?scan=false', definition);
    expect(third.status).toBe(429);
    expect(third.headers.get('ratelimit-policy')).toBe('"address";q=50;w=60, "identity";q=2;w=60');
    const colleague = await signInStaff(app.database.db, await allRoleGrants(app.database.db), 'Kollega Kontroll');
    expect((await call(app.baseUrl, 'POST', '/api/checks?scan=false', definition, { ...colleague.headers, 'content-type': 'application/json' })).status).toBe(200);
  });

  it('refuses a browser scan with 503 and Retry-After when the scan queue is full, instead of queueing without end', async () => {
    const scanner = await signInStaff(app.database.db, await allRoleGrants(app.database.db), 'Skanna Snabb');
    const headers = { ...scanner.headers, 'content-type': 'application/json' };
    const first = structuredClone(faultReport);
    const second = { ...structuredClone(faultReport), id: 'felanmalan-kopia' };
    const [a, b] = await Promise.all([call(app.baseUrl, 'POST', '/api/checks', first, headers), call(app.baseUrl, 'POST', '/api/checks', second, headers)]);
    const busy = [a, b].find((response) => response.status === 503);
    expect([a.status, b.status].sort()).toEqual([200, 503]);
    expect(busy!.body.code).toBe('scan-queue-full');
    expect(Number(busy!.headers.get('retry-after'))).toBeGreaterThanOrEqual(5);
  });

  it('declares the limit on every route that starts an e-ID order, signs staff in, or takes submissions, uploads, drafts and checks', () => {
    const limitOf = (method: string, path: string) => app.routes.find((r) => r.method === method && r.path === path)?.declaration?.limit;
    const tenantVersion = '/api/municipalities/:municipality/eservices/:eserviceId/versions/:version';
    expect(limitOf('post', `${tenantVersion}/submissions`)).toBe('submission');
    expect(limitOf('post', `${tenantVersion}/attachments`)).toBe('upload');
    expect(limitOf('post', '/api/checks')).toBe('check');
    const draftRoutes = app.routes.filter((r) => /\/drafts(\/:id)?$/.test(r.path) && ['post', 'put'].includes(r.method));
    expect(draftRoutes.length).toBeGreaterThan(0);
    expect(draftRoutes.map((r) => r.declaration?.limit)).toEqual(draftRoutes.map(() => 'draft-save'));
    expect(limitOf('post', '/api/me/submissions/:id/signatures')).toBe('e-id-start');
  });
});
