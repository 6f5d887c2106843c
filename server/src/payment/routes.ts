import type { Request, Response } from 'express';
import type { Kysely } from 'kysely';
import { bilingual, formatAmount, type EServiceDefinition } from '@etjanst/schemas';
import { caseNotFound, receiptNumberParam } from '../cases/case-view.js';
import { findCaseByReceiptNumber } from '../cases/repository.js';
import { objectBody, optionalText } from '../cases/status.js';
import type { Database, SubmissionRow } from '../db/tables.js';
import { CITIZEN, credential, staff } from '../http/access.js';
import { pathParam, tenantOf } from '../http/context.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import { requireSession, sessionOf } from '../identity/sessions.js';
import { json, problems } from '../openapi/operations.js';
import { badRequest, conflict, notFound } from '../problems/problem.js';
import { loadReceiptSource } from '../receipts/content.js';
import { staffOf } from '../staff/sessions.js';
import { latestRefundRequest, refundOpen, type RefundRequestRow } from './refund-repository.js';
import type { RefundService } from './refunds.js';
import { latestPaymentRequest } from './repository.js';
import { feeOreOf, payerAlias, type PaymentService } from './service.js';

const paymentNotFound = () => notFound(bilingual('Betalningen', 'The payment'));

/** A submission's payment as the citizen's page shows it. */
async function paymentView(db: Kysely<Database>, submission: SubmissionRow, definition: EServiceDefinition, service: PaymentService) {
  const request = await latestPaymentRequest(db, submission.id);
  const feeOre = feeOreOf(submission)!;
  return {
    state: submission.state,
    amount: formatAmount(feeOre / 100),
    currency: 'SEK',
    description: definition.payment?.description ?? null,
    dueBy: submission.payment_due_by?.toISOString() ?? null,
    paidAt: submission.paid_at?.toISOString() ?? null,
    refundedAt: submission.refunded_at?.toISOString() ?? null,
    refund: refundView(await latestRefundRequest(db, submission.id)),
    available: service.configured,
    request: request ? { status: request.status, errorCode: request.error_code, createdAt: request.created_at.toISOString() } : null,
  };
}

/**
 * Mounted at /api/me/submissions/:id/payment: the logged-in applicant pays their submission's
 * fee. POST starts a payment request (optionally to a given Swish number); GET shows the state,
 * and while a request is open it asks the provider (at most every other second): the fallback
 * when a callback is lost.
 */
export function citizenPaymentRoutes(db: Kysely<Database>, service: PaymentService): RouteDeclaration[] {
  const ownSubmission = async (res: Response, id: string) => {
    const session = requireSession(res, sessionOf(res)?.municipalityId ?? '');
    const source = /^[0-9a-f-]{36}$/.test(id) ? await loadReceiptSource(db, session.municipalityId, id) : undefined;
    if (!source || source.submission.applicant_personal_identity_number !== session.person.personalIdentityNumber || source.submission.fee_ore === null) throw paymentNotFound();
    return { ...source, actor: `citizen:${session.method}:${session.person.personalIdentityNumber}` };
  };
  return [
    route(
      'get',
      '/',
      CITIZEN,
      'The fee and payment state of an own submission',
      async (req, res) => {
        const id = pathParam(req, 'id');
        const first = await ownSubmission(res, id);
        const open = await latestPaymentRequest(db, id);
        if (open?.status !== 'CREATED') return void res.set('Cache-Control', 'no-store').json(await paymentView(db, first.submission, first.definition, service));
        await service.poll(open.instruction_id);
        const { submission, definition } = await ownSubmission(res, id);
        res.set('Cache-Control', 'no-store').json(await paymentView(db, submission, definition, service));
      },
      { tags: ['payment'], operation: { responses: { 200: json({ type: 'object' }, 'The fee, the state and the latest payment request'), ...problems(401, 404) } } },
    ),
    route(
      'post',
      '/',
      CITIZEN,
      'Pay the fee of an own submission: start a payment request the citizen approves in the app',
      async (req, res) => {
        const { submission, definition, actor } = await ownSubmission(res, pathParam(req, 'id'));
        const body = objectBody(req.body ?? {});
        const typed = typeof body.payerAlias === 'string' && body.payerAlias.trim() !== '' ? body.payerAlias : undefined;
        const alias = typed === undefined ? undefined : payerAlias(typed.slice(0, 20));
        if (typed !== undefined && !alias) {
          throw badRequest('payer-alias-invalid', bilingual('Ange ditt mobilnummer för Swish, t.ex. 070-123 45 67.', 'Give your Swish mobile number, e.g. 070-123 45 67.'), { field: 'payerAlias' });
        }
        if (submission.state !== 'awaiting-payment') {
          throw conflict('payment-not-awaited', bilingual('Ansökan väntar inte på någon betalning.', 'The application is not waiting for a payment.'), { state: submission.state });
        }
        await service.start(submission, definition, { payerAlias: alias, actor });
        res.status(201).json(await paymentView(db, submission, definition, service));
      },
      { tags: ['payment'], operation: { responses: { 201: json({ type: 'object' }, 'Started: approve in the app'), ...problems(400, 401, 404, 409, 503) } } },
    ),
  ];
}

/**
 * Mounted at /api/payments/callbacks: the provider's callback. Accepted only for an instruction
 * id we made (the id in the path is the credential); its body is not trusted: the state is read
 * from the provider and settled from that answer.
 */
export function paymentCallbackRoutes(service: PaymentService): RouteDeclaration[] {
  return [
    route(
      'post',
      '/:instructionId',
      credential('payment-instruction'),
      'The payment provider tells that a payment request changed',
      async (req, res) => {
        if (!(await service.callback(pathParam(req, 'instructionId')))) throw paymentNotFound();
        res.status(200).json({});
      },
      { tags: ['payment'], operation: { responses: { 200: json({ type: 'object' }, 'Received; the state was read from the provider'), ...problems(404) } } },
    ),
  ];
}

/** A refund as the handler's and the citizen's pages show it. */
export const refundView = (refund: RefundRequestRow | undefined) =>
  refund ? { status: refund.status, errorCode: refund.error_code, requestedAt: refund.created_at.toISOString(), settledAt: refund.settled_at?.toISOString() ?? null } : null;

/**
 * Mounted at /api/payments/refund-callbacks: the provider's callback about a refund, checked as
 * a payment's is: only for an instruction id we made, the state read from the provider.
 */
export function refundCallbackRoutes(refunds: RefundService): RouteDeclaration[] {
  return [
    route(
      'post',
      '/:instructionId',
      credential('payment-instruction'),
      'The payment provider tells that a refund changed',
      async (req, res) => {
        if (!(await refunds.callback(pathParam(req, 'instructionId')))) throw notFound(bilingual('Återbetalningen', 'The refund'));
        res.status(200).json({});
      },
      { tags: ['payment'], operation: { responses: { 200: json({ type: 'object' }, 'Received; the state was read from the provider'), ...problems(404) } } },
    ),
  ];
}

/**
 * Mounted at /api/municipalities/:municipality/departments/:department/inbox/cases/:receiptNumber/refund:
 * a case handler pays a paid fee back through the provider that took it (POST, audited), and
 * follows the refund (GET: while it is open this asks the provider, at most every other second).
 */
export function refundRoutes(db: Kysely<Database>, refunds: RefundService): RouteDeclaration[] {
  const departmentCase = async (req: Request, res: Response) => {
    const { municipalityId, actor } = tenantOf(res);
    const found = await findCaseByReceiptNumber(db, municipalityId, receiptNumberParam(pathParam(req, 'receiptNumber')), pathParam(req, 'department'));
    if (!found) throw caseNotFound();
    return { municipalityId, actor, found };
  };
  return [
    route(
      'get',
      '/',
      staff('department', 'handler'),
      'The refund of the fee of a case, if any',
      async (req, res) => {
        const { found } = await departmentCase(req, res);
        const latest = await latestRefundRequest(db, found.id);
        if (latest && refundOpen(latest.status)) await refunds.poll(latest.instruction_id);
        res.set('Cache-Control', 'no-store').json({ receiptNumber: found.receiptNumber, refund: refundView(await latestRefundRequest(db, found.id)) });
      },
      { tags: ['inbox'], operation: { responses: { 200: json({ type: 'object' }, 'The latest refund (null without one)'), ...problems(401, 403, 404) } } },
    ),
    route(
      'post',
      '/',
      staff('department', 'handler'),
      'Refund the fee of a case: a refund request to the provider that took the payment',
      async (req, res) => {
        const { municipalityId, actor, found } = await departmentCase(req, res);
        const note = optionalText(objectBody(req.body).note, 'note') ?? null;
        await refunds.request({ id: found.id, municipalityId }, { actor, handlerName: staffOf(res)!.account.displayName, note });
        res.status(202).json({ receiptNumber: found.receiptNumber, refund: refundView(await latestRefundRequest(db, found.id)) });
      },
      { tags: ['inbox'], operation: { responses: { 202: json({ type: 'object' }, 'Sent to the provider; its outcome comes later'), ...problems(401, 403, 404, 409, 502) } } },
    ),
  ];
}
