import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ANSWERS, TEMPLATES, type EServiceDefinition } from '@etjanst/schemas';
import { templateFor } from '../demo/seed.js';
import { call, startTestApp, type TestApp } from '../test-support/app.js';
import { expectSafeDownload } from '../test-support/downloads.js';
import { loggedIn, TEST_PERSON } from '../test-support/sessions.js';
import { extractPdfText } from '../receipts/pdf-text.js';
import { UPLOAD_COOKIE } from './owner.js';

const eservices = '/api/municipalities/solbacka/eservices';
const FIELD_MAX_BYTES = 64 * 1024;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A real PDF, made the way the platform makes receipts. */
function pdfFile(): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.text('Situationsplan, Solbacka Eken 3:14');
    doc.end();
  });
}

/** A real 2×2 PNG (signature, IHDR, IDAT, IEND with their CRCs). */
function pngFile(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const SPOOFED: Array<[string, Buffer]> = [
  ['a Windows program', Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(200)])],
  ['an HTML page', Buffer.from('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>')],
  ['a ZIP archive', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100)])],
  ['a PDF header further in', Buffer.from('  %PDF-1.7 not at the start')],
];

/** An e-service with an attachment field, created and published through the designer API. */
async function publishWithAttachments(app: TestApp, templateId: string, id: string, field: string): Promise<EServiceDefinition> {
  const definition = structuredClone(templateFor(TEMPLATES.find((t) => t.id === templateId)!, 'solbacka'));
  definition.id = id;
  (definition.form.schema.properties as Record<string, unknown>)[field] = {
    type: 'array',
    items: { type: 'string', format: 'attachment-id' },
    minItems: 1,
    maxItems: 5,
  };
  (definition.form.schema.required as string[]).push(field);
  definition.form.uiSchema[field] = { 'ui:options': { accept: ['application/pdf', 'image/png'], maxBytes: FIELD_MAX_BYTES } };
  // the must-requirements want every upload field to state its types and size (here the defaults)
  definition.form.uiSchema.extraFile = { 'ui:options': { accept: ['application/pdf', 'image/jpeg', 'image/png'], maxBytes: 20 * 1024 * 1024 } };
  definition.form.texts[field] = { label: { sv: 'Ritningar', en: 'Drawings' }, errorMessage: { sv: 'Bifoga minst en ritning.', en: 'Attach at least one drawing.' } };
  definition.form.texts.extraFile = { label: { sv: 'Övrig fil', en: 'Other file' } };
  (definition.form.schema.properties as Record<string, unknown>).extraFile = { type: 'string', format: 'attachment-id' };
  definition.form.steps.at(-1)!.fields.push(field, 'extraFile');
  const created = await call(app.baseUrl, 'POST', eservices, definition);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  // through the full publish gate: the browser scan shows the required multi-file field's empty
  // state (no file yet, minItems 1) with its error at the file input
  const published = await call(app.baseUrl, 'POST', `${eservices}/${id}/publish`);
  expect(published.status, JSON.stringify(published.body)).toBe(201);
  return definition;
}

describe(`attachments API (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  let pdf: Buffer;
  const png = pngFile();
  // anonymous e-service (the fault report) and an e-ID one (the building permit)
  const anonymous = `${eservices}/felanmalan-bilagor/versions/1`;
  const eid = `${eservices}/bygglov-bilagor/versions/1`;

  beforeAll(async () => {
    app = await startTestApp();
    pdf = await pdfFile();
    await publishWithAttachments(app, 'felanmalan', 'felanmalan-bilagor', 'photos');
    await publishWithAttachments(app, 'bygglov', 'bygglov-bilagor', 'sitePlans');
  });
  afterAll(async () => app?.close());

  const attachmentCount = async () => (await app.database.db.selectFrom('attachments').select('id').execute()).length;

  async function upload(version: string, field: string, bytes: Buffer, name: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${app.baseUrl}${version}/attachments?field=${encodeURIComponent(field)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent(name), ...headers },
      body: new Uint8Array(bytes),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as any };
  }

  async function download(version: string, id: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${app.baseUrl}${version}/attachments/${id}`, { headers });
    return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
  }

  const cookieOf = (token: string) => ({ cookie: `${UPLOAD_COOKIE}=${token}` });

  describe('anonymous e-service: the upload belongs to the browser', () => {
    it('stores a real PDF and PNG and gives back the same bytes to the same browser', async () => {
      const first = await upload(anonymous, 'photos', pdf, 'Gatlampa – ritning.pdf');
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      expect(first.body).toMatchObject({ name: 'Gatlampa – ritning.pdf', mediaType: 'application/pdf', size: pdf.length, uploadToken: expect.any(String) });
      expect(first.headers.get('set-cookie')).toMatch(new RegExp(`^${UPLOAD_COOKIE}=[^;]+;.*HttpOnly`, 'i'));
      expect(first.headers.get('location')).toBe(`${anonymous}/attachments/${first.body.attachmentId}`);
      const token: string = first.body.uploadToken;

      // the PNG was declared as a PDF: the content decides
      const second = await upload(anonymous, 'photos', png, 'foto.png', cookieOf(token));
      expect(second.status).toBe(201);
      expect(second.body).toMatchObject({ mediaType: 'image/png', size: png.length, uploadToken: token });

      for (const [id, bytes, type] of [[first.body.attachmentId, pdf, 'application/pdf'], [second.body.attachmentId, png, 'image/png']] as const) {
        const got = await download(anonymous, id, cookieOf(token));
        expect(got.status).toBe(200);
        expect(got.headers.get('content-type')).toBe(type);
        expectSafeDownload(got.headers, type === 'image/png' ? 'foto.png' : 'Gatlampa – ritning.pdf');
        expect(sha256(got.bytes)).toBe(sha256(bytes));
      }
      const row = await app.database.db.selectFrom('attachments').selectAll().where('id', '=', first.body.attachmentId).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ field_path: 'photos', eservice_id: 'felanmalan-bilagor', version: 1, sha256: sha256(pdf), owner_personal_identity_number: null, submission_id: null });
      expect(row.owner_token_hash).not.toBe(token); // only the hash is stored
    });

    it('stores a PDF/HTML polyglot named evil.html under a .pdf name and serves it only as a sandboxed PDF download', async () => {
      const polyglot = Buffer.from('%PDF-1.4\n<!DOCTYPE html><html><body><script>fetch("/api/me/submissions")</script></body></html>\n%%EOF\n');
      const uploaded = await upload(anonymous, 'photos', polyglot, 'evil.html', { 'content-type': 'text/html' });
      expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
      expect(uploaded.body).toMatchObject({ name: 'evil.html.pdf', mediaType: 'application/pdf' });
      const row = await app.database.db.selectFrom('attachments').select(['original_name', 'media_type']).where('id', '=', uploaded.body.attachmentId).executeTakeFirstOrThrow();
      expect(row).toEqual({ original_name: 'evil.html.pdf', media_type: 'application/pdf' });

      const got = await download(anonymous, uploaded.body.attachmentId, cookieOf(uploaded.body.uploadToken));
      expect(got.status).toBe(200);
      expect(got.headers.get('content-type')).toBe('application/pdf');
      expectSafeDownload(got.headers, 'evil.html.pdf');

      // a trailing dot (dropped by Windows) does not bring the claimed ending back; quotes and
      // semicolons in a name stay inside its filename parameters
      const dotted = await upload(anonymous, 'photos', polyglot, 'evil.html. ', cookieOf(uploaded.body.uploadToken));
      expect(dotted.body.name).toBe('evil.html.pdf');
      const odd = await upload(anonymous, 'photos', png, 'a"b; filename=x.html', cookieOf(uploaded.body.uploadToken));
      expect(odd.body.name).toBe('a"b; filename=x.html.png');
      expectSafeDownload((await download(anonymous, odd.body.attachmentId, cookieOf(uploaded.body.uploadToken))).headers, 'a"b; filename=x.html.png');
    });

    it.each(SPOOFED)('refuses %s named .pdf with 415 and stores nothing', async (_name, bytes) => {
      const before = await attachmentCount();
      const response = await upload(anonymous, 'photos', bytes, 'ritning.pdf', { 'content-type': 'application/pdf' });
      expect(response.status).toBe(415);
      expect(response.body).toMatchObject({ code: 'attachment-type-not-allowed' });
      expect(response.body.messages.sv.detail).toMatch(/PDF, PNG/);
      expect(response.body.messages.en.detail).toMatch(/Allowed file types: PDF, PNG/);
      expect(await attachmentCount()).toBe(before);
    });

    it('refuses a JPEG where the field takes only PDF and PNG', async () => {
      const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(100)]);
      expect((await upload(anonymous, 'photos', jpeg, 'foto.jpg', { 'content-type': 'image/jpeg' })).status).toBe(415);
    });

    it('refuses a file over the field’s limit with 413 as soon as its size is known, and stores nothing', async () => {
      const before = await attachmentCount();
      const big = Buffer.concat([pdf, Buffer.alloc(FIELD_MAX_BYTES)]);
      const response = await upload(anonymous, 'photos', big, 'stor.pdf');
      expect(response.status).toBe(413);
      expect(response.body).toMatchObject({ code: 'attachment-too-large', maxBytes: FIELD_MAX_BYTES });
      expect(await attachmentCount()).toBe(before);
    });

    it('stops reading a streamed upload (no Content-Length) once it passes the limit', async () => {
      const before = await attachmentCount();
      const url = new URL(`${app.baseUrl}${anonymous}/attachments?field=photos`);
      const chunk = Buffer.concat([pdf, Buffer.alloc(16 * 1024)]).subarray(0, 16 * 1024);
      let written = 0;
      const started = Date.now();
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/pdf', 'transfer-encoding': 'chunked' } });
        let answered = false;
        req.on('response', (res) => {
          answered = true;
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', (error) => (answered ? undefined : reject(error)));
        const pump = () => {
          // up to 128 MB if the server kept reading; it answers after the limit plus what the sockets buffer
          while (!answered && written < 128 * 1024 * 1024) {
            written += chunk.length;
            if (!req.write(written === chunk.length ? chunk : Buffer.alloc(chunk.length))) return void req.once('drain', pump);
          }
          if (!answered) req.end();
        };
        pump();
      });
      expect(status).toBe(413);
      expect(written).toBeLessThan(32 * 1024 * 1024);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(await attachmentCount()).toBe(before);
    });

    it('refuses an unknown field, an empty file and a closed version', async () => {
      expect((await upload(anonymous, 'location', pdf, 'a.pdf')).body.code).toBe('attachment-field-unknown');
      expect((await upload(anonymous, 'photos', Buffer.alloc(0), 'a.pdf')).body.code).toBe('attachment-empty');
      expect((await upload(`${eservices}/felanmalan-bilagor/versions/9`, 'photos', pdf, 'a.pdf')).status).toBe(404);
    });

    it('hides an attachment from another browser (404) and refuses it in that browser’s submission (422)', async () => {
      const mine = await upload(anonymous, 'photos', pdf, 'min.pdf');
      const other = await upload(anonymous, 'photos', png, 'annan.png');
      expect(other.body.uploadToken).not.toBe(mine.body.uploadToken);

      expect((await download(anonymous, mine.body.attachmentId, cookieOf(other.body.uploadToken))).status).toBe(404);
      expect((await download(anonymous, mine.body.attachmentId)).status).toBe(404);
      expect((await download(anonymous, mine.body.attachmentId, { 'x-upload-token': other.body.uploadToken })).status).toBe(404);
      const deleted = await fetch(`${app.baseUrl}${anonymous}/attachments/${mine.body.attachmentId}`, { method: 'DELETE', headers: cookieOf(other.body.uploadToken) });
      expect(deleted.status).toBe(404);

      const answers = { ...EXAMPLE_ANSWERS.felanmalan, photos: [mine.body.attachmentId] };
      const refused = await call(app.baseUrl, 'POST', `${anonymous}/submissions`, { answers }, cookieOf(other.body.uploadToken));
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'attachment-invalid', fields: ['photos'], errors: [{ field: 'photos', pointer: '/photos/0' }] });
      expect(refused.body.messages.sv.detail).toMatch(/Ritningar/);
      expect(refused.body.messages.en.detail).toMatch(/Drawings/);
      // an id that was never uploaded, and no upload token at all
      const unknown = { ...answers, photos: ['00000000-0000-4000-8000-000000000000'] };
      expect((await call(app.baseUrl, 'POST', `${anonymous}/submissions`, { answers: unknown }, cookieOf(mine.body.uploadToken))).body.code).toBe('attachment-invalid');
      expect((await call(app.baseUrl, 'POST', `${anonymous}/submissions`, { answers })).body.code).toBe('attachment-invalid');
      // in another field than it was uploaded for
      const wrongField = { ...EXAMPLE_ANSWERS.felanmalan, photos: [other.body.attachmentId], extraFile: mine.body.attachmentId };
      const misplaced = await call(app.baseUrl, 'POST', `${anonymous}/submissions`, { answers: wrongField }, cookieOf(mine.body.uploadToken));
      expect(misplaced.body).toMatchObject({ code: 'attachment-invalid' });
      // not an id at all: the format says so before anything is looked up
      expect((await call(app.baseUrl, 'POST', `${anonymous}/submissions`, { answers: { ...answers, photos: ['../etc/passwd'] } })).body.code).toBe('answers-invalid');
    });

    it('links the browser’s own attachment to its submission, once', async () => {
      const mine = await upload(anonymous, 'photos', pdf, 'min.pdf');
      const token = mine.body.uploadToken;
      const answers = { ...EXAMPLE_ANSWERS.felanmalan, photos: [mine.body.attachmentId] };
      const submitted = await call(app.baseUrl, 'POST', `${anonymous}/submissions`, { answers }, cookieOf(token));
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
      const row = await app.database.db.selectFrom('attachments').select('submission_id').where('id', '=', mine.body.attachmentId).executeTakeFirstOrThrow();
      expect(row.submission_id).toBe(submitted.body.submissionId);

      const again = await call(app.baseUrl, 'POST', `${anonymous}/submissions`, { answers }, cookieOf(token));
      expect(again).toMatchObject({ status: 422, body: { code: 'attachment-invalid' } });
      // still readable by its owner, but no longer deletable
      expect((await download(anonymous, mine.body.attachmentId, cookieOf(token))).status).toBe(200);
      const deleted = await fetch(`${app.baseUrl}${anonymous}/attachments/${mine.body.attachmentId}`, { method: 'DELETE', headers: cookieOf(token) });
      expect(deleted.status).toBe(409);
    });

    it('stores only one of two submissions of the same attachment sent at the same moment', async () => {
      const mine = await upload(anonymous, 'photos', pdf, 'samtidigt.pdf');
      const answers = { ...EXAMPLE_ANSWERS.felanmalan, photos: [mine.body.attachmentId] };
      const submissions = async () => (await app.database.db.selectFrom('submissions').select('id').where('eservice_id', '=', 'felanmalan-bilagor').execute()).length;
      const before = await submissions();
      const both = await Promise.all([0, 1].map(() => call(app.baseUrl, 'POST', `${anonymous}/submissions`, { answers }, cookieOf(mine.body.uploadToken))));
      expect(both.map((r) => r.status).sort()).toEqual([201, 422]);
      const stored = both.find((r) => r.status === 201)!.body.submissionId;
      const row = await app.database.db.selectFrom('attachments').select('submission_id').where('id', '=', mine.body.attachmentId).executeTakeFirstOrThrow();
      expect(row.submission_id).toBe(stored);
      expect(await submissions()).toBe(before + 1);
    });

    it('lets the owner delete an attachment before submitting', async () => {
      const mine = await upload(anonymous, 'photos', png, 'bort.png');
      const url = `${app.baseUrl}${anonymous}/attachments/${mine.body.attachmentId}`;
      expect((await fetch(url, { method: 'DELETE', headers: cookieOf(mine.body.uploadToken) })).status).toBe(204);
      expect((await download(anonymous, mine.body.attachmentId, cookieOf(mine.body.uploadToken))).status).toBe(404);
    });
  });

  describe('e-ID e-service: the upload belongs to the person', () => {
    const auth = (session: { cookie: string; csrfToken: string }) => ({ cookie: session.cookie, 'x-csrf-token': session.csrfToken });

    it('needs a login, and the CSRF token with it', async () => {
      const before = await attachmentCount();
      expect((await upload(eid, 'sitePlans', pdf, 'a.pdf')).body.code).toBe('login-required');
      const session = await loggedIn(app.database.db);
      expect((await upload(eid, 'sitePlans', pdf, 'a.pdf', { cookie: session.cookie })).body.code).toBe('csrf-token-invalid');
      expect(await attachmentCount()).toBe(before);
    });

    it('serves the person’s own file, hides it from another person, and links it on submission once', async () => {
      const klara = await loggedIn(app.database.db);
      const tolvan = await loggedIn(app.database.db, { person: { ...TEST_PERSON, personalIdentityNumber: '191212121212', givenName: 'Tolvan', surname: 'Tolvansson', displayName: 'Tolvan Tolvansson' } });
      const uploaded = await upload(eid, 'sitePlans', pdf, 'situationsplan.pdf', auth(klara));
      expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
      expect(uploaded.body.uploadToken).toBeUndefined();
      const id: string = uploaded.body.attachmentId;

      const own = await download(eid, id, { cookie: klara.cookie });
      expect(own.status).toBe(200);
      expect(sha256(own.bytes)).toBe(sha256(pdf));
      expectSafeDownload(own.headers, 'situationsplan.pdf');
      expect((await download(eid, id, { cookie: tolvan.cookie })).status).toBe(404);
      expect((await download(eid, id)).status).toBe(401);
      // another e-service's address does not reach it either
      expect((await download(anonymous, id)).status).toBe(404);

      const answers = { ...EXAMPLE_ANSWERS.bygglov, sitePlans: [id] };
      const foreign = await call(app.baseUrl, 'POST', `${eid}/submissions`, { answers }, auth(tolvan));
      expect(foreign).toMatchObject({ status: 422, body: { code: 'attachment-invalid', fields: ['sitePlans'] } });

      const submitted = await call(app.baseUrl, 'POST', `${eid}/submissions`, { answers }, auth(klara));
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
      const row = await app.database.db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ submission_id: submitted.body.submissionId, owner_personal_identity_number: TEST_PERSON.personalIdentityNumber, owner_token_hash: null });

      const again = await call(app.baseUrl, 'POST', `${eid}/submissions`, { answers }, auth(klara));
      expect(again).toMatchObject({ status: 422, body: { code: 'attachment-invalid' } });

      // Mina sidor and the receipt name the file, not its id
      const mine = await call(app.baseUrl, 'GET', `/api/me/submissions/${submitted.body.submissionId}`, undefined, { cookie: klara.cookie });
      expect(JSON.stringify(mine.body.sections)).toContain('situationsplan.pdf');
      expect(JSON.stringify(mine.body.sections)).not.toContain(id);
      const receipt = await fetch(`${app.baseUrl}/api/me/submissions/${submitted.body.submissionId}/receipt.pdf`, { headers: { cookie: klara.cookie } });
      const text = extractPdfText(Buffer.from(await receipt.arrayBuffer()));
      expect(text).toContain('Bilagor');
      expect(text).toMatch(/situationsplan\.pdf \(PDF, \d+ kB\)/);
    });

    it('tells the owner the file’s name and size without its content (HEAD), and lets no one else describe or delete it', async () => {
      const klara = await loggedIn(app.database.db);
      const kim = await loggedIn(app.database.db, { person: { ...TEST_PERSON, personalIdentityNumber: '199001012385', givenName: 'Kim', surname: 'Berg', displayName: 'Kim Berg' } });
      const uploaded = await upload(eid, 'sitePlans', pdf, 'fasad ritning å.pdf', auth(klara));
      expect(uploaded.status).toBe(201);
      const path = `${app.baseUrl}${eid}/attachments/${uploaded.body.attachmentId}`;

      const described = await fetch(path, { method: 'HEAD', headers: { cookie: klara.cookie } });
      expect(described.status).toBe(200);
      expect(Number(described.headers.get('content-length'))).toBe(pdf.length);
      expect(described.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('fasad ritning å.pdf')}`);
      expect((await described.arrayBuffer()).byteLength).toBe(0);

      expect((await fetch(path, { method: 'HEAD', headers: { cookie: kim.cookie } })).status).toBe(404);
      const foreignDelete = await call(app.baseUrl, 'DELETE', `${eid}/attachments/${uploaded.body.attachmentId}`, undefined, auth(kim));
      expect(foreignDelete).toMatchObject({ status: 404, body: { code: 'not-found' } });
      expect((await download(eid, uploaded.body.attachmentId, { cookie: klara.cookie })).status).toBe(200);
    });

    it('does not take an anonymous upload token as a login', async () => {
      const anon = await upload(anonymous, 'photos', pdf, 'a.pdf');
      const response = await upload(eid, 'sitePlans', pdf, 'a.pdf', cookieOf(anon.body.uploadToken));
      expect(response.status).toBe(401);
    });
  });
});
