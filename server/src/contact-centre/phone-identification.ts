import type { Request, RequestHandler, Response } from 'express';
import type { Kysely } from 'kysely';
import { bilingual, isPersonnummer, type BilingualMessage } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';
import { staff } from '../http/access.js';
import { pathParam, tenantOf } from '../http/context.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import type { CallInitiator, CompletionData } from '../identity/bankid/api.js';
import type { BankIdClient } from '../identity/bankid/client.js';
import { DEFAULT_ORDER_TIMEOUT_SECONDS } from '../identity/bankid/login-flow.js';
import { cancelPendingOrder, pollPendingOrder, rethrowAsProblem } from '../identity/bankid/order-flow.js';
import { findOwnOrder, insertOrder, type StoredOrder } from '../identity/bankid/orders.js';
import { json, object, param, problems } from '../openapi/operations.js';
import { badRequest, Problem } from '../problems/problem.js';

export interface PhoneIdentificationDependencies {
  db: Kysely<Database>;
  /** BankID's RP client (the BankID login's); without it identification answers 503 */
  client: BankIdClient | undefined;
  orderTimeoutSeconds?: number;
}

/** A phone identification belongs to the member of staff who started it, in that municipality. */
const flowTokenOf = (res: Response) => `contact-centre:${tenantOf(res).staffAccountId ?? ''}`;

/** What the member of staff is told while the person answers in their app, and when it ends. */
const PENDING = bilingual('Be personen öppna BankID-appen och bekräfta att hen är i samtal med er.', 'Ask the person to open the BankID app and confirm that they are in a call with you.');
const FAILED: Record<string, BilingualMessage> = {
  userDeclinedCall: bilingual('Personen svarade i appen att hen inte är i samtal med er. Hen är inte identifierad.', 'The person answered in the app that they are not in a call with you. They are not identified.'),
  userCancel: bilingual('Personen avbröt i BankID-appen.', 'The person cancelled in the BankID app.'),
  expiredTransaction: bilingual('Personen svarade inte i tid. Starta en ny identifiering.', 'The person did not answer in time. Start a new identification.'),
};
const FAILED_OTHERWISE = bilingual('Identifieringen misslyckades. Starta en ny identifiering.', 'The identification failed. Start a new identification.');

const failedView = (hintCode: string | null) => ({ status: 'failed' as const, hintCode, message: FAILED[hintCode ?? ''] ?? FAILED_OTHERWISE });
const completeView = (completion: CompletionData) => ({
  status: 'complete' as const,
  person: { personalIdentityNumber: completion.user.personalNumber, name: completion.user.name },
  risk: completion.risk ?? null,
});

/**
 * Identifying a caller at the municipality's contact centre with BankID's phone authentication,
 * mounted at /api/municipalities/:municipality/contact-centre/phone-identifications. A handler
 * starts an order for the personnummer the caller gives and says who called whom (POST); the
 * person confirms the call and identifies themselves in their BankID app while the handler polls
 * (GET /:orderId), or the handler cancels (DELETE /:orderId). Only BankID's answer identifies the
 * caller, with BankID's risk assessment beside it.
 */
export function phoneIdentificationRoutes(deps: PhoneIdentificationDependencies): RouteDeclaration[] {
  const { db } = deps;
  const timeoutMs = (deps.orderTimeoutSeconds ?? DEFAULT_ORDER_TIMEOUT_SECONDS) * 1000;
  const bankId = (): BankIdClient => {
    if (deps.client) return deps.client;
    throw new Problem(
      503,
      'phone-identification-unavailable',
      bilingual('Identifiering per telefon går inte just nu', 'Phone identification is not available right now'),
      bilingual('BankID är inte anslutet till tjänsten.', 'BankID is not connected to the service.'),
    );
  };

  const start: RequestHandler = async (req, res) => {
    const { personalNumber, callInitiator } = startRequest(req.body);
    const { municipalityId } = tenantOf(res);
    const municipality = await db.selectFrom('municipalities').select('name').where('id', '=', municipalityId).executeTakeFirstOrThrow();
    const text = `Du identifierar dig i telefonsamtalet med ${municipality.name.sv}.`;
    const order = await bankId()
      .phoneAuth({ personalNumber, callInitiator, userVisibleData: Buffer.from(text, 'utf8').toString('base64') })
      .catch((error: unknown) => rethrowAsProblem(error));
    const stored = await insertOrder(db, municipalityId, flowTokenOf(res), order, new Date(), 'phone-auth');
    req.log.info({ orderId: stored.id, callInitiator }, 'phone identification started');
    res.status(201).json({ orderId: stored.id, status: 'pending', hintCode: 'outstandingTransaction', message: PENDING });
  };

  const poll: RequestHandler = async (req, res) => {
    const order = await ownOrder(req, res);
    if (order.status === 'complete') return res.json(completeView(order.completion as unknown as CompletionData));
    if (order.status !== 'pending') return res.json(failedView(order.hint_code));
    const outcome = await pollPendingOrder({ db, client: bankId(), timeoutMs }, order, new Date());
    if (outcome.status === 'pending') return res.json({ status: 'pending', hintCode: outcome.order.hint_code ?? 'outstandingTransaction', message: PENDING });
    if (outcome.status === 'failed') return res.json(failedView(outcome.hintCode));
    if (outcome.first) req.log.info({ orderId: order.id, risk: outcome.completionData.risk ?? null }, 'phone identification complete');
    res.json(completeView(outcome.completionData));
  };

  const cancel: RequestHandler = async (req, res) => {
    const order = await ownOrder(req, res);
    await cancelPendingOrder(db, bankId(), order, req);
    res.status(204).end();
  };

  async function ownOrder(req: Request, res: Response): Promise<StoredOrder> {
    const order = await findOwnOrder(db, tenantOf(res).municipalityId, pathParam(req, 'orderId'), flowTokenOf(res));
    if (order?.kind === 'phone-auth') return order;
    throw new Problem(
      404,
      'order-not-found',
      bilingual('Identifieringen hittades inte', 'Identification not found'),
      bilingual('Identifieringen finns inte eller startades av någon annan.', 'The identification does not exist or was started by someone else.'),
    );
  }

  const HANDLER = staff('municipality', 'handler');
  const orderId = param('orderId', 'Our id of the BankID phone order');
  const tags = ['contact-centre'];
  return [
    route('post', '/', HANDLER, "Identify a caller with BankID (phone/auth): the person confirms the call in their app", start, {
      tags,
      operation: {
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['personalNumber', 'callInitiator'],
                additionalProperties: false,
                properties: {
                  personalNumber: { type: 'string', pattern: '^\\d{12}$', description: 'The caller’s personnummer (12 digits)' },
                  callInitiator: { enum: ['user', 'RP'], description: 'user: the person called us; RP: we called the person' },
                },
              },
            },
          },
        },
        responses: { 201: json(object), ...problems(400, 401, 403, 409, 503) },
      },
    }),
    route('get', '/:orderId', HANDLER, 'Poll the phone identification: pending, failed, or complete with the person and BankID’s risk assessment', poll, {
      tags,
      operation: { parameters: [orderId], responses: { 200: json(object), ...problems(401, 403, 404, 503) } },
    }),
    route('delete', '/:orderId', HANDLER, 'Cancel the phone identification', cancel, {
      tags,
      operation: { parameters: [orderId], responses: { 204: { description: 'Cancelled' }, ...problems(401, 403, 404, 503) } },
    }),
  ];
}

/** The caller's personnummer and who called whom, or a 400 naming what is wrong. */
function startRequest(body: unknown): { personalNumber: string; callInitiator: CallInitiator } {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const unknown = Object.keys(fields).find((key) => key !== 'personalNumber' && key !== 'callInitiator');
  if (unknown) throw badRequest('invalid-field', bilingual(`Okänt fält ”${unknown.slice(0, 50)}”.`, `Unknown field “${unknown.slice(0, 50)}”.`));
  const { personalNumber, callInitiator } = fields;
  if (typeof personalNumber !== 'string' || !/^\d{12}$/.test(personalNumber) || !isPersonnummer(personalNumber)) {
    throw badRequest('invalid-personal-number', bilingual('Ange personnumret med tolv siffror (ÅÅÅÅMMDDNNNN).', 'Give the personnummer as twelve digits (YYYYMMDDNNNN).'), { field: 'personalNumber' });
  }
  if (callInitiator !== 'user' && callInitiator !== 'RP') {
    throw badRequest('invalid-call-initiator', bilingual('Ange vem som ringde: ”user” (personen ringde er) eller ”RP” (ni ringde personen).', 'Say who called: “user” (the person called you) or “RP” (you called the person).'), { field: 'callInitiator' });
  }
  return { personalNumber, callInitiator };
}
