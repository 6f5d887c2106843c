import { EXAMPLE_ANSWERS } from '@etjanst/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BankIdClient } from '../identity/bankid/client.js';
import { bankIdLoginMethod } from '../identity/bankid/plugin.js';
import { call, startTestApp, TEST_SESSION_SETTINGS, type TestApp } from '../test-support/app.js';
import { loggedIn, TEST_PERSON } from '../test-support/sessions.js';
import { DEFAULT_TEST_PERSONS, startBankIdSimulator, type BankIdSimulator } from '../simulators/bankid/simulator.js';
import { startPaymentSimulator, type PaymentSimulator } from '../simulators/payment/simulator.js';
import { SwishClient } from './swish-client.js';

/**
 * The civil wedding template carries a fixed fee of 600 kr: each scenario of the Swish simulator
 * (paid, declined, timed out, duplicate callback, lost callback, expiry, refunds) ends in the
 * right state. The serving licence is both signed (BankID simulator) and fee-carrying.
 */
describe('paying a submission with the Swish simulator', () => {
  let app: TestApp;
  let simulator: PaymentSimulator;
  let client: SwishClient;
  let bankId: BankIdSimulator;
  let bankIdClient: BankIdClient;
  let citizen: Record<string, string>;
  beforeAll(async () => {
    simulator = await startPaymentSimulator();
    client = new SwishClient({ baseUrl: simulator.url, payeeAlias: simulator.payeeAlias, ca: simulator.ca, ...simulator.clientCert, timeoutMs: 5000 });
    bankId = await startBankIdSimulator({
      testPersons: [...DEFAULT_TEST_PERSONS, { personalNumber: TEST_PERSON.personalIdentityNumber, givenName: TEST_PERSON.givenName, surname: TEST_PERSON.surname }],
    });
    bankIdClient = new BankIdClient({ baseUrl: bankId.url, ca: bankId.ca, ...bankId.clientCert });
    app = await startTestApp({ paymentProvider: client, fees: true, loginMethods: ({ db }) => [bankIdLoginMethod({ db, client: bankIdClient, sessions: TEST_SESSION_SETTINGS })] });
    const session = await loggedIn(app.database.db, { municipalityId: 'solbacka' });
    citizen = { cookie: session.cookie, 'x-csrf-token': session.csrfToken };
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    client?.close();
    bankIdClient?.close();
    await simulator?.close();
    await bankId?.close();
  });

  const db = () => app.database.db;
  const submit = async () => {
    const res = await call(app.baseUrl, 'POST', '/api/municipalities/solbacka/eservices/borgerlig-vigsel/versions/1/submissions', { answers: EXAMPLE_ANSWERS['borgerlig-vigsel'], language: 'sv' }, citizen);
    expect(res.status).toBe(201);
    return res.body as { submissionId: string; state: string; receiptNumber: string };
  };
  const payment = (id: string) => call(app.baseUrl, 'GET', `/api/me/submissions/${id}/payment`, undefined, citizen);
  /** Starts a payment and returns its instruction id (the simulator's request id). */
  const startPayment = async (id: string) => {
    const res = await call(app.baseUrl, 'POST', `/api/me/submissions/${id}/payment`, { payerAlias: '070-123 45 67' }, citizen);
    expect(res.status).toBe(201);
    const row = await db().selectFrom('payment_requests').select('instruction_id').where('submission_id', '=', id).where('status', '=', 'CREATED').executeTakeFirstOrThrow();
    return row.instruction_id;
  };
  const submission = (id: string) => db().selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const deliveries = async (id: string) => Number((await db().selectFrom('deliveries').select((eb) => eb.fn.countAll().as('n')).where('submission_id', '=', id).executeTakeFirstOrThrow()).n);
  const audits = async (id: string, action: string) => Number((await db().selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('subject_id', '=', id).where('action', '=', action).executeTakeFirstOrThrow()).n);

  it('a fee-carrying submission waits unpaid and undelivered; paid in the app, it is submitted and its deliveries scheduled', async () => {
    const receipt = await submit();
    expect(receipt.state).toBe('awaiting-payment');
    expect(await deliveries(receipt.submissionId)).toBe(0);
    const before = await payment(receipt.submissionId);
    expect(before.body).toMatchObject({ state: 'awaiting-payment', amount: '600.00', currency: 'SEK', request: null, available: true });

    const instructionId = await startPayment(receipt.submissionId);
    const [request] = simulator.book.pending().filter((r) => r.id === instructionId);
    expect(request).toMatchObject({ amount: '600.00', currency: 'SEK', payerAlias: '46701234567', payeeAlias: simulator.payeeAlias, payeePaymentReference: receipt.receiptNumber.replace(/-/g, '') });
    expect(request!.callbackUrl).toBe(`${app.baseUrl}/api/payments/callbacks/${instructionId}`);

    simulator.book.pay(instructionId);
    await simulator.callbacksDelivered(instructionId);
    const paid = await submission(receipt.submissionId);
    expect(paid).toMatchObject({ state: 'submitted', paid_instruction_id: instructionId });
    expect(paid.paid_at).toBeInstanceOf(Date);
    expect(await deliveries(receipt.submissionId)).toBeGreaterThan(0);
    expect((await payment(receipt.submissionId)).body).toMatchObject({ state: 'submitted', request: { status: 'PAID' } });
  });

  it('declined in the app, the submission still waits and the citizen may try again; a second open request is refused', async () => {
    const { submissionId } = await submit();
    const first = await startPayment(submissionId);
    const again = await call(app.baseUrl, 'POST', `/api/me/submissions/${submissionId}/payment`, {}, citizen);
    expect(again.status).toBe(409);
    simulator.book.decline(first);
    await simulator.callbacksDelivered(first);
    expect((await payment(submissionId)).body).toMatchObject({ state: 'awaiting-payment', request: { status: 'DECLINED' } });
    const second = await startPayment(submissionId);
    simulator.book.timeOut(second);
    await simulator.callbacksDelivered(second);
    expect((await payment(submissionId)).body).toMatchObject({ state: 'awaiting-payment', request: { status: 'ERROR', errorCode: 'TM01' } });
    expect(await deliveries(submissionId)).toBe(0);
  });

  it('a duplicate callback settles the payment once: one submission, one set of deliveries', async () => {
    const { submissionId } = await submit();
    const instructionId = await startPayment(submissionId);
    simulator.book.pay(instructionId, 'twice');
    await simulator.callbacksDelivered(instructionId);
    // and a late poll changes nothing either
    await call(app.baseUrl, 'POST', `/api/payments/callbacks/${instructionId}`, { id: instructionId, status: 'PAID' }, { cookie: '' });
    expect((await submission(submissionId)).state).toBe('submitted');
    expect(await audits(submissionId, 'payment.paid')).toBe(1);
    expect(await audits(submissionId, 'submission.submitted')).toBe(1);
    const scheduled = await deliveries(submissionId);
    expect(scheduled).toBeGreaterThan(0);
    const after = await db().selectFrom('deliveries').select('id').where('submission_id', '=', submissionId).execute();
    expect(after).toHaveLength(scheduled);
  });

  it('a lost callback is recovered by polling: the citizen\'s page asks the provider', async () => {
    const { submissionId } = await submit();
    const instructionId = await startPayment(submissionId);
    simulator.book.pay(instructionId, 'lost');
    await simulator.callbacksDelivered(instructionId);
    expect((await submission(submissionId)).state).toBe('awaiting-payment');
    const polled = await payment(submissionId);
    expect(polled.body).toMatchObject({ state: 'submitted', request: { status: 'PAID' } });
    expect(await audits(submissionId, 'payment.paid')).toBe(1);
  });

  it('a callback is only accepted for a known instruction and its body is never trusted', async () => {
    const unknown = await call(app.baseUrl, 'POST', `/api/payments/callbacks/${'A'.repeat(32)}`, { status: 'PAID' }, { cookie: '' });
    expect(unknown.status).toBe(404);
    const { submissionId } = await submit();
    const instructionId = await startPayment(submissionId);
    // a forged "PAID": the provider still says CREATED
    const forged = await call(app.baseUrl, 'POST', `/api/payments/callbacks/${instructionId}`, { id: instructionId, status: 'PAID', amount: '600.00' }, { cookie: '' });
    expect(forged.status).toBe(200);
    expect((await submission(submissionId)).state).toBe('awaiting-payment');
    simulator.book.decline(instructionId, 'lost');
  });

  it('an unpaid submission expires after its time and its booking is released', async () => {
    const { submissionId } = await submit();
    const row = await submission(submissionId);
    const startsAt = new Date('2030-06-01T10:00:00Z');
    const slot = { municipality_id: 'solbacka', eservice_id: 'borgerlig-vigsel', field: 'vigseltid', resource: 'anna', starts_at: startsAt };
    await db().insertInto('booking_slots').values(slot).execute();
    await db().insertInto('booking_seats').values({ ...slot, version: 1, personal_identity_number: '198112289874', state: 'booked', submission_id: submissionId }).execute();
    // before its time nothing happens
    await app.paymentExpiry.runOnce(new Date(row.payment_due_by!.getTime() - 1000));
    expect((await submission(submissionId)).state).toBe('awaiting-payment');
    await app.paymentExpiry.runOnce(new Date(row.payment_due_by!.getTime() + 1000));
    expect((await submission(submissionId)).state).toBe('payment-expired');
    const seat = await db().selectFrom('booking_seats').select('state').where('submission_id', '=', submissionId).executeTakeFirstOrThrow();
    expect(seat.state).toBe('cancelled');
    const refused = await call(app.baseUrl, 'POST', `/api/me/submissions/${submissionId}/payment`, {}, citizen);
    expect(refused.status).toBe(409);
  });

  /** A paid submission and the path of its refund in the handler's inbox. */
  const paidCase = async () => {
    const receipt = await submit();
    const instructionId = await startPayment(receipt.submissionId);
    simulator.book.pay(instructionId);
    await simulator.callbacksDelivered(instructionId);
    const { department_id } = await db().selectFrom('eservices').select('department_id').where('municipality_id', '=', 'solbacka').where('id', '=', 'borgerlig-vigsel').executeTakeFirstOrThrow();
    const inbox = `/api/municipalities/solbacka/departments/${department_id}/inbox/cases/${receipt.receiptNumber}`;
    return { ...receipt, instructionId, inbox, refund: `${inbox}/refund` };
  };
  const openRefund = async (submissionId: string) =>
    (await db().selectFrom('refund_requests').selectAll().where('submission_id', '=', submissionId).orderBy('created_at', 'desc').executeTakeFirstOrThrow());

  it('a handler\'s refund goes to Swish; paid back in any order of callbacks, the fee counts as refunded once', async () => {
    const paid = await paidCase();
    const asked = await call(app.baseUrl, 'POST', paid.refund, { note: 'Vigseln ställdes in' });
    expect(asked.status).toBe(202);
    expect(asked.body.refund).toMatchObject({ status: 'CREATED', errorCode: null });
    expect((await call(app.baseUrl, 'POST', paid.refund, {})).body.code).toBe('refund-in-progress');
    const refund = await openRefund(paid.submissionId);
    const original = await db().selectFrom('payment_requests').select('payment_reference').where('instruction_id', '=', paid.instructionId).executeTakeFirstOrThrow();
    expect(simulator.book.findRefund(refund.instruction_id)).toMatchObject({
      status: 'CREATED',
      originalPaymentReference: original.payment_reference,
      payerAlias: simulator.payeeAlias,
      payeeAlias: '46701234567',
      amount: '600.00',
      currency: 'SEK',
      callbackUrl: `${app.baseUrl}/api/payments/refund-callbacks/${refund.instruction_id}`,
    });
    // the money left the municipality's account, and the callback was lost: the handler's page asks
    simulator.book.debitRefund(refund.instruction_id, 'lost');
    expect((await call(app.baseUrl, 'GET', paid.refund)).body.refund).toMatchObject({ status: 'DEBITED' });
    expect((await payment(paid.submissionId)).body).toMatchObject({ refundedAt: null, refund: { status: 'DEBITED' } });
    expect((await call(app.baseUrl, 'GET', paid.inbox)).body.payment).toMatchObject({ refundedAt: null, refund: { status: 'DEBITED' } });

    simulator.book.payRefund(refund.instruction_id, 'twice');
    await simulator.callbacksDelivered(refund.instruction_id);
    // a late callback (and a forged body) after PAID changes nothing
    const late = await call(app.baseUrl, 'POST', `/api/payments/refund-callbacks/${refund.instruction_id}`, { id: refund.instruction_id, status: 'DEBITED' }, { cookie: '' });
    expect(late.status).toBe(200);
    expect(await audits(paid.submissionId, 'payment.refund-requested')).toBe(1);
    expect(await audits(paid.submissionId, 'payment.refund-debited')).toBe(1);
    expect(await audits(paid.submissionId, 'payment.refunded')).toBe(1);
    const row = await submission(paid.submissionId);
    expect(row.refunded_at).toBeInstanceOf(Date);
    expect(row.refund_note).toBe('Vigseln ställdes in');
    expect((await openRefund(paid.submissionId)).status).toBe('PAID');
    expect((await call(app.baseUrl, 'POST', paid.refund, {})).body.code).toBe('refund-not-possible');

    // statistics: the fees taken per e-service, each paid submission once, refunds (paid back) apart
    const statistics = await call(app.baseUrl, 'GET', '/api/municipalities/solbacka/statistics');
    const wedding = statistics.body.eservices.find((e: { eserviceId: string }) => e.eserviceId === 'borgerlig-vigsel');
    const paidSoFar = await db().selectFrom('submissions').select('id').where('eservice_id', '=', 'borgerlig-vigsel').where('paid_at', 'is not', null).execute();
    const refundedSoFar = await db().selectFrom('submissions').select('id').where('eservice_id', '=', 'borgerlig-vigsel').where('refunded_at', 'is not', null).execute();
    expect(refundedSoFar.length).toBeGreaterThan(0);
    expect(wedding.fees).toEqual({ payments: paidSoFar.length, amountSek: 600 * paidSoFar.length, refundedSek: 600 * refundedSoFar.length });
    const inbox = await call(app.baseUrl, 'GET', paid.inbox);
    expect(inbox.body.payment).toEqual({ amount: '600.00', currency: 'SEK', paidAt: expect.any(String), refundedAt: expect.any(String), refund: { status: 'PAID', errorCode: null } });
  });

  it('a refund the bank fails leaves the fee paid and may be asked again; one Swish refuses is not sent at all', async () => {
    const paid = await paidCase();
    expect((await call(app.baseUrl, 'POST', paid.refund, {})).status).toBe(202);
    const failed = await openRefund(paid.submissionId);
    simulator.book.failRefund(failed.instruction_id);
    await simulator.callbacksDelivered(failed.instruction_id);
    expect((await call(app.baseUrl, 'GET', paid.refund)).body.refund).toMatchObject({ status: 'ERROR', errorCode: 'FF10' });
    expect((await submission(paid.submissionId)).refunded_at).toBeNull();
    expect((await payment(paid.submissionId)).body).toMatchObject({ refundedAt: null, refund: { status: 'ERROR' } });

    // asked again, and paid: its callback lost, the housekeeping pass finds it
    expect((await call(app.baseUrl, 'POST', paid.refund, {})).status).toBe(202);
    const second = await openRefund(paid.submissionId);
    expect(second.instruction_id).not.toBe(failed.instruction_id);
    simulator.book.payRefund(second.instruction_id, 'lost');
    await app.paymentExpiry.runOnce(new Date(Date.now() + 60_000));
    expect((await submission(paid.submissionId)).refunded_at).toBeInstanceOf(Date);
    expect(await audits(paid.submissionId, 'payment.refunded')).toBe(1);

    // Swish does not know the original payment (RF02): nothing is sent, the handler is told
    const other = await paidCase();
    await db().updateTable('payment_requests').set({ payment_reference: 'UNKNOWN' }).where('instruction_id', '=', other.instructionId).execute();
    const refused = await call(app.baseUrl, 'POST', other.refund, {});
    expect(refused.status).toBe(502);
    expect(refused.body).toMatchObject({ code: 'refund-not-sent', errorCode: 'RF02' });
    expect(await openRefund(other.submissionId)).toMatchObject({ status: 'ERROR', error_code: 'RF02' });
  });
  it('a signed e-service with a fee is signed first, then paid, and only then delivered', async () => {
    const submitted = await call(app.baseUrl, 'POST', '/api/municipalities/solbacka/eservices/serveringstillstand/versions/1/submissions', { answers: EXAMPLE_ANSWERS.serveringstillstand, language: 'sv' }, citizen);
    expect(submitted.status).toBe(201);
    const { submissionId } = submitted.body as { submissionId: string; state: string };
    expect(submitted.body.state).toBe('awaiting-signature');
    // no paying before signing
    expect((await call(app.baseUrl, 'POST', `/api/me/submissions/${submissionId}/payment`, {}, citizen)).body.code).toBe('payment-not-awaited');

    const started = await call(app.baseUrl, 'POST', `/api/me/submissions/${submissionId}/signatures`, undefined, citizen);
    expect(started.status).toBe(201);
    const { order_ref } = await db().selectFrom('bankid_orders').select('order_ref').where('id', '=', started.body.orderId).executeTakeFirstOrThrow();
    const approved = await fetch(`${bankId.testerUrl}/api/orders/${order_ref}/approve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personalNumber: TEST_PERSON.personalIdentityNumber }) });
    expect(approved.status).toBe(200);
    let signed = await call(app.baseUrl, 'GET', `/api/me/submissions/${submissionId}/signatures/${started.body.orderId}`, undefined, citizen);
    for (let attempt = 0; signed.body.status === 'pending' && attempt < 40; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      signed = await call(app.baseUrl, 'GET', `/api/me/submissions/${submissionId}/signatures/${started.body.orderId}`, undefined, citizen);
    }
    expect(signed.body).toMatchObject({ status: 'complete', submissionState: 'awaiting-payment' });

    // signed and waiting for its fee: nothing delivered yet, the fee due from the signature on
    const awaiting = await submission(submissionId);
    expect(awaiting.state).toBe('awaiting-payment');
    expect(awaiting.payment_due_by).toBeInstanceOf(Date);
    expect(await deliveries(submissionId)).toBe(0);
    expect((await payment(submissionId)).body).toMatchObject({ state: 'awaiting-payment', amount: '9800.00' });

    const instructionId = await startPayment(submissionId);
    simulator.book.pay(instructionId);
    await simulator.callbacksDelivered(instructionId);
    expect(await submission(submissionId)).toMatchObject({ state: 'submitted', paid_instruction_id: instructionId });
    expect(await deliveries(submissionId)).toBeGreaterThan(0);
    const order = await db().selectFrom('audit_log').select('action').where('subject_id', '=', submissionId).where('action', 'in', ['submission.signed', 'payment.requested', 'payment.paid', 'submission.submitted']).orderBy('id').execute();
    expect(order.map((a) => a.action)).toEqual(['submission.signed', 'payment.requested', 'payment.paid', 'submission.submitted']);
  });
});
