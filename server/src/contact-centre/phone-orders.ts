import type { Request, RequestHandler, Response } from 'express';
import type { Kysely } from 'kysely';
import { bilingual, isPersonnummer, type BilingualMessage } from '@etjanst/schemas';
import { recordAudit } from '../audit/audit-log.js';
import type { Database } from '../db/tables.js';
import { staff } from '../http/access.js';
import { pathParam, tenantOf } from '../http/context.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import type { CallInitiator, CompletionData, PhoneOrderResponse } from '../identity/bankid/api.js';
import type { BankIdClient } from '../identity/bankid/client.js';
import { DEFAULT_ORDER_TIMEOUT_SECONDS } from '../identity/bankid/login-flow.js';
import { cancelPendingOrder, pollPendingOrder, rethrowAsProblem } from '../identity/bankid/order-flow.js';
import { findOwnOrder, insertOrder, type StoredOrder } from '../identity/bankid/orders.js';
import { json, jsonBody, object, param, problems } from '../openapi/operations.js';
import { badRequest, Problem } from '../problems/problem.js';

export interface PhoneOrderDependencies {
  db: Kysely<Database>;
  /** BankID's RP client (the BankID login's); without it the contact centre's orders answer 503 */
  client: BankIdClient | undefined;
  orderTimeoutSeconds?: number;
}

/** What the handler asks for: the person on the phone, who called whom, and the text to sign (empty for an identification). */
interface StartRequest {
  personalNumber: string;
  callInitiator: CallInitiator;
  text: string;
}

/**
 * Most characters of a text to sign. BankID takes at most 40 000 characters of base64 (30 000
 * bytes of UTF-8); 4 000 characters stay below that whatever they are, and is more than a person
 * can follow when it is read to them on the phone.
 */
export const MAX_SIGN_TEXT = 4000;

/**
 * What BankID would show other than as written: control characters except line breaks (BankID
 * formats with CR and LF), lone surrogates, and bidirectional overrides, which can make the app
 * show the signed words in another order.
 */
const UNSHOWABLE = /(?![\r\n])[\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069]/u;

/** What differs between identifying a caller and letting them sign: BankID's call, the texts, the audit. */
interface PhoneOrderKind {
  /** Where it is mounted under the municipality's contact-centre/ */
  path: 'phone-identifications' | 'phone-signings';
  kind: 'phone-auth' | 'phone-sign';
  /** The audit log's actions are `<audit>.started`, `.completed`, `.failed` and `.cancelled` */
  audit: 'phone-identification' | 'phone-signing';
  purpose: 'identification' | 'sign';
  /** Fields of the start request besides personalNumber and callInitiator */
  fields: readonly string[];
  order(client: BankIdClient, request: StartRequest, municipalityName: string): Promise<PhoneOrderResponse>;
  completeView(completion: CompletionData): Record<string, unknown>;
  pending: BilingualMessage;
  failed: Record<string, BilingualMessage>;
  failedOtherwise: BilingualMessage;
  notFound: { title: BilingualMessage; detail: BilingualMessage };
  unavailable: { code: string; title: BilingualMessage };
}

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const personOf = (completion: CompletionData) => ({ personalIdentityNumber: completion.user.personalNumber, name: completion.user.name });
const NOT_IN_CALL = bilingual('Personen svarade i appen att hen inte är i samtal med er.', 'The person answered in the app that they are not in a call with you.');
const CANCELLED = bilingual('Personen avbröt i BankID-appen.', 'The person cancelled in the BankID app.');

/** Identifying a caller (/phone/auth): the person confirms the call and identifies themselves in their app. */
export const PHONE_IDENTIFICATION: PhoneOrderKind = {
  path: 'phone-identifications',
  kind: 'phone-auth',
  audit: 'phone-identification',
  purpose: 'identification',
  fields: [],
  order: (client, { personalNumber, callInitiator }, municipalityName) =>
    client.phoneAuth({ personalNumber, callInitiator, userVisibleData: base64(`Du identifierar dig i telefonsamtalet med ${municipalityName}.`) }),
  completeView: (completion) => ({ status: 'complete', person: personOf(completion), risk: completion.risk ?? null }),
  pending: bilingual('Be personen öppna BankID-appen och bekräfta att hen är i samtal med er.', 'Ask the person to open the BankID app and confirm that they are in a call with you.'),
  failed: {
    userDeclinedCall: bilingual(`${NOT_IN_CALL.sv} Hen är inte identifierad.`, `${NOT_IN_CALL.en} They are not identified.`),
    userCancel: CANCELLED,
    expiredTransaction: bilingual('Personen svarade inte i tid. Starta en ny identifiering.', 'The person did not answer in time. Start a new identification.'),
  },
  failedOtherwise: bilingual('Identifieringen misslyckades. Starta en ny identifiering.', 'The identification failed. Start a new identification.'),
  notFound: {
    title: bilingual('Identifieringen hittades inte', 'Identification not found'),
    detail: bilingual('Identifieringen finns inte eller startades av någon annan.', 'The identification does not exist or was started by someone else.'),
  },
  unavailable: { code: 'phone-identification-unavailable', title: bilingual('Identifiering per telefon går inte just nu', 'Phone identification is not available right now') },
};

/**
 * Letting the caller sign a text (/phone/sign): the person confirms the call in their app and
 * signs exactly the handler's text. The answer carries BankID's signature (base64 of the XML
 * signature over the signed data, the person's certificate chain in it) and the OCSP response
 * (base64 DER) for the handler's case; the order, and with it the signature, is removed after
 * BANKID_ORDER_RETENTION_HOURS.
 */
export const PHONE_SIGNING: PhoneOrderKind = {
  path: 'phone-signings',
  kind: 'phone-sign',
  audit: 'phone-signing',
  purpose: 'sign',
  fields: ['text'],
  order: (client, { personalNumber, callInitiator, text }) => client.phoneSign({ personalNumber, callInitiator, userVisibleData: base64(text) }),
  completeView: (completion) => ({
    status: 'complete',
    person: personOf(completion),
    risk: completion.risk ?? null,
    signature: completion.signature,
    ocspResponse: completion.ocspResponse,
  }),
  pending: bilingual(
    'Be personen öppna BankID-appen, bekräfta att hen är i samtal med er och skriva under texten.',
    'Ask the person to open the BankID app, confirm that they are in a call with you, and sign the text.',
  ),
  failed: {
    userDeclinedCall: bilingual(`${NOT_IN_CALL.sv} Inget har skrivits under.`, `${NOT_IN_CALL.en} Nothing has been signed.`),
    userCancel: bilingual(`${CANCELLED.sv} Inget har skrivits under.`, `${CANCELLED.en} Nothing has been signed.`),
    expiredTransaction: bilingual('Personen skrev inte under i tid. Starta en ny underskrift.', 'The person did not sign in time. Start a new signing.'),
  },
  failedOtherwise: bilingual('Underskriften misslyckades. Starta en ny underskrift.', 'The signing failed. Start a new signing.'),
  notFound: {
    title: bilingual('Underskriften hittades inte', 'Signing not found'),
    detail: bilingual('Underskriften finns inte eller startades av någon annan.', 'The signing does not exist or was started by someone else.'),
  },
  unavailable: { code: 'phone-signing-unavailable', title: bilingual('Underskrift per telefon går inte just nu', 'Phone signing is not available right now') },
};

/** A contact-centre order belongs to the member of staff who started it, in that municipality. */
const flowTokenOf = (res: Response) => `contact-centre:${tenantOf(res).staffAccountId ?? ''}`;

/**
 * BankID phone orders of the municipality's contact centre, one kind per mount:
 * /api/municipalities/:municipality/contact-centre/phone-identifications (identify a caller) and
 * …/phone-signings (let the caller sign a text). A handler starts an order for the personnummer
 * the caller gives and says who called whom (POST); the person confirms the call in their BankID
 * app and identifies themselves or signs while the handler polls (GET /:orderId), or the handler
 * cancels (DELETE /:orderId). Only BankID's answer names the person. Each start and each outcome is
 * in the audit log, with the handler as actor and the person (personnummer) as subject.
 */
export function phoneOrderRoutes(deps: PhoneOrderDependencies, kind: PhoneOrderKind): RouteDeclaration[] {
  const { db } = deps;
  const timeoutMs = (deps.orderTimeoutSeconds ?? DEFAULT_ORDER_TIMEOUT_SECONDS) * 1000;
  const bankId = (): BankIdClient => {
    if (deps.client) return deps.client;
    throw new Problem(503, kind.unavailable.code, kind.unavailable.title, bilingual('BankID är inte anslutet till tjänsten.', 'BankID is not connected to the service.'));
  };
  const failedView = (hintCode: string | null) => ({ status: 'failed' as const, hintCode, message: kind.failed[hintCode ?? ''] ?? kind.failedOtherwise });
  const pendingView = (hintCode: string | null) => ({ status: 'pending' as const, hintCode: hintCode ?? 'outstandingTransaction', message: kind.pending });

  /** The outcome of an order this request ended, against the person it was started for. */
  const auditOutcome = (res: Response, order: StoredOrder, outcome: 'completed' | 'failed' | 'cancelled', hintCode?: string) =>
    recordAudit(db, {
      municipalityId: tenantOf(res).municipalityId,
      actor: tenantOf(res).actor,
      action: `${kind.audit}.${outcome}`,
      subjectType: 'person',
      subjectId: order.personal_number ?? '',
      details: { orderId: order.id, ...(hintCode ? { hintCode } : {}) },
    });

  const start: RequestHandler = async (req, res) => {
    const request = startRequest(req.body, kind);
    const { municipalityId, actor } = tenantOf(res);
    const municipality = await db.selectFrom('municipalities').select('name').where('id', '=', municipalityId).executeTakeFirstOrThrow();
    const order = await kind.order(bankId(), request, municipality.name.sv).catch((error: unknown) => rethrowAsProblem(error, kind.purpose));
    const stored = await db.transaction().execute(async (trx) => {
      const row = await insertOrder(trx, municipalityId, flowTokenOf(res), order, new Date(), kind.kind, request.personalNumber);
      await recordAudit(trx, {
        municipalityId,
        actor,
        action: `${kind.audit}.started`,
        subjectType: 'person',
        subjectId: request.personalNumber,
        details: { orderId: row.id, callInitiator: request.callInitiator },
      });
      return row;
    });
    req.log.info({ orderId: stored.id, kind: kind.kind, callInitiator: request.callInitiator }, 'contact-centre phone order started');
    res.status(201).json({ orderId: stored.id, ...pendingView(null) });
  };

  const poll: RequestHandler = async (req, res) => {
    const order = await ownOrder(req, res);
    if (order.status === 'complete') return res.json(kind.completeView(order.completion as unknown as CompletionData));
    if (order.status !== 'pending') return res.json(failedView(order.hint_code));
    const outcome = await pollPendingOrder({ db, client: bankId(), timeoutMs }, order, new Date());
    if (outcome.status === 'pending') return res.json(pendingView(outcome.order.hint_code));
    if (outcome.first) await auditOutcome(res, order, outcome.status === 'complete' ? 'completed' : 'failed', outcome.status === 'failed' ? outcome.hintCode : undefined);
    if (outcome.status === 'failed') return res.json(failedView(outcome.hintCode));
    if (outcome.first) req.log.info({ orderId: order.id, kind: kind.kind, risk: outcome.completionData.risk ?? null }, 'contact-centre phone order complete');
    res.json(kind.completeView(outcome.completionData));
  };

  const cancel: RequestHandler = async (req, res) => {
    const order = await ownOrder(req, res);
    if (await cancelPendingOrder(db, bankId(), order, req)) await auditOutcome(res, order, 'cancelled');
    res.status(204).end();
  };

  async function ownOrder(req: Request, res: Response): Promise<StoredOrder> {
    const order = await findOwnOrder(db, tenantOf(res).municipalityId, pathParam(req, 'orderId'), flowTokenOf(res));
    if (order?.kind === kind.kind) return order;
    throw new Problem(404, 'order-not-found', kind.notFound.title, kind.notFound.detail);
  }

  // a handler of any department answers the municipality's phone
  const HANDLER = staff('municipality', 'handler');
  const orderId = param('orderId', 'Our id of the BankID phone order');
  const tags = ['contact-centre'];
  const signing = kind.kind === 'phone-sign';
  return [
    route(
      'post',
      '/',
      HANDLER,
      signing
        ? 'Let a caller sign a text with BankID (phone/sign): the person confirms the call in their app and signs'
        : 'Identify a caller with BankID (phone/auth): the person confirms the call in their app',
      start,
      {
        tags,
        operation: {
          requestBody: jsonBody({
            type: 'object',
            required: ['personalNumber', 'callInitiator', ...kind.fields],
            additionalProperties: false,
            properties: {
              personalNumber: { type: 'string', pattern: '^\\d{12}$', description: 'The caller’s personnummer (12 digits)' },
              callInitiator: { enum: ['user', 'RP'], description: 'user: the person called us; RP: we called the person' },
              ...(signing
                ? { text: { type: 'string', minLength: 1, maxLength: MAX_SIGN_TEXT, description: 'What the person signs, shown in their BankID app as written (line breaks kept; BankID userVisibleData)' } }
                : {}),
            },
          }),
          responses: { 201: json(object), ...problems(400, 401, 403, 409, 503) },
        },
      },
    ),
    route(
      'get',
      '/:orderId',
      HANDLER,
      signing
        ? 'Poll the phone signing: pending, failed, or complete with the person, BankID’s signature and OCSP response'
        : 'Poll the phone identification: pending, failed, or complete with the person and BankID’s risk assessment',
      poll,
      { tags, operation: { parameters: [orderId], responses: { 200: json(object), ...problems(401, 403, 404, 503) } } },
    ),
    route('delete', '/:orderId', HANDLER, signing ? 'Cancel the phone signing' : 'Cancel the phone identification', cancel, {
      tags,
      operation: { parameters: [orderId], responses: { 204: { description: 'Cancelled' }, ...problems(401, 403, 404, 503) } },
    }),
  ];
}

/** The start request of this kind, or a 400 naming what is wrong. */
function startRequest(body: unknown, kind: PhoneOrderKind): StartRequest {
  const fields = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const known = ['personalNumber', 'callInitiator', ...kind.fields];
  const unknown = Object.keys(fields).find((key) => !known.includes(key));
  if (unknown) throw badRequest('invalid-field', bilingual(`Okänt fält ”${unknown.slice(0, 50)}”.`, `Unknown field “${unknown.slice(0, 50)}”.`));
  const { personalNumber, callInitiator, text } = fields;
  if (typeof personalNumber !== 'string' || !/^\d{12}$/.test(personalNumber) || !isPersonnummer(personalNumber)) {
    throw badRequest('invalid-personal-number', bilingual('Ange personnumret med tolv siffror (ÅÅÅÅMMDDNNNN).', 'Give the personnummer as twelve digits (YYYYMMDDNNNN).'), { field: 'personalNumber' });
  }
  if (callInitiator !== 'user' && callInitiator !== 'RP') {
    throw badRequest('invalid-call-initiator', bilingual('Ange vem som ringde: ”user” (personen ringde er) eller ”RP” (ni ringde personen).', 'Say who called: “user” (the person called you) or “RP” (you called the person).'), { field: 'callInitiator' });
  }
  if (!kind.fields.includes('text')) return { personalNumber, callInitiator, text: '' };
  if (typeof text !== 'string' || !text.trim()) {
    throw badRequest('invalid-text', bilingual('Skriv texten som personen ska skriva under.', 'Write the text the person is to sign.'), { field: 'text' });
  }
  if (text.length > MAX_SIGN_TEXT) {
    throw badRequest('invalid-text', bilingual(`Texten får vara högst ${MAX_SIGN_TEXT} tecken, den har ${text.length}.`, `The text may be at most ${MAX_SIGN_TEXT} characters; it has ${text.length}.`), { field: 'text' });
  }
  if (UNSHOWABLE.test(text)) {
    throw badRequest(
      'invalid-text',
      bilingual(
        'Texten innehåller styrtecken som BankID-appen inte visar som de står (bara vanliga radbrytningar går).',
        'The text contains control characters that the BankID app would not show as written (only ordinary line breaks are allowed).',
      ),
      { field: 'text' },
    );
  }
  return { personalNumber, callInitiator, text };
}
