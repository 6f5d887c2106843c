import { EXAMPLE_ANSWERS } from '@etjanst/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../test-support/app.js';
import { loggedIn } from '../test-support/sessions.js';
import { startPaymentSimulator, type PaymentSimulator } from '../simulators/payment/simulator.js';
import { SwishClient } from './swish-client.js';

/**
 * The civil wedding template carries a fixed fee of 600 kr: each scenario of the Swish simulator
 * (paid, declined, timed out, duplicate callback, lost callback, expiry) ends in the right state.
 */
describe('paying a submission with the Swish simulator', () => {
  let app: TestApp;
  let simulator: PaymentSimulator;
  let client: SwishClient;
  let citizen: Record<string, string>;
  beforeAll(async () => {
    simulator = await startPaymentSimulator();
    client = new SwishClient({ baseUrl: simulator.url, payeeAlias: simulator.payeeAlias, ca: simulator.ca, ...simulator.clientCert, timeoutMs: 5000 });
    app = await startTestApp({ paymentProvider: client, fees: true });
    const session = await loggedIn(app.database.db, { municipalityId: 'solbacka' });
    citizen = { cookie: session.cookie, 'x-csrf-token': session.csrfToken };
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    client?.close();
    await simulator?.close();
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

  it('a handler records a refund of a paid fee once; it is audited', async () => {
    const receipt = await submit();
    const instructionId = await startPayment(receipt.submissionId);
    simulator.book.pay(instructionId);
    await simulator.callbacksDelivered(instructionId);
    const { department_id } = await db().selectFrom('eservices').select('department_id').where('municipality_id', '=', 'solbacka').where('id', '=', 'borgerlig-vigsel').executeTakeFirstOrThrow();
    const path = `/api/municipalities/solbacka/departments/${department_id}/inbox/cases/${receipt.receiptNumber}/refund`;
    const refunded = await call(app.baseUrl, 'POST', path, { note: 'Vigseln ställdes in' });
    expect(refunded.status).toBe(200);
    expect((await call(app.baseUrl, 'POST', path, {})).status).toBe(409);
    expect(await audits(receipt.submissionId, 'payment.refunded')).toBe(1);
    expect((await payment(receipt.submissionId)).body.refundedAt).toEqual(expect.any(String));
    // statistics: the fees taken per e-service, each paid submission once, refunds apart
    const statistics = await call(app.baseUrl, 'GET', '/api/municipalities/solbacka/statistics');
    const wedding = statistics.body.eservices.find((e: { eserviceId: string }) => e.eserviceId === 'borgerlig-vigsel');
    const paidSoFar = await db().selectFrom('submissions').select('id').where('eservice_id', '=', 'borgerlig-vigsel').where('paid_at', 'is not', null).execute();
    expect(wedding.fees).toEqual({ payments: paidSoFar.length, amountSek: 600 * paidSoFar.length, refundedSek: 600 });
    const inbox = await call(app.baseUrl, 'GET', `/api/municipalities/solbacka/departments/${department_id}/inbox/cases/${receipt.receiptNumber}`);
    expect(inbox.body.payment).toEqual({ amount: '600.00', currency: 'SEK', paidAt: expect.any(String), refundedAt: expect.any(String) });
  });
});
