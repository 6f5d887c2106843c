import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { faultReport, type DeliveryConnector, type EServiceDefinition } from '@etjanst/schemas';
import { loadConfig } from '../config.js';
import { templateFor } from '../demo/seed.js';
import { FAULT_REPORT_ANSWERS, publishFaultReportWith } from '../delivery/test-eservices.js';
import { updateDraft } from '../eservices/repository.js';
import { call, startTestApp, type TestApp } from '../test-support/app.js';
import { loadExtensions } from './loader.js';

/**
 * A municipality's own delivery connector as an extension package, loaded by configuration:
 * the shipped example @etjanst/extension-chattnotis (extensions/chattnotis), through the API,
 * the publish gate and the real delivery worker to a chat webhook on a local HTTP server.
 */
const EXTENSIONS = '@etjanst/extension-chattnotis';
const onPostgres = process.env.TEST_DATABASE === 'postgres';
const workerMain = fileURLToPath(new URL('../../dist/delivery/worker-main.js', import.meta.url));
const eservices = '/api/municipalities/solbacka/eservices';
const deliveries = '/api/municipalities/solbacka/deliveries';

/** A chat's incoming webhook (Mattermost-style: the path is the key), answering with the status it is told. */
async function startChat() {
  const notices: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  let status = 200;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      raw.push(body);
      if (status === 200) notices.push(JSON.parse(body) as Record<string, unknown>);
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'channel not found');
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/x7fq3kd9`,
    notices,
    raw,
    answer: (next: number) => {
      status = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const faultReportWith = (id: string, connectors: DeliveryConnector[]): EServiceDefinition => ({ ...structuredClone(templateFor(faultReport, 'solbacka')), id, delivery: { connectors } });

describe(`a municipality's own delivery connector from an extension package (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let app: TestApp;
  let chat: Awaited<ReturnType<typeof startChat>>;
  let worker: ChildProcess | undefined;
  const chatConnector = () => ({ id: 'gatukontoret', type: 'chattnotis', options: { url: chat.url, channel: 'gata-inkommande' } });
  const deliveriesOf = async (submissionId: string) => (await call(app.baseUrl, 'GET', `${deliveries}?submissionId=${submissionId}`)).body.items as Array<Record<string, any>>;
  const settled = (submissionId: string, state: string) =>
    vi.waitFor(
      async () => {
        const items = await deliveriesOf(submissionId);
        if (items.length === 0 || items.some((d) => d.state !== state)) throw new Error(`not yet ${state}: ${JSON.stringify(items)}`);
        return items;
      },
      { timeout: 20_000, interval: 50 },
    );

  beforeAll(async () => {
    chat = await startChat();
    // what main and `npm run worker` do at start with EXTENSIONS set
    await loadExtensions(loadConfig({ EXTENSIONS }).extensions);
    app = await startTestApp({ delivery: {} });
  });
  afterAll(async () => {
    worker?.kill('SIGTERM');
    await app?.close();
    await chat?.close();
  });

  it('lists the extension\'s connector type with its options in Swedish and English for the designer', async () => {
    const { body } = await call(app.baseUrl, 'GET', '/api/connector-types');
    expect(body.items.map((c: { type: string }) => c.type)).toEqual(['email', 'webhook', 'case-management', 'e-archive', 'chattnotis']);
    const chattnotis = body.items[4];
    expect(chattnotis.title).toEqual({ sv: 'Chattnotis (Teams, Mattermost, Slack)', en: 'Chat notice (Teams, Mattermost, Slack)' });
    expect(chattnotis.optionsSchema).toMatchObject({ type: 'object', required: ['url'], additionalProperties: false });
    expect(chattnotis.optionsSchema.properties.url['x-texts'].title).toEqual({ sv: 'Webbhookens adress (URL)', en: 'Webhook URL' });
    expect(chattnotis.optionsSchema.properties.channel['x-texts'].title).toEqual({ sv: 'Kanal', en: 'Channel' });
  });

  it('refuses a connector type no plugin provides on save, import, validation and publishing, naming the connector (problem+json, sv/en)', async () => {
    const unknown = faultReportWith('felanmalan-sms', [{ id: 'sms', type: 'sms-notis', options: {} }]);
    const expected = {
      pointer: '/delivery/connectors/0/type',
      code: 'delivery.unknown-type',
      message: { sv: 'Mottagaren ”sms”: plattformen har ingen mottagartyp ”sms-notis”.', en: 'The connector “sms”: the platform has no connector type “sms-notis”.' },
    };
    for (const path of [eservices, `${eservices}/import`]) {
      const refused = await call(app.baseUrl, 'POST', path, unknown, { 'accept-language': 'en' });
      expect(refused.status, path).toBe(422);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ code: 'definition-invalid', title: expect.any(String), messages: { sv: expect.any(Object), en: expect.any(Object) } });
      expect(refused.body.errors).toEqual([expected]);
    }
    expect((await call(app.baseUrl, 'POST', '/api/definitions/validate', unknown)).body).toEqual({ valid: false, problems: [expected] });

    // a draft saved while a package was loaded, then the server started without it: a save keeps it unfinished, publishing is refused
    const created = await call(app.baseUrl, 'POST', eservices, faultReportWith('felanmalan-utan-paket', [chatConnector()]));
    expect(created.status).toBe(201);
    const orphan = faultReportWith('felanmalan-utan-paket', [{ ...chatConnector(), type: 'borttagen-notis' }]);
    await updateDraft(app.database.db, 'solbacka', orphan, Number(JSON.parse(created.headers.get('etag')!)), null);
    const etag = (await call(app.baseUrl, 'GET', `${eservices}/felanmalan-utan-paket`)).headers.get('etag')!;
    const saved = await call(app.baseUrl, 'PUT', `${eservices}/felanmalan-utan-paket`, orphan, { 'if-match': etag });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ unfinished: true, problems: [expect.objectContaining({ pointer: '/delivery/connectors/0/type', code: 'delivery.unknown-type' })] });
    expect((await call(app.baseUrl, 'POST', `${eservices}/felanmalan-utan-paket/validate`)).body.valid).toBe(false);
    const published = await call(app.baseUrl, 'POST', `${eservices}/felanmalan-utan-paket/publish`);
    expect(published.status).toBe(422);
    expect(published.body.errors[0].message.sv).toBe('Mottagaren ”gatukontoret”: plattformen har ingen mottagartyp ”borttagen-notis”.');
  });

  it('checks the extension connector\'s options with its own schema and titles', async () => {
    const refused = await call(app.baseUrl, 'POST', eservices, faultReportWith('felanmalan-fel-notis', [{ id: 'gatukontoret', type: 'chattnotis', options: { channel: 'Gata Inkommande' } }]));
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/delivery/connectors/0/options/channel', '/delivery/connectors/0/options/url']);
    expect(refused.body.errors.find((e: { pointer: string }) => e.pointer.endsWith('/url')).message).toEqual({
      sv: 'Mottagaren ”gatukontoret”: Fyll i ”Webbhookens adress (URL)”.',
      en: 'The connector “gatukontoret”: Fill in “Webhook URL”.',
    });
  });

  it('publishes an e-service using it; a submission reaches the chat through the delivery worker, without personal data', async () => {
    const submitPath = await publishFaultReportWith(app.baseUrl, 'felanmalan-chatt', [chatConnector()]);
    const submitted = await call(app.baseUrl, 'POST', submitPath, { answers: FAULT_REPORT_ANSWERS, language: 'sv' });
    expect(submitted.status).toBe(201);
    const { submissionId, receiptNumber } = submitted.body as { submissionId: string; receiptNumber: string };
    const [delivered] = await settled(submissionId, 'delivered');
    expect(delivered).toMatchObject({ connectorId: 'gatukontoret', connectorType: 'chattnotis', attempts: 1 });
    expect(chat.notices).toContainEqual({ text: `Nytt ärende i ${faultReport.catalogue.title.sv}: ${receiptNumber}`, channel: 'gata-inkommande' });
    const posted = chat.raw.filter((body) => body.includes(receiptNumber));
    expect(posted).toHaveLength(1);
    for (const value of [FAULT_REPORT_ANSWERS.location, FAULT_REPORT_ANSWERS.description, FAULT_REPORT_ANSWERS.category]) expect(posted[0]).not.toContain(value);

    // "send test delivery" posts a test notice and is stored for the must-requirement SK-DEL-002
    const test = await call(app.baseUrl, 'POST', `${eservices}/felanmalan-chatt/connectors/gatukontoret/test`);
    expect(test.body).toMatchObject({ succeeded: true, message: { sv: expect.stringMatching(/svarade 200 på en testnotis$/), en: expect.stringMatching(/answered 200 to a test notice$/) } });
    expect(chat.notices.at(-1)).toEqual({ text: 'Testnotis från e-tjänstplattformen: mottagaren ”gatukontoret” i e-tjänsten ”felanmalan-chatt” fungerar.', channel: 'gata-inkommande' });
    const listed = await call(app.baseUrl, 'GET', `${eservices}/felanmalan-chatt/connectors`);
    expect(listed.body.items[0]).toMatchObject({ type: 'chattnotis', title: { sv: 'Chattnotis (Teams, Mattermost, Slack)' }, lastTest: { succeeded: true } });

    // a chat that refuses the notice (4xx) sends it to the dead letters at once, with the webhook's key kept out of the error
    chat.answer(404);
    const again = await call(app.baseUrl, 'POST', submitPath, { answers: FAULT_REPORT_ANSWERS, language: 'sv' });
    const [dead] = await settled(again.body.submissionId, 'dead');
    chat.answer(200);
    // the status only: the chat's own words go to the log
    expect(dead).toMatchObject({ attempts: 1, lastError: expect.stringMatching(/answered 404$/) });
    expect(dead!.lastError).not.toContain('channel not found');
    expect(dead!.lastError).not.toContain('x7fq3kd9');
  });

  it.skipIf(!onPostgres)('delivers it from a separate `npm run worker` process started with EXTENSIONS', async () => {
    if (!existsSync(workerMain)) throw new Error(`${workerMain} is missing: run npm run build first`);
    await app.deliveryWorker?.stop();
    worker = spawn(process.execPath, [workerMain], {
      // the test chat listens on this machine: an internal host the installation allows
      env: { PATH: process.env.PATH, DATABASE_URL: app.database.url, EXTENSIONS, DELIVERY_POLL_MS: '50', LOG_LEVEL: 'warn', OUTBOUND_ALLOWED_HOSTS: '127.0.0.1' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const submitPath = await publishFaultReportWith(app.baseUrl, 'felanmalan-chatt-worker', [chatConnector()]);
    const submitted = await call(app.baseUrl, 'POST', submitPath, { answers: FAULT_REPORT_ANSWERS, language: 'sv' });
    expect(submitted.status).toBe(201);
    const [delivered] = await settled(submitted.body.submissionId, 'delivered');
    expect(delivered).toMatchObject({ connectorType: 'chattnotis', attempts: 1 });
    expect(chat.notices).toContainEqual({ text: `Nytt ärende i ${faultReport.catalogue.title.sv}: ${submitted.body.receiptNumber}`, channel: 'gata-inkommande' });
  });
});
