import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import express, { type ErrorRequestHandler, type Express, type Request } from 'express';
import type { KeyPair } from '../../identity/certificates.js';
import { listen, simulatorKeys, stop } from '../servers.js';
import { PaymentBook, SimulatorRefusal, type CallbackDelivery, type SimulatedPaymentRequest, type SimulatedRefund } from './payment-book.js';
import { escapeHtml } from '../../http/html.js';

export interface PaymentSimulatorOptions {
  host?: string;
  /** Port of the merchant API (mutual TLS); default a free one */
  port?: number;
  /** Port of the tester page and API (plain HTTP); default a free one */
  testerPort?: number;
  /** Keep the CA, server and merchant client keys here across restarts */
  certDir?: string;
  /** Seconds until an unanswered request ends as ERROR TM01; default 180 (Swish's three minutes) */
  timeoutSeconds?: number;
  clock?: () => number;
}

export interface PaymentSimulator {
  /** The merchant API's base, e.g. https://127.0.0.1:PORT/swish-cpcapi */
  url: string;
  testerUrl: string;
  ca: string;
  clientCert: KeyPair;
  /** A Swish number the simulator accepts as the payee */
  payeeAlias: string;
  book: PaymentBook;
  /** Resolves when the callbacks sent so far for a request or refund have been answered (tests) */
  callbacksDelivered(instructionId: string): Promise<void>;
  close(): Promise<void>;
}

const CALLBACK_TIMEOUT_MS = 5000;

/**
 * A local Swish commerce: the Merchant API over HTTPS that requires a client certificate from its
 * own CA (as Swish does), callbacks to the request's callbackUrl, and a tester side that plays the
 * payer's Swish app: pay, decline or let the time run out, with the callback sent once, lost or
 * sent twice; and the bank's side of refunds: pay one (DEBITED, then PAID) or fail it (ERROR).
 */
export async function startPaymentSimulator(options: PaymentSimulatorOptions = {}): Promise<PaymentSimulator> {
  const host = options.host ?? '127.0.0.1';
  const keys = await simulatorKeys({ prefix: 'payment-simulator', clientFile: 'merchant-client', product: 'Swish-simulator', clientName: 'E-tjänstplattformen Swish (test)' }, host, options.certDir);
  const deliveries = new Map<string, Promise<void>>();
  const post = (request: SimulatedPaymentRequest | SimulatedRefund) =>
    fetch(request.callbackUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request), signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS) })
      .then((res) => res.body?.cancel())
      .catch(() => undefined); // Swish retries a few times; the platform's polling covers the rest
  const notify = (request: SimulatedPaymentRequest | SimulatedRefund, delivery: CallbackDelivery) => {
    const earlier = deliveries.get(request.id) ?? Promise.resolve();
    const sent = delivery === 'lost' ? earlier : delivery === 'twice' ? earlier.then(() => post(request)).then(() => post(request)) : earlier.then(() => post(request));
    deliveries.set(request.id, sent);
  };
  const book = new PaymentBook((options.timeoutSeconds ?? 180) * 1000, options.clock ?? Date.now, notify);

  const merchantServer = createHttpsServer({ key: keys.server.key, cert: keys.server.cert, ca: [keys.ca.cert], requestCert: true, rejectUnauthorized: true }, merchantApi(book));
  const testerServer = createHttpServer(testerApp(book));
  const port = await listen(merchantServer, options.port ?? 0, host);
  const testerPort = await listen(testerServer, options.testerPort ?? 0, host);
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    url: `https://${urlHost}:${port}/swish-cpcapi`,
    testerUrl: `http://${urlHost}:${testerPort}`,
    ca: keys.ca.cert,
    clientCert: keys.client,
    payeeAlias: '1231181189',
    book,
    callbacksDelivered: (id) => deliveries.get(id) ?? Promise.resolve(),
    close: async () => {
      await Promise.all([...deliveries.values()]);
      await Promise.all([stop(merchantServer), stop(testerServer)]);
    },
  };
}

const refusalHandler: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  const refusal = error instanceof SimulatorRefusal ? error : new SimulatorRefusal(400, 'FF08', 'The request could not be read');
  res.status(refusal.status).json([{ errorCode: refusal.errorCode, errorMessage: refusal.errorMessage, additionalInformation: null }]);
};

/** Swish's Merchant API: create (PUT v2) and read (GET v1) payment requests and refunds. */
function merchantApi(book: PaymentBook): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '16kb' }));
  app.put('/swish-cpcapi/api/v2/paymentrequests/:id', (req, res) => {
    const request = book.create(req.params.id, (req.body ?? {}) as Record<string, unknown>);
    res.setHeader('location', `/swish-cpcapi/api/v1/paymentrequests/${request.id}`);
    if (!request.payerAlias) res.setHeader('paymentrequesttoken', request.id.toLowerCase());
    res.status(201).end();
  });
  app.get('/swish-cpcapi/api/v1/paymentrequests/:id', (req, res) => {
    const request = book.find(req.params.id);
    if (!request) throw new SimulatorRefusal(404, 'RP04', 'No payment request found');
    res.json(request);
  });
  app.put('/swish-cpcapi/api/v2/refunds/:id', (req, res) => {
    const refund = book.createRefund(req.params.id, (req.body ?? {}) as Record<string, unknown>);
    res.setHeader('location', `/swish-cpcapi/api/v1/refunds/${refund.id}`);
    res.status(201).end();
  });
  app.get('/swish-cpcapi/api/v1/refunds/:id', (req, res) => {
    const refund = book.findRefund(req.params.id);
    if (!refund) throw new SimulatorRefusal(404, 'RP04', 'No refund found');
    res.json(refund);
  });
  app.use(refusalHandler);
  return app;
}

const DELIVERIES: CallbackDelivery[] = ['once', 'lost', 'twice'];

/** The payer's side on plain HTTP: a page with the pending requests and a JSON API for tests. */
function testerApp(book: PaymentBook): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json(), express.urlencoded({ extended: false }));
  const deliveryOf = (req: Request): CallbackDelivery => {
    const value = (req.body as Record<string, unknown> | undefined)?.callback ?? 'once';
    if (!DELIVERIES.includes(value as CallbackDelivery)) throw new SimulatorRefusal(400, 'FF08', `callback must be one of ${DELIVERIES.join(', ')}`);
    return value as CallbackDelivery;
  };
  const reply = (req: Request, res: express.Response, request: SimulatedPaymentRequest | SimulatedRefund) => (req.is('application/json') ? res.json(request) : res.redirect(303, '/'));
  app.get('/', (_req, res) => {
    res.type('html').send(page(book.pending(), book.pendingRefunds()));
  });
  app.get('/api/requests', (_req, res) => {
    res.json(book.pending());
  });
  app.post('/api/requests/:id/pay', (req, res) => reply(req, res, book.pay(req.params.id, deliveryOf(req))));
  app.post('/api/requests/:id/decline', (req, res) => reply(req, res, book.decline(req.params.id, deliveryOf(req))));
  app.post('/api/requests/:id/time-out', (req, res) => reply(req, res, book.timeOut(req.params.id, deliveryOf(req))));
  app.get('/api/refunds', (_req, res) => {
    res.json(book.pendingRefunds());
  });
  app.post('/api/refunds/:id/pay', (req, res) => reply(req, res, book.payRefund(req.params.id, deliveryOf(req))));
  app.post('/api/refunds/:id/fail', (req, res) => reply(req, res, book.failRefund(req.params.id, deliveryOf(req))));
  app.use(refusalHandler);
  return app;
}

function page(pending: SimulatedPaymentRequest[], refunds: SimulatedRefund[]): string {
  const button = (id: string, action: string, callback: CallbackDelivery, label: string, kind = 'requests') =>
    `<form method="post" action="/api/${kind}/${id}/${action}"><input type="hidden" name="callback" value="${callback}"><button>${label}</button></form>`;
  const rows = pending
    .map(
      (r) => `<li><h2>${escapeHtml(r.amount)} kr: ${escapeHtml(r.message ?? '')}</h2><p>Referens / reference ${escapeHtml(r.payeePaymentReference ?? '')}${r.payerAlias ? `, betalare / payer ${escapeHtml(r.payerAlias)}` : ''}</p>
${button(r.id, 'pay', 'once', 'Betala / Pay')}${button(r.id, 'pay', 'lost', 'Betala, callback försvinner / Pay, callback lost')}${button(r.id, 'pay', 'twice', 'Betala, dubbla callbacks / Pay, duplicate callback')}
${button(r.id, 'decline', 'once', 'Neka / Decline')}${button(r.id, 'time-out', 'once', 'Låt tiden gå ut / Time out')}</li>`,
    )
    .join('\n');
  const refundRows = refunds
    .map(
      (r) => `<li><h2>${escapeHtml(r.amount)} kr: ${escapeHtml(r.message ?? '')}</h2><p>Återbetalning av / refund of ${escapeHtml(r.originalPaymentReference)}</p>
${button(r.id, 'pay', 'once', 'Betala tillbaka / Pay the refund', 'refunds')}${button(r.id, 'fail', 'once', 'Banken nekar / The bank fails it', 'refunds')}</li>`,
    )
    .join('\n');
  const refundPart = refunds.length ? `<h2>Återbetalningar / Refunds</h2><ul>${refundRows}</ul>` : '';
  return `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Swish-simulator</title><meta http-equiv="refresh" content="5"></head>
<body><main><h1>Swish-simulator: betalarens app / the payer's app</h1>${pending.length ? `<ul>${rows}</ul>` : '<p>Inga betalningar väntar / No payment requests are waiting.</p>'}${refundPart}</main></body></html>`;
}
