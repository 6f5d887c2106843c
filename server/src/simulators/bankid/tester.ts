import express, { type ErrorRequestHandler, type Express, type Request, type Response } from 'express';
import { bilingual } from '@etjanst/schemas';
import { FAILED_HINT_CODES, RISK_LEVELS, type FailedHintCode, type RiskLevel } from '../../identity/bankid/api.js';
import { requiredPerson, TesterError, type OrderBook, type SimulatedOrder } from './order-book.js';
import { fullName } from './test-persons.js';

/** The failures a tester can choose, with what they mean in the app. */
const FAILURES: Partial<Record<FailedHintCode, string>> = {
  userCancel: 'Användaren avbryter i appen',
  userDeclinedCall: 'Användaren är inte i samtal med kommunen (telefonorder)',
  expiredTransaction: 'Tiden går ut',
  startFailed: 'Appen startar inte / QR-koden går inte att läsa',
  certificateErr: 'BankID:t är spärrat eller för gammalt',
};

/**
 * The tester's side, on plain HTTP because a browser cannot present the RP client certificate: a
 * page that plays "the user's BankID app" and a JSON API for automated tests. Forms post to the
 * same endpoints as the API and get the page back.
 */
export function testerApp(book: OrderBook): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json(), express.urlencoded({ extended: false }));

  const text = (req: Request, name: string) => String((req.body as Record<string, unknown> | undefined)?.[name] ?? '');
  const reply = (req: Request, res: Response, order: SimulatedOrder) =>
    req.is('application/json') ? res.json({ orderRef: order.orderRef, status: order.status, hintCode: order.hintCode }) : res.redirect(303, '/');

  app.get('/', (_req, res) => {
    res.type('html').send(page(book));
  });
  app.get('/api/orders', (_req, res) => {
    res.json(book.pending().map(describe));
  });
  app.post('/api/scan', (req, res) => reply(req, res, book.scan(text(req, 'qrData'))));
  app.post('/api/autostart', (req, res) => reply(req, res, book.autostart(text(req, 'autoStartToken'))));
  app.post('/api/orders/:orderRef/approve', (req, res) => {
    const risk = text(req, 'risk') || 'low';
    if (!(RISK_LEVELS as readonly string[]).includes(risk)) {
      throw new TesterError(400, bilingual(`”${risk}” är ingen risknivå (low, moderate, high).`, `“${risk}” is not a risk level (low, moderate, high).`));
    }
    reply(req, res, book.approve(req.params.orderRef, text(req, 'personalNumber'), risk as RiskLevel));
  });
  app.post('/api/orders/:orderRef/confirm-call', (req, res) => reply(req, res, book.confirmCall(req.params.orderRef)));
  app.post('/api/orders/:orderRef/fail', (req, res) => {
    const hintCode = text(req, 'hintCode');
    if (!(FAILED_HINT_CODES as readonly string[]).includes(hintCode)) {
      throw new TesterError(400, bilingual(`”${hintCode}” är ingen hintCode för en misslyckad order.`, `“${hintCode}” is not a hintCode of a failed order.`));
    }
    reply(req, res, book.fail(req.params.orderRef, hintCode as FailedHintCode));
  });

  const onError: ErrorRequestHandler = (error: unknown, req, res, _next) => {
    const refusal =
      error instanceof TesterError ? error : new TesterError(400, bilingual('Begäran kunde inte läsas.', 'The request could not be read.'));
    if (req.is('application/json')) {
      res.status(refusal.status).json({ error: refusal.text });
      return;
    }
    res.status(refusal.status).type('html').send(layout('Det gick inte', `<p>${escapeHtml(refusal.text.sv)}</p><p lang="en">${escapeHtml(refusal.text.en)}</p><p><a href="/">Tillbaka till ordrarna</a></p>`));
  };
  app.use(onError);
  return app;
}

function describe(order: SimulatedOrder) {
  return {
    orderRef: order.orderRef,
    kind: order.kind,
    hintCode: order.hintCode,
    startedAt: new Date(order.startedAt).toISOString(),
    autoStartToken: order.autoStartToken,
    userVisibleData: order.request.userVisibleData ? Buffer.from(order.request.userVisibleData, 'base64').toString('utf8') : undefined,
    personalNumber: requiredPerson(order.request),
  };
}

const escapeHtml = (value: string) => value.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

const layout = (title: string, body: string) => `<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} – BankID-simulator</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
section{border:1px solid #888;border-radius:.5rem;padding:1rem;margin:1rem 0}form{display:inline-block;margin:.25rem 1rem .25rem 0}
button,select{font-size:1rem;padding:.3rem .6rem}pre{white-space:pre-wrap;background:#f3f3f3;padding:.5rem}</style></head>
<body><main>${body}</main></body></html>`;

function page(book: OrderBook): string {
  const orders = book.pending();
  const persons = book.persons.map((p) => `<option value="${p.personalNumber}">${escapeHtml(fullName(p))} (${p.personalNumber})</option>`).join('');
  const failures = Object.entries(FAILURES)
    .map(([code, label]) => `<option value="${code}">${escapeHtml(label)} (${code})</option>`)
    .join('');
  const risks = RISK_LEVELS.map((risk) => `<option value="${risk}">${risk}</option>`).join('');
  const items = orders.map((order, index) => {
    const info = describe(order);
    const action = (verb: string) => `/api/orders/${encodeURIComponent(order.orderRef)}/${verb}`;
    const phone = order.kind.startsWith('phone-');
    const title = `${order.kind.endsWith('sign') ? 'Underskrift' : 'Inloggning'}${phone ? ' per telefon' : ''}`;
    return `<section aria-labelledby="order-${index}">
<h2 id="order-${index}">${title} ${escapeHtml(order.orderRef.slice(0, 8))}</h2>
<p>Startad ${escapeHtml(info.startedAt)}. Läge: <code>${escapeHtml(order.hintCode)}</code>${info.personalNumber ? `. Bara för ${info.personalNumber}` : ''}.</p>
${info.userVisibleData ? `<p>Text att skriva under:</p><pre>${escapeHtml(info.userVisibleData)}</pre>` : ''}
${
  phone
    ? `<form method="post" action="${action('confirm-call')}"><button>Bekräfta samtalet i appen</button></form>`
    : `<form method="post" action="/api/autostart"><input type="hidden" name="autoStartToken" value="${order.autoStartToken}"><button>Öppna appen</button></form>`
}
<form method="post" action="${action('approve')}"><label for="person-${index}">Testperson</label>
<select id="person-${index}" name="personalNumber">${persons}</select>
<label for="risk-${index}">Risk (om den efterfrågas)</label> <select id="risk-${index}" name="risk">${risks}</select> <button>Godkänn</button></form>
<form method="post" action="${action('fail')}"><label for="failure-${index}">Fel</label>
<select id="failure-${index}" name="hintCode">${failures}</select> <button>Låt misslyckas</button></form>
</section>`;
  });
  return layout(
    'Pågående ordrar',
    `<h1>BankID-simulator</h1>
<p>Här spelar du användarens BankID-app. Välj vem som godkänner, eller hur ordern ska misslyckas. Personerna är påhittade.</p>
<p><a href="/">Uppdatera listan</a></p>
${items.length ? items.join('\n') : '<p>Inga pågående ordrar just nu.</p>'}`,
  );
}
