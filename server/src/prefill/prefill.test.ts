import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateFromToday, type EServiceDefinition } from '@etjanst/schemas';
import { call, startTestApp, type TestApp } from '../test-support/app.js';
import { loggedIn } from '../test-support/sessions.js';
import { startPopulationRegisterSimulator, type PopulationRegisterSimulator } from '../simulators/population-register/simulator.js';
import { PopulationRegisterClient } from './population-register/client.js';
import { populationRegisterSource } from './population-register/plugin.js';

const ASTRID = { personalIdentityNumber: '199001012385', givenName: 'Astrid', surname: 'Testsson', displayName: 'Astrid Testsson' };
const ERIK = { personalIdentityNumber: '198506129876', givenName: 'Erik', surname: 'Provsson', displayName: 'Erik Provsson' };
const versionPath = (eservice: string, version = 1, municipality = 'solbacka') => `/api/municipalities/${municipality}/eservices/${eservice}/versions/${version}`;

describe(`prefill from the population register (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let sim: PopulationRegisterSimulator;
  let app: TestApp;
  let down: TestApp;
  beforeAll(async () => {
    sim = await startPopulationRegisterSimulator();
    const source = (baseUrl: string) =>
      // the client's own time limit (5 s): a shorter one was reached on a loaded 2-core machine, right after a publish's browser scan
      populationRegisterSource(new PopulationRegisterClient({ baseUrl, clientId: sim.clientId, clientSecret: sim.clientSecret, ...sim.order }));
    app = await startTestApp({ prefillSources: [source(sim.url)] });
    down = await startTestApp({ prefillSources: [source('http://127.0.0.1:1/')] });
  });
  afterAll(async () => {
    await app?.close();
    await down?.close();
    await sim?.close();
  });

  const as = (login: { cookie: string; csrfToken: string }) => ({ cookie: login.cookie, 'x-csrf-token': login.csrfToken });

  it('fills Astrid’s name and address on förskoleplats, saying where each value came from and whether it may change', async () => {
    const astrid = await loggedIn(app.database.db, { person: ASTRID });
    const response = await call(app.baseUrl, 'GET', `${versionPath('forskoleplats')}/prefill`, undefined, as(astrid));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.body.warning).toBeUndefined();
    expect(response.body.answers).toEqual({
      guardian: {
        personalIdentityNumber: '19900101-2385',
        givenName: 'Astrid',
        surname: 'Testsson',
        address: { street: 'Solrosvägen 4', postalCode: '123 45', city: 'Solbacka' },
      },
    });
    expect(response.body.sources).toEqual({
      'guardian.personalIdentityNumber': { source: 'population-register', attribute: 'personalIdentityNumber', editable: false },
      'guardian.givenName': { source: 'population-register', attribute: 'givenName', editable: false },
      'guardian.surname': { source: 'population-register', attribute: 'surname', editable: false },
      'guardian.address.street': { source: 'population-register', attribute: 'streetAddress', editable: true },
      'guardian.address.postalCode': { source: 'population-register', attribute: 'postalCode', editable: true },
      'guardian.address.city': { source: 'population-register', attribute: 'city', editable: true },
    });
  });

  it('fills the child when the form asks for children', async () => {
    const path = '/api/municipalities/solbacka/eservices/forskoleplats';
    const draft = await call(app.baseUrl, 'GET', path);
    const definition = structuredClone(draft.body.draft ?? draft.body.definition ?? draft.body) as EServiceDefinition;
    definition.prefill.push({ field: 'child', source: 'population-register', attribute: 'children', editable: true });
    const saved = await call(app.baseUrl, 'PUT', path, definition, { 'if-match': draft.headers.get('etag')! });
    expect(saved.status).toBe(200);
    const published = await call(app.baseUrl, 'POST', `${path}/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const version = published.body.version as number;

    // Erik has one child: the child object is filled from it
    const erik = await loggedIn(app.database.db, { person: ERIK });
    const response = await call(app.baseUrl, 'GET', `${versionPath('forskoleplats', version)}/prefill`, undefined, as(erik));
    expect(response.status).toBe(200);
    expect(response.body.warning).toBeUndefined();
    expect(response.body.answers.child).toEqual({ personalIdentityNumber: '20200610-6310', givenName: 'Liam', surname: 'Provsson' });
    expect(response.body.sources.child).toEqual({ source: 'population-register', attribute: 'children', editable: true });
    // Astrid has two: one object cannot hold both, so the citizen chooses by typing
    const astrid = await loggedIn(app.database.db, { person: ASTRID });
    const hers = await call(app.baseUrl, 'GET', `${versionPath('forskoleplats', version)}/prefill`, undefined, as(astrid));
    expect(hers.body.answers.child).toBeUndefined();
  });

  it('needs a login to this municipality', async () => {
    expect((await call(app.baseUrl, 'GET', `${versionPath('forskoleplats')}/prefill`)).status).toBe(401);
    const ekdala = await loggedIn(app.database.db, { municipalityId: 'ekdala', person: ASTRID });
    const response = await call(app.baseUrl, 'GET', `${versionPath('forskoleplats')}/prefill`, undefined, as(ekdala));
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ code: 'login-required', messages: { sv: { detail: expect.any(String) }, en: { detail: expect.any(String) } } });
    expect((await call(app.baseUrl, 'GET', `${versionPath('forskoleplats', 1, 'ekdala')}/prefill`, undefined, as(ekdala))).status).toBe(200);
  });

  it('refuses unknown versions, unpublished e-services and logins below the level of assurance', async () => {
    const astrid = await loggedIn(app.database.db, { person: ASTRID });
    expect((await call(app.baseUrl, 'GET', `${versionPath('forskoleplats', 99)}/prefill`, undefined, as(astrid))).status).toBe(404);
    const weak = await loggedIn(app.database.db, { person: ASTRID, loa: 2 });
    const low = await call(app.baseUrl, 'GET', `${versionPath('forskoleplats')}/prefill`, undefined, as(weak));
    expect(low.status).toBe(403);
    expect(low.body.code).toBe('loa-too-low');
    await call(app.baseUrl, 'POST', '/api/municipalities/ekdala/eservices/bygglov/unpublish');
    const ekdala = await loggedIn(app.database.db, { municipalityId: 'ekdala', person: ASTRID });
    const closed = await call(app.baseUrl, 'GET', `${versionPath('bygglov', 1, 'ekdala')}/prefill`, undefined, as(ekdala));
    expect(closed.status).toBe(409);
  });

  it('answers 200 with a warning when the register cannot be reached: the citizen types instead', async () => {
    const astrid = await loggedIn(down.database.db, { person: ASTRID });
    const response = await call(down.baseUrl, 'GET', `${versionPath('forskoleplats')}/prefill`, undefined, as(astrid));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      answers: {},
      sources: {},
      warning: { code: 'prefill-source-unavailable', sv: expect.stringMatching(/folkbokföringen/), en: expect.stringMatching(/population register/) },
    });
  });

  it('says so when the register does not know the person', async () => {
    const klara = await loggedIn(app.database.db);
    const response = await call(app.baseUrl, 'GET', `${versionPath('forskoleplats')}/prefill`, undefined, as(klara));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ answers: {}, sources: {}, warning: { code: 'prefill-person-not-found' } });
  });

  describe('submission', () => {
    const answersFor = (guardian: Record<string, unknown>) => ({
      child: { personalIdentityNumber: '20210314-2382', givenName: 'Ella', surname: 'Testsson' },
      guardian: {
        givenName: 'Astrid',
        surname: 'Testsson',
        personalIdentityNumber: '19900101-2385',
        address: { street: 'Solrosvägen 4', postalCode: '123 45', city: 'Solbacka' },
        email: 'astrid@example.se',
        phone: '070-123 45 67',
        ...guardian,
      },
      hasOtherGuardian: false,
      startDate: dateFromToday({ months: 5 }),
      hoursPerWeek: 30,
      preferredPreschools: ['solrosen'],
      hasSpecialNeeds: false,
      consent: true,
    });
    const submit = (login: { cookie: string; csrfToken: string }, answers: unknown, target = app) =>
      call(target.baseUrl, 'POST', `${versionPath('forskoleplats')}/submissions`, { answers, language: 'sv' }, as(login));

    it('refuses a changed non-editable prefilled field with 422 prefilled-field-changed naming the field', async () => {
      const astrid = await loggedIn(app.database.db, { person: ASTRID });
      await call(app.baseUrl, 'GET', `${versionPath('forskoleplats')}/prefill`, undefined, as(astrid));
      const response = await submit(astrid, answersFor({ givenName: 'Astrud' }));
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({
        code: 'prefilled-field-changed',
        fields: ['guardian.givenName'],
        messages: { sv: { detail: expect.stringContaining('”Förnamn”') }, en: { detail: expect.stringContaining('“First name”') } },
        errors: [{ field: 'guardian.givenName', pointer: '/guardian/givenName', message: { sv: expect.any(String), en: expect.any(String) } }],
      });
      const other = await submit(astrid, answersFor({ personalIdentityNumber: '19121212-1212' }));
      expect(other.body.fields).toEqual(['guardian.personalIdentityNumber']);
    });

    it('accepts unchanged locked fields (formatting aside) and changed editable ones, from the cache without asking the register again', async () => {
      const astrid = await loggedIn(app.database.db, { person: ASTRID });
      await call(app.baseUrl, 'GET', `${versionPath('forskoleplats')}/prefill`, undefined, as(astrid));
      const cached = await app.database.db.selectFrom('prefill_lookups').selectAll().where('personal_identity_number', '=', ASTRID.personalIdentityNumber).execute();
      expect(cached.length).toBeGreaterThan(0);
      expect(cached.every((row) => row.expires_at > new Date())).toBe(true);
      // the register goes away: the cached answer still decides
      await sim.close();
      try {
        const response = await submit(astrid, answersFor({ personalIdentityNumber: '199001012385', address: { street: 'Nya vägen 1', postalCode: '12399', city: 'Solbacka' } }));
        expect(response.status).toBe(201);
        expect((await submit(astrid, answersFor({ surname: 'Annan' }))).body.code).toBe('prefilled-field-changed');
      } finally {
        sim = await startPopulationRegisterSimulator({ port: Number(new URL(sim.url).port) });
      }
    });

    it('checks locked fields against the e-ID when the register is down', async () => {
      const astrid = await loggedIn(down.database.db, { person: ASTRID });
      expect((await submit(astrid, answersFor({}), down)).status).toBe(201);
      const changed = await submit(astrid, answersFor({ personalIdentityNumber: '19850612-9876' }), down);
      expect(changed.status).toBe(422);
      expect(changed.body.code).toBe('prefilled-field-changed');
    });
  });

  describe('contact details ("information is given only once")', () => {
    const me = '/api/me/contact-details';

    it('needs a login and consent', async () => {
      expect((await call(app.baseUrl, 'GET', me)).status).toBe(401);
      const erik = await loggedIn(app.database.db, { person: ERIK });
      const noConsent = await call(app.baseUrl, 'PUT', me, { email: 'erik@example.se' }, as(erik));
      expect(noConsent.status).toBe(422);
      expect(noConsent.body.code).toBe('consent-required');
      const bad = await call(app.baseUrl, 'PUT', me, { email: 'inte-en-adress', consent: true }, as(erik));
      expect(bad.status).toBe(422);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['email']);
      expect((await call(app.baseUrl, 'PUT', me, { email: 'erik@example.se', consent: true }, { cookie: erik.cookie })).status).toBe(403);
    });

    it('are offered in the next e-service once saved, can be changed and withdrawn, and are audited', async () => {
      const astrid = await loggedIn(app.database.db, { person: ASTRID });
      expect((await call(app.baseUrl, 'GET', me, undefined, as(astrid))).body).toEqual({ email: null, phone: null, consent: false });

      const saved = await call(app.baseUrl, 'PUT', me, { email: 'astrid@example.se', phone: '070-111 22 33', consent: true }, as(astrid));
      expect(saved.status).toBe(200);
      expect(saved.body).toMatchObject({ email: 'astrid@example.se', phone: '070-111 22 33', consent: true, consentGivenAt: expect.any(String) });

      const prefill = async () => (await call(app.baseUrl, 'GET', `${versionPath('vuxenutbildning')}/prefill`, undefined, as(astrid))).body;
      let offered = await prefill();
      expect(offered.answers.applicant).toMatchObject({ email: 'astrid@example.se', givenName: 'Astrid', personalIdentityNumber: '19900101-2385' });
      expect(offered.sources['applicant.email']).toEqual({ source: 'contact-details', attribute: 'email', editable: true });

      await call(app.baseUrl, 'PUT', me, { email: 'astrid.testsson@example.se', phone: '070-111 22 33', consent: true }, as(astrid));
      offered = await prefill();
      expect(offered.answers.applicant.email).toBe('astrid.testsson@example.se');

      expect((await call(app.baseUrl, 'DELETE', me, undefined, as(astrid))).status).toBe(204);
      expect((await call(app.baseUrl, 'GET', me, undefined, as(astrid))).body.consent).toBe(false);
      offered = await prefill();
      expect(offered.answers.applicant.email).toBeUndefined();
      expect(offered.sources['applicant.email']).toBeUndefined();

      const audit = await app.database.db
        .selectFrom('audit_log')
        .select(['action', 'actor', 'details'])
        .where('subject_type', '=', 'contact-details')
        .where('actor', 'like', `%${ASTRID.personalIdentityNumber}`)
        .orderBy('id')
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['contact-details.saved', 'contact-details.changed', 'contact-details.withdrawn']);
      expect(audit[1]!.details).toEqual({ fields: ['email'], consent: true });
      expect(JSON.stringify(audit)).not.toContain('example.se');
    });

    it('are each citizen’s own, per municipality', async () => {
      const erik = await loggedIn(app.database.db, { person: ERIK });
      await call(app.baseUrl, 'PUT', me, { phone: '070-999 88 77', consent: true }, as(erik));
      const astrid = await loggedIn(app.database.db, { person: ASTRID });
      await call(app.baseUrl, 'PUT', me, { email: 'astrid@example.se', consent: true }, as(astrid));

      expect((await call(app.baseUrl, 'GET', me, undefined, as(erik))).body).toMatchObject({ email: null, phone: '070-999 88 77' });
      expect((await call(app.baseUrl, 'GET', me, undefined, as(astrid))).body).toMatchObject({ email: 'astrid@example.se', phone: null });
      const erikInEkdala = await loggedIn(app.database.db, { municipalityId: 'ekdala', person: ERIK });
      expect((await call(app.baseUrl, 'GET', me, undefined, as(erikInEkdala))).body.consent).toBe(false);
      // Erik's withdrawal leaves Astrid's details alone
      await call(app.baseUrl, 'DELETE', me, undefined, as(erik));
      expect((await call(app.baseUrl, 'GET', me, undefined, as(astrid))).body.email).toBe('astrid@example.se');
    });
  });
});
