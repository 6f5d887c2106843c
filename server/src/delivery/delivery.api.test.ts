import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCaseManagementSimulator, type CaseManagementSimulator } from '../simulators/case-management/simulator.js';
import { startMailboxSimulator, type MailboxSimulator } from '../simulators/mailbox/simulator.js';
import { UPLOAD_COOKIE } from '../attachments/owner.js';
import { call, startTestApp, type TestApp } from '../test-support/app.js';
import { validateSip } from './connectors/e-archive/sip.js';
import { latestConnectorTests } from './connector-tests.js';
import { SIGNATURE_HEADER, verifyWebhook } from './signatures.js';
import { startWebhookReceiver, type WebhookReceiver } from '../test-support/webhook-receiver.js';
import { FAULT_REPORT_ANSWERS, publishFaultReportWith, publishFaultReportWithSecrets } from './test-eservices.js';
import { expectSafeDownload } from '../test-support/downloads.js';

const DELIVERY_SECRET = 'test-delivery-secret-of-at-least-32-chars';
const deliveries = '/api/municipalities/solbacka/deliveries';

async function eventually<T>(read: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe(`delivery (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  let mailbox: MailboxSimulator;
  let registry: CaseManagementSimulator;
  let receiver: WebhookReceiver;
  let archiveDir: string;
  let webhookSecret = '';
  const submit = async (submitPath: string) => {
    const response = await call(app.baseUrl, 'POST', submitPath, { answers: FAULT_REPORT_ANSWERS, language: 'sv' });
    expect(response.status).toBe(201);
    return response.body as { submissionId: string; receiptNumber: string };
  };
  const deliveriesOf = async (submissionId: string) => (await call(app.baseUrl, 'GET', `${deliveries}?submissionId=${submissionId}`)).body.items as Array<Record<string, any>>;
  const settled = (submissionId: string, state: string) =>
    eventually(async () => {
      const items = await deliveriesOf(submissionId);
      return items.length > 0 && items.every((d) => d.state === state) ? items : undefined;
    });

  beforeAll(async () => {
    [mailbox, registry] = await Promise.all([startMailboxSimulator(), startCaseManagementSimulator({ series: 'FSK' })]);
    receiver = await startWebhookReceiver(() => webhookSecret);
    archiveDir = await mkdtemp(path.join(tmpdir(), 'etjanst-archive-'));
    app = await startTestApp({
      delivery: {
        settings: {
          secret: DELIVERY_SECRET,
          mail: { smtpUrl: mailbox.smtpUrl, from: 'Solbacka kommun <noreply@solbacka.example.se>' },
          caseManagement: { url: registry.url, authkey: registry.authkey },
          archiveDir,
        },
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all([mailbox?.close(), registry?.close(), receiver?.close()]);
    if (archiveDir) await rm(archiveDir, { recursive: true, force: true });
  });

  it('schedules deliveries in the submitting transaction and e-mails the functional mailbox the summary and PDF', async () => {
    const { submissionId, receiptNumber } = await submit('/api/municipalities/solbacka/eservices/felanmalan/versions/1/submissions');
    // the outbox row exists as soon as the submission is acknowledged
    const rows = await app.database.db.selectFrom('deliveries').selectAll().where('submission_id', '=', submissionId).execute();
    expect(rows.map((r) => [r.connector_id, r.connector_type])).toEqual([['kontaktcenter', 'email']]);
    const mail = await mailbox.waitFor((m) => m.subject.includes(receiptNumber));
    expect(mail.to).toEqual(['kontaktcenter@solbacka.example.se']);
    expect(mail.text).toContain('Storgatan 12');
    const pdf = mail.attachments.find((a) => a.filename === `${receiptNumber}.pdf`);
    expect(pdf?.contentType).toBe('application/pdf');
    expect(pdf?.content.subarray(0, 5).toString()).toBe('%PDF-');
    const [delivered] = await settled(submissionId, 'delivered');
    expect(delivered).toMatchObject({ attempts: 1, idempotencyKey: `solbacka:${submissionId}:kontaktcenter` });
  });

  it('signs webhooks with HMAC-SHA256 over timestamp and body; the receiver verifies them and refuses altered or replayed ones', async () => {
    const { submitPath, signingSecrets } = await publishFaultReportWithSecrets(app.baseUrl, 'felanmalan-webhook', [{ id: 'driftsystem', type: 'webhook', options: { url: receiver.url } }]);
    // made by the server when the connector was first saved, and shown in that answer only
    webhookSecret = signingSecrets.driftsystem!;
    expect(webhookSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const connectors = await call(app.baseUrl, 'GET', '/api/municipalities/solbacka/eservices/felanmalan-webhook/connectors');
    expect(JSON.stringify(connectors.body)).not.toContain(webhookSecret);
    expect(connectors.body.items[0].optionsSchema.properties.url).toMatchObject({ type: 'string', format: 'uri' });

    const { submissionId } = await submit(submitPath);
    await settled(submissionId, 'delivered');
    const key = `solbacka:${submissionId}:driftsystem`;
    const body = receiver.accepted.get(key) as Record<string, any>;
    expect(body).toMatchObject({ type: 'submission', definitionVersion: { eserviceId: 'felanmalan-webhook', version: 1 }, submission: { id: submissionId, answers: FAULT_REPORT_ANSWERS } });

    // what a captured request looks like to a receiver later or after tampering
    const raw = JSON.stringify(body);
    const header = (await import('./signatures.js')).signWebhook([webhookSecret], raw);
    expect(verifyWebhook(webhookSecret, header, raw)).toMatchObject({ valid: true });
    expect(verifyWebhook(webhookSecret, header, raw.replace('Storgatan 12', 'Storgatan 13'))).toEqual({ valid: false, reason: 'signature-mismatch' });
    expect(verifyWebhook(webhookSecret, header, raw, new Date(Date.now() + 10 * 60_000))).toEqual({ valid: false, reason: 'too-old' });
    expect(verifyWebhook('another-secret', header, raw)).toEqual({ valid: false, reason: 'signature-mismatch' });
    // and over HTTP: an altered body is refused by the receiver
    const altered = await fetch(receiver.url, { method: 'POST', headers: { [SIGNATURE_HEADER]: header, 'idempotency-key': 'x' }, body: raw.replace('lighting', 'roads') });
    expect(altered.status).toBe(401);
    expect(receiver.refused).toContain('signature-mismatch');
    // and a captured delivery sent again as it was is refused as a replay
    const captured = receiver.last()!;
    expect(JSON.parse(captured.body).submission.id).toBe(submissionId);
    const replayed = await fetch(receiver.url, { method: 'POST', headers: captured.headers, body: captured.body });
    expect(replayed.status).toBe(409);
    expect(receiver.refused).toContain('replayed');
  });

  it('hands attachments over: attached to the e-mail, as signed links in the webhook, as files in the archive package', async () => {
    const { submitPath, signingSecrets } = await publishFaultReportWithSecrets(
      app.baseUrl,
      'felanmalan-bilder',
      [
        { id: 'kontaktcenter', type: 'email', options: { to: 'kontaktcenter@solbacka.example.se' } },
        { id: 'driftsystem', type: 'webhook', options: { url: receiver.url } },
        { id: 'earkiv', type: 'e-archive', options: { folder: 'bilder', schedule: 'per-submission' } },
      ],
      true,
    );
    webhookSecret = signingSecrets.driftsystem!;
    const bytes = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const uploaded = await fetch(`${app.baseUrl}${submitPath.replace(/submissions$/, 'attachments')}?field=photos`, {
      method: 'POST',
      headers: { 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent('Gatlampa – karta.pdf') },
      body: bytes,
    });
    expect(uploaded.status).toBe(201);
    const { attachmentId, uploadToken } = (await uploaded.json()) as { attachmentId: string; uploadToken: string };
    const submitted = await call(app.baseUrl, 'POST', submitPath, { answers: { ...FAULT_REPORT_ANSWERS, photos: [attachmentId] } }, { cookie: `${UPLOAD_COOKIE}=${uploadToken}` });
    expect(submitted.status).toBe(201);
    const { submissionId, receiptNumber } = submitted.body as { submissionId: string; receiptNumber: string };
    await settled(submissionId, 'delivered');

    const mail = await mailbox.waitFor((m) => m.subject.includes(receiptNumber));
    expect(mail.attachments.map((a) => a.filename)).toEqual([`${receiptNumber}.pdf`, 'Gatlampa – karta.pdf']);
    expect(mail.attachments[1]!.content.equals(bytes)).toBe(true);

    const body = receiver.accepted.get(`solbacka:${submissionId}:driftsystem`) as { attachments: Array<{ url: string; name: string; sha256: string }> };
    expect(body.attachments).toHaveLength(1);
    const link = body.attachments[0]!;
    expect(link.url.startsWith(`${app.baseUrl}/api/delivery/attachments/`)).toBe(true);
    const fetched = await fetch(link.url);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('content-type')).toBe('application/pdf');
    expectSafeDownload(fetched.headers, 'Gatlampa – karta.pdf');
    expect(Buffer.from(await fetched.arrayBuffer()).equals(bytes)).toBe(true);
    // the link is bound to its attachment and expiry: changing either breaks it
    const [municipality, id, expires, mac] = link.url.split('/').at(-1)!.split('.');
    expect((await fetch(link.url.replace(`.${expires}.`, `.${Number(expires) + 3600}.`))).status).toBe(404);
    expect((await fetch(link.url.replace(`${municipality}.${id}`, `${municipality}.00000000-0000-4000-8000-000000000000`))).status).toBe(404);
    expect(mac).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const folder = path.join(archiveDir, 'solbacka', 'bilder', receiptNumber, 'content', 'attachments');
    expect(await readdir(folder)).toEqual(['1-Gatlampa_karta.pdf']);
  });

  it('refuses forged attachment links', async () => {
    const forged = await call(app.baseUrl, 'GET', `/api/delivery/attachments/solbacka.00000000-0000-4000-8000-000000000000.${Math.floor(Date.now() / 1000) + 60}.${'A'.repeat(43)}`);
    expect(forged.status).toBe(404);
    expect(forged.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('retries a failing target with backoff, moves it to the dead letters after the configured attempts, and a replay delivers it once', async () => {
    const { submitPath, signingSecrets } = await publishFaultReportWithSecrets(app.baseUrl, 'felanmalan-nere', [{ id: 'driftsystem', type: 'webhook', options: { url: receiver.url } }]);
    webhookSecret = signingSecrets.driftsystem!;
    receiver.fail(503);
    const { submissionId } = await submit(submitPath);
    const [dead] = await settled(submissionId, 'dead');
    expect(dead).toMatchObject({ attempts: 3, lastError: expect.stringContaining('503') });
    const deadLetters = await call(app.baseUrl, 'GET', `${deliveries}?state=dead`);
    expect(deadLetters.body.items.map((d: { id: string }) => d.id)).toContain(dead!.id);
    const inspected = await call(app.baseUrl, 'GET', `${deliveries}/${dead!.id}`);
    expect(inspected.body.history).toEqual([1, 2, 3].map((attempt) => expect.objectContaining({ attempt, outcome: 'failed' })));

    receiver.fail(undefined);
    const replay = await call(app.baseUrl, 'POST', `${deliveries}/${dead!.id}/replay`);
    expect(replay.status).toBe(200);
    await settled(submissionId, 'delivered');
    // a second replay of a delivered one is accepted, and the receiver still has one submission for the key
    expect((await call(app.baseUrl, 'POST', `${deliveries}/${dead!.id}/replay`)).status).toBe(200);
    await settled(submissionId, 'delivered');
    const key = `solbacka:${submissionId}:driftsystem`;
    expect([...receiver.accepted.keys()].filter((k) => k === key)).toHaveLength(1);
    const audit = await app.database.db.selectFrom('audit_log').select('action').where('subject_id', '=', submissionId).execute();
    expect(audit.filter((a) => a.action === 'delivery.replayed')).toHaveLength(2);
    expect((await call(app.baseUrl, 'POST', `${deliveries}/00000000-0000-4000-8000-000000000000/replay`)).status).toBe(404);
    // another municipality neither sees nor replays it
    const ekdala = '/api/municipalities/ekdala/deliveries';
    expect((await call(app.baseUrl, 'GET', `${ekdala}/${dead!.id}`)).status).toBe(404);
    expect((await call(app.baseUrl, 'POST', `${ekdala}/${dead!.id}/replay`)).status).toBe(404);
    expect((await call(app.baseUrl, 'GET', `${ekdala}?submissionId=${submissionId}`)).body.items).toEqual([]);
  });

  it('creates one case in the registry with the mapped type, title and unit, uploads the documents and stores the case number', async () => {
    const submitPath = await publishFaultReportWith(app.baseUrl, 'felanmalan-diarium', [
      {
        id: 'diariet',
        type: 'case-management',
        options: {
          caseType: 'TEK-FEL',
          unit: 'Tekniska förvaltningen',
          titleTemplate: 'Felanmälan {answers.category}: {answers.location} ({receiptNumber})',
          rules: [{ field: 'category', equals: 'lighting', unit: 'Gatubelysning', officer: 'belysning@solbacka.example.se' }],
        },
      },
    ]);
    const { submissionId, receiptNumber } = await submit(submitPath);
    const [delivered] = await settled(submissionId, 'delivered');
    const cases = registry.cases.filter((c) => c.externalId === `solbacka:${submissionId}:diariet`);
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ caseType: 'TEK-FEL', title: `Felanmälan lighting: Storgatan 12 (${receiptNumber})`, responsibleUnit: 'Gatubelysning', responsiblePerson: 'belysning@solbacka.example.se' });
    expect(delivered!.externalReference).toBe(cases[0]!.caseNumber);
    const documents = registry.documents.filter((d) => d.caseNumber === cases[0]!.caseNumber);
    expect(documents.map((d) => d.files[0]!.title)).toEqual([`${receiptNumber}.pdf`]);
    expect(documents[0]!.files[0]!.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const submission = await app.database.db.selectFrom('submissions').select('external_case_number').where('id', '=', submissionId).executeTakeFirstOrThrow();
    expect(submission.external_case_number).toBe(cases[0]!.caseNumber);
  });

  it('does not create a second case when the registry created one but the answer never came', async () => {
    const submitPath = await publishFaultReportWith(app.baseUrl, 'felanmalan-tyst', [{ id: 'diariet', type: 'case-management', options: { caseType: 'TEK-FEL', unit: 'Tekniska förvaltningen' } }]);
    registry.setFault('hang-after-create');
    const { submissionId } = await submit(submitPath);
    const key = `solbacka:${submissionId}:diariet`;
    await eventually(() => (registry.cases.some((c) => c.externalId === key) ? true : undefined));
    registry.setFault('none');
    await app.database.db.updateTable('deliveries').set({ lease_until: new Date(0) }).where('submission_id', '=', submissionId).execute();
    await settled(submissionId, 'delivered');
    expect(registry.cases.filter((c) => c.externalId === key)).toHaveLength(1);
  });

  it('writes an FGS-style archive package whose sip.xml validates against the XML schema', async () => {
    const submitPath = await publishFaultReportWith(app.baseUrl, 'felanmalan-arkiv', [{ id: 'earkiv', type: 'e-archive', options: { folder: 'tekniska', schedule: 'per-submission' } }]);
    const { submissionId, receiptNumber } = await submit(submitPath);
    const [delivered] = await settled(submissionId, 'delivered');
    const folder = path.join(archiveDir, 'solbacka', 'tekniska', receiptNumber);
    expect(delivered!.externalReference).toBe(folder);
    expect((await readdir(folder)).sort()).toEqual(['content', 'sip.xml']);
    expect((await readdir(path.join(folder, 'content'))).sort()).toEqual([`${receiptNumber}.pdf`, 'submission.json']);
    const sip = await readFile(path.join(folder, 'sip.xml'), 'utf8');
    expect(await validateSip(sip)).toEqual([]);
    expect(sip).toContain('ROLE="ARCHIVIST"');
    expect(sip).toContain('xlink:href="file:///content/submission.json"');
    const json = JSON.parse(await readFile(path.join(folder, 'content', 'submission.json'), 'utf8'));
    expect(json.submission.answers).toEqual(FAULT_REPORT_ANSWERS);
    // a package missing its structure map, or with a file the structure map names wrongly, is refused
    expect(await validateSip(sip.replace(/<mets:structMap[\s\S]*<\/mets:structMap>/, ''))).not.toEqual([]);
    expect(await validateSip(sip.replace('FILEID="submission-pdf"', 'FILEID="nothing"'))).not.toEqual([]);
  });

  it('waits for the nightly window when the e-archive runs on a schedule', async () => {
    const submitPath = await publishFaultReportWith(app.baseUrl, 'felanmalan-natt', [{ id: 'earkiv', type: 'e-archive', options: { folder: 'natt', schedule: 'nightly' } }]);
    const { submissionId } = await submit(submitPath);
    const [row] = await deliveriesOf(submissionId);
    expect(row).toMatchObject({ state: 'pending', attempts: 0 });
    const due = new Date(row!.nextAttemptAt);
    expect(due.getUTCHours()).toBe(1);
    expect(due.getTime()).toBeGreaterThan(Date.now());
    // a waiting delivery is not replayed (it is going anyway)
    expect(await call(app.baseUrl, 'POST', `${deliveries}/${row!.id}/replay`)).toMatchObject({ status: 409, body: { code: 'delivery-not-replayable' } });
  });

  it('refuses a definition whose connector options its plugin does not accept, pointing at the option', async () => {
    await expect(publishFaultReportWith(app.baseUrl, 'felanmalan-fel-mottagare', [{ id: 'kontaktcenter', type: 'email', options: { to: 'inte en adress' } }])).rejects.toThrow(/422/);
    const definition = (await call(app.baseUrl, 'GET', '/api/municipalities/solbacka/eservices/felanmalan')).body.definition;
    const invalid = { ...definition, id: 'felanmalan-fel-mottagare', delivery: { connectors: [{ id: 'arkiv', type: 'e-archive', options: { folder: '../etc', schedule: 'weekly' } }] } };
    const response = await call(app.baseUrl, 'POST', '/api/municipalities/solbacka/eservices', invalid);
    expect(response.status).toBe(422);
    expect(response.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/delivery/connectors/0/options/folder', '/delivery/connectors/0/options/schedule']);
    expect(response.body.errors[0].message.sv).toContain('”arkiv”');
    // a missing option is pointed at by its name and named by the plugin's title, in both languages
    const withoutAddress = { ...invalid, delivery: { connectors: [{ id: 'kontaktcenter', type: 'email', options: {} }] } };
    const missing = await call(app.baseUrl, 'POST', '/api/municipalities/solbacka/eservices', withoutAddress);
    expect(missing.status).toBe(422);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(missing.body.errors).toEqual([
      expect.objectContaining({ pointer: '/delivery/connectors/0/options/to', message: { sv: 'Mottagaren ”kontaktcenter”: Fyll i ”Funktionsbrevlåda”.', en: 'The connector “kontaktcenter”: Fill in “Functional mailbox”.' } }),
    ]);
  });

  it('lists every connector type with its options schema, the options\' texts in both languages and whether it may carry strictly confidential cases', async () => {
    const { status, body } = await call(app.baseUrl, 'GET', '/api/connector-types');
    expect(status).toBe(200);
    expect(body.items.map((c: { type: string; strictlyConfidential: string }) => [c.type, c.strictlyConfidential])).toEqual([
      ['email', 'refused'],
      ['webhook', 'allowed'],
      ['case-management', 'allowed'],
      ['e-archive', 'allowed'],
    ]);
    const email = body.items[0];
    expect(email.title).toEqual({ sv: 'E-post till funktionsbrevlåda', en: 'E-mail to a functional mailbox' });
    expect(email.optionsSchema).toMatchObject({ type: 'object', required: ['to'], additionalProperties: false });
    expect(email.optionsSchema.properties.to).toMatchObject({ type: 'string', format: 'email', 'x-texts': { title: { sv: 'Funktionsbrevlåda', en: 'Functional mailbox' } } });
    const archive = body.items[3].optionsSchema.properties.schedule;
    expect(archive['x-texts'].choices.nightly.sv).toBe('På natten (kl. 01 UTC)');
  });

  it('sends test deliveries, stores each outcome and reports the newest per connector', async () => {
    const base = '/api/municipalities/solbacka/eservices';
    const mailTest = await call(app.baseUrl, 'POST', `${base}/felanmalan/connectors/kontaktcenter/test`);
    expect(mailTest).toMatchObject({ status: 200, body: { succeeded: true, message: { sv: 'Testmejl skickat till kontaktcenter@solbacka.example.se', en: 'Test e-mail sent to kontaktcenter@solbacka.example.se' } } });
    await mailbox.waitFor((m) => m.subject.includes('Testleverans') && m.to.includes('kontaktcenter@solbacka.example.se'));
    receiver.fail(500);
    const failed = await call(app.baseUrl, 'POST', `${base}/felanmalan-webhook/connectors/driftsystem/test`);
    // the target's own words, in both languages
    expect(failed).toMatchObject({ status: 200, body: { succeeded: false, message: { sv: expect.stringContaining('500'), en: expect.stringContaining('500') } } });
    receiver.fail(undefined);
    // the receiver still has the secret felanmalan-webhook's creation showed; make sure of it
    webhookSecret = (await call(app.baseUrl, 'POST', `${base}/felanmalan-webhook/connectors/driftsystem/rotate-secret`, { overlapHours: 0 })).body.secret;
    expect((await call(app.baseUrl, 'POST', `${base}/felanmalan-webhook/connectors/driftsystem/test`)).body.succeeded).toBe(true);
    expect((await call(app.baseUrl, 'POST', `${base}/felanmalan-diarium/connectors/diariet/test`)).body.succeeded).toBe(true);
    expect((await call(app.baseUrl, 'POST', `${base}/felanmalan/connectors/nope/test`)).status).toBe(404);
    // the archive is named as the designer knows it, never by the server's folders
    const archiveTest = await call(app.baseUrl, 'POST', `${base}/felanmalan-bilder/connectors/earkiv/test`);
    expect(archiveTest.body).toMatchObject({ succeeded: true, message: { sv: 'Det går att skriva i arkivmappen solbacka/bilder', en: 'The archive folder solbacka/bilder is writable' } });
    expect(JSON.stringify(archiveTest.body)).not.toContain(archiveDir);

    const latest = await latestConnectorTests(app.database.db, 'solbacka', 'felanmalan-webhook');
    expect(latest).toEqual({ driftsystem: { succeeded: true, at: expect.any(Date), message: { sv: expect.stringMatching(/svarade 202 på en signerad testhändelse$/), en: expect.stringMatching(/answered 202 to a signed test event$/) } } });
    expect(await latestConnectorTests(app.database.db, 'ekdala', 'felanmalan-webhook')).toEqual({});
    const listed = await call(app.baseUrl, 'GET', `${base}/felanmalan/connectors`);
    expect(listed.body.items[0]).toMatchObject({ id: 'kontaktcenter', type: 'email', lastTest: { succeeded: true, message: { sv: 'Testmejl skickat till kontaktcenter@solbacka.example.se' } } });
  });
});
