import { NAME_ID_FORMAT } from '../../identity/saml/config.js';
import { MICROSOFT_CLAIMS } from '../../staff/saml/attributes.js';
import { issueSignedResponse, type IssuedResponse, type ResponseSubject, type ResponseVariations } from './responses.js';
import { startSimulatedIdp, type SimulatedIdpOptions } from './simulator.js';
import { DEFAULT_STAFF_SAML_PERSONAS, type StaffSamlPersona } from './staff-personas.js';

export interface StaffSamlIdpSimulatorOptions extends SimulatedIdpOptions {
  personas?: readonly StaffSamlPersona[];
}

export interface StaffIssueResponseOptions extends ResponseVariations {
  /** The AuthnRequest ID being answered */
  inResponseTo: string;
  person: StaffSamlPersona;
  /** Attribute values changed after signing (value → replacement): a tampered response */
  tamper?: Record<string, string>;
}

export interface StaffSamlIdpSimulator {
  /** What the staff SP needs to trust this IdP (as if read from its metadata) */
  config: { entityId: string; ssoUrl: string; sloUrl: string; signingCerts: string[] };
  url: string;
  persons: readonly StaffSamlPersona[];
  /** A signed Response to an AuthnRequest, with overrides for refusal tests */
  issueResponse(options: StaffIssueResponseOptions): Promise<IssuedResponse>;
  /** Our signed LogoutRequest (HTTP-Redirect) to the SP for a session we issued: IdP-initiated single logout */
  logoutRequestUrl(session: { nameId: string; sessionIndex: string }): Promise<string>;
  /** The same over HTTP-POST: where to post it and the form's SAMLRequest */
  logoutRequestPost(session: { nameId: string; sessionIndex: string }): Promise<{ url: string; SAMLRequest: string }>;
  close(): Promise<void>;
}

const PASSWORD_PROTECTED_TRANSPORT = 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport';

/**
 * What Entra ID or AD FS typically says about a member of staff: the e-mail address as NameID
 * (not persistent, so the platform keys the account on the object id claim), the display name,
 * e-mail and group claims.
 */
export function staffResponseSubject(person: StaffSamlPersona): ResponseSubject {
  return {
    nameId: { format: NAME_ID_FORMAT.emailAddress, value: person.email },
    authnContextClassRef: PASSWORD_PROTECTED_TRANSPORT,
    attributes: [
      { name: MICROSOFT_CLAIMS.objectId, values: [person.objectId] },
      { name: MICROSOFT_CLAIMS.displayName, values: [person.displayName] },
      { name: MICROSOFT_CLAIMS.email, values: [person.email] },
      { name: MICROSOFT_CLAIMS.groups, values: person.groups },
    ],
  };
}

/**
 * A municipality's staff IdP for demo and tests: the same simulator as the citizens' e-ID, with
 * staff personas and their groups instead of personnummer and levels of assurance. It keeps a
 * single sign-on session (answering a request without ForceAuthn from it) and offers single
 * logout both ways, as AD FS does.
 */
export async function startStaffSamlIdpSimulator(options: StaffSamlIdpSimulatorOptions = {}): Promise<StaffSamlIdpSimulator> {
  const persons = options.personas ?? DEFAULT_STAFF_SAML_PERSONAS;
  const idp = await startSimulatedIdp(options, {
    party: 'staff',
    persons,
    choice: (person) => ({ key: person.objectId, label: `${person.displayName}: ${person.description.sv} / ${person.description.en}` }),
    singleLogout: true,
    issue: (parties, person, _loa, inResponseTo, session) => issueSignedResponse(parties, staffResponseSubject(person), { inResponseTo, ...session }),
  });
  return {
    config: { entityId: idp.entityId, ssoUrl: `${idp.url}/sso`, sloUrl: `${idp.url}/slo`, signingCerts: idp.signingKeys.map((keys) => keys.cert) },
    url: idp.url,
    persons,
    issueResponse: ({ person, tamper, ...options }) =>
      idp.record(person, (parties) => issueSignedResponse(parties, staffResponseSubject(person), { ...options, replaceValues: Object.entries(tamper ?? {}) })),
    logoutRequestUrl: idp.logoutRequestUrl,
    logoutRequestPost: idp.logoutRequestPost,
    close: idp.close,
  };
}
