import { createHash, X509Certificate } from 'node:crypto';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ANSWERS } from '@etjanst/schemas';
import type { CollectResponse } from '../identity/bankid/api.js';
import { BankIdClient } from '../identity/bankid/client.js';
import { RFA } from '../identity/bankid/messages.js';
import { bankIdLoginMethod } from '../identity/bankid/plugin.js';
import { startMailboxSimulator, type MailboxSimulator } from '../simulators/mailbox/simulator.js';
import { DEFAULT_TEST_PERSONS, startBankIdSimulator, type BankIdSimulator } from '../simulators/bankid/simulator.js';
import { DeliveryWorker } from '../delivery/worker.js';
import { unconfiguredDeliverySettings } from '../delivery/settings.js';
import { call, startTestApp, TEST_RETRY_POLICY, TEST_SESSION_SETTINGS, type TestApp } from '../test-support/app.js';
import { loggedIn, TEST_PERSON } from '../test-support/sessions.js';
import { canonicalJson, signedHash } from './content.js';

const submitPath = (eserviceId: string) => `/api/municipalities/solbacka/eservices/${eserviceId}/versions/1/submissions`;
const signatures = (submissionId: string) => `/api/me/submissions/${submissionId}/signatures`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Klara (the test sessions' person) applies; Astrid is the other guardian the example answers name.
const KLARA = TEST_PERSON;
const ASTRID = { personalIdentityNumber: '199001012385', givenName: 'Astrid', surname: 'Testsson', displayName: 'Astrid Testsson' };
const ERIK = { personalIdentityNumber: '198506129876', givenName: 'Erik', surname: 'Provsson', displayName: 'Erik Provsson' };
const preschool = EXAMPLE_ANSWERS.forskoleplats!;
const withoutCoSigner = (() => {
  const { otherGuardian: _, ...rest } = preschool;
  return { ...rest, hasOtherGuardian: false };
})();

/** A BankID client that can be told to answer a completed order with someone else than the one who signed. */
class SwappingClient extends BankIdClient {
  impostor: string | undefined;
  override async collect(orderRef: string): Promise<CollectResponse> {
    const answer = await super.collect(orderRef);
    if (answer.status === 'complete' && this.impostor) {
      answer.completionData.user = { ...answer.completionData.user, personalNumber: this.impostor };
    }
    return answer;
  }
}

type Session = Awaited<ReturnType<typeof loggedIn>>;
const as = (session: Session) => ({ cookie: session.cookie, 'x-csrf-token': session.csrfToken });

describe(`signing with BankID (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let sim: BankIdSimulator;
  let client: SwappingClient;
  let mailbox: MailboxSimulator;
  let app: TestApp;
  let klara: Session;
  let astrid: Session;
  let erik: Session;

  beforeAll(async () => {
    sim = await startBankIdSimulator({
      testPersons: [...DEFAULT_TEST_PERSONS, { personalNumber: KLARA.personalIdentityNumber, givenName: KLARA.givenName, surname: KLARA.surname }],
    });
    client = new SwappingClient({ baseUrl: sim.url, ca: sim.ca, ...sim.clientCert });
    mailbox = await startMailboxSimulator();
    app = await startTestApp({
      loginMethods: ({ db }) => [bankIdLoginMethod({ db, client, sessions: TEST_SESSION_SETTINGS })],
      mail: { smtpUrl: mailbox.smtpUrl },
    });
    [klara, astrid, erik] = await Promise.all([
      loggedIn(app.database.db),
      loggedIn(app.database.db, { person: ASTRID }),
      loggedIn(app.database.db, { person: ERIK }),
    ]);
  });
  afterAll(async () => {
    await app?.close();
    client?.close();
    await sim?.close();
    await mailbox?.close();
  });

  const db = () => app.database.db;
  /**
   * The outbox delivered by a worker run here, as by `npm run worker` beside the server, only
   * when a test says so (the app itself runs none): whatever the signature committed is there.
   */
  async function deliverOutbox() {
    const mail = { from: 'Solbacka kommun <noreply@solbacka.example.se>', smtpUrl: mailbox.smtpUrl };
    const worker = new DeliveryWorker({ db: db(), logger: pino({ level: 'silent' }), settings: { ...unconfiguredDeliverySettings(app.baseUrl), mail, attemptTimeoutMs: 5000 }, policy: TEST_RETRY_POLICY });
    while ((await worker.runOnce()) > 0);
  }
  const api = (session: Session | undefined, method: string, path: string, body?: unknown) =>
    call(app.baseUrl, method, path, body, session ? as(session) : {});
  const tester = (path: string, body?: unknown) =>
    fetch(`${sim.testerUrl}${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const submission = (id: string) => db().selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const orderRef = async (orderId: string) => (await db().selectFrom('bankid_orders').select('order_ref').where('id', '=', orderId).executeTakeFirstOrThrow()).order_ref;

  async function submit(answers: unknown, session: Session = klara) {
    const response = await api(session, 'POST', submitPath('forskoleplats'), { answers, language: 'sv' });
    expect(response.status).toBe(201);
    return response.body as { submissionId: string; receiptNumber: string; state: string };
  }

  /** Polls like the signing page until the order has ended. */
  async function pollUntilEnded(session: Session, submissionId: string, orderId: string) {
    for (let attempt = 0; attempt < 40; attempt++) {
      const response = await api(session, 'GET', `${signatures(submissionId)}/${orderId}`);
      if (response.status !== 200 || response.body.status !== 'pending') return response;
      await sleep(250);
    }
    throw new Error('the order never ended');
  }

  /** Starts a sign order, approves it in the simulator as `personalNumber`, and polls it to its end. */
  async function sign(session: Session, submissionId: string, personalNumber: string) {
    const started = await api(session, 'POST', signatures(submissionId));
    expect(started.status).toBe(201);
    const approved = await tester(`/api/orders/${await orderRef(started.body.orderId)}/approve`, { personalNumber });
    expect(approved.status).toBe(200);
    return pollUntilEnded(session, submissionId, started.body.orderId);
  }

  it('forskoleplats: stored awaiting signature, signed by the applicant, then by the other guardian, then submitted', async () => {
    const { submissionId, receiptNumber, state } = await submit(preschool);
    expect(state).toBe('awaiting-signature');
    expect(await submission(submissionId)).toMatchObject({ state: 'awaiting-signature', signature_deadline: null });
    // not delivered: no receipt e-mail (a delivery of its own, '@receipt'), and Mina sidor says what is missing
    const scheduled = () => db().selectFrom('deliveries').select(['connector_id', 'state']).where('submission_id', '=', submissionId).orderBy('connector_id').execute();
    expect(await scheduled()).toEqual([]);
    const listed = await api(klara, 'GET', '/api/me/submissions');
    expect(listed.body.items.find((i: { id: string }) => i.id === submissionId).status).toBe('awaiting-signature');

    // the co-signer has saved an e-mail address on Mina sidor: that is where her request will go
    expect((await api(astrid, 'PUT', '/api/me/contact-details', { email: 'astrid@example.se', phone: null, consent: true })).status).toBe(200);
    // the co-signer cannot sign before the applicant, and has no request yet
    expect((await api(astrid, 'POST', signatures(submissionId))).body.code).toBe('awaiting-applicant-signature');
    expect((await api(astrid, 'GET', '/api/me/signature-requests')).body.items).toEqual([]);

    // the applicant signs: a sign order for her personnummer with a readable summary and the answers' hash
    const started = await api(klara, 'POST', signatures(submissionId));
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ orderId: expect.any(String), autoStartToken: expect.any(String), role: 'applicant', status: 'pending', message: RFA.RFA1, qrData: expect.stringMatching(/^bankid\./) });
    const ref = await orderRef(started.body.orderId);
    const simOrder = ((await (await tester('/api/orders')).json()) as { orderRef: string; kind: string; personalNumber?: string; userVisibleData?: string }[]).find((o) => o.orderRef === ref);
    expect(simOrder).toMatchObject({ kind: 'sign', personalNumber: KLARA.personalIdentityNumber });
    expect(simOrder!.userVisibleData).toContain('Ansökan om förskoleplats');
    expect(simOrder!.userVisibleData).toContain(`Kvittonummer: ${receiptNumber}`);
    expect(simOrder!.userVisibleData).toContain('Barnets förnamn: Alva');
    expect(simOrder!.userVisibleData).toContain('Vilka förskolor önskar du?: Solrosens förskola, Ekbackens förskola');
    expect(simOrder!.userVisibleData).toContain('Jag ansöker om förskoleplats för barnet');

    // the tester plays the app: scan the QR code, then approve as Klara
    expect((await tester('/api/scan', { qrData: started.body.qrData })).status).toBe(200);
    expect((await tester(`/api/orders/${ref}/approve`, { personalNumber: KLARA.personalIdentityNumber })).status).toBe(200);
    const done = await pollUntilEnded(klara, submissionId, started.body.orderId);
    expect(done.body).toEqual({
      status: 'complete',
      signature: { name: 'Klara Testsson', role: 'applicant', signedAt: expect.any(String) },
      submissionState: 'awaiting-co-signatures',
    });
    const afterApplicant = await submission(submissionId);
    expect(afterApplicant.state).toBe('awaiting-co-signatures');
    // the request to sign is an outbox row committed with the signature, so no process's death loses it; a worker sends it
    const coSignRequest = '@co-sign:otherGuardian.personalIdentityNumber';
    expect(await scheduled()).toEqual([{ connector_id: coSignRequest, state: 'pending' }]);
    expect(mailbox.messages.filter((mail) => mail.to.includes('astrid@example.se'))).toEqual([]);
    await deliverOutbox();
    // the other guardian is asked by e-mail, without the case's content: no e-service, no child
    const request = await mailbox.waitFor((mail) => mail.to.includes('astrid@example.se'));
    expect(request.subject).toBe(`Du ombeds skriva under ${receiptNumber}`);
    expect(request.text).toContain('/mina-sidor');
    expect(request.text).toMatch(/senast \d{4}-\d{2}-\d{2}/);
    expect(request.text).not.toMatch(/förskol|Alva/i);
    expect(request.html).toContain('>Solbacka kommun</div>');
    expect(request.html).toContain('/mina-sidor" style=');
    expect(request.html).not.toMatch(/förskol|Alva/i);
    expect(mailbox.messages.filter((mail) => mail.to.includes('tolvan@example.se'))).toEqual([]); // the applicant gets her receipt only when all have signed
    expect(await scheduled()).toEqual([{ connector_id: coSignRequest, state: 'delivered' }]); // the case is not delivered: the other guardian has not signed
    const sent = await db().selectFrom('deliveries').select('external_reference').where('submission_id', '=', submissionId).executeTakeFirstOrThrow();
    expect(request.raw.toString().replace(/\r?\n[ \t]+/g, ' ')).toContain(`Message-ID: ${sent.external_reference}`); // the header unfolded
    const days = (afterApplicant.signature_deadline!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(13.9);
    expect(days).toBeLessThanOrEqual(14);
    // polling the ended order again tells the same
    expect((await api(klara, 'GET', `${signatures(submissionId)}/${started.body.orderId}`)).body).toEqual(done.body);

    // the applicant cannot co-sign her own application; a stranger sees nothing
    const own = await api(klara, 'POST', signatures(submissionId));
    expect(own).toMatchObject({ status: 403, body: { code: 'cannot-co-sign-own' } });
    for (const response of [
      await api(erik, 'POST', signatures(submissionId)),
      await api(erik, 'GET', `${signatures(submissionId)}/${started.body.orderId}`),
      await api(erik, 'GET', `/api/me/submissions/${submissionId}`),
    ]) {
      expect(response.status).toBe(404);
    }
    expect((await api(erik, 'GET', '/api/me/signature-requests')).body.items).toEqual([]);

    // the other guardian finds the request on Mina sidor, with the same summary, and signs
    const requests = await api(astrid, 'GET', '/api/me/signature-requests');
    expect(requests.status).toBe(200);
    expect(requests.body.items).toHaveLength(1);
    expect(requests.body.items[0]).toMatchObject({
      submissionId,
      receiptNumber,
      eserviceId: 'forskoleplats',
      eserviceTitle: { sv: 'Ansökan om förskoleplats' },
      applicantName: 'Klara Testsson',
      deadline: afterApplicant.signature_deadline!.toISOString(),
      summary: simOrder!.userVisibleData,
    });
    expect((await api(astrid, 'GET', `/api/me/submissions/${submissionId}`)).status).toBe(404); // not hers to read in full
    const coSigned = await sign(astrid, submissionId, ASTRID.personalIdentityNumber);
    expect(coSigned.body).toMatchObject({ status: 'complete', signature: { name: 'Astrid Testsson', role: 'co-signer' }, submissionState: 'submitted' });
    expect((await submission(submissionId)).state).toBe('submitted');
    // the last signature's transaction scheduled the delivery and the receipt e-mail (the outbox)
    expect(await scheduled()).toEqual([
      { connector_id: coSignRequest, state: 'delivered' },
      { connector_id: '@receipt', state: 'pending' },
      { connector_id: 'forskoleantagningen', state: 'pending' },
    ]);
    expect((await api(astrid, 'GET', '/api/me/signature-requests')).body.items).toEqual([]);
    expect((await api(astrid, 'POST', signatures(submissionId))).body.code).toBe('already-signed');

    // both signatures are stored with BankID's signature and OCSP response, over the stored answers' hash
    const stored = await db().selectFrom('submission_signatures').selectAll().where('submission_id', '=', submissionId).orderBy('signed_at').execute();
    expect(stored.map((s) => [s.role, s.signer_personal_identity_number, s.signer_name])).toEqual([
      ['applicant', KLARA.personalIdentityNumber, 'Klara Testsson'],
      ['co-signer', ASTRID.personalIdentityNumber, 'Astrid Testsson'],
    ]);
    const row = await submission(submissionId);
    const expectedHash = createHash('sha256').update(canonicalJson({ answers: row.answers, version: 'solbacka/forskoleplats/1' })).digest('hex');
    expect(expectedHash).toBe(signedHash(preschool, 'solbacka/forskoleplats/1'));
    for (const signature of stored) {
      expect(signature.signed_hash).toBe(expectedHash);
      expect(Buffer.from(signature.ocsp_response, 'base64').length).toBeGreaterThan(0);
      const xml = Buffer.from(signature.signature, 'base64').toString('utf8');
      expect(xml).toContain(`<usrNonVisibleData>${Buffer.from(expectedHash).toString('base64')}</usrNonVisibleData>`);
      // the signer's certificate, first in the signature's KeyInfo, names them
      const certificate = /<X509Certificate>([^<]+)<\/X509Certificate>/.exec(xml)?.[1] ?? '';
      expect(new X509Certificate(Buffer.from(certificate, 'base64')).subject).toContain(`serialNumber=${signature.signer_personal_identity_number}`);
    }

    // now it is received: the receipt e-mail is in the outbox, and the applicant sees who signed (not the raw signatures)
    const detail = await api(klara, 'GET', `/api/me/submissions/${submissionId}`);
    expect(detail.body.status).toBe('received');
    expect(detail.body.receiptEmail).toEqual({ status: 'queued', sentAt: null }); // no worker runs in this test
    expect(detail.body.signing).toMatchObject({
      required: true,
      state: 'submitted',
      signatures: [
        { name: 'Klara Testsson', role: 'applicant', signedAt: expect.any(String) },
        { name: 'Astrid Testsson', role: 'co-signer', signedAt: expect.any(String) },
      ],
      coSigners: { named: 1, signed: 1 },
    });
    expect(JSON.stringify(detail.body)).not.toContain(stored[0]!.signature);
    const audit = await db().selectFrom('audit_log').select('action').where('subject_id', '=', submissionId).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['submission.received', 'submission.signed', 'submission.signed', 'submission.submitted']);
  });

  it('without a co-signer the applicant’s signature submits it', async () => {
    const { submissionId } = await submit(withoutCoSigner);
    const done = await sign(klara, submissionId, KLARA.personalIdentityNumber);
    expect(done.body).toMatchObject({ status: 'complete', submissionState: 'submitted' });
    expect(await submission(submissionId)).toMatchObject({ state: 'submitted', signature_deadline: null });
  });

  it('refuses an application that names the applicant as the co-signer (422), and stores nothing', async () => {
    const before = (await db().selectFrom('submissions').select('id').execute()).length;
    const response = await api(klara, 'POST', submitPath('forskoleplats'), {
      answers: { ...preschool, otherGuardian: { name: 'Klara Testsson', personalIdentityNumber: '19811228-9874' } },
      language: 'sv',
    });
    expect(response).toMatchObject({ status: 422, body: { code: 'cannot-co-sign-own', errors: [{ field: 'otherGuardian.personalIdentityNumber' }] } });
    expect(response.body.messages.sv.detail).toMatch(/medsökande/);
    expect((await db().selectFrom('submissions').select('id').execute()).length).toBe(before);
  });

  it('refuses a signature made by someone other than the required signer', async () => {
    const { submissionId } = await submit(withoutCoSigner);
    const started = await api(klara, 'POST', signatures(submissionId));
    const ref = await orderRef(started.body.orderId);
    // BankID itself lets only the named person approve (requirement.personalNumber) ...
    expect((await tester(`/api/orders/${ref}/approve`, { personalNumber: ERIK.personalIdentityNumber })).status).toBe(409);
    // ... and should it still answer with another person, the signature is not accepted
    client.impostor = ERIK.personalIdentityNumber;
    try {
      await tester(`/api/orders/${ref}/approve`, { personalNumber: KLARA.personalIdentityNumber });
      const ended = await pollUntilEnded(klara, submissionId, started.body.orderId);
      expect(ended.body).toMatchObject({ status: 'failed', reason: 'signer-mismatch', message: { sv: expect.stringMatching(/någon annan/), en: expect.stringMatching(/someone other/) } });
    } finally {
      client.impostor = undefined;
    }
    expect(await db().selectFrom('submission_signatures').select('id').where('submission_id', '=', submissionId).execute()).toEqual([]);
    expect((await submission(submissionId)).state).toBe('awaiting-signature');
    // the applicant can try again and sign properly
    expect((await sign(klara, submissionId, KLARA.personalIdentityNumber)).body).toMatchObject({ status: 'complete', submissionState: 'submitted' });
  });

  it('shows BankID failures with their messages and cancels on DELETE; an order is only its own session’s', async () => {
    const { submissionId } = await submit(withoutCoSigner);
    const first = await api(klara, 'POST', signatures(submissionId));
    await tester(`/api/orders/${await orderRef(first.body.orderId)}/fail`, { hintCode: 'userCancel' });
    expect((await pollUntilEnded(klara, submissionId, first.body.orderId)).body).toEqual({ status: 'failed', hintCode: 'userCancel', message: RFA.RFA6 });

    const second = await api(klara, 'POST', signatures(submissionId));
    const otherKlaraSession = await loggedIn(db());
    const stranger = await api(otherKlaraSession, 'GET', `${signatures(submissionId)}/${second.body.orderId}`);
    expect(stranger).toMatchObject({ status: 404, body: { code: 'order-not-found' } });
    expect((await api(klara, 'DELETE', `${signatures(submissionId)}/${second.body.orderId}`)).status).toBe(204);
    const order = await db().selectFrom('bankid_orders').selectAll().where('id', '=', second.body.orderId).executeTakeFirstOrThrow();
    expect(order).toMatchObject({ kind: 'sign', status: 'cancelled' });
    await expect(client.collect(order.order_ref)).rejects.toMatchObject({ errorCode: 'invalidParameters' });
    expect((await submission(submissionId)).state).toBe('awaiting-signature');
  });

  it('asks BankID at most every other second however often the page polls', async () => {
    const { submissionId } = await submit(withoutCoSigner);
    const started = await api(klara, 'POST', signatures(submissionId));
    const collectedAt = async () => (await db().selectFrom('bankid_orders').select('last_collect_at').where('id', '=', started.body.orderId).executeTakeFirstOrThrow()).last_collect_at;
    await api(klara, 'GET', `${signatures(submissionId)}/${started.body.orderId}`);
    const first = await collectedAt();
    await api(klara, 'GET', `${signatures(submissionId)}/${started.body.orderId}`);
    expect(await collectedAt()).toEqual(first);
    await api(klara, 'DELETE', `${signatures(submissionId)}/${started.body.orderId}`);
  });

  it('turns a submission whose co-signing deadline passed into signature-expired and tells the applicant', async () => {
    const { submissionId } = await submit(preschool);
    await sign(klara, submissionId, KLARA.personalIdentityNumber);
    expect((await api(astrid, 'GET', '/api/me/signature-requests')).body.items.map((i: { submissionId: string }) => i.submissionId)).toContain(submissionId);
    await sql`update submissions set signature_deadline = ${new Date(Date.now() - 1000)} where id = ${submissionId}`.execute(db());

    const listed = await api(klara, 'GET', '/api/me/submissions');
    expect(listed.body.items.find((i: { id: string }) => i.id === submissionId).status).toBe('signature-expired');
    const detail = await api(klara, 'GET', `/api/me/submissions/${submissionId}`);
    expect(detail.body.signing).toMatchObject({ state: 'signature-expired', notice: { sv: expect.stringMatching(/inte kom in i tid|inte in i tid/), en: expect.stringMatching(/on time/) } });
    expect((await api(astrid, 'GET', '/api/me/signature-requests')).body.items.map((i: { submissionId: string }) => i.submissionId)).not.toContain(submissionId);
    expect(await api(astrid, 'POST', signatures(submissionId))).toMatchObject({ status: 409, body: { code: 'signature-expired' } });
    expect((await submission(submissionId)).state).toBe('signature-expired');
    // nothing delivered; the co-sign request still waiting in the outbox is done without an e-mail
    const outbox = () => db().selectFrom('deliveries').select(['connector_id', 'state', 'external_reference']).where('submission_id', '=', submissionId).execute();
    expect(await outbox()).toEqual([{ connector_id: '@co-sign:otherGuardian.personalIdentityNumber', state: 'pending', external_reference: null }]);
    await deliverOutbox();
    expect(await outbox()).toEqual([{ connector_id: '@co-sign:otherGuardian.personalIdentityNumber', state: 'delivered', external_reference: null }]);
    const { receipt_number: receiptNumber } = await submission(submissionId);
    expect(mailbox.messages.filter((mail) => mail.subject.includes(receiptNumber))).toEqual([]);
  });

  it('leaves unsigned e-services as they were: submitted at once, nothing to sign', async () => {
    const response = await api(klara, 'POST', submitPath('borgerlig-vigsel'), { answers: EXAMPLE_ANSWERS['borgerlig-vigsel'], language: 'sv' });
    expect(response.body.state).toBe('submitted');
    expect(await api(klara, 'POST', signatures(response.body.submissionId))).toMatchObject({ status: 409, body: { code: 'signature-not-required' } });
  });

  it('asks for a login', async () => {
    const { submissionId } = await submit(withoutCoSigner);
    expect((await api(undefined, 'POST', signatures(submissionId))).status).toBe(401);
    expect((await api(undefined, 'GET', '/api/me/signature-requests')).status).toBe(401);
  });
});
