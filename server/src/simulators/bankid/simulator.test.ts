import { request } from 'node:https';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPersonnummer } from '@etjanst/schemas';
import { BankIdClient } from '../../identity/bankid/client.js';
import { bankIdQrData } from '../../identity/bankid/qr.js';
import { DEFAULT_TEST_PERSONS, startBankIdSimulator, type BankIdSimulator } from './simulator.js';

describe('BankID simulator', () => {
  let sim: BankIdSimulator;
  let client: BankIdClient;
  let clockOffset = 0;

  beforeAll(async () => {
    sim = await startBankIdSimulator({ clock: () => Date.now() + clockOffset });
    client = new BankIdClient({ baseUrl: sim.url, ca: sim.ca, ...sim.clientCert });
  });
  afterAll(async () => {
    client?.close();
    await sim?.close();
  });

  /** A raw call to the RP API with the right client certificate, for what our client never sends. */
  const raw = (method: string, pathname: string, body?: string, contentType = 'application/json') =>
    new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      const url = new URL(sim.url);
      const req = request(
        { host: url.hostname, port: url.port, path: pathname, method, ca: sim.ca, ...sim.clientCert, headers: body === undefined ? {} : { 'content-type': contentType } },
        (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  const tester = async (pathname: string, body?: unknown) => {
    const response = await fetch(`${sim.testerUrl}${pathname}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: response.headers.get('content-type')?.includes('json') ? await response.json() : await response.text() };
  };

  it('answers unknown paths 404, other methods 405, other media types 415 and broken JSON 400, as BankID does', async () => {
    expect(await raw('POST', '/rp/v6.0/verify', '{}')).toEqual({ status: 404, body: { errorCode: 'notFound', details: 'No such endpoint' } });
    expect(await raw('GET', '/rp/v5.1/auth')).toMatchObject({ status: 404, body: { errorCode: 'notFound' } });
    expect(await raw('GET', '/rp/v6.0/auth')).toMatchObject({ status: 405, body: { errorCode: 'methodNotAllowed' } });
    expect(await raw('POST', '/rp/v6.0/auth', 'endUserIp=1.2.3.4', 'application/x-www-form-urlencoded')).toMatchObject({
      status: 415,
      body: { errorCode: 'unsupportedMediaType' },
    });
    expect(await raw('POST', '/rp/v6.0/collect', '{"orderRef":')).toMatchObject({ status: 400, body: { errorCode: 'invalidParameters' } });
    expect(await raw('POST', '/rp/v6.0/auth', '{"endUserIp":"1.2.3.4","userVisibleDate":"eA=="}')).toEqual({
      status: 400,
      body: { errorCode: 'invalidParameters', details: 'Unknown parameter: userVisibleDate' },
    });
    expect(await raw('POST', '/rp/v6.0/collect', '{"orderRef":"00000000-0000-0000-0000-000000000000"}')).toEqual({
      status: 400,
      body: { errorCode: 'invalidParameters', details: 'No such order' },
    });
  });

  it('scan accepts the current QR code and refuses a wrong HMAC or a code older than 30 seconds', async () => {
    const order = await client.auth({ endUserIp: '192.0.2.1' });
    const wrongSecret = await tester('/api/scan', { qrData: bankIdQrData(order.qrStartToken, 'not-the-secret', 0) });
    expect(wrongSecret).toMatchObject({ status: 400, body: { error: { sv: expect.stringMatching(/kontrollkod/), en: expect.stringMatching(/check code/) } } });

    clockOffset = 31_000;
    try {
      const stale = await tester('/api/scan', { qrData: bankIdQrData(order.qrStartToken, order.qrStartSecret, 0) });
      expect(stale).toMatchObject({ status: 400, body: { error: { sv: expect.stringMatching(/för gammal/), en: expect.stringMatching(/too old/) } } });
      const fresh = await tester('/api/scan', { qrData: bankIdQrData(order.qrStartToken, order.qrStartSecret, 31) });
      expect(fresh).toMatchObject({ status: 200, body: { orderRef: order.orderRef, hintCode: 'userSign' } });
    } finally {
      clockOffset = 0;
    }
    expect((await tester('/api/scan', { qrData: 'bankid.nothing.0.' + '0'.repeat(64) })).status).toBe(404);
  });

  it('lists pending orders as JSON and on a Swedish page with forms for every action', async () => {
    const order = await client.sign({ endUserIp: '192.0.2.2', userVisibleData: Buffer.from('Skriv under <ansökan>').toString('base64') });
    const listed = (await tester('/api/orders')).body as { orderRef: string; kind: string; userVisibleData?: string }[];
    expect(listed.find((o) => o.orderRef === order.orderRef)).toMatchObject({ kind: 'sign', userVisibleData: 'Skriv under <ansökan>' });

    const page = (await tester('/')).body as string;
    expect(page).toContain('<html lang="sv">');
    expect(page).toContain('Skriv under &#60;ansökan&#62;');
    expect(page).toContain(`action="/api/orders/${order.orderRef}/approve"`);
    expect(page).toMatch(/<label for="person-\d+">Testperson<\/label>/);

    const form = await fetch(`${sim.testerUrl}/api/orders/${order.orderRef}/fail`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'hintCode=userCancel',
      redirect: 'manual',
    });
    expect(form.status).toBe(303);
    expect(await client.collect(order.orderRef)).toMatchObject({ status: 'failed', hintCode: 'userCancel' });
  });

  it('refuses unknown test persons, unknown failure codes and ended orders, in Swedish and English', async () => {
    const order = await client.auth({ endUserIp: '192.0.2.3' });
    expect(await tester(`/api/orders/${order.orderRef}/approve`, { personalNumber: '191212121212' })).toMatchObject({
      status: 400,
      body: { error: { sv: 'Testpersonen 191212121212 finns inte.', en: 'There is no test person 191212121212.' } },
    });
    expect((await tester(`/api/orders/${order.orderRef}/fail`, { hintCode: 'bored' })).status).toBe(400);
    await client.cancel(order.orderRef);
    expect((await tester(`/api/orders/${order.orderRef}/approve`, { personalNumber: sim.persons[0]!.personalNumber })).status).toBe(404);
  });

  it('has fictional default persons with valid personal identity numbers', () => {
    expect(DEFAULT_TEST_PERSONS.length).toBeGreaterThanOrEqual(3);
    for (const person of DEFAULT_TEST_PERSONS) expect(isPersonnummer(person.personalNumber)).toBe(true);
  });

  it('keeps its keys in certDir across restarts', async () => {
    const certDir = await mkdtemp(path.join(tmpdir(), 'bankid-sim-'));
    try {
      const first = await startBankIdSimulator({ certDir });
      await first.close();
      const second = await startBankIdSimulator({ certDir });
      await second.close();
      expect(second.ca).toBe(first.ca);
      expect(second.clientCert).toEqual(first.clientCert);
    } finally {
      await rm(certDir, { recursive: true, force: true });
    }
  });
});
