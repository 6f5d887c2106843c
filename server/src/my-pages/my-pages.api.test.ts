import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ANSWERS } from '@etjanst/schemas';
import { extractPdfText } from '../receipts/pdf-text.js';
import { call, startTestApp, type TestApp } from '../test-support/app.js';
import { loggedIn, TEST_PERSON } from '../test-support/sessions.js';
import { expectSafeDownload } from '../test-support/downloads.js';

const submitPath = (eserviceId: string, municipality = 'solbacka') =>
  `/api/municipalities/${municipality}/eservices/${eserviceId}/versions/1/submissions`;
const OTHER_PERSON = { personalIdentityNumber: '199001012385', givenName: 'Kim', surname: 'Berg', displayName: 'Kim Berg' };

type Session = Awaited<ReturnType<typeof loggedIn>>;
const as = (session: Session) => ({ cookie: session.cookie, 'x-csrf-token': session.csrfToken });

describe(`Mina sidor API (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  let klara: Session;
  let kim: Session;
  let klaraInEkdala: Session;
  const submitted: Record<string, { submissionId: string; receiptNumber: string }> = {};

  beforeAll(async () => {
    app = await startTestApp();
    const db = app.database.db;
    [klara, kim, klaraInEkdala] = await Promise.all([
      loggedIn(db),
      loggedIn(db, { person: OTHER_PERSON }),
      loggedIn(db, { municipalityId: 'ekdala' }),
    ]);
    const submit = async (key: string, eserviceId: string, session: Session | undefined, answers: unknown, municipality = 'solbacka') => {
      const response = await call(app.baseUrl, 'POST', submitPath(eserviceId, municipality), { answers, language: 'sv' }, session ? as(session) : {});
      expect(response.status).toBe(201);
      submitted[key] = response.body;
    };
    await submit('klaraWedding', 'borgerlig-vigsel', klara, EXAMPLE_ANSWERS['borgerlig-vigsel']);
    await submit('klaraCourses', 'vuxenutbildning', klara, EXAMPLE_ANSWERS.vuxenutbildning);
    await submit('kimWedding', 'borgerlig-vigsel', kim, EXAMPLE_ANSWERS['borgerlig-vigsel']);
    await submit('klaraAnonymous', 'felanmalan', klara, EXAMPLE_ANSWERS.felanmalan); // anonymous e-service: not hers on record
    await submit('klaraEkdala', 'borgerlig-vigsel', klaraInEkdala, EXAMPLE_ANSWERS['borgerlig-vigsel'], 'ekdala');
  });
  afterAll(async () => app?.close());

  it('asks for a login', async () => {
    const response = await call(app.baseUrl, 'GET', '/api/me/submissions');
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('login-required');
    expect((await call(app.baseUrl, 'GET', `/api/me/submissions/${submitted.klaraWedding!.submissionId}/receipt.pdf`)).status).toBe(401);
  });

  it('lists the citizen’s own submissions in the session’s municipality, newest first', async () => {
    const response = await call(app.baseUrl, 'GET', '/api/me/submissions', undefined, { cookie: klara.cookie });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.body.municipalityId).toBe('solbacka');
    const items = response.body.items as Record<string, unknown>[];
    expect(items.map((i) => i.id)).toEqual([submitted.klaraCourses!.submissionId, submitted.klaraWedding!.submissionId]);
    expect(items[1]).toEqual({
      id: submitted.klaraWedding!.submissionId,
      receiptNumber: submitted.klaraWedding!.receiptNumber,
      eserviceId: 'borgerlig-vigsel',
      eserviceTitle: { sv: expect.any(String), en: expect.any(String) },
      version: 1,
      submittedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      status: 'received',
      receiptUrl: `/api/me/submissions/${submitted.klaraWedding!.submissionId}/receipt.pdf`,
    });
  });

  it('shows another person none of them, and another municipality’s session only that municipality’s', async () => {
    const kims = await call(app.baseUrl, 'GET', '/api/me/submissions', undefined, { cookie: kim.cookie });
    expect(kims.body.items.map((i: { id: string }) => i.id)).toEqual([submitted.kimWedding!.submissionId]);
    const ekdala = await call(app.baseUrl, 'GET', '/api/me/submissions', undefined, { cookie: klaraInEkdala.cookie });
    expect(ekdala.body.items.map((i: { id: string }) => i.id)).toEqual([submitted.klaraEkdala!.submissionId]);
    expect(ekdala.body.items[0].receiptNumber).toMatch(/^EKD-/);
    // a person who sent nothing sees nothing
    const elsewhere = await loggedIn(app.database.db, { person: { ...TEST_PERSON, personalIdentityNumber: '200001012380' } });
    expect((await call(app.baseUrl, 'GET', '/api/me/submissions', undefined, { cookie: elsewhere.cookie })).body.items).toEqual([]);
  });

  it('shows one own submission with its labelled answers', async () => {
    const response = await call(app.baseUrl, 'GET', `/api/me/submissions/${submitted.klaraWedding!.submissionId}`, undefined, { cookie: klara.cookie });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ receiptNumber: submitted.klaraWedding!.receiptNumber, language: 'sv', answers: EXAMPLE_ANSWERS['borgerlig-vigsel'] });
    expect(JSON.stringify(response.body.sections)).toContain('tolvan@example.se');
  });

  it('answers 404, never 403, for another person’s or another municipality’s submission', async () => {
    for (const id of [submitted.kimWedding!.submissionId, submitted.klaraEkdala!.submissionId, submitted.klaraAnonymous!.submissionId, randomUUID(), 'inte-ett-id']) {
      for (const suffix of ['', '/receipt.pdf']) {
        const response = await call(app.baseUrl, 'GET', `/api/me/submissions/${id}${suffix}`, undefined, { cookie: klara.cookie });
        expect(response.status, `${id}${suffix}`).toBe(404);
        expect(response.body.code).toBe('not-found');
      }
    }
  });

  it('serves the own receipt as a PDF', async () => {
    const response = await fetch(`${app.baseUrl}/api/me/submissions/${submitted.klaraCourses!.submissionId}/receipt.pdf`, { headers: { cookie: klara.cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expectSafeDownload(response.headers, `kvitto-${submitted.klaraCourses!.receiptNumber}.pdf`);
    const text = extractPdfText(Buffer.from(await response.arrayBuffer()));
    expect(text).toContain(submitted.klaraCourses!.receiptNumber);
    expect(text).toContain('19811228-9874');
    expect(text).toContain('Underskriften är inte klar ännu'); // adult education requires signing
    expect(text).toContain('Inga bilagor');
  });
});
