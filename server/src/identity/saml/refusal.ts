import type { ErrorRequestHandler, RequestHandler } from 'express';
import { bilingual, type BilingualMessage } from '@etjanst/schemas';
import { sendProblem } from '../../problems/problem-middleware.js';
import { Problem, PROBLEM_CONTENT_TYPE } from '../../problems/problem.js';
import { escapeMarkup } from './markup.js';

/**
 * A refused SAML message. The browser arrives at the ACS and SLO endpoints by a form post or
 * redirect from the IdP, so the answer is a small HTML page; it still names a stable code
 * (`data-problem-code`) and says what happened in Swedish and English. A caller that asks for
 * problem+json (not a browser) gets the same refusal as problem+json.
 */
export class SamlRefusal extends Error {
  constructor(
    readonly status: 400 | 401 | 403,
    readonly code: string,
    readonly title: BilingualMessage,
    readonly explanation: BilingualMessage,
    options?: ErrorOptions,
  ) {
    super(explanation.en, options);
    this.name = 'SamlRefusal';
  }
}

const LOGIN_FAILED = bilingual('Inloggningen kunde inte genomföras', 'The login could not be completed');

/** Whose answer was refused: a citizen's e-ID, or the municipality's login service for staff. */
export type SamlParty = 'e-id' | 'staff';
const SENDER = {
  'e-id': { sv: 'e-legitimationen', en: 'the e-ID', enProvider: 'the e-ID provider' },
  staff: { sv: 'kommunens inloggningstjänst', en: 'the municipality’s login service', enProvider: 'the municipality’s login service' },
} as const;

export const responseInvalid = (cause?: unknown, party: SamlParty = 'e-id') =>
  new SamlRefusal(
    401,
    'saml-response-invalid',
    LOGIN_FAILED,
    bilingual(
      `Svaret från ${SENDER[party].sv} gick inte att lita på (underskrift, mottagare eller giltighetstid stämde inte). Du har inte loggats in.`,
      `The answer from ${SENDER[party].en} could not be trusted (its signature, recipient or validity period did not match). You have not been logged in.`,
    ),
    { cause },
  );

export const requestUnknown = (cause?: unknown) =>
  new SamlRefusal(
    401,
    'saml-request-unknown',
    LOGIN_FAILED,
    bilingual(
      'Inloggningen har redan använts, tog för lång tid eller startades inte här. Börja om inloggningen.',
      'This login has already been used, took too long or was not started here. Please start the login again.',
    ),
    { cause },
  );

export const loginFailed = (cause?: unknown, party: SamlParty = 'e-id') =>
  new SamlRefusal(
    401,
    'saml-login-failed',
    LOGIN_FAILED,
    bilingual(`Inloggningen avbröts eller misslyckades hos ${SENDER[party].sv}.`, `The login was cancelled or failed at ${SENDER[party].enProvider}.`),
    { cause },
  );

/** The IdP vouched for the person at a lower level of assurance than the login asked for. */
export const loaTooLow = (given: number, requested: number) =>
  new SamlRefusal(
    403,
    'saml-loa-too-low',
    LOGIN_FAILED,
    bilingual(
      `E-legitimationen gav tillitsnivå ${given}, men inloggningen krävde minst tillitsnivå ${requested}. Du har inte loggats in. Logga in med en e-legitimation som ger tillitsnivå ${requested}.`,
      `The e-ID gave level of assurance ${given}, but the login required at least level ${requested}. You have not been logged in. Please log in with an e-ID that gives level ${requested}.`,
    ),
    { cause: new Error(`AuthnContextClassRef loa${given} below the requested loa${requested}`) },
  );

/** The assertion came in plain text where the federation's profile requires it encrypted to our key. */
export const assertionNotEncrypted = () =>
  new SamlRefusal(
    401,
    'saml-assertion-not-encrypted',
    LOGIN_FAILED,
    bilingual(
      'Svaret från e-legitimationen var inte krypterat till den här tjänsten, vilket krävs. Du har inte loggats in. Försök igen, och kontakta kommunen om det inte går.',
      'The answer from the e-ID was not encrypted to this service, which is required. You have not been logged in. Please try again, and contact the municipality if it still fails.',
    ),
    { cause: new Error('plain saml:Assertion where SAML_REQUIRE_ENCRYPTED_ASSERTIONS requires saml:EncryptedAssertion') },
  );

export const logoutInvalid = (cause?: unknown, party: SamlParty = 'e-id') =>
  new SamlRefusal(
    401,
    'saml-logout-invalid',
    bilingual('Utloggningen kunde inte genomföras', 'The logout could not be completed'),
    bilingual(
      `Utloggningsmeddelandet från ${SENDER[party].sv} gick inte att lita på. Stäng webbläsaren för att vara säker på att du är utloggad.`,
      `The logout message from ${SENDER[party].en} could not be trusted. Close the browser to be sure that you are logged out.`,
    ),
    { cause },
  );

export const messageMissing = (party: SamlParty = 'e-id') =>
  new SamlRefusal(
    400,
    'saml-message-missing',
    bilingual('Meddelande saknas', 'Message missing'),
    bilingual(`Sidan nåddes utan ett SAML-meddelande från ${SENDER[party].sv}.`, `This page was reached without a SAML message from ${SENDER[party].enProvider}.`),
  );

/**
 * A handler whose SamlRefusal is answered with the refusal page: for SAML endpoints declared as
 * routes, which have no router of their own to hang samlRefusalPage on.
 */
export const refusedAsPage =
  (handler: RequestHandler): RequestHandler =>
  async (req, res, next) => {
    try {
      await handler(req, res, next);
    } catch (error) {
      samlRefusalPage(error, req, res, next);
    }
  };

/** Renders SamlRefusal as the page (problem+json for a caller that asks for it); anything else goes on to the problem handler. */
export const samlRefusalPage: ErrorRequestHandler = (error, req, res, next) => {
  if (!(error instanceof SamlRefusal)) return next(error);
  req.log.warn({ code: error.code, reason: error.cause instanceof Error ? error.cause.message : undefined }, 'SAML message refused');
  if (req.accepts(['html', PROBLEM_CONTENT_TYPE, 'json']) !== 'html') {
    return sendProblem(req, res.set('Cache-Control', 'no-store'), new Problem(error.status, error.code, error.title, error.explanation));
  }
  res
    .status(error.status)
    .set({ 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'", 'Cache-Control': 'no-store' })
    .type('html')
    .send(`<!doctype html>
<html lang="sv">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeMarkup(error.title.sv)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}</style></head>
<body>
<main data-problem-code="${escapeMarkup(error.code)}">
  <h1>${escapeMarkup(error.title.sv)}</h1>
  <p>${escapeMarkup(error.explanation.sv)}</p>
  <p><a href="/">Till startsidan</a></p>
  <section lang="en" aria-labelledby="in-english">
    <h2 id="in-english">${escapeMarkup(error.title.en)}</h2>
    <p>${escapeMarkup(error.explanation.en)}</p>
    <p><a href="/">To the start page</a></p>
  </section>
  <p><small>Felkod / Error code: <code>${escapeMarkup(error.code)}</code></small></p>
</main>
</body>
</html>`);
};
