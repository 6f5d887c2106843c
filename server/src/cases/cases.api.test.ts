import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import readXlsxFile from 'read-excel-file/node';
import { EXAMPLE_ANSWERS } from '@etjanst/schemas';
import { insertAttachment, linkAttachments } from '../attachments/repository.js';
import { startMailboxSimulator, type MailboxSimulator } from '../simulators/mailbox/simulator.js';
import { ANONYMOUS, call, startTestApp, type TestApp } from '../test-support/app.js';
import { loggedIn } from '../test-support/sessions.js';
import { signInAccount, signInByEId, type StaffSignIn } from '../test-support/staff.js';
import { expectSafeDownload } from '../test-support/downloads.js';

// Demo staff (see demo/seed.ts): Maja handles Solbacka's kommunstyrelse (weddings), Erik stadsbyggnad (fault reports, building permits).
const MAJA = { personalIdentityNumber: '199304249429', givenName: 'Maja', surname: 'Exempeldotter', displayName: 'Maja Exempeldotter' };
const ERIK = '198506129876';
const KIM = { personalIdentityNumber: '199001012385', givenName: 'Kim', surname: 'Berg', displayName: 'Kim Berg' };

type Session = Awaited<ReturnType<typeof loggedIn>>;
const as = (session: Session) => ({ cookie: session.cookie, 'x-csrf-token': session.csrfToken });
/** A staff login's state-changing request, as the staff pages send it */
const asStaff = (staff: StaffSignIn) => ({ ...staff.headers, 'content-type': 'application/json' });
const inbox = (department: string, rest = '') => `/api/municipalities/solbacka/departments/${department}/inbox${rest}`;
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });

describe(`case handling (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  let mailbox: MailboxSimulator;
  let klara: Session;
  let kim: Session;
  let maja: StaffSignIn;
  let erik: StaffSignIn;
  const wedding: string[] = []; // receipt numbers
  const weddingIds: string[] = [];
  let faultReport: string;

  const submit = async (eserviceId: string, answers: unknown, session?: Session) => {
    const response = await call(app.baseUrl, 'POST', `/api/municipalities/solbacka/eservices/${eserviceId}/versions/1/submissions`, { answers, language: 'sv' }, session ? as(session) : {});
    expect(response.status).toBe(201);
    return response.body as { submissionId: string; receiptNumber: string };
  };
  const citizenCase = async (session: Session, submissionId: string) => call(app.baseUrl, 'GET', `/api/me/submissions/${submissionId}/case`, undefined, { cookie: session.cookie });

  beforeAll(async () => {
    mailbox = await startMailboxSimulator();
    // the news e-mails are deliveries: a worker sends them
    app = await startTestApp({ mail: { smtpUrl: mailbox.smtpUrl }, delivery: {} });
    const db = app.database.db;
    [klara, kim, maja, erik] = await Promise.all([loggedIn(db), loggedIn(db, { person: KIM }), signInByEId(db, MAJA.personalIdentityNumber), signInByEId(db, ERIK)]);
    for (const session of [klara, klara, kim]) {
      const { receiptNumber, submissionId } = await submit('borgerlig-vigsel', EXAMPLE_ANSWERS['borgerlig-vigsel'], session);
      wedding.push(receiptNumber);
      weddingIds.push(submissionId);
    }
    faultReport = (await submit('felanmalan', EXAMPLE_ANSWERS.felanmalan)).receiptNumber;
  });
  afterAll(async () => {
    await app?.close();
    await mailbox?.close();
  });

  it('starts every new case as received, by the platform, and shows it on Mina sidor', async () => {
    const response = await citizenCase(klara, weddingIds[0]!);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ receiptNumber: wedding[0], status: 'received', messages: [] });
    expect(response.body.history).toEqual([{ status: 'received', actorKind: 'platform', note: null, changedAt: expect.any(String) }]);
    const list = await call(app.baseUrl, 'GET', '/api/me/submissions', undefined, { cookie: klara.cookie });
    expect(list.body.items.map((i: { status: string }) => i.status)).toEqual(['received', 'received']);
    // someone else's case is unknown to a citizen
    expect((await citizenCase(kim, weddingIds[0]!)).status).toBe(404);
  });

  describe('the inbox', () => {
    it('lets only a handler of the department in: 401 without a staff login, 403 for another department’s handler', async () => {
      const anonymous = await call(app.baseUrl, 'GET', inbox('kommunstyrelse', '/cases'), undefined, ANONYMOUS);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.code).toBe('staff-login-required');
      // a citizen's e-ID session is no staff login, even when the citizen is a handler
      const majaAsCitizen = await loggedIn(app.database.db, { person: MAJA });
      for (const session of [klara, majaAsCitizen]) {
        const refused = await call(app.baseUrl, 'GET', inbox('kommunstyrelse', '/cases'), undefined, { cookie: session.cookie });
        expect(refused.status).toBe(401);
        expect(refused.body.code).toBe('staff-login-required');
      }
      const otherDepartment = await call(app.baseUrl, 'GET', inbox('kommunstyrelse', '/cases'), undefined, { cookie: erik.cookie });
      expect(otherDepartment.status).toBe(403);
      expect(otherDepartment.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(otherDepartment.body).toMatchObject({ code: 'forbidden', requiredRoles: ['handler'], messages: { sv: { title: 'Ingen behörighet' }, en: { title: 'Not authorised' } } });
      // nor change, message, export or open a case there
      const erikHeaders = asStaff(erik);
      expect((await call(app.baseUrl, 'PUT', inbox('kommunstyrelse', `/cases/${wedding[0]}/status`), { status: 'closed' }, erikHeaders)).status).toBe(403);
      expect((await call(app.baseUrl, 'POST', inbox('kommunstyrelse', `/cases/${wedding[0]}/messages`), { body: 'Hej' }, erikHeaders)).status).toBe(403);
      expect((await call(app.baseUrl, 'GET', inbox('kommunstyrelse', '/cases/export.csv'), undefined, erikHeaders)).status).toBe(403);
      expect((await call(app.baseUrl, 'GET', inbox('kommunstyrelse', `/cases/${wedding[0]}`), undefined, erikHeaders)).status).toBe(403);
      // nor in the same department of another municipality
      expect((await call(app.baseUrl, 'GET', '/api/municipalities/ekdala/departments/kommunstyrelse/inbox/cases', undefined, { cookie: maja.cookie })).status).toBe(403);
      // a case of another department is not found through one's own department
      expect((await call(app.baseUrl, 'GET', inbox('stadsbyggnad', `/cases/${wedding[0]}`), undefined, erikHeaders)).status).toBe(404);
      // where one handles cases is in one's staff session (the inbox's department choice)
      const session = await call(app.baseUrl, 'GET', '/api/staff/session', undefined, { cookie: erik.cookie });
      expect(session.body.grants).toEqual([
        { role: 'handler', municipalityId: 'ekdala', departmentId: 'utbildning' },
        { role: 'handler', municipalityId: 'solbacka', departmentId: 'stadsbyggnad' },
        { role: 'handler', municipalityId: 'solbacka', departmentId: 'utbildning' },
      ]);
      // the citizen-session list of one's handler roles is gone
      expect((await call(app.baseUrl, 'GET', '/api/me/handler-roles', undefined, { cookie: majaAsCitizen.cookie })).status).toBe(404);
    });

    it('lists the department’s cases, newest first, with filters on e-service, status and dates', async () => {
      const list = await call(app.baseUrl, 'GET', inbox('kommunstyrelse', '/cases'), undefined, { cookie: maja.cookie });
      expect(list.status).toBe(200);
      expect(list.body.items.map((c: { receiptNumber: string }) => c.receiptNumber)).toEqual([...wedding].reverse());
      expect(list.body.truncated).toBe(false);
      expect(list.body.items[0]).toMatchObject({ eserviceId: 'borgerlig-vigsel', status: 'received', channel: 'digital', applicantName: 'Kim Berg', assignee: null, unreadFromCitizen: 0 });
      const filtered = async (query: string) => (await call(app.baseUrl, 'GET', inbox('kommunstyrelse', `/cases?${query}`), undefined, { cookie: maja.cookie })).body.items?.length;
      expect(await filtered('eservice=borgerlig-vigsel')).toBe(3);
      expect(await filtered('eservice=felanmalan')).toBe(0);
      expect(await filtered(`from=${today()}&to=${today()}`)).toBe(3);
      expect(await filtered('to=2020-01-01')).toBe(0);
      expect(await filtered('from=2999-01-01')).toBe(0);
      expect(await filtered('status=closed')).toBe(0);
      const wrong = await call(app.baseUrl, 'GET', inbox('kommunstyrelse', '/cases?status=finished'), undefined, { cookie: maja.cookie });
      expect(wrong.status).toBe(422);
      expect(wrong.body.allowed).toContain('more-information-needed');
      expect((await call(app.baseUrl, 'GET', inbox('kommunstyrelse', '/cases?from=2026-02-30'), undefined, { cookie: maja.cookie })).status).toBe(422);
      // the anonymous fault report is city planning's
      const planning = await call(app.baseUrl, 'GET', inbox('stadsbyggnad', '/cases'), undefined, { cookie: erik.cookie });
      expect(planning.body.items.map((c: { receiptNumber: string }) => c.receiptNumber)).toEqual([faultReport]);
    });

    it('opens a case with its labelled answers and history, and records the viewing', async () => {
      const opened = await call(app.baseUrl, 'GET', inbox('kommunstyrelse', `/cases/${wedding[0]}`), undefined, { cookie: maja.cookie });
      expect(opened.status).toBe(200);
      expect(opened.body).toMatchObject({ receiptNumber: wedding[0], applicantPersonalIdentityNumber: '198112289874', attachments: [], messages: [] });
      expect(opened.body.answers).toEqual(EXAMPLE_ANSWERS['borgerlig-vigsel']);
      expect(opened.body.sections.length).toBeGreaterThan(0);
      expect(JSON.stringify(opened.body.sections)).toContain('Utsiktsberget');
      const audit = await app.database.db.selectFrom('audit_log').select(['action', 'actor']).where('action', '=', 'case.viewed').execute();
      expect(audit).toEqual([{ action: 'case.viewed', actor: expect.stringMatching(/^staff:/) }]);
    });

    it('lists the case’s attachments and lets only the department’s handler download them', async () => {
      const bytes = Buffer.from('%PDF-1.4 vittnesintyg');
      const stored = await insertAttachment(app.database.db, 'solbacka', { eserviceId: 'borgerlig-vigsel', version: 1, fieldPath: 'certificate', owner: { personalIdentityNumber: '198112289874' }, originalName: 'hindersprövning.pdf', mediaType: 'application/pdf', size: bytes.length, sha256: 'x' }, bytes);
      expect(await linkAttachments(app.database.db, 'solbacka', [stored.id], weddingIds[2]!)).toBe(1);
      const opened = await call(app.baseUrl, 'GET', inbox('kommunstyrelse', `/cases/${wedding[2]}`), undefined, { cookie: maja.cookie });
      expect(opened.body.attachments).toEqual([{ id: stored.id, fieldPath: 'certificate', name: 'hindersprövning.pdf', mediaType: 'application/pdf', size: bytes.length, url: inbox('kommunstyrelse', `/cases/${wedding[2]}/attachments/${stored.id}`) }]);
      const download = await fetch(`${app.baseUrl}${opened.body.attachments[0].url}`, { headers: { cookie: maja.cookie } });
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('application/pdf');
      expectSafeDownload(download.headers, 'hindersprövning.pdf');
      expect(Buffer.from(await download.arrayBuffer())).toEqual(bytes);
      // not through another case, nor by a handler of another department
      expect((await call(app.baseUrl, 'GET', inbox('kommunstyrelse', `/cases/${wedding[1]}/attachments/${stored.id}`), undefined, { cookie: maja.cookie })).status).toBe(404);
      expect((await call(app.baseUrl, 'GET', opened.body.attachments[0].url, undefined, { cookie: erik.cookie })).status).toBe(403);
    });

    it('sets the status with a note: history, Mina sidor, audit log and a news e-mail without case content', async () => {
      const changed = await call(app.baseUrl, 'PUT', inbox('kommunstyrelse', `/cases/${wedding[0]}/status`), { status: 'more-information-needed', note: 'Vi behöver vittnenas personnummer.' }, asStaff(maja));
      expect(changed.status).toBe(200);
      const seen = await citizenCase(klara, weddingIds[0]!);
      expect(seen.body.status).toBe('more-information-needed');
      expect(seen.body.history.map((h: { status: string }) => h.status)).toEqual(['received', 'more-information-needed']);
      expect(seen.body.history[1]).toMatchObject({ actorKind: 'handler', note: 'Vi behöver vittnenas personnummer.' });
      const list = await call(app.baseUrl, 'GET', '/api/me/submissions', undefined, { cookie: klara.cookie });
      expect(list.body.items.find((i: { id: string }) => i.id === weddingIds[0]).status).toBe('more-information-needed');
      const audit = await app.database.db.selectFrom('audit_log').select(['actor', 'details']).where('action', '=', 'case.status-changed').execute();
      expect(audit).toEqual([{ actor: expect.stringMatching(/^staff:/), details: expect.objectContaining({ from: 'received', to: 'more-information-needed' }) }]);
      const mail = await mailbox.waitFor((m) => m.subject === `Nyheter i ditt ärende ${wedding[0]}`);
      expect(mail.to).toEqual(['tolvan@example.se']);
      expect(mail.text).toContain('/mina-sidor');
      expect(mail.text).not.toContain('vittnen');
      expect(mail.text).not.toMatch(/vigsel/i);
      // its HTML part: the same words in the municipality's look, the link to Mina sidor on its address
      expect(mail.html).toContain('>Solbacka kommun</div>');
      expect(mail.html).toContain(`<a href="${app.baseUrl}/mina-sidor"`);
      expect(mail.html).not.toMatch(/vittnen|vigsel/i);
      // validation
      expect((await call(app.baseUrl, 'PUT', inbox('kommunstyrelse', `/cases/${wedding[0]}/status`), { status: 'done' }, asStaff(maja))).status).toBe(422);
      expect((await call(app.baseUrl, 'PUT', inbox('kommunstyrelse', `/cases/${wedding[0]}/status`), { status: 'closed', note: 'x'.repeat(5001) }, asStaff(maja))).status).toBe(422);
      expect((await call(app.baseUrl, 'PUT', inbox('kommunstyrelse', '/cases/SOL-2026-999999/status'), { status: 'closed' }, asStaff(maja))).status).toBe(404);
      // the CSRF token is required like everywhere else
      expect((await call(app.baseUrl, 'PUT', inbox('kommunstyrelse', `/cases/${wedding[0]}/status`), { status: 'closed' }, { cookie: maja.cookie })).status).toBe(403);
    });

    it('writes to the citizen, who reads and answers; the handler sees the answer as unread until read', async () => {
      const sent = await call(app.baseUrl, 'POST', inbox('kommunstyrelse', `/cases/${wedding[0]}/messages`), { body: 'Skicka vittnenas personnummer, tack.' }, asStaff(maja));
      expect(sent.status).toBe(201);
      expect(sent.body).toMatchObject({ direction: 'to-citizen', authorKind: 'handler', authorName: 'Maja Exempeldotter', readAt: null });
      const before = await citizenCase(klara, weddingIds[0]!);
      expect(before.body.messages).toEqual([expect.objectContaining({ body: 'Skicka vittnenas personnummer, tack.', readAt: null })]);
      expect((await call(app.baseUrl, 'POST', `/api/me/submissions/${weddingIds[0]}/case/messages/read`, undefined, as(klara))).body).toEqual({ marked: 1 });
      expect((await citizenCase(klara, weddingIds[0]!)).body.messages[0].readAt).toEqual(expect.any(String));
      const reply = await call(app.baseUrl, 'POST', `/api/me/submissions/${weddingIds[0]}/case/messages`, { body: '19121212-1212 och 19900101-2385' }, as(klara));
      expect(reply.status).toBe(201);
      expect(reply.body).toMatchObject({ direction: 'from-citizen', authorKind: 'citizen', authorName: 'Klara Testsson' });
      expect((await call(app.baseUrl, 'POST', `/api/me/submissions/${weddingIds[0]}/case/messages`, { body: '   ' }, as(klara))).status).toBe(422);
      expect((await call(app.baseUrl, 'POST', `/api/me/submissions/${weddingIds[0]}/case/messages`, { body: 'Hej' }, as(kim))).status).toBe(404);
      const listed = await call(app.baseUrl, 'GET', inbox('kommunstyrelse', '/cases'), undefined, { cookie: maja.cookie });
      expect(listed.body.items.find((c: { receiptNumber: string }) => c.receiptNumber === wedding[0]).unreadFromCitizen).toBe(1);
      expect((await call(app.baseUrl, 'POST', inbox('kommunstyrelse', `/cases/${wedding[0]}/messages/read`), undefined, asStaff(maja))).body).toEqual({ marked: 1 });
      const after = await call(app.baseUrl, 'GET', inbox('kommunstyrelse', '/cases'), undefined, { cookie: maja.cookie });
      expect(after.body.items.find((c: { receiptNumber: string }) => c.receiptNumber === wedding[0]).unreadFromCitizen).toBe(0);
      const actions = await app.database.db.selectFrom('audit_log').select('action').where('action', 'in', ['case.message-sent', 'case.citizen-replied']).execute();
      expect(actions.map((a) => a.action).sort()).toEqual(['case.citizen-replied', 'case.message-sent']);
    });

    it('assigns a case to a colleague of the department, never to someone outside it', async () => {
      // Anna, a handler in education, also becomes one in kommunstyrelse
      const added = await call(app.baseUrl, 'POST', '/api/municipalities/solbacka/staff', { personalIdentityNumber: '19850709-9805', name: 'Anna Svensson', email: 'anna@solbacka.example.se', role: 'handler', departmentId: 'kommunstyrelse' });
      expect(added.status).toBe(201);
      const colleagues = await call(app.baseUrl, 'GET', inbox('kommunstyrelse', '/handlers'), undefined, { cookie: maja.cookie });
      // the test administrator handles cases in every department
      expect(colleagues.body.items.map((h: { name: string }) => h.name)).toEqual(['Anna Svensson', 'Maja Exempeldotter', 'Test Administratör']);
      const assigned = await call(app.baseUrl, 'PUT', inbox('kommunstyrelse', `/cases/${wedding[1]}/assignee`), { staffMemberId: added.body.id }, asStaff(maja));
      expect(assigned.status).toBe(200);
      const listed = await call(app.baseUrl, 'GET', inbox('kommunstyrelse', '/cases'), undefined, { cookie: maja.cookie });
      expect(listed.body.items.find((c: { receiptNumber: string }) => c.receiptNumber === wedding[1]).assignee).toEqual({ id: added.body.id, name: 'Anna Svensson' });
      expect((await call(app.baseUrl, 'PUT', inbox('kommunstyrelse', `/cases/${wedding[1]}/assignee`), { staffMemberId: erik.accountId }, asStaff(maja))).status).toBe(422);
      expect((await call(app.baseUrl, 'PUT', inbox('kommunstyrelse', `/cases/${wedding[1]}/assignee`), { staffMemberId: null }, asStaff(maja))).body.assignee).toBeNull();
      // the new colleague gets in; once the role is taken away, no more
      const anna = await signInAccount(app.database.db, added.body.id);
      expect((await call(app.baseUrl, 'GET', inbox('kommunstyrelse', '/cases'), undefined, { cookie: anna.cookie })).status).toBe(200);
      const grant = added.body.grants.find((g: { departmentId: string }) => g.departmentId === 'kommunstyrelse');
      expect((await call(app.baseUrl, 'DELETE', `/api/municipalities/solbacka/staff/${added.body.id}/grants/${grant.id}`)).status).toBe(204);
      expect((await call(app.baseUrl, 'GET', inbox('kommunstyrelse', '/cases'), undefined, { cookie: anna.cookie })).status).toBe(403);
      expect((await call(app.baseUrl, 'GET', inbox('utbildning', '/cases'), undefined, { cookie: anna.cookie })).status).toBe(200);
    });

    it('registers a paper case in the receipt number series, channel paper, with a summary or checked answers', async () => {
      const registered = await call(app.baseUrl, 'POST', inbox('stadsbyggnad', '/cases'), { eserviceId: 'bygglov', receivedOn: today(), applicantName: 'Bo Lind', summary: 'Ansökan om bygglov för plank, inkom per post.' }, asStaff(erik));
      expect(registered.status).toBe(201);
      expect(registered.body).toMatchObject({ eserviceId: 'bygglov', channel: 'paper', status: 'received', applicantName: 'Bo Lind' });
      const sequence = (receipt: string) => Number(receipt.split('-').at(-1));
      expect(sequence(registered.body.receiptNumber)).toBe(sequence(faultReport) + 1);
      const typedIn = await call(app.baseUrl, 'POST', inbox('stadsbyggnad', '/cases'), { eserviceId: 'felanmalan', answers: EXAMPLE_ANSWERS.felanmalan }, asStaff(erik));
      expect(typedIn.status).toBe(201);
      const opened = await call(app.baseUrl, 'GET', inbox('stadsbyggnad', `/cases/${registered.body.receiptNumber}`), undefined, { cookie: erik.cookie });
      expect(opened.body).toMatchObject({ paperSummary: 'Ansökan om bygglov för plank, inkom per post.', history: [{ status: 'received', actorKind: 'handler', actorName: 'Erik Provsson' }] });
      const byEService = await call(app.baseUrl, 'GET', inbox('stadsbyggnad', '/cases?eservice=bygglov'), undefined, { cookie: erik.cookie });
      expect(byEService.body.items.map((c: { receiptNumber: string }) => c.receiptNumber)).toEqual([registered.body.receiptNumber]);
      const refuse = async (body: unknown) => (await call(app.baseUrl, 'POST', inbox('stadsbyggnad', '/cases'), body, asStaff(erik))).body.code;
      expect(await refuse({ eserviceId: 'bygglov' })).toBe('paper-case-empty');
      expect(await refuse({ eserviceId: 'borgerlig-vigsel', summary: 'Fel förvaltning' })).toBe('eservice-unknown');
      expect(await refuse({ eserviceId: 'felanmalan', answers: { category: 'no-such-category' } })).toBe('answers-invalid');
      expect(await refuse(`{"eserviceId":"felanmalan","answers":{"category":${'['.repeat(2000)}${']'.repeat(2000)}}}`)).toBe('answers-too-deep');
      expect(await refuse({ eserviceId: 'bygglov', summary: 'x', receivedOn: '2999-01-01' })).toBe('date-in-future');
      expect(await refuse({ eserviceId: 'bygglov', summary: 'x', applicantPersonalIdentityNumber: '19121212-1213' })).toBe('personal-identity-number-invalid');
      const channels = await app.database.db.selectFrom('submissions').select(['channel']).where('municipality_id', '=', 'solbacka').execute();
      expect(channels.filter((c) => c.channel === 'paper')).toHaveLength(2);
    });

    it('exports the filtered list as CSV for Swedish Excel and as XLSX, and logs the export', async () => {
      const csv = await fetch(`${app.baseUrl}${inbox('kommunstyrelse', '/cases/export.csv?status=received')}`, { headers: { cookie: maja.cookie } });
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const bytes = new Uint8Array(await csv.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = new TextDecoder().decode(bytes.slice(3)).trimEnd().split('\r\n').map((line) => line.split(';'));
      expect(lines[0]).toEqual(['Kvittonummer', 'E-tjänst', 'Inkommet', 'Kanal', 'Status', 'Sökande', 'Organisationsnummer', 'Handläggare', 'Olästa meddelanden']);
      // wedding[0] needs more information: not in the "received" export
      expect(lines.slice(1).map((l) => l[0])).toEqual([wedding[2], wedding[1]]);
      expect(lines[1]).toEqual([wedding[2], 'Boka borgerlig vigsel', expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d$/), 'Digitalt', 'Mottaget', 'Kim Berg', '', '', '0']);

      const xlsx = await fetch(`${app.baseUrl}${inbox('kommunstyrelse', '/cases/export.xlsx')}`, { headers: { cookie: maja.cookie, 'accept-language': 'en' } });
      expect(xlsx.status).toBe(200);
      expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const sheets = await readXlsxFile(Buffer.from(await xlsx.arrayBuffer()));
      const rows = sheets[0]!.data;
      expect(rows[0]).toEqual(['Receipt number', 'E-service', 'Received', 'Channel', 'Status', 'Applicant', 'Organisation number', 'Case handler', 'Unread messages']);
      expect(rows.slice(1).map((r) => r[0])).toEqual([...wedding].reverse());
      expect(rows.find((r) => r[0] === wedding[0])?.[4]).toBe('More information needed');
      const exports = await app.database.db.selectFrom('audit_log').select('details').where('action', '=', 'case.exported').execute();
      // in no particular order: the rows come as the table holds them
      expect(exports.map((e) => [e.details.format, e.details.count]).sort()).toEqual([['csv', 2], ['xlsx', 3]]);
    });
  });

  describe('the inbound API for back-office systems', () => {
    let solbackaKey: string;
    let ekdalaKey: string;
    const inbound = (receipt: string, rest: string) => `/api/inbound/cases/${receipt}${rest}`;
    const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

    beforeAll(async () => {
      const created = await call(app.baseUrl, 'POST', '/api/municipalities/solbacka/inbound-api-keys', { systemName: 'Ciceron ärendehantering' });
      expect(created.status).toBe(201);
      solbackaKey = created.body.key;
      ekdalaKey = (await call(app.baseUrl, 'POST', '/api/municipalities/ekdala/inbound-api-keys', { systemName: 'Ekdala W3D3' })).body.key;
    });

    it('keeps only the key’s hash and shows the key once', async () => {
      expect(solbackaKey).toMatch(/^etj_[A-Za-z0-9_-]{43}$/);
      const listed = await call(app.baseUrl, 'GET', '/api/municipalities/solbacka/inbound-api-keys');
      expect(listed.body.items).toEqual([expect.objectContaining({ systemName: 'Ciceron ärendehantering', keyPrefix: solbackaKey.slice(0, 10), revokedAt: null })]);
      expect(JSON.stringify(listed.body)).not.toContain(solbackaKey);
      const stored = await app.database.db.selectFrom('inbound_api_keys').select('key_hash').execute();
      expect(stored.map((s) => s.key_hash)).not.toContain(solbackaKey);
      expect((await call(app.baseUrl, 'POST', '/api/municipalities/solbacka/inbound-api-keys', { systemName: '' })).status).toBe(422);
    });

    it('sets status and writes to the citizen, who sees both on Mina sidor and gets a news e-mail', async () => {
      const status = await call(app.baseUrl, 'PUT', inbound(wedding[1]!, '/status'), { status: 'decided', note: 'Vigseln är bokad.' }, bearer(solbackaKey));
      expect(status.status).toBe(200);
      const message = await call(app.baseUrl, 'POST', inbound(wedding[1]!, '/messages'), { body: 'Välkomna till Utsiktsberget kl. 14.' }, bearer(solbackaKey));
      expect(message.status).toBe(201);
      const seen = await citizenCase(klara, weddingIds[1]!);
      expect(seen.body.status).toBe('decided');
      expect(seen.body.history.at(-1)).toMatchObject({ status: 'decided', actorKind: 'system', note: 'Vigseln är bokad.' });
      expect(seen.body.messages).toEqual([expect.objectContaining({ authorKind: 'system', authorName: 'Ciceron ärendehantering', body: 'Välkomna till Utsiktsberget kl. 14.' })]);
      await mailbox.waitFor((m) => m.subject === `Nyheter i ditt ärende ${wedding[1]}`);
      const back = await call(app.baseUrl, 'GET', inbound(wedding[1]!, ''), undefined, bearer(solbackaKey));
      expect(back.body).toMatchObject({ receiptNumber: wedding[1], status: 'decided' });
      const audit = await app.database.db.selectFrom('audit_log').select('actor').where('action', '=', 'case.status-changed').where('subject_id', '=', weddingIds[1]!).execute();
      expect(audit).toEqual([{ actor: expect.stringMatching(/^system:/) }]);
    });

    it('refuses a key of another municipality, no key, a wrong or revoked key, unknown cases and unknown statuses', async () => {
      const other = await call(app.baseUrl, 'PUT', inbound(wedding[2]!, '/status'), { status: 'closed' }, bearer(ekdalaKey));
      expect(other.status).toBe(404);
      expect((await call(app.baseUrl, 'POST', inbound(wedding[2]!, '/messages'), { body: 'Hej' }, bearer(ekdalaKey))).status).toBe(404);
      expect((await citizenCase(kim, weddingIds[2]!)).body).toMatchObject({ status: 'received', messages: [] });
      const none = await call(app.baseUrl, 'PUT', inbound(wedding[2]!, '/status'), { status: 'closed' });
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(none.body.code).toBe('api-key-invalid');
      expect((await call(app.baseUrl, 'PUT', inbound(wedding[2]!, '/status'), { status: 'closed' }, bearer(`${solbackaKey}x`))).status).toBe(401);
      expect((await call(app.baseUrl, 'PUT', inbound('SOL-2026-999999', '/status'), { status: 'closed' }, bearer(solbackaKey))).status).toBe(404);
      expect((await call(app.baseUrl, 'PUT', inbound('not a receipt', '/status'), { status: 'closed' }, bearer(solbackaKey))).status).toBe(404);
      const invalid = await call(app.baseUrl, 'PUT', inbound(wedding[2]!, '/status'), { status: 'approved' }, bearer(solbackaKey));
      expect(invalid.status).toBe(422);
      expect(invalid.body).toMatchObject({ code: 'case-status-invalid', allowed: ['received', 'in-progress', 'more-information-needed', 'decided', 'closed'] });
      expect((await call(app.baseUrl, 'POST', inbound(wedding[2]!, '/messages'), { body: '' }, bearer(solbackaKey))).status).toBe(422);
      const keys = await call(app.baseUrl, 'GET', '/api/municipalities/solbacka/inbound-api-keys');
      expect((await call(app.baseUrl, 'DELETE', `/api/municipalities/solbacka/inbound-api-keys/${keys.body.items[0].id}`)).status).toBe(204);
      expect((await call(app.baseUrl, 'GET', inbound(wedding[2]!, ''), undefined, bearer(solbackaKey))).status).toBe(401);
    });

    it('lets the citizen answer until the case is closed', async () => {
      await call(app.baseUrl, 'PUT', inbox('kommunstyrelse', `/cases/${wedding[1]}/status`), { status: 'closed' }, asStaff(maja));
      const reply = await call(app.baseUrl, 'POST', `/api/me/submissions/${weddingIds[1]}/case/messages`, { body: 'Tack!' }, as(klara));
      expect(reply.status).toBe(409);
      expect(reply.body.code).toBe('case-closed');
    });
  });

  it('sends the news e-mail to the address the citizen saved on Mina sidor, as a delivery recorded with its Message-ID', async () => {
    const saved = await call(app.baseUrl, 'PUT', '/api/me/contact-details', { email: 'kim.berg@example.se', phone: null, consent: true }, as(kim));
    expect(saved.status).toBe(200);
    await call(app.baseUrl, 'PUT', inbox('kommunstyrelse', `/cases/${wedding[2]}/status`), { status: 'in-progress' }, asStaff(maja));
    const mail = await mailbox.waitFor((m) => m.subject === `Nyheter i ditt ärende ${wedding[2]}`);
    expect(mail.to).toEqual(['kim.berg@example.se']);
    const news = () => app.database.db.selectFrom('deliveries').select(['state', 'external_reference']).where('submission_id', '=', weddingIds[2]!).where('connector_type', '=', 'case-news-email').execute();
    await expect.poll(news).toEqual([{ state: 'delivered', external_reference: expect.stringMatching(/@delivery\.etjanst>$/) }]);
  });

  it('sends no news e-mail for an anonymous case', async () => {
    const changed = await call(app.baseUrl, 'PUT', inbox('stadsbyggnad', `/cases/${faultReport}/status`), { status: 'in-progress' }, asStaff(erik));
    expect(changed.status).toBe(200);
    const scheduled = await app.database.db.selectFrom('deliveries').innerJoin('submissions', 'submissions.id', 'deliveries.submission_id').select('deliveries.id').where('submissions.receipt_number', '=', faultReport).where('connector_type', '=', 'case-news-email').execute();
    expect(scheduled).toEqual([]);
  });

  it('shows each e-service’s maturity level in the admin list, derived from its configuration', async () => {
    const list = await call(app.baseUrl, 'GET', '/api/municipalities/solbacka/eservices');
    const levels = Object.fromEntries(list.body.items.map((e: { id: string; maturityLevel: number }) => [e.id, e.maturityLevel]));
    expect(levels).toMatchObject({ felanmalan: 1, 'borgerlig-vigsel': 2, forskoleplats: 4 });
  });
});

describe('news e-mails while the mail server does not answer', () => {
  let app: TestApp;
  let mailbox: MailboxSimulator | undefined;
  let port: number;
  let klara: Session;
  let maja: StaffSignIn;
  beforeAll(async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    app = await startTestApp({ mail: { smtpUrl: `smtp://127.0.0.1:${port}` }, delivery: { policy: { maxAttempts: 5, baseDelayMs: 300, maxDelayMs: 1000 } } });
    [klara, maja] = await Promise.all([loggedIn(app.database.db), signInByEId(app.database.db, MAJA.personalIdentityNumber)]);
  });
  afterAll(async () => {
    await app?.close();
    await mailbox?.close();
  });

  const news = (submissionId: string) =>
    app.database.db.selectFrom('deliveries').select(['state', 'attempts', 'last_error', 'delivered_at']).where('submission_id', '=', submissionId).where('connector_type', '=', 'case-news-email').execute();
  const newCase = async () => {
    const submitted = await call(app.baseUrl, 'POST', '/api/municipalities/solbacka/eservices/borgerlig-vigsel/versions/1/submissions', { answers: EXAMPLE_ANSWERS['borgerlig-vigsel'], language: 'sv' }, as(klara));
    return submitted.body as { receiptNumber: string; submissionId: string };
  };

  it('do not fail the status change; the e-mail is an outbox row retried with backoff and dead-lettered after 5 attempts', async () => {
    const { receiptNumber, submissionId } = await newCase();
    const changed = await call(app.baseUrl, 'PUT', inbox('kommunstyrelse', `/cases/${receiptNumber}/status`), { status: 'in-progress' }, asStaff(maja));
    expect(changed.status).toBe(200);
    await expect.poll(async () => (await news(submissionId))[0]?.state, { timeout: 20_000 }).toBe('dead');
    const [dead] = await news(submissionId);
    expect(dead).toMatchObject({ attempts: 5, delivered_at: null });
    expect(dead!.last_error).toMatch(/ECONNREFUSED|connect/i);
  });

  it('are sent once the mail server answers, once each', async () => {
    const { receiptNumber, submissionId } = await newCase();
    await call(app.baseUrl, 'POST', inbox('kommunstyrelse', `/cases/${receiptNumber}/messages`), { body: 'Hej!' }, asStaff(maja));
    await expect.poll(async () => (await news(submissionId))[0]?.attempts ?? 0, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    expect((await news(submissionId))[0]?.state).toMatch(/^(pending|in-flight)$/); // to be tried again
    mailbox = await startMailboxSimulator({ smtpPort: port });
    await mailbox.waitFor((m) => m.subject === `Nyheter i ditt ärende ${receiptNumber}`, 20_000);
    await expect.poll(async () => (await news(submissionId))[0]?.state, { timeout: 10_000 }).toBe('delivered');
    expect(mailbox.messages.filter((m) => m.subject === `Nyheter i ditt ärende ${receiptNumber}`)).toHaveLength(1);
  });
});
