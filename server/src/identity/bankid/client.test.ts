import { DOMParser } from '@xmldom/xmldom';
import forge from 'node-forge';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignedXml } from 'xml-crypto';
import { startBankIdSimulator, type BankIdSimulator } from '../../simulators/bankid/simulator.js';
import { issueCertificate, pemBody } from '../certificates.js';
import { BankIdClient, BankIdError } from './client.js';
import { bankIdQrData } from './qr.js';

const endUserIp = '192.0.2.10';

describe('BankID client against the simulator over mutual TLS', () => {
  let sim: BankIdSimulator;
  let client: BankIdClient;
  let clockOffset = 0;
  const others: BankIdClient[] = [];

  beforeAll(async () => {
    sim = await startBankIdSimulator({ clock: () => Date.now() + clockOffset });
    client = new BankIdClient({ baseUrl: sim.url, ca: sim.ca, ...sim.clientCert });
  });
  afterAll(async () => {
    for (const c of [client, ...others]) c?.close();
    await sim?.close();
  });

  const tester = async (path: string, body: unknown) => {
    const response = await fetch(`${sim.testerUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: await response.json() };
  };
  const refusal = (promise: Promise<unknown>) => promise.then(() => expect.fail('expected a BankIdError'), (error: unknown) => error as BankIdError);

  it('auth → QR scanned → approved: collect completes with the test person', async () => {
    const order = await client.auth({ endUserIp });
    expect(Object.keys(order).sort()).toEqual(['autoStartToken', 'orderRef', 'qrStartSecret', 'qrStartToken']);
    expect(await client.collect(order.orderRef)).toEqual({ orderRef: order.orderRef, status: 'pending', hintCode: 'outstandingTransaction' });

    expect((await tester('/api/scan', { qrData: bankIdQrData(order.qrStartToken, order.qrStartSecret, 0) })).body).toMatchObject({ orderRef: order.orderRef });
    expect(await client.collect(order.orderRef)).toMatchObject({ status: 'pending', hintCode: 'userSign' });

    const [astrid] = sim.persons;
    await tester(`/api/orders/${order.orderRef}/approve`, { personalNumber: astrid!.personalNumber });
    const done = await client.collect(order.orderRef);
    expect(done).toMatchObject({
      status: 'complete',
      completionData: {
        user: { personalNumber: '199001012385', name: 'Astrid Testsson', givenName: 'Astrid', surname: 'Testsson' },
        device: { ipAddress: endUserIp },
      },
    });
    if (done.status !== 'complete') return;
    expect(done.completionData.bankIdIssueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Buffer.from(done.completionData.signature, 'base64').toString()).toContain('<Signature xmlns="http://www.w3.org/2000/09/xmldsig#">');
  });

  it('sign with userVisibleData (autostart) returns a signature over that text and an OCSP response', async () => {
    const userVisibleData = Buffer.from('Jag ansöker om förskoleplats.').toString('base64');
    const order = await client.sign({ endUserIp, userVisibleData, userVisibleDataFormat: 'simpleMarkdownV1', requirement: { pinCode: true } });
    await tester('/api/autostart', { autoStartToken: order.autoStartToken });
    await tester(`/api/orders/${order.orderRef}/approve`, { personalNumber: sim.persons[1]!.personalNumber });
    const done = await client.collect(order.orderRef);
    if (done.status !== 'complete') return expect.fail(`not complete: ${JSON.stringify(done)}`);
    const xml = Buffer.from(done.completionData.signature, 'base64').toString();
    expect(xml).toContain(`<usrVisibleData charset="UTF-8" visible="wysiwys">${userVisibleData}</usrVisibleData>`);
    expect(xml).toContain('<funcId>Signing</funcId>');
    expect(Buffer.from(done.completionData.ocspResponse, 'base64').length).toBeGreaterThan(0);
  });

  it('returns BankID\'s risk assessment when asked for (returnRisk), and none otherwise', async () => {
    const asked = await client.auth({ endUserIp, returnRisk: true });
    await tester(`/api/orders/${asked.orderRef}/approve`, { personalNumber: sim.persons[0]!.personalNumber, risk: 'high' });
    expect(await client.collect(asked.orderRef)).toMatchObject({ status: 'complete', completionData: { risk: 'high' } });

    const signed = await client.sign({ endUserIp, userVisibleData: Buffer.from('Ansökan').toString('base64'), returnRisk: true });
    await tester(`/api/orders/${signed.orderRef}/approve`, { personalNumber: sim.persons[0]!.personalNumber });
    expect(await client.collect(signed.orderRef)).toMatchObject({ status: 'complete', completionData: { risk: 'low' } });

    const notAsked = await client.auth({ endUserIp });
    await tester(`/api/orders/${notAsked.orderRef}/approve`, { personalNumber: sim.persons[0]!.personalNumber, risk: 'moderate' });
    const done = await client.collect(notAsked.orderRef);
    expect(done.status === 'complete' && 'risk' in done.completionData).toBe(false);
  });

  it('phone/auth and phone/sign: only an orderRef, the named person confirms the call, no device address', async () => {
    const [caller, other] = sim.persons;
    const order = await client.phoneAuth({ personalNumber: caller!.personalNumber, callInitiator: 'user' });
    expect(Object.keys(order)).toEqual(['orderRef']);
    expect(await tester(`/api/orders/${order.orderRef}/confirm-call`, {})).toMatchObject({ status: 200, body: { hintCode: 'userCallConfirm' } });
    expect(await client.collect(order.orderRef)).toMatchObject({ status: 'pending', hintCode: 'userCallConfirm' });
    expect((await tester(`/api/orders/${order.orderRef}/approve`, { personalNumber: other!.personalNumber })).status).toBe(409);
    await tester(`/api/orders/${order.orderRef}/approve`, { personalNumber: caller!.personalNumber });
    const done = await client.collect(order.orderRef);
    if (done.status !== 'complete') return expect.fail(`not complete: ${JSON.stringify(done)}`);
    expect(done.completionData.user.personalNumber).toBe(caller!.personalNumber);
    expect(done.completionData.device.ipAddress).toBeUndefined();

    const sign = await client.phoneSign({ personalNumber: other!.personalNumber, callInitiator: 'RP', userVisibleData: Buffer.from('Jag godkänner.').toString('base64') });
    await tester(`/api/orders/${sign.orderRef}/approve`, { personalNumber: other!.personalNumber });
    const signed = await client.collect(sign.orderRef);
    if (signed.status !== 'complete') return expect.fail('not complete');
    expect(Buffer.from(signed.completionData.signature, 'base64').toString()).toContain('<funcId>Signing</funcId>');

    expect(await refusal(client.phoneAuth({ personalNumber: caller!.personalNumber, callInitiator: 'someone' as never }))).toMatchObject({ errorCode: 'invalidParameters', details: 'Invalid callInitiator' });
    expect(await refusal(client.phoneSign({ personalNumber: caller!.personalNumber, callInitiator: 'RP' } as never))).toMatchObject({ details: 'Missing userVisibleData' });
    expect(await refusal(client.phoneAuth({ personalNumber: caller!.personalNumber, callInitiator: 'RP', endUserIp } as never))).toMatchObject({ details: 'Unknown parameter: endUserIp' });
  });

  it('signature is an XML signature over bankIdSignedData that verifies with the person\'s certificate in its KeyInfo; ocspResponse is a signed OCSP response saying that certificate is good', async () => {
    const userVisibleData = Buffer.from('Jag ansöker om bygglov.').toString('base64');
    const order = await client.sign({ endUserIp, userVisibleData });
    const [maja] = sim.persons.slice(2);
    await tester(`/api/orders/${order.orderRef}/approve`, { personalNumber: maja!.personalNumber });
    const done = await client.collect(order.orderRef);
    if (done.status !== 'complete') return expect.fail('not complete');

    // the XML signature, checked by xml-crypto against the first certificate of its KeyInfo
    const xml = Buffer.from(done.completionData.signature, 'base64').toString('utf8');
    const document = new DOMParser().parseFromString(xml, 'text/xml');
    const dsig = 'http://www.w3.org/2000/09/xmldsig#';
    const [userCertificate, issuerCertificate] = Array.from(document.getElementsByTagNameNS(dsig, 'X509Certificate')).map((element) => element.textContent ?? '');
    const pem = (body: string) => `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)?.join('\n')}\n-----END CERTIFICATE-----\n`;
    const verifier = new SignedXml({ publicCert: pem(userCertificate!) });
    verifier.loadSignature(document.getElementsByTagNameNS(dsig, 'Signature')[0] as unknown as Node);
    expect(verifier.checkSignature(xml)).toBe(true);
    expect(verifier.getSignedReferences().find((reference) => reference.includes('bankIdSignedData'))).toContain(`<usrVisibleData charset="UTF-8" visible="wysiwys">${userVisibleData}</usrVisibleData>`);
    const tampered = xml.replace(userVisibleData, Buffer.from('Jag ansöker om rivningslov.').toString('base64'));
    const tamperedCheck = new SignedXml({ publicCert: pem(userCertificate!) });
    tamperedCheck.loadSignature(new DOMParser().parseFromString(tampered, 'text/xml').getElementsByTagNameNS(dsig, 'Signature')[0] as unknown as Node);
    const tamperedVerifies = (() => {
      try {
        return tamperedCheck.checkSignature(tampered);
      } catch {
        return false;
      }
    })();
    expect(tamperedVerifies).toBe(false);

    // the certificate names the person and chains to the BankID CA
    const user = forge.pki.certificateFromPem(pem(userCertificate!));
    expect(user.subject.getField({ name: 'serialNumber' })?.value).toBe(maja!.personalNumber);
    expect(forge.pki.certificateFromPem(sim.ca).verify(user)).toBe(true);
    expect(pem(issuerCertificate!).replace(/\s/g, '')).toBe(sim.ca.replace(/\s/g, ''));

    // the OCSP response, read and verified by PKI.js
    const ocsp = pkijs.OCSPResponse.fromBER(new Uint8Array(Buffer.from(done.completionData.ocspResponse, 'base64')));
    expect(ocsp.responseStatus.valueBlock.valueDec).toBe(0);
    const basic = pkijs.BasicOCSPResponse.fromBER(new Uint8Array(ocsp.responseBytes!.response.valueBlock.valueHexView));
    const der = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));
    const userCert = pkijs.Certificate.fromBER(der(userCertificate!));
    const caCert = pkijs.Certificate.fromBER(der(pemBody(sim.ca)));
    expect(await basic.verify({ trustedCerts: [caCert] })).toBe(true);
    expect(await ocsp.getCertificateStatus(userCert, caCert)).toMatchObject({ isForCertificate: true, status: 0 });
  });

  it('cancel forgets the order: collect and a second cancel answer invalidParameters', async () => {
    const order = await client.auth({ endUserIp });
    await client.cancel(order.orderRef);
    expect(await refusal(client.collect(order.orderRef))).toMatchObject({ errorCode: 'invalidParameters', details: 'No such order', httpStatus: 400 });
    expect(await refusal(client.cancel(order.orderRef))).toMatchObject({ errorCode: 'invalidParameters' });
  });

  it.each(['startFailed', 'userCancel', 'expiredTransaction', 'certificateErr'])('a tester-chosen %s reaches collect as failed', async (hintCode) => {
    const order = await client.auth({ endUserIp });
    expect((await tester(`/api/orders/${order.orderRef}/fail`, { hintCode })).status).toBe(200);
    expect(await client.collect(order.orderRef)).toEqual({ orderRef: order.orderRef, status: 'failed', hintCode });
  });

  it('a pending order expires after the order timeout', async () => {
    const order = await client.auth({ endUserIp });
    clockOffset = 181_000;
    try {
      expect(await client.collect(order.orderRef)).toMatchObject({ status: 'failed', hintCode: 'expiredTransaction' });
    } finally {
      clockOffset = 0;
    }
  });

  it('a second order for the same personal number is refused and the first one cancelled', async () => {
    const requirement = { personalNumber: sim.persons[2]!.personalNumber };
    const first = await client.auth({ endUserIp, requirement });
    expect(await refusal(client.auth({ endUserIp, requirement }))).toMatchObject({ errorCode: 'alreadyInProgress', httpStatus: 400 });
    expect(await client.collect(first.orderRef)).toMatchObject({ status: 'failed', hintCode: 'cancelled' });
  });

  it('invalid parameters give 400 invalidParameters with details', async () => {
    expect(await refusal(client.auth({ endUserIp: 'not-an-address' }))).toMatchObject({ errorCode: 'invalidParameters', details: 'Invalid endUserIp' });
    expect(await refusal(client.sign({ endUserIp } as never))).toMatchObject({ details: 'Missing userVisibleData' });
    expect(await refusal(client.auth({ endUserIp, userVisibleData: 'not base64!' }))).toMatchObject({ details: 'Invalid userVisibleData' });
    expect(await refusal(client.auth({ endUserIp, requirement: { personalNumber: '199001012384' } }))).toMatchObject({ details: 'Invalid personalNumber' });
  });

  it('accepts the RP certificate as PKCS#12 (pfx + passphrase)', async () => {
    const p12 = forge.pkcs12.toPkcs12Asn1(forge.pki.privateKeyFromPem(sim.clientCert.key), [forge.pki.certificateFromPem(sim.clientCert.cert)], 'qwerty123', {
      algorithm: '3des',
    });
    const pfxClient = new BankIdClient({ baseUrl: sim.url, ca: sim.ca, pfx: Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'), passphrase: 'qwerty123' });
    others.push(pfxClient);
    expect((await pfxClient.auth({ endUserIp })).orderRef).toMatch(/^[0-9a-f-]{36}$/);
  });

  describe('refused at TLS (connectionFailed)', () => {
    const otherCa = issueCertificate({ commonName: 'Another CA', usage: 'ca' });
    const attempt = (options: Partial<ConstructorParameters<typeof BankIdClient>[0]>) => {
      const stranger = new BankIdClient({ baseUrl: sim.url, ca: sim.ca, ...sim.clientCert, ...options } as ConstructorParameters<typeof BankIdClient>[0]);
      others.push(stranger);
      return refusal(stranger.auth({ endUserIp }));
    };

    it('a client without a certificate', async () => {
      expect(await attempt({ cert: undefined, key: undefined })).toMatchObject({ errorCode: 'connectionFailed' });
    });

    it('a client with a certificate from another CA', async () => {
      expect(await attempt(issueCertificate({ commonName: 'Impostor RP', usage: 'client' }, otherCa))).toMatchObject({ errorCode: 'connectionFailed' });
    });

    it('a server the client does not trust', async () => {
      expect(await attempt({ ca: otherCa.cert })).toMatchObject({ errorCode: 'connectionFailed', details: expect.stringMatching(/certificate/i) });
    });
  });
});
