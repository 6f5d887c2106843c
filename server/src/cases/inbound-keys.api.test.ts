import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, call, startTestApp, type TestApp } from '../test-support/app.js';
import { signInStaff } from '../test-support/staff.js';

const keys = '/api/municipalities/solbacka/inbound-api-keys';

describe(`inbound API keys are shown once and rotated with an overlap (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  /**
   * Whether the inbound API takes the key: a case that does not exist is 404 to a valid key and
   * 401 to anything else, so no case is needed to tell them apart.
   */
  const accepted = async (key: string) => {
    const { status } = await call(app.baseUrl, 'GET', '/api/inbound/cases/SOL-2026-999999', undefined, { ...ANONYMOUS, authorization: `Bearer ${key}` });
    if (status !== 404 && status !== 401) throw new Error(`unexpected ${status}`);
    return status === 404;
  };
  const everything = async () => JSON.stringify([(await call(app.baseUrl, 'GET', keys)).body, await app.database.db.selectFrom('audit_log').selectAll().execute()]);

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('shows a key in the answer that made it and never again; only its hash is kept', async () => {
    const created = await call(app.baseUrl, 'POST', keys, { systemName: 'Ciceron' });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const key = created.body.key as string;
    expect(key).toMatch(/^etj_[A-Za-z0-9_-]{43}$/);
    expect(await accepted(key)).toBe(true);
    const listed = await call(app.baseUrl, 'GET', keys);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: created.body.id, systemName: 'Ciceron', keyPrefix: key.slice(0, 10), rotatedAt: null, previousValidUntil: null })]);
    expect(listed.body.items[0].key).toBeUndefined();
    expect(await everything()).not.toContain(key);
    expect(JSON.stringify(await app.database.db.selectFrom('inbound_api_keys').selectAll().execute())).not.toContain(key);
  });

  it('rotates: the new key once, the old one still accepted during the overlap, refused after it', async () => {
    const { key: old, id } = (await call(app.baseUrl, 'POST', keys, { systemName: 'W3D3' })).body as { key: string; id: string };
    const rotated = await call(app.baseUrl, 'POST', `${keys}/${id}/rotate`);
    expect(rotated.status).toBe(200);
    expect(rotated.headers.get('cache-control')).toBe('no-store');
    const fresh = rotated.body.key as string;
    expect(fresh).toMatch(/^etj_/);
    expect(fresh).not.toBe(old);
    expect(rotated.body).toMatchObject({ id, systemName: 'W3D3', keyPrefix: fresh.slice(0, 10), rotatedAt: expect.any(String) });
    const overlapHours = (new Date(rotated.body.previousValidUntil).getTime() - Date.now()) / 3_600_000;
    expect(overlapHours).toBeGreaterThan(23.9);
    expect(overlapHours).toBeLessThanOrEqual(24);

    expect(await accepted(old)).toBe(true);
    expect(await accepted(fresh)).toBe(true);
    const listed = (await call(app.baseUrl, 'GET', keys)).body.items.find((k: { id: string }) => k.id === id);
    expect(listed).toMatchObject({ previousValidUntil: rotated.body.previousValidUntil });
    const text = await everything();
    expect(text).not.toContain(fresh);
    expect(text).not.toContain(old);

    // the overlap is over (the clock moved on)
    await app.database.db.updateTable('inbound_api_keys').set({ previous_valid_until: sql<Date>`now() - interval '1 second'` }).where('id', '=', id).execute();
    expect(await accepted(old)).toBe(false);
    expect(await accepted(fresh)).toBe(true);
    expect((await call(app.baseUrl, 'GET', keys)).body.items.find((k: { id: string }) => k.id === id).previousValidUntil).toBeNull();

    // rotated again, with no overlap (the key leaked): the previous one is refused at once
    const again = await call(app.baseUrl, 'POST', `${keys}/${id}/rotate`, { overlapHours: 0 });
    expect(again.body.previousValidUntil).toBeNull();
    expect(await accepted(fresh)).toBe(false);
    expect(await accepted(again.body.key)).toBe(true);
    const audit = await app.database.db.selectFrom('audit_log').select(['action', 'details']).where('subject_id', '=', id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['inbound-api-key.created', 'inbound-api-key.rotated', 'inbound-api-key.rotated']);

    // a revoked key, and the previous one in its overlap, stop working; a revoked key is not rotated
    const third = (await call(app.baseUrl, 'POST', `${keys}/${id}/rotate`)).body.key as string;
    expect((await call(app.baseUrl, 'DELETE', `${keys}/${id}`)).status).toBe(204);
    expect(await accepted(third)).toBe(false);
    expect(await accepted(again.body.key)).toBe(false);
    expect((await call(app.baseUrl, 'POST', `${keys}/${id}/rotate`)).status).toBe(404);
    expect((await call(app.baseUrl, 'POST', `${keys}/not-a-uuid/rotate`)).status).toBe(404);
  });

  it('keeps keys within their municipality: another municipality can neither rotate nor see them', async () => {
    const { id } = (await call(app.baseUrl, 'POST', keys, { systemName: 'Solbacka only' })).body as { id: string };
    expect((await call(app.baseUrl, 'POST', `/api/municipalities/ekdala/inbound-api-keys/${id}/rotate`)).status).toBe(404);
    const ekdalaAdmin = await signInStaff(app.database.db, [{ role: 'municipality-admin', municipalityId: 'ekdala', departmentId: null }], 'Eva Ekdala');
    expect((await call(app.baseUrl, 'POST', `${keys}/${id}/rotate`, {}, ekdalaAdmin.headers)).status).toBe(403);
    expect((await call(app.baseUrl, 'GET', keys, undefined, ekdalaAdmin.headers)).status).toBe(403);
  });

  it('asks for a recent login before making or rotating a key', async () => {
    const { id } = (await call(app.baseUrl, 'POST', keys, { systemName: 'Later' })).body as { id: string };
    const before = await app.database.db.selectFrom('inbound_api_keys').select(['key_hash']).where('id', '=', id).executeTakeFirstOrThrow();
    await app.database.db.updateTable('staff_sessions').set({ authenticated_at: sql<Date>`now() - interval '11 minutes'` }).where('account_id', '=', app.administrator.accountId).execute();
    try {
      expect(await call(app.baseUrl, 'POST', keys, { systemName: 'Too late' })).toMatchObject({ status: 401, body: { code: 'reauthentication-required' } });
      expect(await call(app.baseUrl, 'POST', `${keys}/${id}/rotate`)).toMatchObject({ status: 401, body: { code: 'reauthentication-required' } });
      // reading and revoking need no fresh login (revoking only takes away)
      expect((await call(app.baseUrl, 'GET', keys)).status).toBe(200);
    } finally {
      await app.database.db.updateTable('staff_sessions').set({ authenticated_at: new Date() }).where('account_id', '=', app.administrator.accountId).execute();
    }
    // nothing changed
    expect(await app.database.db.selectFrom('inbound_api_keys').select(['key_hash']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual(before);
    expect(await app.database.db.selectFrom('inbound_api_keys').select('id').where('system_name', '=', 'Too late').executeTakeFirst()).toBeUndefined();
  });
});
