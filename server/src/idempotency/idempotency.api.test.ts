import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ANSWERS } from '@etjanst/schemas';
import { BankIdClient } from '../identity/bankid/client.js';
import { bankIdLoginMethod } from '../identity/bankid/plugin.js';
import { removeExpiredIdempotencyKeys } from '../retention/housekeeping.js';
import { DEFAULT_TEST_PERSONS, startBankIdSimulator, type BankIdSimulator } from '../simulators/bankid/simulator.js';
import { ANONYMOUS, call, startTestApp, TEST_SESSION_SETTINGS, type TestApp } from '../test-support/app.js';
import { loggedIn, TEST_PERSON } from '../test-support/sessions.js';

const eservices = '/api/municipalities/solbacka/eservices';
const faultReport = `${eservices}/felanmalan/versions/1/submissions`;
const ANSWERS = { category: 'lighting', location: 'Storgatan 12', description: 'Gatlampan har varit släckt i en vecka.', wantsAnswer: false };
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

let counter = 0;
/** A fresh key as a client makes one: a UUID, quoted (an RFC 8941 string). */
const newKey = () => `"${crypto.randomUUID()}"`;
const keyed = (key: string, headers: Record<string, string> = {}) => ({ ...headers, 'idempotency-key': key });

describe(`Idempotency-Key (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let sim: BankIdSimulator;
  let client: BankIdClient;
  let app: TestApp;
  let klara: { cookie: string; 'x-csrf-token': string };

  beforeAll(async () => {
    sim = await startBankIdSimulator({
      testPersons: [...DEFAULT_TEST_PERSONS, { personalNumber: TEST_PERSON.personalIdentityNumber, givenName: TEST_PERSON.givenName, surname: TEST_PERSON.surname }],
    });
    client = new BankIdClient({ baseUrl: sim.url, ca: sim.ca, ...sim.clientCert });
    app = await startTestApp({ loginMethods: ({ db }) => [bankIdLoginMethod({ db, client, sessions: TEST_SESSION_SETTINGS })] });
    const session = await loggedIn(app.database.db);
    klara = { cookie: session.cookie, 'x-csrf-token': session.csrfToken };
  });
  afterAll(async () => {
    await app?.close();
    client?.close();
    await sim?.close();
  });

  const db = () => app.database.db;
  const count = async (table: 'submissions' | 'drafts' | 'attachments' | 'signature_orders' | 'case_status_changes' | 'case_messages' | 'idempotency_keys') =>
    Number((await db().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const submit = (key: string | undefined, answers: unknown = ANSWERS, headers: Record<string, string> = ANONYMOUS) =>
    call(app.baseUrl, 'POST', faultReport, { answers, language: 'sv' }, key === undefined ? headers : keyed(key, headers));
  const keyHashes = async () => new Set((await db().selectFrom('idempotency_keys').select('key_hash').execute()).map((r) => r.key_hash));
  /** The row a request added to the store */
  async function rowAddedBy<T>(request: () => Promise<T>): Promise<{ result: T; keyHash: string }> {
    const before = await keyHashes();
    const result = await request();
    const added = [...(await keyHashes())].filter((hash) => !before.has(hash));
    expect(added).toHaveLength(1);
    return { result, keyHash: added[0]! };
  }

  describe('submissions (the key is recorded in the submission’s own transaction)', () => {
    it('answers a repeat with the first receipt, and stores one submission', async () => {
      const key = newKey();
      const before = await count('submissions');
      const first = await submit(key);
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      for (const retry of [await submit(key), await submit(key)]) {
        expect(retry.status).toBe(201);
        expect(retry.headers.get('idempotent-replayed')).toBe('true');
        expect(retry.body).toEqual(first.body);
      }
      expect(first.body).toMatchObject({ submissionId: expect.any(String), receiptNumber: expect.stringMatching(/^SOL-/), receiptUrl: expect.any(String) });
      expect(await count('submissions')).toBe(before + 1);
      // the same request sent with other spacing is the same request
      const spaced = await fetch(`${app.baseUrl}${faultReport}`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: `{ "answers" : ${JSON.stringify(ANSWERS, null, 2)}, "language": "sv" }` });
      expect(spaced.status).toBe(201);
      expect(((await spaced.json()) as { submissionId: string }).submissionId).toBe(first.body.submissionId);
      // without a key every request is a new submission, as before
      expect((await submit(undefined)).body.submissionId).not.toBe(first.body.submissionId);
      expect(await count('submissions')).toBe(before + 2);
    });

    it('refuses other answers under a used key with 422, and stores nothing', async () => {
      const key = newKey();
      expect((await submit(key)).status).toBe(201);
      const before = await count('submissions');
      const other = await submit(key, { ...ANSWERS, location: 'Kyrkvägen 3' });
      expect(other.status).toBe(422);
      expect(other.body).toMatchObject({ code: 'idempotency-key-reused', messages: { sv: { detail: expect.stringContaining('Idempotency-Key') } } });
      expect(await count('submissions')).toBe(before);
    });

    it('makes one submission of concurrent requests with one key: each answers the same 201 or 409', async () => {
      const key = newKey();
      const before = await count('submissions');
      const answers = await Promise.all(Array.from({ length: 6 }, () => submit(key)));
      const created = answers.filter((a) => a.status === 201);
      expect(answers.every((a) => a.status === 201 || (a.status === 409 && a.body.code === 'idempotency-key-in-flight')), JSON.stringify(answers.map((a) => a.body))).toBe(true);
      expect(created.length).toBeGreaterThan(0);
      expect(new Set(created.map((a) => a.body.submissionId)).size).toBe(1);
      expect(await count('submissions')).toBe(before + 1);
      const submissionId: string = created[0]!.body.submissionId;
      expect(await db().selectFrom('submissions').select('id').where('id', '=', submissionId).execute()).toHaveLength(1);
    });

    it('refuses a malformed, too short, too long or repeated key with 400 before anything is stored', async () => {
      const before = await count('submissions');
      const uuid = crypto.randomUUID();
      for (const field of [uuid, '"too-short"', `"${'k'.repeat(256)}"`, `"${uuid}", "${crypto.randomUUID()}"`, '"ärende-123456789012345"']) {
        const refused = await submit(field);
        expect(refused.status, field).toBe(400);
        expect(refused.body.code).toBe('idempotency-key-invalid');
      }
      expect(await count('submissions')).toBe(before);
    });

    it('remembers no failure: after a refused submission the key still makes one', async () => {
      const key = newKey();
      const invalid = await submit(key, { ...ANSWERS, description: 'kort' });
      expect(invalid.status).toBe(422);
      expect(invalid.body.code).toBe('answers-invalid');
      const corrected = await submit(key);
      expect(corrected.status).toBe(201);
      expect((await submit(key)).body.submissionId).toBe(corrected.body.submissionId);
    });

    it('keeps one caller’s key apart from another’s: the same key from a citizen is a new submission', async () => {
      const key = newKey();
      const anonymous = await submit(key);
      const citizen = await submit(key, ANSWERS, klara);
      expect(citizen.status).toBe(201);
      expect(citizen.headers.get('idempotent-replayed')).toBeNull();
      expect(citizen.body.submissionId).not.toBe(anonymous.body.submissionId);
      expect((await submit(key, ANSWERS, klara)).body.submissionId).toBe(citizen.body.submissionId);
    });

    it('stores neither the key nor the response in clear', async () => {
      const key = newKey();
      const { result, keyHash } = await rowAddedBy(() => submit(key));
      const row = await db().selectFrom('idempotency_keys').selectAll().where('key_hash', '=', keyHash).executeTakeFirstOrThrow();
      const stored = Buffer.from(row.response!).toString('latin1');
      for (const secret of [result.body.receiptNumber, result.body.submissionId, result.body.receiptUrl, key.slice(1, -1)]) expect(stored).not.toContain(secret);
      expect(JSON.stringify({ ...row, response: null })).not.toContain(key.slice(1, -1));
      expect(row).toMatchObject({ holder: null, locked_until: null });
      const hours = (row.expires_at.getTime() - Date.now()) / 3600_000;
      expect(hours).toBeGreaterThan(23.9);
      expect(hours).toBeLessThanOrEqual(24);
    });

    it('forgets a key after its lifetime: the retention job removes it, and the key then makes a new submission', async () => {
      const key = newKey();
      const { result: first, keyHash } = await rowAddedBy(() => submit(key));
      await db().updateTable('idempotency_keys').set({ expires_at: sql<Date>`now() - interval '1 second'` }).where('key_hash', '=', keyHash).execute();
      expect(await removeExpiredIdempotencyKeys(db())).toBeGreaterThanOrEqual(1);
      expect(await db().selectFrom('idempotency_keys').select('key_hash').where('key_hash', '=', keyHash).execute()).toEqual([]);
      const later = await submit(key);
      expect(later.status).toBe(201);
      expect(later.body.submissionId).not.toBe(first.body.submissionId);
    });

    it('takes a key whose row has expired but is not yet removed: the retry is a new submission, stored with a fresh key row', async () => {
      const key = newKey();
      const { result: first, keyHash } = await rowAddedBy(() => submit(key));
      await db().updateTable('idempotency_keys').set({ expires_at: sql<Date>`now() - interval '1 second'` }).where('key_hash', '=', keyHash).execute();
      const later = await submit(key);
      expect(later.status).toBe(201);
      expect(later.headers.get('idempotent-replayed')).toBeNull();
      expect(later.body.submissionId).not.toBe(first.body.submissionId);
      const row = await db().selectFrom('idempotency_keys').select(sql<boolean>`expires_at > now()`.as('live')).where('key_hash', '=', keyHash).executeTakeFirstOrThrow();
      expect(row.live).toBe(true);
      // and the new row answers the next retry with the later receipt
      expect((await submit(key)).body.submissionId).toBe(later.body.submissionId);
    });
  });

  describe('the other routes (the key is reserved while the request runs)', () => {
    it('draft save: a repeated create makes one draft, a repeated autosave answers its first revision instead of 412', async () => {
      const drafts = await count('drafts');
      const createKey = newKey();
      const body = { eserviceId: 'forskoleplats', version: 1, answers: { child: { givenName: 'Alva' } }, stepId: null };
      const created = await call(app.baseUrl, 'POST', '/api/me/drafts', body, keyed(createKey, klara));
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const again = await call(app.baseUrl, 'POST', '/api/me/drafts', body, keyed(createKey, klara));
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body).toEqual(created.body);
      expect(again.headers.get('location')).toBe(created.headers.get('location'));
      expect(again.headers.get('etag')).toBe('"1"');
      expect(await count('drafts')).toBe(drafts + 1);

      const path = `/api/me/drafts/${created.body.id}`;
      const save = { answers: { child: { givenName: 'Alva', surname: 'Berg' } }, stepId: null };
      const saveKey = newKey();
      const saved = await call(app.baseUrl, 'PUT', path, save, keyed(saveKey, { ...klara, 'if-match': '"1"' }));
      expect(saved.status).toBe(200);
      expect(saved.body.revision).toBe(2);
      const retried = await call(app.baseUrl, 'PUT', path, save, keyed(saveKey, { ...klara, 'if-match': '"1"' }));
      expect(retried.status).toBe(200);
      expect(retried.body.revision).toBe(2);
      expect(retried.headers.get('etag')).toBe('"2"');
      // the same retry without the key meets the revision the first save made
      expect((await call(app.baseUrl, 'PUT', path, save, { ...klara, 'if-match': '"1"' })).status).toBe(412);
      // a later save under the same key is another request
      expect((await call(app.baseUrl, 'PUT', path, save, keyed(saveKey, { ...klara, 'if-match': '"2"' }))).body.code).toBe('idempotency-key-reused');
    });

    it('draft save: concurrent creates with one key make one draft (one 201, the others 409 or the same 201)', async () => {
      const drafts = await count('drafts');
      const key = newKey();
      const body = { eserviceId: 'bygglov', version: 1, answers: {}, stepId: null };
      const answers = await Promise.all(Array.from({ length: 4 }, () => call(app.baseUrl, 'POST', '/api/me/drafts', body, keyed(key, klara))));
      expect(answers.every((a) => a.status === 201 || (a.status === 409 && a.body.code === 'idempotency-key-in-flight' && Number(a.headers.get('retry-after')) > 0))).toBe(true);
      expect(new Set(answers.filter((a) => a.status === 201).map((a) => a.body.id)).size).toBe(1);
      expect(await count('drafts')).toBe(drafts + 1);
    });

    it('upload: a repeated upload stores the file once and answers its first attachment', async () => {
      const attachments = await count('attachments');
      const key = newKey();
      const upload = () =>
        fetch(`${app.baseUrl}${eservices}/bygglov/versions/1/attachments?field=drawings`, {
          method: 'POST',
          headers: keyed(key, { ...klara, 'content-type': 'application/pdf', 'x-file-name': 'situationsplan.pdf' }),
          body: new Uint8Array(PDF),
        });
      const first = await upload();
      expect(first.status).toBe(201);
      const second = await upload();
      expect(second.status).toBe(201);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(second.headers.get('location')).toBe(first.headers.get('location'));
      const [a, b] = [(await first.json()) as { attachmentId: string }, (await second.json()) as { attachmentId: string }];
      expect(b).toEqual(a);
      expect(await count('attachments')).toBe(attachments + 1);
      // a malformed key is refused before the file is read
      const malformed = await fetch(`${app.baseUrl}${eservices}/bygglov/versions/1/attachments?field=drawings`, {
        method: 'POST',
        headers: keyed('unquoted-key-0000000000', { ...klara, 'content-type': 'application/pdf' }),
        body: new Uint8Array(PDF),
      });
      expect(malformed.status).toBe(400);
      expect(await count('attachments')).toBe(attachments + 1);
    });

    it('signing start: a repeated start answers the first sign order; BankID gets one order', async () => {
      const { otherGuardian: _, ...answers } = EXAMPLE_ANSWERS.forskoleplats!;
      const submitted = await call(app.baseUrl, 'POST', `${eservices}/forskoleplats/versions/1/submissions`, { answers: { ...answers, hasOtherGuardian: false }, language: 'sv' }, klara);
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
      expect(submitted.body.state).toBe('awaiting-signature');
      const path = `/api/me/submissions/${submitted.body.submissionId}/signatures`;
      const orders = await count('signature_orders');
      const key = newKey();
      const started = await call(app.baseUrl, 'POST', path, undefined, keyed(key, klara));
      expect(started.status, JSON.stringify(started.body)).toBe(201);
      const repeated = await call(app.baseUrl, 'POST', path, undefined, keyed(key, klara));
      expect(repeated.status).toBe(201);
      expect(repeated.body.orderId).toBe(started.body.orderId);
      expect(repeated.body.autoStartToken).toBe(started.body.autoStartToken);
      expect(await count('signature_orders')).toBe(orders + 1);
      const simOrders = (await (await fetch(`${sim.testerUrl}/api/orders`)).json()) as { kind: string; personalNumber?: string }[];
      expect(simOrders.filter((o) => o.kind === 'sign')).toHaveLength(1);
    });

    describe('inbound API', () => {
      let bearer: { authorization: string };
      let receiptNumber: string;
      const inbound = (rest: string) => `/api/inbound/cases/${receiptNumber}${rest}`;

      beforeAll(async () => {
        const created = await call(app.baseUrl, 'POST', '/api/municipalities/solbacka/inbound-api-keys', { systemName: 'Ärendesystemet' });
        expect(created.status).toBe(201);
        bearer = { authorization: `Bearer ${created.body.key}` };
        receiptNumber = (await submit(undefined)).body.receiptNumber;
      });

      it('status update and message: a repeat changes the case once, other content under the key is 422', async () => {
        const changes = await count('case_status_changes');
        const key = newKey();
        const status = { status: 'in-progress', note: `Handläggning påbörjad ${++counter}` };
        const first = await call(app.baseUrl, 'PUT', inbound('/status'), status, keyed(key, bearer));
        expect(first.status).toBe(200);
        const again = await call(app.baseUrl, 'PUT', inbound('/status'), status, keyed(key, bearer));
        expect(again.status).toBe(200);
        expect(again.body).toEqual(first.body);
        expect(await count('case_status_changes')).toBe(changes + 1);
        expect((await call(app.baseUrl, 'PUT', inbound('/status'), { status: 'decided' }, keyed(key, bearer))).status).toBe(422);

        const messages = await count('case_messages');
        const messageKey = newKey();
        const message = await call(app.baseUrl, 'POST', inbound('/messages'), { body: 'Vi har tagit emot din anmälan.' }, keyed(messageKey, bearer));
        expect(message.status).toBe(201);
        expect((await call(app.baseUrl, 'POST', inbound('/messages'), { body: 'Vi har tagit emot din anmälan.' }, keyed(messageKey, bearer))).body).toEqual(message.body);
        expect(await count('case_messages')).toBe(messages + 1);
      });

      it('answers 409 with Retry-After while the key is held, and lets a retry take a key over whose holder let its time run out', async () => {
        const key = newKey();
        const status = { status: 'more-information-needed', note: 'Bifoga en karta.' };
        const { keyHash } = await rowAddedBy(() => call(app.baseUrl, 'PUT', inbound('/status'), status, keyed(key, bearer)));
        // as a request still running (or one whose process died) leaves it
        await db()
          .updateTable('idempotency_keys')
          .set({ response: null, holder: sql<string>`gen_random_uuid()`, locked_until: sql<Date>`now() + interval '30 seconds'` })
          .where('key_hash', '=', keyHash)
          .execute();
        const busy = await call(app.baseUrl, 'PUT', inbound('/status'), status, keyed(key, bearer));
        expect(busy.status).toBe(409);
        expect(busy.body.code).toBe('idempotency-key-in-flight');
        expect(Number(busy.headers.get('retry-after'))).toBeGreaterThan(25);
        await db().updateTable('idempotency_keys').set({ locked_until: sql<Date>`now() - interval '1 second'` }).where('key_hash', '=', keyHash).execute();
        const takenOver = await call(app.baseUrl, 'PUT', inbound('/status'), status, keyed(key, bearer));
        expect(takenOver.status).toBe(200);
        expect(takenOver.headers.get('idempotent-replayed')).toBeNull();
        expect((await call(app.baseUrl, 'PUT', inbound('/status'), status, keyed(key, bearer))).headers.get('idempotent-replayed')).toBe('true');
      });
    });

    it('describes the header and its answers in the OpenAPI operations of exactly these routes', async () => {
      const document = (await call(app.baseUrl, 'GET', '/api/openapi.json')).body as { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; responses: Record<string, unknown> }>> };
      const takesKey = Object.entries(document.paths).flatMap(([path, item]) =>
        Object.entries(item)
          .filter(([, operation]) => operation.parameters?.some((p) => p.name === 'Idempotency-Key' && p.in === 'header'))
          .map(([method, operation]) => {
            expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['400', '409', '422']));
            return `${method.toUpperCase()} ${path}`;
          }),
      );
      expect(takesKey.sort()).toEqual(
        [
          'POST /api/municipalities/{municipality}/eservices/{eserviceId}/versions/{version}/submissions',
          'POST /api/municipalities/{municipality}/eservices/{eserviceId}/versions/{version}/attachments',
          'POST /api/me/drafts',
          'PUT /api/me/drafts/{id}',
          'POST /api/me/submissions/{id}/signatures',
          'PUT /api/inbound/cases/{receiptNumber}/status',
          'POST /api/inbound/cases/{receiptNumber}/messages',
        ].sort(),
      );
    });
  });
});
