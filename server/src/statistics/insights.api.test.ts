import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ANSWERS } from '@etjanst/schemas';
import { DEFAULT_RATE_LIMITS } from '../rate-limits/limits.js';
import { extractPdfText } from '../receipts/pdf-text.js';
import { ANONYMOUS, call, startTestApp, type TestApp } from '../test-support/app.js';
import { loggedIn } from '../test-support/sessions.js';
import { signInStaff } from '../test-support/staff.js';

const thisYear = Number(new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' }).slice(0, 4));
const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
const KLARA = '199001012385';
const RATING_LIMIT = 8;

/** The portal's anonymous feedback (ratings, step events) and what the statistics make of it. */
describe(`citizen ratings, step events and the benefit report (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  /** Solbacka's statistics reader, for the downloads read as bytes */
  let reader: Record<string, string>;
  const rate = (municipality: string, eserviceId: string, body: unknown, headers: Record<string, string> = ANONYMOUS) =>
    call(app.baseUrl, 'POST', `/api/municipalities/${municipality}/catalogue/${eserviceId}/ratings`, body, headers);
  const stepEvent = (municipality: string, body: unknown) => call(app.baseUrl, 'POST', `/api/municipalities/${municipality}/catalogue/felanmalan/step-events`, body, ANONYMOUS);
  /** The permits to rate that Solbacka's fault reports' answers carried (ratings/ratings.api.test.ts tests them) */
  const permits: string[] = [];
  const submitFaultReport = async (municipality: string) => {
    const sent = await call(app.baseUrl, 'POST', `/api/municipalities/${municipality}/eservices/felanmalan/versions/1/submissions`, { answers: EXAMPLE_ANSWERS.felanmalan, language: 'sv' }, ANONYMOUS);
    expect(sent.status).toBe(201);
    if (municipality === 'solbacka') permits.push(sent.body.ratingPermit);
  };

  beforeAll(async () => {
    app = await startTestApp({ rateLimits: { enabled: true, limits: { ...DEFAULT_RATE_LIMITS, rating: { perAddress: { points: RATING_LIMIT, seconds: 600 } } } } });
    for (const municipality of ['solbacka', 'solbacka', 'solbacka', 'ekdala']) await submitFaultReport(municipality);
    // Solbacka's fault report (two steps): five reached the first step, three the second, two sent it
    const events = [...Array(5).fill({ step: 0, kind: 'reached' }), ...Array(3).fill({ step: 1, kind: 'reached' }), ...Array(2).fill({ step: 1, kind: 'completed' })];
    for (const event of events) expect((await stepEvent('solbacka', { version: 1, ...event })).status).toBe(204);
    expect((await stepEvent('ekdala', { version: 1, step: 0, kind: 'reached' })).status).toBe(204);
    reader = (await signInStaff(app.database.db, [{ role: 'statistics-reader', municipalityId: 'solbacka', departmentId: null }], 'Siffer Läsare')).headers;
  });
  afterAll(async () => app?.close());

  it('stores a rating with the day and nothing that says who gave it, personal data in the comment replaced', async () => {
    const klara = await loggedIn(app.database.db, { person: { personalIdentityNumber: KLARA, givenName: 'Klara', surname: 'Ek', displayName: 'Klara Ek' } });
    // even a request that carries a session stores nothing of it
    const [first, second, third] = permits;
    const sent = await rate('solbacka', 'felanmalan', { version: 1, grade: 4, comment: ` Bra, men ring mig på 070-123 45 67 eller skriv till klara.ek@exempel.se (${KLARA}) `, permit: first }, { cookie: klara.cookie, 'x-csrf-token': klara.csrfToken });
    expect(sent.status).toBe(204);
    expect((await rate('solbacka', 'felanmalan', { version: 1, grade: 2, permit: second })).status).toBe(204);
    expect((await rate('solbacka', 'felanmalan', { version: 1, grade: 5, comment: 'Snabbt och enkelt!', permit: third })).status).toBe(204);
    const rows = await app.database.db.selectFrom('eservice_ratings').selectAll().where('municipality_id', '=', 'solbacka').execute();
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(['comment', 'eservice_id', 'grade', 'id', 'municipality_id', 'rated_on', 'version']);
      expect(JSON.stringify(row)).not.toMatch(new RegExp(`${KLARA}|${klara.cookie.split('=')[1]}|klara\\.ek|070-123|127\\.0\\.0\\.1`));
    }
    expect(rows.map((r) => r.comment).sort()).toEqual(['Bra, men ring mig på [borttaget] eller skriv till [borttaget] ([borttaget])', 'Snabbt och enkelt!', null].sort());
  });

  it('refuses grades outside 1-5, a long comment, an unknown version, and too many ratings from one address', async () => {
    // a permit no submission was given: the rating's own content is refused before the permit is looked at
    const permit = 'A'.repeat(43);
    for (const [body, status, code] of [
      [{ version: 1, grade: 6 }, 422, 'grade-invalid'],
      [{ version: 1, grade: 3.5 }, 422, 'grade-invalid'],
      [{ version: 1, grade: 3, comment: 'x'.repeat(501) }, 422, 'comment-invalid'],
      [{ version: 99, grade: 3 }, 404, undefined],
    ] as const) {
      const refused = await rate('solbacka', 'felanmalan', { ...body, permit });
      expect(refused.status, JSON.stringify(body).slice(0, 60)).toBe(status);
      if (code) expect(refused.body).toMatchObject({ code });
    }
    expect((await rate('solbacka', 'no-such-service', { version: 1, grade: 3, permit })).status).toBe(404);
    // the refused ones counted too: 3 stored and 5 refused above make the limit of 8
    const limited = await rate('solbacka', 'felanmalan', { version: 1, grade: 3, permit });
    expect(limited.status).toBe(429);
  });

  it('shows the owner the average, the count per grade and the comments per e-service', async () => {
    const { status, body } = await call(app.baseUrl, 'GET', '/api/municipalities/solbacka/statistics/ratings');
    expect(status).toBe(200);
    expect(body.eservices).toEqual([
      {
        eserviceId: 'felanmalan',
        title: expect.objectContaining({ sv: 'Felanmälan och synpunkter' }),
        count: 3,
        average: 3.67, // (4 + 2 + 5) / 3
        grades: [0, 1, 0, 1, 1],
        comments: expect.arrayContaining([
          { grade: 5, comment: 'Snabbt och enkelt!', ratedOn: today },
          { grade: 4, comment: expect.stringContaining('[borttaget]'), ratedOn: today },
        ]),
      },
    ]);
    expect((await call(app.baseUrl, 'GET', '/api/municipalities/ekdala/statistics/ratings')).body.eservices).toEqual([]);
  });

  it('counts starts, completions and drop-off per step from the day counters', async () => {
    const { status, body } = await call(app.baseUrl, 'GET', '/api/municipalities/solbacka/statistics/steps');
    expect(status).toBe(200);
    expect(body.eservices).toEqual([
      {
        eserviceId: 'felanmalan',
        version: 1,
        title: expect.objectContaining({ sv: 'Felanmälan och synpunkter' }),
        started: 5,
        completed: 2,
        steps: [
          { index: 0, title: { sv: 'Ditt ärende', en: 'Your report' }, reached: 5, left: 2, leftRate: 2 / 5 },
          { index: 1, title: { sv: 'Kontakt', en: 'Contact' }, reached: 3, left: 1, leftRate: 1 / 3 },
        ],
      },
    ]);
    // counters, not rows per visitor: one row per step, kind and day
    const counters = await app.database.db.selectFrom('step_event_counters').select(['step_index', 'kind', 'count']).where('municipality_id', '=', 'solbacka').orderBy('step_index').orderBy('kind').execute();
    expect(counters).toEqual([
      { step_index: 0, kind: 'reached', count: 5 },
      { step_index: 1, kind: 'completed', count: 2 },
      { step_index: 1, kind: 'reached', count: 3 },
    ]);
    expect((await call(app.baseUrl, 'GET', `/api/municipalities/solbacka/statistics/steps?from=${thisYear - 1}-01-01&to=${thisYear - 1}-12-31`)).body.eservices).toEqual([]);
  });

  it('refuses a step the version does not have, an unknown kind and an unknown version', async () => {
    expect((await stepEvent('solbacka', { version: 1, step: 2, kind: 'reached' })).body).toMatchObject({ status: 422, code: 'step-invalid' });
    expect((await stepEvent('solbacka', { version: 1, step: -1, kind: 'reached' })).body).toMatchObject({ status: 422, code: 'step-invalid' });
    expect((await stepEvent('solbacka', { version: 1, step: 0, kind: 'clicked' })).body).toMatchObject({ status: 422, code: 'step-event-kind-invalid' });
    expect((await stepEvent('solbacka', { version: 7, step: 0, kind: 'reached' })).status).toBe(404);
  });

  it('writes the yearly benefit report as CSV with hand-computed hours and kronor per e-service, department and municipality', async () => {
    const response = await fetch(`${app.baseUrl}/api/municipalities/solbacka/statistics/benefit-report.csv?year=${thisYear}`, { headers: reader });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toContain(`nyttorapport-solbacka-${thisYear}.csv`);
    const lines = (await response.text()).replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('Förvaltning;E-tjänst;Digitala ärenden;Sparade minuter per ärende;Kostnad per timme (kr);Sparade timmar;Sparade kronor');
    // three fault reports x (12 - 4) minutes = 24 minutes = 0.4 hours; x 550 kr = 220 kr
    expect(lines).toContain('Stadsbyggnadsförvaltningen;Felanmälan och synpunkter;3;8;550;0,4;220');
    expect(lines).toContain('Stadsbyggnadsförvaltningen;Summa förvaltning;;;;0,4;220');
    expect(lines.at(-2)).toBe('Summa kommunen;;;;;0,4;220');
    expect(lines.at(-1)).toBe('');
  });

  it('writes the same report as a tagged PDF and gives the digital share and savings per month', async () => {
    const response = await fetch(`${app.baseUrl}/api/municipalities/solbacka/statistics/benefit-report.pdf`, { headers: { ...reader, 'accept-language': 'en' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await response.arrayBuffer());
    expect(pdf.toString('latin1')).toMatch(/\/StructTreeRoot/);
    expect(pdf.toString('latin1')).toMatch(/\/S \/H1\b/);
    const text = extractPdfText(pdf);
    expect(text).toContain(`Benefit report ${thisYear}`);
    expect(text).toMatch(/Report a fault or give feedback: Digital cases: 3;[\s\S]*?Hours saved: 0\.4; SEK saved: 220/);

    const months = await call(app.baseUrl, 'GET', `/api/municipalities/solbacka/statistics/months?year=${thisYear}`);
    expect(months.status).toBe(200);
    expect(months.body.months).toHaveLength(12);
    const thisMonth = months.body.months.find((m: { month: string }) => m.month === today.slice(0, 7));
    expect(thisMonth).toEqual({ month: today.slice(0, 7), digital: 3, paper: 0, digitalShare: 1, hoursSaved: 0.4, sekSaved: 220 });
    expect(months.body.months.filter((m: { digital: number }) => m.digital > 0)).toHaveLength(1);
    expect((await call(app.baseUrl, 'GET', '/api/municipalities/solbacka/statistics/months?year=26')).body).toMatchObject({ code: 'year-invalid' });
  });

  it('marks the municipality’s most used e-services of the last year in its catalogue', async () => {
    const { body } = await call(app.baseUrl, 'GET', '/api/municipalities/solbacka/catalogue', undefined, ANONYMOUS);
    const ranked = body.items.filter((item: { mostUsedRank?: number }) => item.mostUsedRank !== undefined);
    expect(ranked.map((item: { eserviceId: string; mostUsedRank: number }) => [item.eserviceId, item.mostUsedRank])).toEqual([['felanmalan', 1]]);
  });
});
