import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ANSWERS } from '@etjanst/schemas';
import { call, startTestApp, type TestApp } from '../test-support/app.js';
import { loggedIn } from '../test-support/sessions.js';
import { signInByEId, type StaffSignIn } from '../test-support/staff.js';

// Demo staff (see demo/seed.ts): Maja handles Solbacka's weddings, Erik city planning (fault reports) and Ekdala's education.
const MAJA = '199304249429';
const ERIK = '198506129876';
const KIM = { personalIdentityNumber: '199001012385', givenName: 'Kim', surname: 'Berg', displayName: 'Kim Berg' };
const ANNA = { personalIdentityNumber: '198507099805', givenName: 'Anna', surname: 'Svensson', displayName: 'Anna Svensson' };

type Session = Awaited<ReturnType<typeof loggedIn>>;
type Benefit = { manualMinutesPerCase: number; digitalMinutesPerCase: number; costPerHourSek: number; expectedCasesPerYear: number };
const as = (session: Session) => ({ cookie: session.cookie, 'x-csrf-token': session.csrfToken });
const DRAFTS = '/api/me/drafts';
const thisYear = Number(new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' }).slice(0, 4));

describe(`statistics API (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;

  const statistics = async (municipality: string, query = '') => call(app.baseUrl, 'GET', `/api/municipalities/${municipality}/statistics${query}`);
  const row = (body: { eservices: { eserviceId: string }[] }, eserviceId: string) => body.eservices.find((e) => e.eserviceId === eserviceId);
  const submit = async (municipality: string, eserviceId: string, session?: Session) => {
    const response = await call(app.baseUrl, 'POST', `/api/municipalities/${municipality}/eservices/${eserviceId}/versions/1/submissions`, { answers: EXAMPLE_ANSWERS[eserviceId as keyof typeof EXAMPLE_ANSWERS], language: 'sv' }, session ? as(session) : {});
    expect(response.status).toBe(201);
  };
  const draft = async (session: Session, eserviceId: string) => {
    const response = await call(app.baseUrl, 'POST', DRAFTS, { eserviceId, version: 1, answers: {} }, as(session));
    expect(response.status).toBe(201);
    return response.body.id as string;
  };
  const paper = async (handler: StaffSignIn, municipality: string, department: string, body: Record<string, unknown>) => {
    const response = await call(app.baseUrl, 'POST', `/api/municipalities/${municipality}/departments/${department}/inbox/cases`, body, { ...handler.headers, 'content-type': 'application/json' });
    expect(response.status).toBe(201);
  };
  const benefitOf = async (eserviceId: string): Promise<Benefit> =>
    (await call(app.baseUrl, 'GET', `/api/municipalities/solbacka/eservices/${eserviceId}/versions/1`)).body.definition.benefit;

  beforeAll(async () => {
    app = await startTestApp();
    const db = app.database.db;
    const [klara, kim, anna, klaraInEkdala] = await Promise.all([loggedIn(db), loggedIn(db, { person: KIM }), loggedIn(db, { person: ANNA }), loggedIn(db, { municipalityId: 'ekdala' })]);
    // handlers register paper cases on their staff logins
    const [maja, erik] = await Promise.all([signInByEId(db, MAJA), signInByEId(db, ERIK)]);
    // Weddings in Solbacka: Klara starts a draft and sends it; Kim starts one and deletes it, then
    // sends without a draft; Anna's draft stays saved; one wedding came on paper, one last year.
    await draft(klara, 'borgerlig-vigsel');
    await submit('solbacka', 'borgerlig-vigsel', klara);
    const abandoned = await draft(kim, 'borgerlig-vigsel');
    expect((await call(app.baseUrl, 'DELETE', `${DRAFTS}/${abandoned}`, undefined, as(kim))).status).toBe(204);
    await submit('solbacka', 'borgerlig-vigsel', kim);
    await draft(anna, 'borgerlig-vigsel');
    await paper(maja, 'solbacka', 'kommunstyrelse', { eserviceId: 'borgerlig-vigsel', summary: 'Bokning per post.' });
    await paper(maja, 'solbacka', 'kommunstyrelse', { eserviceId: 'borgerlig-vigsel', summary: 'Bokning per post.', receivedOn: `${thisYear - 1}-06-15` });
    // Anonymous fault reports have no drafts: two sent, one typed in from paper.
    await submit('solbacka', 'felanmalan');
    await submit('solbacka', 'felanmalan');
    await paper(erik, 'solbacka', 'stadsbyggnad', { eserviceId: 'felanmalan', answers: EXAMPLE_ANSWERS.felanmalan });
    // Ekdala's cases are Ekdala's alone.
    await draft(klaraInEkdala, 'borgerlig-vigsel');
    await submit('ekdala', 'felanmalan');
    await paper(erik, 'ekdala', 'utbildning', { eserviceId: 'vuxenutbildning', summary: 'Ansökan per post.' });
  });
  afterAll(async () => app?.close());

  it('counts cases by channel, starts, completions and drop-off per e-service for the current year by default', async () => {
    const response = await statistics('solbacka');
    expect(response.status).toBe(200);
    expect(response.body.period).toEqual({ from: `${thisYear}-01-01`, to: `${thisYear}-12-31` });
    expect(response.body.eservices.map((e: { eserviceId: string }) => e.eserviceId)).toEqual(expect.arrayContaining(['borgerlig-vigsel', 'felanmalan', 'bygglov']));
    expect(row(response.body, 'borgerlig-vigsel')).toMatchObject({
      title: { sv: expect.stringMatching(/vigsel/i) },
      published: true,
      digital: 2,
      paper: 1,
      digitalShare: 2 / 3,
      // three drafts plus Kim's submission without one
      started: 4,
      completed: 2,
      // Kim's deleted draft and Anna's saved one
      dropOff: 2,
      stillSaved: 1,
      dropOffRate: 0.5,
    });
    expect(row(response.body, 'felanmalan')).toMatchObject({ digital: 2, paper: 1, digitalShare: 2 / 3, started: 2, completed: 2, dropOff: 0, stillSaved: 0, dropOffRate: 0 });
    // nothing at all: no share, no rate rather than a made-up zero
    expect(row(response.body, 'bygglov')).toMatchObject({ digital: 0, paper: 0, digitalShare: null, started: 0, dropOffRate: null, benefit: { hoursSaved: 0, sekSaved: 0 } });
    expect(response.body.totals).toMatchObject({ digital: 4, paper: 2, digitalShare: 4 / 6, started: 6, completed: 4, dropOff: 2, stillSaved: 1, dropOffRate: 2 / 6 });
  });

  it('computes the benefit from the definition’s minutes, cost and expected cases, with totals', async () => {
    const { body } = await statistics('solbacka');
    const hours = (cases: number, b: Benefit) => (cases * (b.manualMinutesPerCase - b.digitalMinutesPerCase)) / 60;
    const expected = (cases: number, b: Benefit) => ({
      minutesSavedPerCase: b.manualMinutesPerCase - b.digitalMinutesPerCase,
      costPerHourSek: b.costPerHourSek,
      expectedCasesPerYear: b.expectedCasesPerYear,
      hoursSaved: Math.round(hours(cases, b) * 10) / 10,
      sekSaved: Math.round(hours(cases, b) * b.costPerHourSek),
      projectedHoursPerYear: Math.round(hours(b.expectedCasesPerYear, b) * 10) / 10,
      projectedSekPerYear: Math.round(hours(b.expectedCasesPerYear, b) * b.costPerHourSek),
    });
    const wedding = await benefitOf('borgerlig-vigsel');
    const fault = await benefitOf('felanmalan');
    expect(wedding.manualMinutesPerCase).toBeGreaterThan(wedding.digitalMinutesPerCase);
    expect(row(body, 'borgerlig-vigsel')).toMatchObject({ benefit: expected(2, wedding) });
    expect(row(body, 'felanmalan')).toMatchObject({ benefit: expected(2, fault) });
    const exactSek = hours(2, wedding) * wedding.costPerHourSek + hours(2, fault) * fault.costPerHourSek;
    expect(body.totals.sekSaved).toBe(Math.round(exactSek));
    expect(body.totals.hoursSaved).toBe(Math.round((hours(2, wedding) + hours(2, fault)) * 10) / 10);
    const projected = body.eservices.reduce((total: number, e: { benefit: { projectedSekPerYear: number } }) => total + e.benefit.projectedSekPerYear, 0);
    expect(Math.abs(body.totals.projectedSekPerYear - projected)).toBeLessThanOrEqual(body.eservices.length);
  });

  it('takes the period in Swedish days: last year holds only the paper wedding', async () => {
    const lastYear = await statistics('solbacka', `?from=${thisYear - 1}-01-01&to=${thisYear - 1}-12-31`);
    expect(lastYear.status).toBe(200);
    expect(row(lastYear.body, 'borgerlig-vigsel')).toMatchObject({ digital: 0, paper: 1, digitalShare: 0, started: 0, benefit: { hoursSaved: 0 } });
    expect(lastYear.body.totals).toMatchObject({ digital: 0, paper: 1, started: 0 });
    // one end given: the rest of that year
    expect((await statistics('solbacka', `?from=${thisYear - 1}-03-01`)).body.period).toEqual({ from: `${thisYear - 1}-03-01`, to: `${thisYear - 1}-12-31` });
    expect((await statistics('solbacka', `?to=${thisYear - 1}-03-01`)).body.period).toEqual({ from: `${thisYear - 1}-01-01`, to: `${thisYear - 1}-03-01` });
    const day = await statistics('solbacka', `?from=${thisYear - 1}-06-15&to=${thisYear - 1}-06-15`);
    expect(row(day.body, 'borgerlig-vigsel')).toMatchObject({ paper: 1 });
    const dayBefore = await statistics('solbacka', `?from=${thisYear - 1}-06-14&to=${thisYear - 1}-06-14`);
    expect(row(dayBefore.body, 'borgerlig-vigsel')).toMatchObject({ paper: 0 });
  });

  it('refuses bad dates and a period that ends before it starts, in Swedish and English', async () => {
    for (const [query, code, field] of [
      ['?from=2026-02-30', 'date-invalid', 'from'],
      ['?to=31/12/2026', 'date-invalid', 'to'],
      ['?from=2026-01-01&from=2026-02-01', 'date-invalid', 'from'],
      ['?from=2026-06-01&to=2026-05-31', 'period-invalid', 'from'],
    ] as const) {
      const refused = await statistics('solbacka', query);
      expect(refused.status, query).toBe(422);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ code, field });
      expect(refused.body.messages.sv.detail).toMatch(/datum|Perioden/);
      expect(refused.body.messages.en.detail).toMatch(/date|period/);
    }
    expect((await statistics('no-such-town')).status).toBe(404);
  });

  it('counts only the municipality’s own cases and drafts', async () => {
    const { body } = await statistics('ekdala');
    expect(row(body, 'felanmalan')).toMatchObject({ digital: 1, paper: 0, started: 1, completed: 1 });
    expect(row(body, 'borgerlig-vigsel')).toMatchObject({ digital: 0, paper: 0, started: 1, dropOff: 1, stillSaved: 1 });
    expect(row(body, 'vuxenutbildning')).toMatchObject({ digital: 0, paper: 1, digitalShare: 0 });
    expect(body.totals).toMatchObject({ digital: 1, paper: 1, started: 2, dropOff: 1 });
  });
});
