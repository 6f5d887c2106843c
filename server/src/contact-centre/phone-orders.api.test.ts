import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificatePem } from '../identity/saml/idp-metadata.js';
import { BankIdClient } from '../identity/bankid/client.js';
import { bankIdLoginMethod } from '../identity/bankid/plugin.js';
import { startBankIdSimulator, type BankIdSimulator } from '../simulators/bankid/simulator.js';
import { call, startTestApp, TEST_SESSION_SETTINGS, type TestApp } from '../test-support/app.js';
import { signInStaff, type StaffSignIn } from '../test-support/staff.js';
import { MAX_SIGN_TEXT } from './phone-orders.js';

const CONTACT_CENTRE = '/api/municipalities/ekdala/contact-centre';
const IDENTIFICATIONS = `${CONTACT_CENTRE}/phone-identifications`;
const SIGNINGS = `${CONTACT_CENTRE}/phone-signings`;

describe(`contact centre: BankID phone identification and signing (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let sim: BankIdSimulator;
  let client: BankIdClient;
  let app: TestApp;
  let handler: StaffSignIn;
  let colleague: StaffSignIn;

  beforeAll(async () => {
    sim = await startBankIdSimulator();
    client = new BankIdClient({ baseUrl: sim.url, ca: sim.ca, ...sim.clientCert });
    app = await startTestApp({ loginMethods: ({ db }) => [bankIdLoginMethod({ db, client, sessions: TEST_SESSION_SETTINGS })] });
    handler = await signInStaff(app.database.db, [{ role: 'handler', municipalityId: 'ekdala', departmentId: 'miljo' }], 'Kerstin Kontaktcenter');
    colleague = await signInStaff(app.database.db, [{ role: 'handler', municipalityId: 'ekdala', departmentId: 'utbildning' }], 'Kalle Kollega');
  });
  afterAll(async () => {
    await app?.close();
    client?.close();
    await sim?.close();
  });

  const tester = async (path: string, body: unknown) => {
    const response = await fetch(`${sim.testerUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return response.status;
  };
  const storedOrder = (orderId: string) => app.database.db.selectFrom('bankid_orders').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow();
  const orderRefOf = async (orderId: string) => (await storedOrder(orderId)).order_ref;
  /** The simulator's pending orders. */
  const simulatedOrders = async () => (await (await fetch(`${sim.testerUrl}/api/orders`)).json()) as { orderRef: string }[];
  const simulatedOrder = async (orderId: string) => {
    const orderRef = await orderRefOf(orderId);
    return (await simulatedOrders()).find((order) => order.orderRef === orderRef);
  };
  /** The audit log's rows about a person, oldest first. */
  const auditOf = (personalNumber: string) =>
    app.database.db
      .selectFrom('audit_log')
      .select(['municipality_id', 'actor', 'action', 'subject_type', 'subject_id', 'details'])
      .where('subject_type', '=', 'person')
      .where('subject_id', '=', personalNumber)
      .orderBy('id')
      .execute();

  describe('identification', () => {
    it('identifies the caller once they confirm the call and identify themselves in the app, and audits start and outcome', async () => {
      const [caller] = sim.persons;
      const started = await call(app.baseUrl, 'POST', IDENTIFICATIONS, { personalNumber: caller!.personalNumber, callInitiator: 'user' }, handler.headers);
      expect(started.status).toBe(201);
      expect(started.body).toMatchObject({ orderId: expect.any(String), status: 'pending', message: { sv: expect.stringMatching(/BankID-appen/), en: expect.any(String) } });
      expect(await storedOrder(started.body.orderId)).toMatchObject({ kind: 'phone-auth', municipality_id: 'ekdala', personal_number: caller!.personalNumber, qr_start_token: null, auto_start_token: null });
      expect(await simulatedOrder(started.body.orderId)).toMatchObject({ kind: 'phone-auth', personalNumber: caller!.personalNumber, userVisibleData: 'Du identifierar dig i telefonsamtalet med Ekdala kommun.' });

      const orderRef = await orderRefOf(started.body.orderId);
      expect(await tester(`/api/orders/${orderRef}/confirm-call`, {})).toBe(200);
      expect(await tester(`/api/orders/${orderRef}/approve`, { personalNumber: caller!.personalNumber })).toBe(200);
      const done = await call(app.baseUrl, 'GET', `${IDENTIFICATIONS}/${started.body.orderId}`, undefined, handler.headers);
      expect(done.body).toEqual({ status: 'complete', person: { personalIdentityNumber: caller!.personalNumber, name: `${caller!.givenName} ${caller!.surname}` }, risk: null });
      // polling again reads the stored outcome and audits nothing more
      expect((await call(app.baseUrl, 'GET', `${IDENTIFICATIONS}/${started.body.orderId}`, undefined, handler.headers)).body).toEqual(done.body);

      // the handler is the actor, the person the subject; nothing of the person but the personnummer
      const actor = `staff:${handler.accountId} (Kerstin Kontaktcenter)`;
      expect(await auditOf(caller!.personalNumber)).toEqual([
        { municipality_id: 'ekdala', actor, action: 'phone-identification.started', subject_type: 'person', subject_id: caller!.personalNumber, details: { orderId: started.body.orderId, callInitiator: 'user' } },
        { municipality_id: 'ekdala', actor, action: 'phone-identification.completed', subject_type: 'person', subject_id: caller!.personalNumber, details: { orderId: started.body.orderId } },
      ]);

      // the order is the handler's own: a colleague cannot read or cancel it, nor read it as a signing
      expect((await call(app.baseUrl, 'GET', `${IDENTIFICATIONS}/${started.body.orderId}`, undefined, colleague.headers)).status).toBe(404);
      expect((await call(app.baseUrl, 'DELETE', `${IDENTIFICATIONS}/${started.body.orderId}`, undefined, colleague.headers)).status).toBe(404);
      expect((await call(app.baseUrl, 'GET', `${SIGNINGS}/${started.body.orderId}`, undefined, handler.headers)).body).toMatchObject({ code: 'order-not-found', messages: { sv: { title: 'Underskriften hittades inte' } } });
    });

    it('reports a person who says they are not in the call, and a cancelled identification, and audits both', async () => {
      const [, caller, other] = sim.persons;
      const declined = await call(app.baseUrl, 'POST', IDENTIFICATIONS, { personalNumber: caller!.personalNumber, callInitiator: 'RP' }, handler.headers);
      expect(await tester(`/api/orders/${await orderRefOf(declined.body.orderId)}/fail`, { hintCode: 'userDeclinedCall' })).toBe(200);
      const answer = await call(app.baseUrl, 'GET', `${IDENTIFICATIONS}/${declined.body.orderId}`, undefined, handler.headers);
      expect(answer.body).toMatchObject({ status: 'failed', hintCode: 'userDeclinedCall', message: { sv: expect.stringMatching(/inte är i samtal/) } });

      const cancelled = await call(app.baseUrl, 'POST', IDENTIFICATIONS, { personalNumber: other!.personalNumber, callInitiator: 'user' }, handler.headers);
      expect((await call(app.baseUrl, 'DELETE', `${IDENTIFICATIONS}/${cancelled.body.orderId}`, undefined, handler.headers)).status).toBe(204);
      // cancelling again ends nothing and audits nothing
      expect((await call(app.baseUrl, 'DELETE', `${IDENTIFICATIONS}/${cancelled.body.orderId}`, undefined, handler.headers)).status).toBe(204);
      expect((await call(app.baseUrl, 'GET', `${IDENTIFICATIONS}/${cancelled.body.orderId}`, undefined, handler.headers)).body).toMatchObject({ status: 'failed', hintCode: 'userCancel' });

      expect((await auditOf(caller!.personalNumber)).map((row) => [row.action, row.details])).toEqual([
        ['phone-identification.started', { orderId: declined.body.orderId, callInitiator: 'RP' }],
        ['phone-identification.failed', { orderId: declined.body.orderId, hintCode: 'userDeclinedCall' }],
      ]);
      expect((await auditOf(other!.personalNumber)).map((row) => [row.action, row.details])).toEqual([
        ['phone-identification.started', { orderId: cancelled.body.orderId, callInitiator: 'user' }],
        ['phone-identification.cancelled', { orderId: cancelled.body.orderId }],
      ]);
    });

    it('refuses a personnummer that is not one, and an unknown caller kind, in Swedish and English', async () => {
      const wrongNumber = await call(app.baseUrl, 'POST', IDENTIFICATIONS, { personalNumber: '199001012384', callInitiator: 'user' }, handler.headers);
      expect(wrongNumber).toMatchObject({ status: 400, body: { code: 'invalid-personal-number', field: 'personalNumber', messages: { sv: expect.any(Object), en: expect.any(Object) } } });
      const wrongCaller = await call(app.baseUrl, 'POST', IDENTIFICATIONS, { personalNumber: sim.persons[0]!.personalNumber, callInitiator: 'someone' }, handler.headers);
      expect(wrongCaller).toMatchObject({ status: 400, body: { code: 'invalid-call-initiator' } });
      // an identification signs no text of the handler's
      const withText = await call(app.baseUrl, 'POST', IDENTIFICATIONS, { personalNumber: sim.persons[0]!.personalNumber, callInitiator: 'user', text: 'Jag godkänner.' }, handler.headers);
      expect(withText).toMatchObject({ status: 400, body: { code: 'invalid-field' } });
    });
  });

  describe('signing', () => {
    const TEXT = 'Jag, som ringer kommunen, begär att min ansökan om bygglov dras tillbaka.\nÄrende 2026-1234.';

    it('lets the caller sign exactly the handler’s text and gives BankID’s signature and OCSP response, audited', async () => {
      const caller = sim.persons[0]!;
      const started = await call(app.baseUrl, 'POST', SIGNINGS, { personalNumber: caller.personalNumber, callInitiator: 'RP', text: TEXT }, handler.headers);
      expect(started.status).toBe(201);
      expect(started.body).toMatchObject({ orderId: expect.any(String), status: 'pending', hintCode: 'outstandingTransaction', message: { sv: expect.stringMatching(/skriva under/), en: expect.stringMatching(/sign the text/) } });
      expect(await storedOrder(started.body.orderId)).toMatchObject({ kind: 'phone-sign', personal_number: caller.personalNumber, qr_start_token: null, qr_start_secret: null, auto_start_token: null });
      expect(await simulatedOrder(started.body.orderId)).toMatchObject({ kind: 'phone-sign', personalNumber: caller.personalNumber, userVisibleData: TEXT });

      const orderRef = await orderRefOf(started.body.orderId);
      expect(await tester(`/api/orders/${orderRef}/confirm-call`, {})).toBe(200);
      const confirming = await call(app.baseUrl, 'GET', `${SIGNINGS}/${started.body.orderId}`, undefined, handler.headers);
      expect(confirming.body).toMatchObject({ status: 'pending', hintCode: 'userCallConfirm' });
      expect(await tester(`/api/orders/${orderRef}/approve`, { personalNumber: caller.personalNumber })).toBe(200);
      // BankID is asked at most every other second
      let done = await call(app.baseUrl, 'GET', `${SIGNINGS}/${started.body.orderId}`, undefined, handler.headers);
      for (let i = 0; done.body.status === 'pending' && i < 10; i++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        done = await call(app.baseUrl, 'GET', `${SIGNINGS}/${started.body.orderId}`, undefined, handler.headers);
      }
      expect(done.body).toEqual({
        status: 'complete',
        person: { personalIdentityNumber: caller.personalNumber, name: `${caller.givenName} ${caller.surname}` },
        risk: null,
        signature: expect.any(String),
        ocspResponse: expect.any(String),
      });

      // the signature is BankID's XML signature over the text, verifying with the person's certificate
      const xml = Buffer.from(done.body.signature, 'base64').toString('utf8');
      const dsig = 'http://www.w3.org/2000/09/xmldsig#';
      const document = new DOMParser().parseFromString(xml, 'text/xml');
      const [userCertificate] = Array.from(document.getElementsByTagNameNS(dsig, 'X509Certificate')).map((element) => element.textContent ?? '');
      const verifier = new SignedXml({ publicCert: certificatePem(userCertificate!) });
      verifier.loadSignature(document.getElementsByTagNameNS(dsig, 'Signature')[0] as unknown as Node);
      expect(verifier.checkSignature(xml)).toBe(true);
      const signedData = verifier.getSignedReferences().find((reference) => reference.includes('bankIdSignedData'));
      expect(signedData).toContain(`<usrVisibleData charset="UTF-8" visible="wysiwys">${Buffer.from(TEXT, 'utf8').toString('base64')}</usrVisibleData>`);
      expect(signedData).toContain('<funcId>Signing</funcId>');
      // the OCSP response is DER (an ASN.1 SEQUENCE)
      expect(Buffer.from(done.body.ocspResponse, 'base64')[0]).toBe(0x30);

      // the audit names the handler and the person, not the text, the name or the signature
      expect((await auditOf(caller.personalNumber)).filter((row) => row.action.startsWith('phone-signing.'))).toEqual([
        expect.objectContaining({ actor: `staff:${handler.accountId} (Kerstin Kontaktcenter)`, action: 'phone-signing.started', details: { orderId: started.body.orderId, callInitiator: 'RP' } }),
        expect.objectContaining({ action: 'phone-signing.completed', details: { orderId: started.body.orderId } }),
      ]);
      expect(JSON.stringify(await auditOf(caller.personalNumber))).not.toMatch(new RegExp(`${caller.surname}|bygglov|${done.body.signature.slice(0, 40)}`));

      // a colleague cannot read it, and an identification of it does not exist
      expect((await call(app.baseUrl, 'GET', `${SIGNINGS}/${started.body.orderId}`, undefined, colleague.headers)).status).toBe(404);
      expect((await call(app.baseUrl, 'GET', `${IDENTIFICATIONS}/${started.body.orderId}`, undefined, handler.headers)).status).toBe(404);
    });

    it('reports a signing the person did not make in time, audited as failed', async () => {
      const caller = sim.persons[0]!;
      const started = await call(app.baseUrl, 'POST', SIGNINGS, { personalNumber: caller.personalNumber, callInitiator: 'user', text: TEXT }, handler.headers);
      expect(await tester(`/api/orders/${await orderRefOf(started.body.orderId)}/fail`, { hintCode: 'expiredTransaction' })).toBe(200);
      const answer = await call(app.baseUrl, 'GET', `${SIGNINGS}/${started.body.orderId}`, undefined, handler.headers);
      expect(answer.body).toMatchObject({ status: 'failed', hintCode: 'expiredTransaction', message: { sv: expect.stringMatching(/Starta en ny underskrift/), en: expect.stringMatching(/Start a new signing/) } });
      expect((await auditOf(caller.personalNumber)).slice(-1)).toEqual([expect.objectContaining({ action: 'phone-signing.failed', details: { orderId: started.body.orderId, hintCode: 'expiredTransaction' } })]);
    });

    it('refuses a missing, blank, too long or disguised text, in Swedish and English, before asking BankID', async () => {
      const person = sim.persons[0]!.personalNumber;
      const audited = (await auditOf(person)).length;
      const start = (body: Record<string, unknown>) => call(app.baseUrl, 'POST', SIGNINGS, { personalNumber: person, callInitiator: 'user', ...body }, handler.headers);
      const refusals = [{}, { text: 42 }, { text: ' \n ' }, { text: 'x'.repeat(MAX_SIGN_TEXT + 1) }, { text: 'Jag godkänner\u0000 beslutet.' }, { text: 'Jag \u202Etnänkdog\u202C inte.' }];
      for (const body of refusals) {
        const refused = await start(body);
        expect(refused, JSON.stringify(body).slice(0, 60)).toMatchObject({ status: 400, body: { code: 'invalid-text', field: 'text', messages: { sv: { detail: expect.any(String) }, en: { detail: expect.any(String) } } } });
      }
      expect((await start({ text: 'x'.repeat(MAX_SIGN_TEXT + 1) })).body.messages.en.detail).toContain(`at most ${MAX_SIGN_TEXT}`);
      expect(await start({ text: 'ok', extra: true })).toMatchObject({ status: 400, body: { code: 'invalid-field' } });
      expect(await start({ personalNumber: '19900101238', text: 'ok' })).toMatchObject({ status: 400, body: { code: 'invalid-personal-number' } });
      const notJson = await call(app.baseUrl, 'POST', SIGNINGS, '[1,2]', handler.headers);
      expect(notJson).toMatchObject({ status: 400, body: { code: 'invalid-personal-number' } });
      // nothing reached BankID or the audit log
      expect(await auditOf(person)).toHaveLength(audited);
      expect(await simulatedOrders()).toEqual([]);
    });
  });
});
