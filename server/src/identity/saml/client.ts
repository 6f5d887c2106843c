import { SAML, ValidateInResponseTo, type CacheProvider, type SamlConfig } from '@node-saml/passport-saml';
import type { KeyPair } from '../certificates.js';
import { pemBody } from '../certificates.js';
import { loaUri, NAME_ID_FORMAT, spEndpoints, type Loa, type SamlIdentityProviderConfig, type SamlServiceProvider } from './config.js';
import { REQUEST_LIFETIME_MS, type SamlRequestStore } from './request-store.js';

/** Allowed difference between an identity provider's clock and ours (SAML and, for staff, OIDC). */
export const CLOCK_SKEW_MS = 30_000;

/**
 * One SP talking to one IdP, for the citizens' e-ID federations and the municipalities' staff
 * IdPs alike. What the AuthnRequest asks for differs between them; how answers are checked
 * does not (serviceProviderClient fixes that).
 */
export interface SamlExchange {
  spEntityId: string;
  signing: KeyPair;
  /** Our key for encrypted assertions; without it an encrypted assertion is refused */
  decryption?: KeyPair | undefined;
  acsUrl: string;
  idp: {
    entityId: string;
    /** SingleSignOnService, HTTP-Redirect binding */
    ssoUrl: string;
    sloUrl?: string | undefined;
    /** PEM certificates the IdP may sign with (more than one during a key rollover) */
    signingCerts: readonly string[];
  };
  request: {
    /** Make the IdP authenticate the person again rather than reuse its own session */
    forceAuthn: boolean;
    /** NameIDPolicy Format; null asks for none and takes what the IdP is set up to send */
    nameIdFormat: string | null;
    /** RequestedAuthnContext with Comparison="exact"; none when empty */
    authnContextClassRefs: string[];
  };
}

/**
 * A node-saml client for one exchange: the AuthnRequest is signed (RSA-SHA256), and an answer
 * counts only with the Response and its Assertion (encrypted or not; the signature is checked
 * after decryption) signed by one of the IdP's keys, our entity id as Audience,
 * within its validity period, and answering a request id still in our database store.
 */
export function serviceProviderClient(exchange: SamlExchange, store: CacheProvider): SAML {
  const { idp, request } = exchange;
  const config: SamlConfig = {
    issuer: exchange.spEntityId,
    callbackUrl: exchange.acsUrl,
    entryPoint: idp.ssoUrl,
    logoutUrl: idp.sloUrl ?? idp.ssoUrl,
    idpCert: idp.signingCerts.map(pemBody),
    idpIssuer: idp.entityId,
    privateKey: exchange.signing.key,
    publicCert: exchange.signing.cert,
    ...(exchange.decryption ? { decryptionPvk: exchange.decryption.key } : {}),
    signatureAlgorithm: 'sha256',
    audience: exchange.spEntityId,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: true,
    acceptedClockSkewMs: CLOCK_SKEW_MS,
    // Default 'never' would accept a replayed response; 'always' checks our database store.
    validateInResponseTo: ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: REQUEST_LIFETIME_MS,
    cacheProvider: store,
    identifierFormat: request.nameIdFormat,
    forceAuthn: request.forceAuthn,
    racComparison: 'exact',
    authnContext: request.authnContextClassRefs,
    disableRequestedAuthnContext: request.authnContextClassRefs.length === 0,
  };
  return new SAML(config);
}

/**
 * A client for one exchange with one e-ID IdP. Built per request because the InResponseTo store
 * carries that request's municipality and return path.
 */
export function samlClient(sp: SamlServiceProvider, idp: SamlIdentityProviderConfig, store: SamlRequestStore, requestedLoa?: Loa): SAML {
  return serviceProviderClient(
    {
      spEntityId: sp.entityId,
      signing: sp.signing,
      decryption: sp.encryption,
      acsUrl: spEndpoints(sp, idp).acs,
      idp: { entityId: idp.entityId, ssoUrl: idp.ssoUrl, sloUrl: idp.sloUrl, signingCerts: idp.signingCerts },
      request: {
        // The profile asks SPs to state ForceAuthn explicitly, so a shared computer gives no accidental SSO.
        forceAuthn: true,
        nameIdFormat: NAME_ID_FORMAT.persistent,
        // Deployment profile 5.3.1: Comparison must be exact, listing every acceptable level.
        authnContextClassRefs: requestedLoa ? acceptableLoas(requestedLoa, idp.maxLoa).map(loaUri) : [],
      },
    },
    store,
  );
}

/** The requested level and every higher one the IdP may give ("at least loa3" under exact matching). */
export function acceptableLoas(minimum: Loa, maximum: Loa): Loa[] {
  return ([2, 3, 4] as const).filter((loa) => loa >= minimum && loa <= maximum);
}
