import type { Request, RequestHandler, Response } from 'express';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { bilingual } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';
import type { BankIdClient } from '../identity/bankid/client.js';
import { cancelPendingOrder, endUserIp, failedView, pendingView, pollPendingOrder, rethrowAsProblem } from '../identity/bankid/order-flow.js';
import { findOwnOrder, insertOrder, type StoredOrder } from '../identity/bankid/orders.js';
import { requireSession, sessionOf, type CitizenSession } from '../identity/sessions.js';
import { CITIZEN } from '../http/access.js';
import { pathParam } from '../http/context.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import { json, object, param, problems } from '../openapi/operations.js';
import { Problem } from '../problems/problem.js';
import { base64, sourceHash, summaryText } from './content.js';
import { findSignatureOrder, insertSignatureOrder, signatureOfOrder, signaturesOf, type SignatureOrderRow, type SignatureRow } from './repository.js';
import { assertMaySign, completeSignature, REFUSAL_MESSAGES, signerOf, type Refusal, type Signer } from './service.js';

export interface SigningDependencies {
  db: Kysely<Database>;
  /** BankID's RP client (the BankID login's); without it signing answers 503 */
  client: BankIdClient | undefined;
  logger: Logger;
  /** Days co-signers have after the applicant has signed */
  coSignDays: number;
  /** Asks the in-process delivery worker, if any, to look for work now: a submission that reaches 'submitted' has its deliveries and receipt e-mail scheduled, and the applicant's signature its co-sign requests */
  nudgeWorker?: (() => void) | undefined;
  /** Seconds a sign order may stay pending before we cancel it; default 180 */
  orderTimeoutSeconds?: number;
}

/** Sign orders are bound to the session that started them (its CSRF token's hash), not to a cookie of their own. */
const flowTokenOf = (session: CitizenSession) => `signing:${session.csrfToken}`;

/** The logged-in citizen (401 otherwise), in the session's own municipality. */
const citizen = (res: Response): CitizenSession => requireSession(res, sessionOf(res)?.municipalityId ?? '');

const orderNotFound = () =>
  new Problem(
    404,
    'order-not-found',
    bilingual('Underskriften hittades inte', 'Signing not found'),
    bilingual('Underskriften finns inte eller startades i en annan inloggning. Börja om.', 'The signing does not exist or was started in another login. Please start again.'),
  );

const SIGN_VIEW = { personalNumberGiven: true } as const;

export const signatureView = (s: SignatureRow) => ({ name: s.signer_name, role: s.role, signedAt: s.signed_at.toISOString() });

/**
 * Signing with BankID, mounted at /api/me/submissions/:id/signatures. The applicant, and then
 * every co-signer the answers name, starts a sign order (POST), polls it like a login (GET
 * /:orderId: fresh QR data, BankID's messages, collect at most every other second) or cancels it
 * (DELETE /:orderId). The poll that sees `complete` stores the signature and advances the state.
 */
export function signingRoutes(deps: SigningDependencies): RouteDeclaration[] {
  const { db, client, logger } = deps;
  const timeoutMs = (deps.orderTimeoutSeconds ?? 180) * 1000;
  const bankId = (): BankIdClient => {
    if (client) return client;
    throw new Problem(
      503,
      'signing-unavailable',
      bilingual('Underskrift går inte just nu', 'Signing is not available right now'),
      bilingual('BankID är inte anslutet till tjänsten. Försök igen senare.', 'BankID is not connected to the service. Please try again later.'),
    );
  };

  const start: RequestHandler = async (req, res) => {
    const session = citizen(res);
    const signer = await signerOf(db, session, pathParam(req, 'id'));
    assertMaySign(signer, await signaturesOf(db, session.municipalityId, signer.source.submission.id));
    const hash = sourceHash(signer.source);
    const order = await bankId()
      .sign({
        endUserIp: endUserIp(req),
        requirement: { personalNumber: signer.personalIdentityNumber },
        userVisibleData: base64(summaryText(signer.source)),
        userNonVisibleData: base64(hash),
        returnRisk: true,
      })
      .catch((error: unknown) => rethrowAsProblem(error, 'sign'));
    const now = new Date();
    const stored = await insertOrder(db, session.municipalityId, flowTokenOf(session), order, now, 'sign');
    await insertSignatureOrder(db, {
      bankIdOrderId: stored.id,
      municipalityId: session.municipalityId,
      submissionId: signer.source.submission.id,
      signer: signer.personalIdentityNumber,
      role: signer.role,
      signedHash: hash,
    });
    res.status(201).json({ orderId: stored.id, autoStartToken: order.autoStartToken, role: signer.role, ...pendingView(stored, req, now, SIGN_VIEW) });
  };

  const poll: RequestHandler = async (req, res) => {
    const { signer, order, signatureOrder } = await ownOrder(req, res);
    if (order.status !== 'pending') return res.json(await endedView(order, signatureOrder, req));
    const now = new Date();
    const outcome = await pollPendingOrder({ db, client: bankId(), timeoutMs }, order, now);
    if (outcome.status === 'pending') return res.json(pendingView(outcome.order, req, now, SIGN_VIEW));
    if (outcome.status === 'failed') return res.json(failedView(outcome.hintCode, req, SIGN_VIEW));
    if (outcome.first) logger.info({ orderId: order.id, risk: outcome.completionData.risk ?? null }, 'BankID sign order complete');
    if (!outcome.first) return res.json(await endedView({ ...order, status: 'complete' }, signatureOrder, req));
    const result = await completeSignature({ db, logger, coSignDays: deps.coSignDays, actor: `api:${req.ip ?? 'unknown'}` }, signatureOrder, outcome.completionData);
    if (result.status === 'refused') return res.json(refusedView(result.refusal));
    // the signature's transaction scheduled the co-sign requests, or the deliveries once all have signed
    if (result.state === 'submitted' || (result.state === 'awaiting-co-signatures' && signer.role === 'applicant')) deps.nudgeWorker?.();
    res.json(completeView(result.signature, result.state));
  };

  const cancel: RequestHandler = async (req, res) => {
    const { order } = await ownOrder(req, res);
    await cancelPendingOrder(db, bankId(), order, req);
    res.status(204).end();
  };

  /** The order, only for its signer, in the session that started it, for this submission. */
  async function ownOrder(req: Request, res: Response): Promise<{ signer: Signer; order: StoredOrder; signatureOrder: SignatureOrderRow }> {
    const session = citizen(res);
    const signer = await signerOf(db, session, pathParam(req, 'id'));
    const order = await findOwnOrder(db, session.municipalityId, pathParam(req, 'orderId'), flowTokenOf(session));
    const signatureOrder = order && order.kind === 'sign' && (await findSignatureOrder(db, session.municipalityId, order.id, signer.source.submission.id, signer.personalIdentityNumber));
    if (!order || !signatureOrder) throw orderNotFound();
    return { signer, order, signatureOrder };
  }

  async function endedView(order: StoredOrder, signatureOrder: SignatureOrderRow, req: Request) {
    if (order.status !== 'complete') return failedView(order.hint_code, req, SIGN_VIEW);
    if (signatureOrder.refusal) return refusedView(signatureOrder.refusal as Refusal);
    const signature = await signatureOfOrder(db, signatureOrder.municipality_id, order.id);
    if (!signature) return pendingView(order, req, new Date(), SIGN_VIEW); // a concurrent poll is storing it
    const submission = await db.selectFrom('submissions').select('state').where('id', '=', signature.submission_id).executeTakeFirstOrThrow();
    return completeView(signature, submission.state);
  }

  const submission = param('id', 'Submission id (UUID)');
  const orderId = param('orderId', 'Sign order id');
  const tags = ['signing'];
  return [
    route('post', '/', CITIZEN, 'Start a BankID sign order for my submission (applicant or named co-signer)', start, {
      tags,
      limit: 'e-id-start',
      idempotent: 'reserved',
      operation: { parameters: [submission], responses: { 201: json(object), ...problems(400, 401, 403, 404, 409, 422, 429, 503) } },
    }),
    route('get', '/:orderId', CITIZEN, 'Poll the sign order: status, user message, current QR data', poll, {
      tags,
      operation: { parameters: [submission, orderId], responses: { 200: json(object), ...problems(401, 404, 503) } },
    }),
    route('delete', '/:orderId', CITIZEN, 'Cancel the sign order', cancel, {
      tags,
      operation: { parameters: [submission, orderId], responses: { 204: { description: 'Cancelled' }, ...problems(401, 403, 404, 503) } },
    }),
  ];
}

const completeView = (signature: SignatureRow, state: string) => ({ status: 'complete' as const, signature: signatureView(signature), submissionState: state });

const refusedView = (refusal: Refusal) => ({
  status: 'failed' as const,
  hintCode: null,
  reason: refusal,
  message: REFUSAL_MESSAGES[refusal] ?? REFUSAL_MESSAGES['not-signable'],
});
