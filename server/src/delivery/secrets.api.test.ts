import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultReport, type EServiceDefinition } from '@etjanst/schemas';
import { templateFor } from '../demo/seed.js';
import { call, startTestApp, type TestApp } from '../test-support/app.js';
import { signInStaff } from '../test-support/staff.js';
import { FAULT_REPORT_ANSWERS } from './test-eservices.js';
import { SIGNATURE_HEADER, verifyWebhook } from './signatures.js';

const eservices = '/api/municipalities/solbacka/eservices';

/** A receiver that verifies each request with the one secret it holds, as the API and integration guide tells receivers to. */
async function startReceiver() {
  let secret = '';
  const headers: string[] = [];
  const accepted: Array<Record<string, unknown>> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const header = req.headers[SIGNATURE_HEADER] as string | undefined;
      headers.push(header ?? '');
      const verified = verifyWebhook(secret, header, body);
      if (!verified.valid) return void res.writeHead(401).end(verified.reason);
      accepted.push(JSON.parse(body) as Record<string, unknown>);
      res.writeHead(202).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    holds: (value: string) => {
      secret = value;
    },
    headers,
    accepted,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const definitionWith = (id: string, options: Record<string, unknown>): EServiceDefinition => ({
  ...structuredClone(templateFor(faultReport, 'solbacka')),
  id,
  delivery: { connectors: [{ id: 'driftsystem', type: 'webhook', options }] },
});

describe(`webhook signing secrets (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  /** The secret the connector got when it was created */
  let firstSecret = '';
  /** Everything a secret must never be found in: the draft, connectors, export, versions, audit rows */
  const everywhere = async (id: string) => {
    const reads = await Promise.all(
      [`${eservices}/${id}`, `${eservices}/${id}/connectors`, `${eservices}/${id}/export`, `${eservices}/${id}/versions`, `${eservices}/${id}/versions/1`, `${eservices}/${id}/export?version=1`].map((path) => call(app.baseUrl, 'GET', path)),
    );
    const audit = await app.database.db.selectFrom('audit_log').selectAll().execute();
    const definitions = await app.database.db.selectFrom('eservice_versions').select('definition').execute();
    return JSON.stringify([reads.map((r) => r.body), audit, definitions]);
  };
  const testDelivery = async (id: string) => (await call(app.baseUrl, 'POST', `${eservices}/${id}/connectors/driftsystem/test`)).body as { succeeded: boolean; message: { en: string } };
  const rotate = (id: string, body?: unknown, headers?: Record<string, string>) => call(app.baseUrl, 'POST', `${eservices}/${id}/connectors/driftsystem/rotate-secret`, body, headers);

  beforeAll(async () => {
    receiver = await startReceiver();
    app = await startTestApp({ delivery: { settings: { secret: 'test-delivery-secret-of-at-least-32-chars' }, policy: { maxAttempts: 1 } } });
  });
  afterAll(async () => {
    await app?.close();
    await receiver?.close();
  });

  it('makes the secret when the webhook connector is first saved and shows it in that answer only: never in a GET, the export, the versions or the audit log', async () => {
    const created = await call(app.baseUrl, 'POST', eservices, definitionWith('felanmalan-hemlig', { url: receiver.url }));
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const secret = created.body.signingSecrets.driftsystem as string;
    firstSecret = secret;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // saved again: the connector keeps its secret, and the answer carries none
    const saved = await call(app.baseUrl, 'PUT', `${eservices}/felanmalan-hemlig`, created.body.definition, { 'if-match': created.headers.get('etag')! });
    expect(saved.status).toBe(200);
    expect(saved.body.signingSecrets).toBeUndefined();
    expect(JSON.stringify(saved.body)).not.toContain(secret);
    expect((await call(app.baseUrl, 'POST', `${eservices}/felanmalan-hemlig/publish`)).status).toBe(201);

    const connectors = await call(app.baseUrl, 'GET', `${eservices}/felanmalan-hemlig/connectors`);
    expect(connectors.body.items[0].signingSecret).toEqual({ createdAt: expect.any(String), rotatedAt: null, previousValidUntil: null });
    expect(await everywhere('felanmalan-hemlig')).not.toContain(secret);
    // stored encrypted: the row does not hold it either
    const stored = await app.database.db.selectFrom('connector_secrets').selectAll().where('eservice_id', '=', 'felanmalan-hemlig').executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(secret);

    receiver.holds(secret);
    expect(await testDelivery('felanmalan-hemlig')).toMatchObject({ succeeded: true });
  }, 180_000); // publishing runs the browser scan

  it('rotates: the new secret once, both signing during the overlap (a real delivery and a test), then only the new one', async () => {
    const first = (await app.database.db.selectFrom('connector_secrets').select('secret_encrypted').where('eservice_id', '=', 'felanmalan-hemlig').executeTakeFirstOrThrow()).secret_encrypted;
    const rotated = await rotate('felanmalan-hemlig');
    expect(rotated.status).toBe(200);
    expect(rotated.headers.get('cache-control')).toBe('no-store');
    const fresh = rotated.body.secret as string;
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const overlapHours = (new Date(rotated.body.previousValidUntil).getTime() - Date.now()) / 3_600_000;
    expect(overlapHours).toBeGreaterThan(23.9);
    expect(overlapHours).toBeLessThanOrEqual(24);
    const row = await app.database.db.selectFrom('connector_secrets').selectAll().where('eservice_id', '=', 'felanmalan-hemlig').executeTakeFirstOrThrow();
    expect(row.previous_secret_encrypted).toBe(first);
    expect(await everywhere('felanmalan-hemlig')).not.toContain(fresh);
    expect((await call(app.baseUrl, 'GET', `${eservices}/felanmalan-hemlig/connectors`)).body.items[0].signingSecret).toMatchObject({ rotatedAt: expect.any(String), previousValidUntil: rotated.body.previousValidUntil });

    // during the overlap the receiver still holding the old secret gets a citizen's submission, signed with both
    const submitted = await call(app.baseUrl, 'POST', `${eservices}/felanmalan-hemlig/versions/1/submissions`, { answers: FAULT_REPORT_ANSWERS, language: 'sv' });
    expect(submitted.status).toBe(201);
    await expect.poll(() => receiver.accepted.some((b) => (b.submission as { id?: string } | undefined)?.id === submitted.body.submissionId), { timeout: 15_000 }).toBe(true);
    expect(receiver.headers.at(-1)).toMatch(/^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    // and a receiver that has switched to the new one verifies too
    receiver.holds(fresh);
    expect(await testDelivery('felanmalan-hemlig')).toMatchObject({ succeeded: true });

    // the overlap is over (the clock moved on): the old secret no longer signs
    await app.database.db.updateTable('connector_secrets').set({ previous_valid_until: sql<Date>`now() - interval '1 second'` }).where('eservice_id', '=', 'felanmalan-hemlig').execute();
    expect(await testDelivery('felanmalan-hemlig')).toMatchObject({ succeeded: true });
    expect(receiver.headers.at(-1)).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect((await call(app.baseUrl, 'GET', `${eservices}/felanmalan-hemlig/connectors`)).body.items[0].signingSecret.previousValidUntil).toBeNull();
    // a receiver that never switched is now refused what it gets
    receiver.holds(firstSecret);
    expect(await testDelivery('felanmalan-hemlig')).toMatchObject({ succeeded: false, message: { en: expect.stringContaining('401') } });
  });

  it('rotates with no overlap when asked (a leaked secret), and audits who rotated without the secret', async () => {
    const rotated = await rotate('felanmalan-hemlig', { overlapHours: 0 });
    expect(rotated.status).toBe(200);
    expect(rotated.body.previousValidUntil).toBeNull();
    receiver.holds(rotated.body.secret);
    expect(await testDelivery('felanmalan-hemlig')).toMatchObject({ succeeded: true });
    expect(receiver.headers.at(-1)).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const audit = await app.database.db.selectFrom('audit_log').select(['actor', 'action', 'details']).where('action', '=', 'connector-secret.rotated').orderBy('id').execute();
    expect(audit.at(-1)).toEqual({ actor: expect.stringContaining(app.administrator.accountId), action: 'connector-secret.rotated', details: { connectorId: 'driftsystem', previousValidUntil: null } });
    expect(JSON.stringify(audit)).not.toContain(rotated.body.secret);
    expect((await rotate('felanmalan-hemlig', { overlapHours: 1000 })).body).toMatchObject({ status: 422, code: 'overlap-invalid' });
  });

  it('asks for a recent login before rotating, and lets designers and municipality administrators only', async () => {
    await app.database.db.updateTable('staff_sessions').set({ authenticated_at: sql<Date>`now() - interval '11 minutes'` }).where('account_id', '=', app.administrator.accountId).execute();
    const stale = await rotate('felanmalan-hemlig');
    expect(stale).toMatchObject({ status: 401, body: { code: 'reauthentication-required' } });
    expect(JSON.stringify(stale.body)).not.toMatch(/"secret"/);
    await app.database.db.updateTable('staff_sessions').set({ authenticated_at: new Date() }).where('account_id', '=', app.administrator.accountId).execute();

    const approver = await signInStaff(app.database.db, [{ role: 'approver', municipalityId: 'solbacka', departmentId: null }], 'Anna Approver');
    expect((await rotate('felanmalan-hemlig', {}, approver.headers)).status).toBe(403);
    // an approver reads the connectors (to review them), without any secret
    expect((await call(app.baseUrl, 'GET', `${eservices}/felanmalan-hemlig/connectors`, undefined, approver.headers)).status).toBe(200);
    const designer = await signInStaff(app.database.db, [{ role: 'designer', municipalityId: 'solbacka', departmentId: null }], 'Dora Designer');
    expect((await rotate('felanmalan-hemlig', {}, designer.headers)).status).toBe(200);
    const otherMunicipality = await signInStaff(app.database.db, [{ role: 'municipality-admin', municipalityId: 'ekdala', departmentId: null }], 'Erik Ekdala');
    expect((await rotate('felanmalan-hemlig', {}, otherMunicipality.headers)).status).toBe(403);
    expect((await call(app.baseUrl, 'POST', `${eservices}/felanmalan-hemlig/connectors/nope/rotate-secret`)).status).toBe(404);
  });

  it('refuses a definition that carries a signing secret, saying what to do instead, wherever it is checked', async () => {
    const carrying = definitionWith('felanmalan-med-nyckel', { url: receiver.url, signingSecret: 'written-into-the-file-by-a-vendor-0123456789' });
    for (const path of [eservices, `${eservices}/import`, '/api/definitions/validate']) {
      const response = await call(app.baseUrl, 'POST', path, carrying);
      const problems = response.status === 200 ? response.body.problems : response.body.errors;
      expect(problems, path).toEqual([
        expect.objectContaining({ pointer: '/delivery/connectors/0/options/signingSecret', code: 'delivery.secret-in-definition', message: { sv: expect.stringContaining('visar den en gång'), en: expect.stringContaining('shows it once') } }),
      ]);
    }
    expect(await app.database.db.selectFrom('eservices').select('id').where('id', '=', 'felanmalan-med-nyckel').executeTakeFirst()).toBeUndefined();
  });
});
