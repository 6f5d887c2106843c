import { isIP } from 'node:net';
import express, { type ErrorRequestHandler, type Express, type Response } from 'express';
import { isPersonnummer } from '@etjanst/schemas';
import { ERROR_STATUS, type AuthRequest, type BankIdErrorCode, type PhoneAuthRequest } from '../../identity/bankid/api.js';
import { AlreadyInProgress, type OrderBook } from './order-book.js';

/** The relying-party side of the simulator: BankID's /rp/v6.0 endpoints with its validation and errors. */
export function rpApi(book: OrderBook): Express {
  const app = express();
  app.disable('x-powered-by');

  const methods = new Map<string, (body: Record<string, unknown>, res: Response) => void>([
    ['auth', (body, res) => startOrder('auth', body, res)],
    ['sign', (body, res) => startOrder('sign', body, res)],
    ['phone/auth', (body, res) => startPhoneOrder('phone-auth', body, res)],
    ['phone/sign', (body, res) => startPhoneOrder('phone-sign', body, res)],
    [
      'collect',
      (body, res) => {
        const answer = withOrderRef(body, res, (orderRef) => book.collect(orderRef));
        if (answer) res.json(answer);
      },
    ],
    [
      'cancel',
      (body, res) => {
        if (withOrderRef(body, res, (orderRef) => book.cancel(orderRef))) res.json({});
      },
    ],
  ]);

  function startOrder(kind: 'auth' | 'sign', body: Record<string, unknown>, res: Response) {
    const problem = orderRequestProblem(body, kind);
    if (problem) return sendError(res, 'invalidParameters', problem);
    try {
      res.json(book.start(kind, body as unknown as AuthRequest));
    } catch (error) {
      if (!(error instanceof AlreadyInProgress)) throw error;
      sendError(res, 'alreadyInProgress', 'Order already in progress for pno');
    }
  }

  /** A phone order answers only its orderRef: no QR code or autostart, the person confirms the call in the app. */
  function startPhoneOrder(kind: 'phone-auth' | 'phone-sign', body: Record<string, unknown>, res: Response) {
    const problem = phoneRequestProblem(body, kind);
    if (problem) return sendError(res, 'invalidParameters', problem);
    try {
      res.json({ orderRef: book.start(kind, body as unknown as PhoneAuthRequest).orderRef });
    } catch (error) {
      if (!(error instanceof AlreadyInProgress)) throw error;
      sendError(res, 'alreadyInProgress', 'Order already in progress for pno');
    }
  }

  /** Runs `action` for a well-formed, known orderRef; answers the BankID errors otherwise. */
  function withOrderRef<T>(body: Record<string, unknown>, res: Response, action: (orderRef: string) => T | undefined | false): T | undefined {
    if (typeof body.orderRef !== 'string' || !body.orderRef) {
      sendError(res, 'invalidParameters', 'Invalid orderRef');
      return undefined;
    }
    const result = action(body.orderRef);
    if (!result) sendError(res, 'invalidParameters', 'No such order');
    return result || undefined;
  }

  const methodOf = (path: string) => path.slice('/rp/v6.0/'.length);
  app.all(
    ['/rp/v6.0/:method', '/rp/v6.0/phone/:method'],
    (req, res, next) => {
      if (!methods.has(methodOf(req.path))) return sendError(res, 'notFound', 'No such endpoint');
      if (req.method !== 'POST') return sendError(res, 'methodNotAllowed', `${req.method} is not allowed`);
      if (!req.is('application/json')) return sendError(res, 'unsupportedMediaType', 'Content-Type must be application/json');
      next();
    },
    express.json({ limit: '1mb', strict: false }),
    (req, res) => {
      const body: unknown = req.body;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return sendError(res, 'invalidParameters', 'Body must be a JSON object');
      methods.get(methodOf(req.path))?.(body as Record<string, unknown>, res);
    },
  );
  app.use((_req, res) => sendError(res, 'notFound', 'No such endpoint'));
  const onError: ErrorRequestHandler = (error: { type?: string }, _req, res, _next) => {
    if (error.type === 'entity.parse.failed') return sendError(res, 'invalidParameters', 'Body is not valid JSON');
    sendError(res, 'internalError', 'Simulator error');
  };
  app.use(onError);
  return app;
}

function sendError(res: Response, errorCode: BankIdErrorCode, details: string): void {
  res.status(ERROR_STATUS[errorCode]).json({ errorCode, details });
}

const ORDER_FIELDS = new Set(['endUserIp', 'requirement', 'userVisibleData', 'userVisibleDataFormat', 'userNonVisibleData', 'returnUrl', 'returnRisk', 'app', 'web']);
const REQUIREMENT_FIELDS = new Set(['personalNumber', 'pinCode', 'mrtd', 'cardReader', 'certificatePolicies']);
const isBase64 = (value: unknown, maxLength: number) =>
  typeof value === 'string' && value.length > 0 && value.length <= maxLength && value.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(value);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const PHONE_FIELDS = new Set(['personalNumber', 'callInitiator', 'requirement', 'userVisibleData', 'userVisibleDataFormat', 'userNonVisibleData']);
const isPersonalNumber = (value: unknown) => typeof value === 'string' && /^\d{12}$/.test(value) && isPersonnummer(value);

/** The first thing wrong with a phone/auth or phone/sign request: the person and who called are required, no end user IP. */
function phoneRequestProblem(body: Record<string, unknown>, kind: 'phone-auth' | 'phone-sign'): string | undefined {
  const unknown = Object.keys(body).find((key) => !PHONE_FIELDS.has(key));
  if (unknown) return `Unknown parameter: ${unknown}`;
  if (!isPersonalNumber(body.personalNumber)) return 'Invalid personalNumber';
  if (body.callInitiator !== 'user' && body.callInitiator !== 'RP') return 'Invalid callInitiator';
  if (isObject(body.requirement) && 'personalNumber' in body.requirement) return 'Unknown requirement: personalNumber';
  return dataProblem(body, kind === 'phone-sign');
}

/** The first thing wrong with an auth or sign request, worded as BankID's `details`; undefined when valid. */
function orderRequestProblem(body: Record<string, unknown>, kind: 'auth' | 'sign'): string | undefined {
  const unknown = Object.keys(body).find((key) => !ORDER_FIELDS.has(key));
  if (unknown) return `Unknown parameter: ${unknown}`;
  if (typeof body.endUserIp !== 'string' || !isIP(body.endUserIp)) return 'Invalid endUserIp';
  if (body.returnUrl !== undefined && typeof body.returnUrl !== 'string') return 'Invalid returnUrl';
  if (body.returnRisk !== undefined && typeof body.returnRisk !== 'boolean') return 'Invalid returnRisk';
  return dataProblem(body, kind === 'sign');
}

/** What auth, sign and their phone forms share: the texts and the requirement. */
function dataProblem(body: Record<string, unknown>, signing: boolean): string | undefined {
  if (signing && body.userVisibleData === undefined) return 'Missing userVisibleData';
  if (body.userVisibleData !== undefined && !isBase64(body.userVisibleData, 40_000)) return 'Invalid userVisibleData';
  if (body.userNonVisibleData !== undefined && !isBase64(body.userNonVisibleData, 200_000)) return 'Invalid userNonVisibleData';
  if (body.userVisibleDataFormat !== undefined && (body.userVisibleDataFormat !== 'simpleMarkdownV1' || body.userVisibleData === undefined)) {
    return 'Invalid userVisibleDataFormat';
  }
  if (body.requirement === undefined) return undefined;
  const requirement = body.requirement;
  if (!isObject(requirement)) return 'Invalid requirement';
  const unknownRequirement = Object.keys(requirement).find((key) => !REQUIREMENT_FIELDS.has(key));
  if (unknownRequirement) return `Unknown requirement: ${unknownRequirement}`;
  const { personalNumber, pinCode, mrtd, cardReader, certificatePolicies } = requirement;
  if (personalNumber !== undefined && !isPersonalNumber(personalNumber)) return 'Invalid personalNumber';
  if (pinCode !== undefined && typeof pinCode !== 'boolean') return 'Invalid pinCode';
  if (mrtd !== undefined && typeof mrtd !== 'boolean') return 'Invalid mrtd';
  if (cardReader !== undefined && cardReader !== 'class1' && cardReader !== 'class2') return 'Invalid cardReader';
  if (certificatePolicies !== undefined && !(Array.isArray(certificatePolicies) && certificatePolicies.every((p) => typeof p === 'string'))) {
    return 'Invalid certificatePolicies';
  }
  return undefined;
}
