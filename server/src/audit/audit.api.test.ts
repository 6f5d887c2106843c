import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES } from '@etjanst/schemas';
import { templateFor } from '../demo/seed.js';
import { ANONYMOUS, call, startTestApp, type TestApp } from '../test-support/app.js';
import { signInStaff, type StaffSignIn } from '../test-support/staff.js';
import { recordAudit, type AuditEvent } from './audit-log.js';

const search = '/api/municipalities/solbacka/audit';
const exportCsv = `${search}/export.csv`;

describe(`the audit log for administrators (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  let municipalityAdmin: StaffSignIn;
  let otherAdmin: StaffSignIn;
  let handler: StaffSignIn;
  let designer: StaffSignIn;
  let eventsFrom: Date;
  let eventsTo: Date;

  const record = (event: Partial<AuditEvent>) =>
    recordAudit(app.database.db, { municipalityId: 'solbacka', actor: 'staff:x (X)', action: 'case.viewed', subjectType: 'submission', subjectId: 'S', ...event });

  beforeAll(async () => {
    app = await startTestApp();
    const db = app.database.db;
    municipalityAdmin = await signInStaff(db, [{ role: 'municipality-admin', municipalityId: 'solbacka', departmentId: null }], 'Mona Admin');
    otherAdmin = await signInStaff(db, [{ role: 'municipality-admin', municipalityId: 'ekdala', departmentId: null }], 'Erik Ekdala');
    handler = await signInStaff(db, [{ role: 'handler', municipalityId: 'solbacka', departmentId: null }], 'Hanna Handläggare');
    designer = await signInStaff(db, [{ role: 'designer', municipalityId: 'solbacka', departmentId: null }], 'Dag Designer');
    eventsFrom = new Date();
    // a real event: the test administrator creates an e-service, recorded with their staff identity
    const definition = templateFor(TEMPLATES.find((t) => t.id === 'felanmalan')!, 'solbacka');
    definition.id = 'granskad-tjanst';
    expect((await call(app.baseUrl, 'POST', '/api/municipalities/solbacka/eservices', definition)).status).toBe(201);
    for (let n = 1; n <= 5; n++) await record({ actor: `staff:acc-hanna (Hanna Handläggare)`, action: 'case.viewed', subjectId: `case-${n}`, details: { receiptNumber: `SOL-2026-00000${n}` } });
    await record({ actor: 'citizen:bankid:199001011234', action: 'contact-details.saved', subjectType: 'contact-details', subjectId: 'cd-1' });
    await record({ actor: '=HYPERLINK("https://evil.example","klicka")', action: 'case.assigned', subjectId: 'case-1', details: { note: '+SUM(A1:A9)', 'semi;colon': 'a "quoted" value' } });
    await recordAudit(db, { municipalityId: 'ekdala', actor: 'staff:acc-hanna (Hanna Handläggare)', action: 'case.viewed', subjectType: 'submission', subjectId: 'case-ekdala' });
    await recordAudit(db, { municipalityId: null, actor: 'staff:acc-admin (Plattform)', action: 'staff.logged-in', subjectType: 'staff-member', subjectId: 'acc-admin' });
    eventsTo = new Date(Date.now() + 1);
  });
  afterAll(async () => app?.close());

  const as = (who: StaffSignIn) => who.headers;
  const get = (path: string, who = municipalityAdmin) => call(app.baseUrl, 'GET', path, undefined, as(who));

  it('finds who did what, newest first, only in the administrator\'s municipality', async () => {
    const { status, body } = await get(`${search}?action=case&subjectType=submission&from=${eventsFrom.toISOString()}`);
    expect(status).toBe(200);
    expect(body.items.map((i: { action: string; subjectId: string }) => `${i.action} ${i.subjectId}`)).toEqual([
      'case.assigned case-1',
      'case.viewed case-5',
      'case.viewed case-4',
      'case.viewed case-3',
      'case.viewed case-2',
      'case.viewed case-1',
    ]);
    expect(body.items[1]).toEqual({
      id: expect.any(String),
      municipalityId: 'solbacka',
      occurredAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      actor: 'staff:acc-hanna (Hanna Handläggare)',
      action: 'case.viewed',
      subjectType: 'submission',
      subjectId: 'case-5',
      details: { receiptNumber: 'SOL-2026-000005' },
    });
    expect(body.nextCursor).toBeNull();
  });

  it('records staff actions with the staff identity and finds them by part of the name, any case', async () => {
    const { body } = await get(`${search}?actor=test%20ADMINISTRAT&subjectId=granskad-tjanst`);
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ action: 'eservice.created', subjectType: 'eservice', actor: `staff:${app.administrator.accountId} (Test Administratör)` });
    // LIKE's wildcards are plain characters in the filter
    expect((await get(`${search}?actor=%25`)).body.items).toEqual([]);
  });

  it('filters by exact action, subject and time; an action family does not match a longer name', async () => {
    expect((await get(`${search}?action=case.viewed&subjectId=case-3`)).body.items.map((i: { subjectId: string }) => i.subjectId)).toEqual(['case-3']);
    expect((await get(`${search}?action=case.view`)).body.items).toEqual([]);
    expect((await get(`${search}?subjectType=contact-details`)).body.items.map((i: { actor: string }) => i.actor)).toEqual(['citizen:bankid:199001011234']);
    expect((await get(`${search}?action=case&to=${eventsFrom.toISOString()}`)).body.items).toEqual([]);
    expect((await get(`${search}?action=case&from=${eventsTo.toISOString()}`)).body.items).toEqual([]);
  });

  it('pages with a cursor, newest first, without gaps or repeats', async () => {
    const all = (await get(`${search}?from=${eventsFrom.toISOString()}&limit=500`)).body.items.map((i: { id: string }) => i.id);
    expect(all).toHaveLength(8);
    expect([...all].sort((a: string, b: string) => Number(b) - Number(a))).toEqual(all);
    const walked: string[] = [];
    let cursor = '';
    do {
      const { body } = await get(`${search}?from=${eventsFrom.toISOString()}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(body.items.length).toBeLessThanOrEqual(3);
      walked.push(...body.items.map((i: { id: string }) => i.id));
      cursor = body.nextCursor ?? '';
    } while (cursor);
    expect(walked).toEqual(all);
  });

  it('refuses bad filters with a clear bilingual problem', async () => {
    for (const query of ['limit=0', 'limit=501', 'limit=ten', 'cursor=abc', 'from=yesterday', 'from=2026-01-01T10:00', 'from=2026-02-01&to=2026-01-01', 'actr=Hanna', 'action=a&action=b']) {
      const { status, body } = await get(`${search}?${query}`);
      expect(status, query).toBe(400);
      expect(body.code, query).toBe('invalid-parameter');
      expect(body.detail, query).toBeTruthy();
    }
    const english = await call(app.baseUrl, 'GET', `${search}?actr=Hanna`, undefined, { ...as(municipalityAdmin), 'accept-language': 'en' });
    expect(english.body.detail).toContain('Unknown parameter: actr');
  });

  it('exports the same filters as CSV for Swedish Excel, defusing cells a spreadsheet would run, and logs the export', async () => {
    const response = await fetch(`${app.baseUrl}${exportCsv}?action=case.assigned`, { headers: as(municipalityAdmin) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="granskningslogg-solbacka.csv"');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe('Id;Tidpunkt (UTC);Vem;Händelse;Objekttyp;Objekt;Detaljer');
    expect(lines).toHaveLength(3); // heading, one row, the empty string after the last CRLF
    const cells = lines[1]!.match(/("([^"]|"")*"|[^;]*)(;|$)/g)!.map((c) => c.replace(/;$/, ''));
    expect(cells[2]).toBe(`"'=HYPERLINK(""https://evil.example"",""klicka"")"`);
    expect(cells.slice(3, 6)).toEqual(['case.assigned', 'submission', 'case-1']);
    expect(JSON.parse(cells[6]!.slice(1, -1).replaceAll('""', '"'))).toEqual({ note: '+SUM(A1:A9)', 'semi;colon': 'a "quoted" value' });

    const logged = await get(`${search}?action=audit.exported`);
    expect(logged.body.items[0]).toMatchObject({ actor: `staff:${municipalityAdmin.accountId} (Mona Admin)`, subjectType: 'audit-log', subjectId: 'solbacka', details: { filter: { action: 'case.assigned' } } });
  });

  it('heads the CSV in English when asked, and refuses a bad filter before exporting anything', async () => {
    const response = await fetch(`${app.baseUrl}${exportCsv}?subjectId=case-2`, { headers: { ...as(municipalityAdmin), 'accept-language': 'en' } });
    const lines = (await response.text()).replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('Id;Time (UTC);Actor;Action;Subject type;Subject;Details');
    expect(lines.slice(1, -1).map((l) => l.split(';').slice(3, 6).join(' '))).toEqual(['case.viewed submission case-2']);
    const exports = async () => (await get(`${search}?action=audit.exported&limit=500`)).body.items.length;
    const before = await exports();
    expect((await get(`${exportCsv}?limit=5`)).status).toBe(400);
    expect(await exports()).toBe(before);
  });

  it('is for municipality administrators of that municipality only', async () => {
    for (const who of [handler, designer, otherAdmin]) {
      expect((await get(search, who)).status).toBe(403);
      expect((await get(exportCsv, who)).status).toBe(403);
    }
    expect((await call(app.baseUrl, 'GET', search, undefined, ANONYMOUS)).status).toBe(401);
    expect((await call(app.baseUrl, 'GET', exportCsv, undefined, ANONYMOUS)).status).toBe(401);
  });

  it('verifies the chain for platform administrators, and names the first broken row', async () => {
    expect((await get('/api/audit/verify', municipalityAdmin)).status).toBe(403);
    expect((await call(app.baseUrl, 'GET', '/api/audit/verify', undefined, ANONYMOUS)).status).toBe(401);
    const intact = await call(app.baseUrl, 'GET', '/api/audit/verify');
    expect(intact.status).toBe(200);
    expect(intact.body).toEqual({ ok: true, rows: expect.any(Number) });
    expect(intact.body.rows).toBeGreaterThanOrEqual(10);
  });

  it('lets platform administrators search the installation\'s own events, one municipality\'s, or all', async () => {
    const platformAdmin = await signInStaff(app.database.db, [{ role: 'platform-admin', municipalityId: null, departmentId: null }], 'Petra Plattform');
    const installation = await get(`/api/audit?scope=installation&from=${eventsFrom.toISOString()}&to=${eventsTo.toISOString()}`, platformAdmin);
    expect(installation.status).toBe(200);
    expect(installation.body.items).toEqual([expect.objectContaining({ municipalityId: null, action: 'staff.logged-in', actor: 'staff:acc-admin (Plattform)' })]);
    const across = await get(`/api/audit?actor=acc-hanna&from=${eventsFrom.toISOString()}`, platformAdmin);
    expect(new Set(across.body.items.map((i: { municipalityId: string }) => i.municipalityId))).toEqual(new Set(['solbacka', 'ekdala']));
    expect(across.body.items).toHaveLength(6);
    const ekdala = await get(`/api/audit?municipality=ekdala&actor=acc-hanna`, platformAdmin);
    expect(ekdala.body.items.map((i: { subjectId: string }) => i.subjectId)).toEqual(['case-ekdala']);
    // pages like the municipalities' search
    const first = await get(`/api/audit?actor=acc-hanna&limit=4`, platformAdmin);
    const second = await get(`/api/audit?actor=acc-hanna&limit=4&cursor=${first.body.nextCursor}`, platformAdmin);
    expect([...first.body.items, ...second.body.items].map((i: { id: string }) => i.id)).toEqual(across.body.items.map((i: { id: string }) => i.id));

    for (const [query, word] of [['scope=everything', 'scope'], ['scope=installation&municipality=ekdala', 'municipality'], ['municipality=atlantis', 'atlantis'], ['kommun=ekdala', 'kommun']] as const) {
      const refused = await call(app.baseUrl, 'GET', `/api/audit?${query}`, undefined, { ...as(platformAdmin), 'accept-language': 'en' });
      expect(refused.status, query).toBe(400);
      expect(refused.body).toMatchObject({ code: 'invalid-parameter', messages: { sv: { detail: expect.stringContaining(word) }, en: { detail: expect.stringContaining(word) } } });
    }
    for (const who of [municipalityAdmin, handler]) expect((await get('/api/audit', who)).status).toBe(403);
    expect((await call(app.baseUrl, 'GET', '/api/audit', undefined, ANONYMOUS)).status).toBe(401);
  });

  it('documents the routes with their access in the OpenAPI document', async () => {
    const { body } = await call(app.baseUrl, 'GET', '/api/openapi.json');
    expect(body.paths['/api/municipalities/{municipality}/audit'].get['x-access']).toEqual({ kind: 'staff', roles: ['municipality-admin'], scope: 'municipality' });
    expect(body.paths['/api/municipalities/{municipality}/audit/export.csv'].get['x-access']).toEqual({ kind: 'staff', roles: ['municipality-admin'], scope: 'municipality' });
    expect(body.paths['/api/audit/verify'].get['x-access']).toEqual({ kind: 'staff', roles: ['platform-admin'], scope: 'installation' });
    expect(body.paths['/api/audit'].get['x-access']).toEqual({ kind: 'staff', roles: ['platform-admin'], scope: 'installation' });
  });
});
