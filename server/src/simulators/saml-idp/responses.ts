import { createHash, randomBytes } from 'node:crypto';
import { pemBody, type KeyPair } from '../../identity/certificates.js';
import { loaUri, NAME_ID_FORMAT, SWEDISH_EID_ATTRIBUTES, type Loa } from '../../identity/saml/config.js';
import { escapeMarkup } from '../../identity/saml/markup.js';
import { samlify } from './samlify.js';
import type { SamlTestPerson } from './test-persons.js';

export interface IssueResponseOptions {
  /** The AuthnRequest ID being answered */
  inResponseTo: string;
  person: SamlTestPerson;
  loa: Loa;
  /** Attribute values changed after signing: a tampered response */
  tamper?: Partial<SamlTestPerson>;
  /** Sign only the Response, not the Assertion inside it */
  unsignedAssertion?: boolean;
  /** Audience other than the SP's entity id */
  audience?: string;
  /** Destination and bearer Recipient other than the SP's ACS */
  recipient?: string;
  /** Assertion and subject confirmation valid until (default: 5 minutes from now) */
  notOnOrAfter?: Date;
  /** A key other than the IdP's published one */
  signWith?: KeyPair;
}

export interface IssuedResponse {
  /** Base64 SAMLResponse for the HTTP-POST binding */
  samlResponse: string;
  acsUrl: string;
  nameId: string;
  sessionIndex: string;
}

export interface ResponseParties {
  idpEntityId: string;
  idpKeys: KeyPair;
  spEntityId: string;
  acsUrl: string;
}

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const RESPONSE = "/*[local-name(.)='Response']";
const ASSERTION = `${RESPONSE}/*[local-name(.)='Assertion']`;
const newId = () => `_${randomBytes(20).toString('hex')}`;

/** A stable, opaque persistent NameID per person and SP, as a federation IdP gives. */
export const persistentNameId = (parties: ResponseParties, person: SamlTestPerson) =>
  createHash('sha256').update(`${parties.idpEntityId}|${parties.spEntityId}|${person.personalIdentityNumber}`).digest('hex');

/**
 * A Response the way a Swedish eID framework IdP answers: Response and Assertion signed
 * (RSA-SHA256), the attribute set "natural person with personnummer", the LoA URI as
 * AuthnContextClassRef, bearer subject confirmation bound to the request and the ACS.
 */
export function issueResponse(parties: ResponseParties, options: IssueResponseOptions): IssuedResponse {
  const now = new Date();
  const notOnOrAfter = (options.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000)).toISOString();
  const nameId = persistentNameId(parties, options.person);
  const sessionIndex = newId();
  const recipient = options.recipient ?? parties.acsUrl;
  let xml = samlify.SamlLib.replaceTagsByValue(samlify.SamlLib.defaultLoginResponseTemplate.context, {
    ID: newId(),
    AssertionID: newId(),
    Destination: recipient,
    InResponseTo: options.inResponseTo,
    Issuer: parties.idpEntityId,
    IssueInstant: now.toISOString(),
    StatusCode: 'urn:oasis:names:tc:SAML:2.0:status:Success',
    NameIDFormat: NAME_ID_FORMAT.persistent,
    NameID: nameId,
    SubjectRecipient: recipient,
    SubjectConfirmationDataNotOnOrAfter: notOnOrAfter,
    ConditionsNotBefore: now.toISOString(),
    ConditionsNotOnOrAfter: notOnOrAfter,
    Audience: options.audience ?? parties.spEntityId,
  });
  // replaceTagsByValue escapes its values, so the two XML fragments go in afterwards.
  xml = xml
    .replace('{AuthnStatement}', authnStatement(now, sessionIndex, options.loa))
    .replace('{AttributeStatement}', attributeStatement(options.person));
  const keys = options.signWith ?? parties.idpKeys;
  if (!options.unsignedAssertion) xml = sign(xml, keys, 'assertion');
  xml = sign(xml, keys, 'response');
  for (const [field, value] of Object.entries(options.tamper ?? {}) as [keyof SamlTestPerson, string][]) {
    xml = xml.replace(`>${escapeMarkup(options.person[field])}</saml:AttributeValue>`, `>${escapeMarkup(value)}</saml:AttributeValue>`);
  }
  return { samlResponse: Buffer.from(xml, 'utf8').toString('base64'), acsUrl: parties.acsUrl, nameId, sessionIndex };
}

function authnStatement(instant: Date, sessionIndex: string, loa: Loa): string {
  return `<saml:AuthnStatement AuthnInstant="${instant.toISOString()}" SessionIndex="${sessionIndex}"><saml:AuthnContext><saml:AuthnContextClassRef>${loaUri(loa)}</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`;
}

function attributeStatement(person: SamlTestPerson): string {
  const attributes = (Object.keys(SWEDISH_EID_ATTRIBUTES) as (keyof typeof SWEDISH_EID_ATTRIBUTES)[]).map(
    (field) =>
      `<saml:Attribute Name="${SWEDISH_EID_ATTRIBUTES[field]}" FriendlyName="${field === 'surname' ? 'sn' : field}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri"><saml:AttributeValue xsi:type="xs:string">${escapeMarkup(person[field])}</saml:AttributeValue></saml:Attribute>`,
  );
  return `<saml:AttributeStatement>${attributes.join('')}</saml:AttributeStatement>`;
}

function sign(xml: string, keys: KeyPair, part: 'assertion' | 'response'): string {
  const target = part === 'assertion' ? ASSERTION : RESPONSE;
  return samlify.SamlLib.constructSAMLSignature({
    rawSamlMessage: xml,
    privateKey: keys.key,
    signingCert: pemBody(keys.cert),
    signatureAlgorithm: RSA_SHA256,
    isBase64Output: false,
    ...(part === 'assertion' ? { referenceTagXPath: ASSERTION } : { isMessageSigned: true }),
    // The enveloped signature goes right after the element's Issuer, as the schema orders it.
    signatureConfig: { prefix: 'ds', location: { reference: `${target}/*[local-name(.)='Issuer']`, action: 'after' } },
  });
}
