import { bilingual } from '@etjanst/schemas';
import { CLOCK_SKEW_MS } from '../identity/saml/client.js';
import { badRequest } from '../problems/problem.js';

/**
 * Forced re-login at a staff identity provider. A login started with `reauthenticate=1` (the
 * client's "Logga in igen" after `reauthentication-required`) asks the provider to authenticate
 * the person anew (OIDC prompt=login and max_age=0, SAML ForceAuthn), remembers that with the
 * stored request, and takes the answer only if the provider's own time of authentication
 * (auth_time, AuthnInstant) is not before the request was made: a provider that ignored the
 * request and answered from its SSO session is refused.
 */

/** The start routes' query parameter; an OpenAPI parameter object. */
export const REAUTHENTICATE_PARAMETER = {
  name: 'reauthenticate',
  in: 'query',
  required: false,
  description: '1: a forced re-login (after reauthentication-required): the identity provider must authenticate the person anew',
  schema: { enum: ['1'] },
} as const;

/** Whether a start asked for a forced re-login; any value but `1` (or none) is refused. */
export function reauthenticationAsked(value: unknown): boolean {
  if (value === undefined) return false;
  if (value === '1') return true;
  throw badRequest(
    'reauthenticate-invalid',
    bilingual('Parametern reauthenticate kan bara vara 1 (logga in på nytt hos inloggningstjänsten).', 'The reauthenticate parameter can only be 1 (log in anew at the login service).'),
    { field: 'reauthenticate' },
  );
}

/** Whether the provider authenticated the person after the forced re-login was asked for (within the clocks' allowed difference). */
export const isFreshAuthentication = (authenticatedAt: Date | undefined, requestedAt: Date): boolean =>
  authenticatedAt !== undefined && authenticatedAt.getTime() >= requestedAt.getTime() - CLOCK_SKEW_MS;

/** The provider's time of authentication for the session: never later than now (a clock ahead of ours gains nothing). */
export const sessionAuthenticationTime = (authenticatedAt: Date, now = new Date()): Date => (authenticatedAt > now ? now : authenticatedAt);

/** Why a forced re-login was refused, for the refusal pages of both protocols. */
export const NOT_FRESH = bilingual(
  'Inloggningstjänsten bekräftade inte att du loggade in på nytt just nu, så ändringen kan inte göras. Logga in igen och ange dina uppgifter hos inloggningstjänsten. Du är fortfarande inloggad som förut.',
  'The login service did not confirm that you logged in anew just now, so the change cannot be made. Log in again and give your details at the login service. You are still logged in as before.',
);

/** The refusal's code, the same for both protocols. */
export const NOT_FRESH_CODE = 'staff-reauthentication-not-fresh';
