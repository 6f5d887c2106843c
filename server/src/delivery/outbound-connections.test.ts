import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { faultReport, type DeliveryConnector, type EServiceDefinition } from '@etjanst/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templateFor } from '../demo/seed.js';
import { call, startTestApp, type TestApp } from '../test-support/app.js';
import { PUBLIC_TARGETS_ONLY } from './outbound.js';

const DELIVERY_SECRET = 'test-delivery-secret-of-at-least-32-chars';
const eservices = '/api/municipalities/solbacka/eservices';

/** A listener on loopback that answers every request as told and counts what reached it. */
async function startListener(answer: (res: import('node:http').ServerResponse) => void) {
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests += 1;
    req.resume();
    req.on('end', () => answer(res));
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const port = (server.address() as AddressInfo).port;
  return { port, requests: () => requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const webhookTo = (url: string): DeliveryConnector => ({ id: 'mottagare', type: 'webhook', options: { url } });

async function createWith(app: TestApp, id: string, url: string) {
  const definition: EServiceDefinition = { ...structuredClone(templateFor(faultReport, 'solbacka')), id, delivery: { connectors: [webhookTo(url)] } };
  return call(app.baseUrl, 'POST', eservices, definition);
}

const testDelivery = async (app: TestApp, id: string) => (await call(app.baseUrl, 'POST', `${eservices}/${id}/connectors/mottagare/test`)).body;

describe('outbound requests of connectors, on an installation with no internal hosts allowed', () => {
  let app: TestApp;
  let loopback: Awaited<ReturnType<typeof startListener>>;
  beforeAll(async () => {
    app = await startTestApp({ delivery: { settings: { secret: DELIVERY_SECRET, outbound: PUBLIC_TARGETS_ONLY }, worker: false } });
    loopback = await startListener((res) => res.writeHead(200).end('{}'));
  });
  afterAll(async () => {
    await loopback.close();
    await app?.close();
  });

  it.each([
    ['loopback over http', (port: number) => `http://127.0.0.1:${port}/hook`],
    ['the cloud metadata service', () => 'https://169.254.169.254/latest/meta-data/'],
    ['a private network', () => 'https://10.0.0.7/hook'],
    ['loopback written as an IPv4-mapped IPv6 address', () => 'https://[::ffff:127.0.0.1]/hook'],
    ['IPv6 loopback', () => 'https://[::1]/hook'],
    ['a public host over plain http', () => 'http://example.com/hook'],
  ])('refuses a webhook to %s when the definition is saved, at the option', async (_what, url) => {
    const response = await createWith(app, `ssrf-${Math.random().toString(36).slice(2, 8)}`, url(loopback.port));
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ pointer: '/delivery/connectors/0/options/url', code: 'delivery.target-not-allowed', message: { sv: expect.stringContaining('Mottagaren'), en: expect.stringContaining('connector') } }),
    ]);
  });

  it('refuses at connection a name that resolves to this machine, and the listener sees nothing', async () => {
    const created = await createWith(app, 'ssrf-namn', `https://localhost:${loopback.port}/hook`);
    expect(created.status).toBe(201);
    const result = await testDelivery(app, 'ssrf-namn');
    expect(result).toMatchObject({ succeeded: false, message: { en: expect.stringContaining('is not a target deliveries may reach') } });
    expect(loopback.requests()).toBe(0);
  });
});

describe('outbound requests of connectors, to an allowed internal host', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ delivery: { settings: { secret: DELIVERY_SECRET }, worker: false } });
  });
  afterAll(() => app?.close());

  it('tells the caller the status only: the target’s body stays in the log', async () => {
    const target = await startListener((res) => res.writeHead(500, { 'content-type': 'text/plain' }).end('stack trace at /srv/intern/db.js password=hunter2'));
    try {
      await createWith(app, 'ssrf-kropp', `http://127.0.0.1:${target.port}/hook`);
      const result = await testDelivery(app, 'ssrf-kropp');
      expect(result.succeeded).toBe(false);
      expect(result.message.en).toMatch(/answered 500$/);
      expect(JSON.stringify(result)).not.toMatch(/hunter2|\/srv\/intern/);
    } finally {
      await target.close();
    }
  });

  it('does not follow a redirect, so a target cannot send the request on elsewhere', async () => {
    const elsewhere = await startListener((res) => res.writeHead(200).end());
    const target = await startListener((res) => res.writeHead(307, { location: `http://127.0.0.1:${elsewhere.port}/` }).end());
    try {
      await createWith(app, 'ssrf-vidare', `http://127.0.0.1:${target.port}/hook`);
      const result = await testDelivery(app, 'ssrf-vidare');
      expect(result).toMatchObject({ succeeded: false, message: { en: expect.stringMatching(/answered 307$/) } });
      expect(elsewhere.requests()).toBe(0);
    } finally {
      await Promise.all([target.close(), elsewhere.close()]);
    }
  });

  it('says only that a closed port could not be reached, not why (no port scanning through test deliveries)', async () => {
    const closed = await startListener((res) => res.end());
    await closed.close();
    await createWith(app, 'ssrf-stangd', `http://127.0.0.1:${closed.port}/hook`);
    const result = await testDelivery(app, 'ssrf-stangd');
    expect(result).toMatchObject({ succeeded: false, message: { en: expect.stringMatching(/could not be reached$/) } });
    expect(JSON.stringify(result)).not.toMatch(/ECONNREFUSED|refused/i);
  });
});
