import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultReport, optionsChecker, type JsonSchemaObject } from '@etjanst/schemas';
import { PermanentDeliveryError, type ConnectorContext, type DeliveryPackage } from '@etjanst/server/extension';
import { chatNoticeConnector, ChatNoticeOptions } from './connector.js';

/** A chat's incoming webhook: records what was posted, answers with the status it is told. */
async function startChat() {
  const posted: Array<{ path: string; contentType: string | undefined; body: string }> = [];
  let status = 200;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      posted.push({ path: req.url ?? '', contentType: req.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'invalid_token');
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    /** The path is the webhook's key, as in Teams, Mattermost and Slack */
    url: `${origin}/hooks/hemlig-nyckel-123`,
    posted,
    answer: (next: number) => {
      status = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// what a citizen wrote and who they are: none of it may reach the chat
const PERSONAL = ['Storgatan 12', 'Gatlampan har varit släckt', 'Anna Andersson', '199001012380', 'anna@example.se', 'karta.pdf'];

/** A delivery as the worker hands it over, full of personal data (only the parts a connector reads are real types). */
const delivery = {
  idempotencyKey: 'solbacka:2f0e…:notis',
  source: {
    definition: { ...faultReport, catalogue: { ...faultReport.catalogue, title: { sv: 'Felanmälan', en: 'Fault report' } } },
    submission: { receipt_number: 'SOL-2026-000123', answers: { location: 'Storgatan 12', description: 'Gatlampan har varit släckt i en vecka.' }, applicant_name: 'Anna Andersson', applicant_personal_identity_number: '199001012380' },
  },
  content: {
    language: 'en',
    eserviceTitle: 'Fault report',
    receiptNumber: 'SOL-2026-000123',
    applicant: { name: 'Anna Andersson', personalIdentityNumber: '199001012380' },
    sections: [{ title: 'Var', rows: [{ label: 'Plats', value: 'Storgatan 12' }, { label: 'E-post', value: 'anna@example.se' }] }],
    attachments: ['karta.pdf'],
  },
  attachments: [{ id: 'a1', originalName: 'karta.pdf' }],
} as unknown as DeliveryPackage;

// the test chat listens on this machine, so it is on the installation's allow-list
const context = (): ConnectorContext =>
  ({
    municipalityId: 'solbacka',
    eserviceId: 'felanmalan',
    connectorId: 'notis',
    signal: AbortSignal.timeout(5000),
    settings: { outbound: { allowedHosts: ['127.0.0.1'] } },
    logger: { warn: () => {} },
  }) as unknown as ConnectorContext;

describe('Chattnotis, a connector from an extension package', () => {
  let chat: Awaited<ReturnType<typeof startChat>>;
  beforeAll(async () => {
    chat = await startChat();
  });
  afterAll(async () => chat?.close());

  it('posts the e-service\'s Swedish title and the receipt number, and nothing the citizen wrote or who they are', async () => {
    expect(await chatNoticeConnector.deliver(delivery, { url: chat.url, channel: 'gatukontoret' }, context())).toEqual({});
    const [notice] = chat.posted.splice(0);
    expect(notice).toMatchObject({ path: '/hooks/hemlig-nyckel-123', contentType: 'application/json' });
    expect(JSON.parse(notice!.body)).toEqual({ text: 'Nytt ärende i Felanmälan: SOL-2026-000123', channel: 'gatukontoret' });
    for (const value of PERSONAL) expect(notice!.body).not.toContain(value);
    // without a channel the webhook's own channel gets it
    await chatNoticeConnector.deliver(delivery, { url: chat.url }, context());
    expect(JSON.parse(chat.posted.splice(0)[0]!.body)).toEqual({ text: 'Nytt ärende i Felanmälan: SOL-2026-000123' });
  });

  it('sends a test notice for "send test delivery", naming the connector, not the webhook\'s key', async () => {
    const result = await chatNoticeConnector.check({ url: chat.url }, context());
    expect(result).toEqual({ sv: `${chat.origin} svarade 200 på en testnotis`, en: `${chat.origin} answered 200 to a test notice` });
    expect(JSON.parse(chat.posted.splice(0)[0]!.body)).toEqual({ text: 'Testnotis från e-tjänstplattformen: mottagaren ”notis” i e-tjänsten ”felanmalan” fungerar.' });
  });

  it('gives up at once when the chat refuses the notice (4xx), retries when it fails (5xx); errors never show the key', async () => {
    chat.answer(404);
    const refused = chatNoticeConnector.deliver(delivery, { url: chat.url }, context());
    await expect(refused).rejects.toBeInstanceOf(PermanentDeliveryError);
    // the chat's own words go to the log only
    await expect(refused).rejects.toThrow(new RegExp(`^${chat.origin} answered 404$`));
    chat.answer(503);
    const failed = await chatNoticeConnector.deliver(delivery, { url: chat.url }, context()).catch((error: Error) => error);
    expect(failed).toBeInstanceOf(Error);
    expect(failed).not.toBeInstanceOf(PermanentDeliveryError);
    expect((failed as Error).message).not.toContain('hemlig-nyckel');
    chat.answer(200);
  });

  it('has options the designer shows and the server checks in Swedish and English', () => {
    const schema = JSON.parse(JSON.stringify(ChatNoticeOptions)) as JsonSchemaObject;
    const checker = optionsChecker(schema);
    expect(checker.check({ url: 'https://chatt.solbacka.se/hooks/abc' })).toEqual([]);
    expect(checker.check({ url: 'https://chatt.solbacka.se/hooks/abc', channel: 'bygglov-inkommande' })).toEqual([]);
    expect(checker.check({})).toEqual([{ pointer: '/url', message: { sv: 'Fyll i ”Webbhookens adress (URL)”.', en: 'Fill in “Webhook URL”.' } }]);
    expect(checker.check({ url: 'ftp://chatt.solbacka.se/x', channel: 'Bygglov inkommande' }).map((p) => p.pointer)).toEqual(['/url', '/channel']);
    expect(checker.check({ url: 'https://chatt.solbacka.se/hooks/abc', answers: true }).map((p) => p.pointer)).toEqual(['']);
    const properties = schema.properties as Record<string, JsonSchemaObject>;
    expect(properties.url!['x-texts']).toMatchObject({ title: { sv: 'Webbhookens adress (URL)', en: 'Webhook URL' } });
    expect(properties.channel!['x-texts']).toMatchObject({ title: { sv: 'Kanal', en: 'Channel' } });
  });
});
