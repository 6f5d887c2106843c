import type { Response } from 'express';
import { bilingual, type BilingualMessage } from '@etjanst/schemas';
import { escapeMarkup as e } from '../../identity/saml/markup.js';
import { STAFF_LOGIN_PAGE } from '../login-methods.js';
import { NOT_FRESH, NOT_FRESH_CODE } from '../reauthentication.js';

/**
 * A refused staff OpenID Connect login. The browser reaches the start and callback by full page
 * loads, so the answer is a small HTML page, not problem+json; it names a stable code
 * (`data-problem-code`) and says what happened in Swedish and English.
 */
export class OidcRefusal extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 502,
    readonly code: string,
    readonly explanation: BilingualMessage,
    options?: ErrorOptions,
  ) {
    super(explanation.en, options);
    this.name = 'OidcRefusal';
  }
}

const START_AGAIN = bilingual('Börja om inloggningen.', 'Please start the login again.');
const again = (sv: string, en: string) => bilingual(`${sv} ${START_AGAIN.sv}`, `${en} ${START_AGAIN.en}`);

/** No login with this state is waiting: forged, already completed, or never started here. */
export const flowUnknown = () =>
  new OidcRefusal(400, 'oidc-flow-unknown', again('Inloggningen har redan använts eller startades inte här.', 'This login has already been used or was not started here.'));

export const flowExpired = () => new OidcRefusal(400, 'oidc-flow-expired', again('Inloggningen tog för lång tid.', 'The login took too long.'));

/** The state is known, but this browser did not start it (its flow cookie is missing or another). */
export const otherBrowser = () =>
  new OidcRefusal(
    400,
    'oidc-flow-other-browser',
    again('Inloggningen startades i en annan webbläsare, eller så tillåter webbläsaren inte kakor.', 'The login was started in another browser, or the browser does not accept cookies.'),
  );

/** The provider answered with an error (the person cancelled, or was not let in). */
export const providerRefused = (cause?: unknown) =>
  new OidcRefusal(
    401,
    'oidc-login-failed',
    bilingual('Inloggningen avbröts eller nekades hos organisationens inloggningstjänst.', 'The login was cancelled or refused by the organisation’s login service.'),
    { cause },
  );

/** The code exchange failed or the ID token did not hold (signature, issuer, audience, nonce, expiry). */
export const responseInvalid = (cause?: unknown) =>
  new OidcRefusal(
    401,
    'oidc-response-invalid',
    again(
      'Svaret från inloggningstjänsten gick inte att lita på (underskrift, utfärdare, mottagare eller giltighetstid stämde inte). Du har inte loggats in.',
      'The answer from the login service could not be trusted (its signature, issuer, audience or validity did not match). You have not been logged in.',
    ),
    { cause },
  );

/** A forced re-login whose ID token does not show a fresh authentication (no auth_time, or one from before the request). */
export const reauthenticationNotFresh = (cause: Error) => new OidcRefusal(401, NOT_FRESH_CODE, NOT_FRESH, { cause });

export const providerUnreachable = (cause?: unknown) =>
  new OidcRefusal(
    502,
    'oidc-provider-unreachable',
    bilingual('Inloggningstjänsten svarar inte just nu. Försök igen om en stund.', 'The login service does not answer right now. Please try again in a while.'),
    { cause },
  );

export const accountDisabled = () =>
  new OidcRefusal(
    403,
    'staff-account-disabled',
    bilingual('Ditt personalkonto är avstängt. Kontakta kommunens administratör.', 'Your staff account has been disabled. Please contact the municipality’s administrator.'),
  );

const TITLE = bilingual('Inloggningen kunde inte genomföras', 'The login could not be completed');

/** The refusal as a page, and logged with the reason (the callback also writes it to the audit log). */
export function sendRefusal(res: Response, refusal: OidcRefusal, provider: string): void {
  const cause = refusal.cause instanceof Error ? refusal.cause : undefined;
  // openid-client's errors carry what did not match (e.g. { claim: 'aud', expected }) in their own cause
  const detail = cause?.cause !== undefined && !(cause.cause instanceof Error) ? cause.cause : undefined;
  res.req.log.warn({ event: 'staff-login-refused', provider, code: refusal.code, reason: cause?.message, detail }, 'staff OpenID Connect login refused');
  res
    .status(refusal.status)
    .set({ 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'", 'Cache-Control': 'no-store' })
    .type('html')
    .send(`<!doctype html>
<html lang="sv">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(TITLE.sv)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}</style></head>
<body>
<main data-problem-code="${e(refusal.code)}">
  <h1>${e(TITLE.sv)}</h1>
  <p>${e(refusal.explanation.sv)}</p>
  <p><a href="${STAFF_LOGIN_PAGE}">Till inloggningen för personal</a></p>
  <section lang="en" aria-labelledby="in-english">
    <h2 id="in-english">${e(TITLE.en)}</h2>
    <p>${e(refusal.explanation.en)}</p>
    <p><a href="${STAFF_LOGIN_PAGE}">To the staff login</a></p>
  </section>
  <p><small>Felkod / Error code: <code>${e(refusal.code)}</code></small></p>
</main>
</body>
</html>`);
}
