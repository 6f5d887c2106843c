import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FAULT_REPORT_ANSWERS, publishFaultReportWith } from '../delivery/test-eservices.js';
import { PROBLEM_CONTENT_TYPE } from '../problems/problem.js';
import { call, startTestApp, type TestApp } from '../test-support/app.js';
import { UPLOAD_COOKIE } from './owner.js';
import { insertAttachment } from './repository.js';

// The attachment store's boundary, so that a test can make its write fail as a full file system would.
vi.mock('./repository.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('./repository.js')>();
  return { ...real, insertAttachment: vi.fn(real.insertAttachment) };
});

/** The error a write to a full file system gives: a real one, from writing to /dev/full. */
async function noSpaceLeft(): Promise<never> {
  await writeFile('/dev/full', 'x');
  throw new Error('/dev/full accepted a write');
}

/** Makes PostgreSQL refuse every insert into (or update of) a table with disk_full, as it does when its disk has no space left. */
async function fillDisk(app: TestApp, table: 'attachments', on: 'insert' | 'update'): Promise<() => Promise<void>> {
  const { db } = app.database;
  await sql`create or replace function test_disk_full() returns trigger language plpgsql as $$
    begin raise exception 'could not extend file: No space left on device' using errcode = 'disk_full'; end $$`.execute(db);
  await sql.raw(`create trigger test_disk_full before ${on} on ${table} for each row execute function test_disk_full()`).execute(db);
  return async () => {
    await sql.raw(`drop trigger test_disk_full on ${table}`).execute(db);
  };
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe(`attachment storage full (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  let submitPath: string;

  beforeAll(async () => {
    app = await startTestApp({ delivery: { worker: false } });
    submitPath = await publishFaultReportWith(app.baseUrl, 'felanmalan-fullt', [{ id: 'earkiv', type: 'e-archive', options: { folder: 'fullt', schedule: 'per-submission' } }], true);
  });
  afterAll(async () => {
    await app?.close();
  });

  const upload = async (uploadToken?: string) => {
    const response = await fetch(`${app.baseUrl}${submitPath.replace(/submissions$/, 'attachments')}?field=photos`, {
      method: 'POST',
      headers: { 'content-type': 'application/pdf', 'x-file-name': 'karta.pdf', 'accept-language': 'en', ...(uploadToken ? { cookie: `${UPLOAD_COOKIE}=${uploadToken}` } : {}) },
      body: PDF,
    });
    return { status: response.status, contentType: response.headers.get('content-type'), body: (await response.json()) as Record<string, any> };
  };
  const attachmentRows = () => app.database.db.selectFrom('attachments').select(['id', 'submission_id']).where('eservice_id', '=', 'felanmalan-fullt').execute();
  const submissionRows = () => app.database.db.selectFrom('submissions').select('id').where('eservice_id', '=', 'felanmalan-fullt').execute();

  it.each([
    ['the file store (ENOSPC at the storage module)', async () => {
      vi.mocked(insertAttachment).mockImplementationOnce(noSpaceLeft);
      return async () => {};
    }],
    ['the database (PostgreSQL disk_full)', () => fillDisk(app, 'attachments', 'insert')],
  ])('an upload while %s is full is refused with 507 and leaves nothing; the same upload succeeds once there is space', async (_store, fill) => {
    const before = (await attachmentRows()).length;
    const makeSpace = await fill();
    const refused = await upload();
    expect(refused.status).toBe(507);
    expect(refused.contentType).toContain(PROBLEM_CONTENT_TYPE);
    expect(refused.body).toMatchObject({
      code: 'storage-full',
      status: 507,
      title: 'Storage is full',
      messages: { sv: { title: 'Lagringsutrymmet är fullt', detail: expect.stringContaining('Ingenting har sparats') }, en: { detail: expect.stringContaining('Nothing has been stored') } },
    });
    expect(await attachmentRows()).toHaveLength(before);

    await makeSpace();
    const stored = await upload();
    expect(stored.status).toBe(201);
    expect(stored.body.sha256).toBe(createHash('sha256').update(PDF).digest('hex'));
    expect(await attachmentRows()).toHaveLength(before + 1);
  });

  it('a submission whose attachments cannot be tied to it is not stored at all, and goes through whole once there is space', async () => {
    const uploaded = await upload();
    expect(uploaded.status).toBe(201);
    const { attachmentId, uploadToken } = uploaded.body as { attachmentId: string; uploadToken: string };
    const submit = () => call(app.baseUrl, 'POST', submitPath, { answers: { ...FAULT_REPORT_ANSWERS, photos: [attachmentId] } }, { cookie: `${UPLOAD_COOKIE}=${uploadToken}` });
    const submissionsBefore = (await submissionRows()).length;

    const makeSpace = await fillDisk(app, 'attachments', 'update');
    const refused = await submit();
    expect(refused.status).toBe(507);
    expect(refused.body).toMatchObject({ code: 'storage-full' });
    // neither the submission nor its outbox rows, and the attachment is still free to submit
    expect(await submissionRows()).toHaveLength(submissionsBefore);
    expect((await attachmentRows()).find((a) => a.id === attachmentId)).toMatchObject({ submission_id: null });

    await makeSpace();
    const submitted = await submit();
    expect(submitted.status).toBe(201);
    const { submissionId } = submitted.body as { submissionId: string };
    expect(await submissionRows()).toHaveLength(submissionsBefore + 1);
    expect((await attachmentRows()).find((a) => a.id === attachmentId)).toMatchObject({ submission_id: submissionId });
    const deliveries = await app.database.db.selectFrom('deliveries').select('submission_id').where('eservice_id', '=', 'felanmalan-fullt').execute();
    expect(deliveries.map((d) => d.submission_id)).toEqual([submissionId]);
  });
});
