import { SAML, ValidateInResponseTo, type SamlConfig } from '@node-saml/passport-saml';
import { pemBody } from '../certificates.js';
import { loaUri, NAME_ID_FORMAT, spEndpoints, type Loa, type SamlIdentityProviderConfig, type SamlServiceProvider } from './config.js';
import { REQUEST_LIFETIME_MS, type SamlRequestStore } from './request-store.js';

/** Allowed difference between the IdP's clock and ours. */
const CLOCK_SKEW_MS = 30_000;

/**
 * A node-saml client for one exchange with one IdP. Built per request because the
 * InResponseTo store carries that request's municipality and return path.
 */
export function samlClient(sp: SamlServiceProvider, idp: SamlIdentityProviderConfig, store: SamlRequestStore, requestedLoa?: Loa): SAML {
  const endpoints = spEndpoints(sp, idp);
  const config: SamlConfig = {
    issuer: sp.entityId,
    callbackUrl: endpoints.acs,
    entryPoint: idp.ssoUrl,
    logoutUrl: idp.sloUrl ?? idp.ssoUrl,
    idpCert: pemBody(idp.signingCert),
    idpIssuer: idp.entityId,
    privateKey: sp.signing.key,
    publicCert: sp.signing.cert,
    signatureAlgorithm: 'sha256',
    audience: sp.entityId,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: true,
    acceptedClockSkewMs: CLOCK_SKEW_MS,
    // Default 'never' would accept a replayed response; 'always' checks our database store.
    validateInResponseTo: ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: REQUEST_LIFETIME_MS,
    cacheProvider: store,
    identifierFormat: NAME_ID_FORMAT.persistent,
    // The profile asks SPs to state ForceAuthn explicitly, so a shared computer gives no accidental SSO.
    forceAuthn: true,
    // Deployment profile 5.3.1: Comparison must be exact, listing every acceptable level.
    racComparison: 'exact',
    authnContext: requestedLoa ? acceptableLoas(requestedLoa, idp.maxLoa).map(loaUri) : [],
    disableRequestedAuthnContext: !requestedLoa,
  };
  return new SAML(config);
}

/** The requested level and every higher one the IdP may give ("at least loa3" under exact matching). */
export function acceptableLoas(minimum: Loa, maximum: Loa): Loa[] {
  return ([2, 3, 4] as const).filter((loa) => loa >= minimum && loa <= maximum);
}
