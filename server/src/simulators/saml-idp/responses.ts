import { createHash, createPublicKey, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import xmlenc from 'xml-encryption';
import { pemBody, type KeyPair } from '../../identity/certificates.js';
import { loaUri, NAME_ID_FORMAT, SWEDISH_EID_ATTRIBUTES, type Loa } from '../../identity/saml/config.js';
import { escapeMarkup } from '../../identity/saml/markup.js';
import { samlify } from './samlify.js';
import type { SamlTestPerson } from './test-persons.js';

/** How a response may deviate from a good one, for refusal tests; none of it for a normal login. */
export interface ResponseVariations {
  /** Sign only the Response, not the Assertion inside it */
  unsignedAssertion?: boolean;
  /** Audience other than the SP's entity id */
  audience?: string;
  /** Destination and bearer Recipient other than the SP's ACS */
  recipient?: string;
  /** Destination other than the SP's ACS, the bearer Recipient still right */
  destination?: string;
  /** Assertion and subject confirmation valid until (default: 5 minutes from now) */
  notOnOrAfter?: Date;
  /** A key other than the IdP's current one: a stranger's, or the other key of a rollover */
  signWith?: KeyPair;
  /** Leave the assertion in plain text even though the SP publishes an encryption key */
  plainAssertion?: boolean;
  /** When the person authenticated (AuthnInstant; default now): earlier for an answer from an older IdP session */
  authnInstant?: Date;
  /** The IdP session's SessionIndex (default a new one) */
  sessionIndex?: string;
}

export interface IssueResponseOptions extends ResponseVariations {
  /** The AuthnRequest ID being answered */
  inResponseTo: string;
  person: SamlTestPerson;
  loa: Loa;
  /** Attribute values changed after signing: a tampered response */
  tamper?: Partial<SamlTestPerson>;
}

/** An attribute of the AttributeStatement, with one value or several (groups). */
export interface SamlAttribute {
  name: string;
  friendlyName?: string;
  values: readonly string[];
}

/** What a response says about the person: NameID, how they authenticated, their attributes. */
export interface ResponseSubject {
  nameId: { format: string; value: string };
  authnContextClassRef: string;
  attributes: readonly SamlAttribute[];
}

export interface IssuedResponse {
  /** Base64 SAMLResponse for the HTTP-POST binding */
  samlResponse: string;
  acsUrl: string;
  nameId: string;
  sessionIndex: string;
  authnInstant: Date;
}

export interface ResponseParties {
  idpEntityId: string;
  idpKeys: KeyPair;
  spEntityId: string;
  acsUrl: string;
  /** The SP's encryption certificate from its metadata: assertions to it are encrypted */
  spEncryptionCert?: string | undefined;
}

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
/** What the simulator encrypts with: the strongest pair our SP's metadata offers (ENCRYPTION_METHODS). */
const AES256_GCM = 'http://www.w3.org/2009/xmlenc11#aes256-gcm' as const;
const RSA_OAEP_MGF1P = 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p' as const;
const encryptXml = promisify(xmlenc.encrypt);
const RESPONSE = "/*[local-name(.)='Response']";
const ASSERTION = `${RESPONSE}/*[local-name(.)='Assertion']`;
const newId = () => `_${randomBytes(20).toString('hex')}`;

/** A stable, opaque persistent NameID per person and SP, as a federation IdP gives. */
export const persistentNameId = (parties: ResponseParties, person: SamlTestPerson) =>
  createHash('sha256').update(`${parties.idpEntityId}|${parties.spEntityId}|${person.personalIdentityNumber}`).digest('hex');

/**
 * A Response the way a Swedish eID framework IdP answers: the attribute set "natural person with
 * personnummer", the LoA URI as AuthnContextClassRef and a persistent NameID.
 */
export function issueResponse(parties: ResponseParties, options: IssueResponseOptions): Promise<IssuedResponse> {
  const { person, loa, tamper, ...rest } = options;
  const subject: ResponseSubject = {
    nameId: { format: NAME_ID_FORMAT.persistent, value: persistentNameId(parties, person) },
    authnContextClassRef: loaUri(loa),
    attributes: (Object.keys(SWEDISH_EID_ATTRIBUTES) as (keyof typeof SWEDISH_EID_ATTRIBUTES)[]).map((field) => ({
      name: SWEDISH_EID_ATTRIBUTES[field],
      friendlyName: field === 'surname' ? 'sn' : field,
      values: [person[field]],
    })),
  };
  const replaced = (Object.entries(tamper ?? {}) as [keyof SamlTestPerson, string][]).map(([field, value]) => [person[field], value] as const);
  return issueSignedResponse(parties, subject, { ...rest, replaceValues: replaced });
}

/**
 * A signed Response to an AuthnRequest: Response and Assertion signed (RSA-SHA256), bearer
 * subject confirmation bound to the request and the ACS, audience restricted to the SP. When the
 * SP publishes an encryption key the signed assertion is encrypted to it (AES-256-GCM, key
 * transported with RSA-OAEP), as the Swedish eID framework requires of an IdP.
 * `replaceValues` changes attribute values after signing: a tampered response.
 */
export async function issueSignedResponse(
  parties: ResponseParties,
  subject: ResponseSubject,
  options: ResponseVariations & { inResponseTo: string; replaceValues?: ReadonlyArray<readonly [string, string]> },
): Promise<IssuedResponse> {
  const now = new Date();
  const notOnOrAfter = (options.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000)).toISOString();
  const sessionIndex = options.sessionIndex ?? newId();
  const authnInstant = options.authnInstant ?? now;
  const recipient = options.recipient ?? parties.acsUrl;
  let xml = samlify.SamlLib.replaceTagsByValue(samlify.SamlLib.defaultLoginResponseTemplate.context, {
    ID: newId(),
    AssertionID: newId(),
    Destination: options.destination ?? recipient,
    InResponseTo: options.inResponseTo,
    Issuer: parties.idpEntityId,
    IssueInstant: now.toISOString(),
    StatusCode: 'urn:oasis:names:tc:SAML:2.0:status:Success',
    NameIDFormat: subject.nameId.format,
    NameID: subject.nameId.value,
    SubjectRecipient: recipient,
    SubjectConfirmationDataNotOnOrAfter: notOnOrAfter,
    ConditionsNotBefore: now.toISOString(),
    ConditionsNotOnOrAfter: notOnOrAfter,
    Audience: options.audience ?? parties.spEntityId,
  });
  // replaceTagsByValue escapes its values, so the two XML fragments go in afterwards.
  xml = xml
    .replace('{AuthnStatement}', authnStatement(authnInstant, sessionIndex, subject.authnContextClassRef))
    .replace('{AttributeStatement}', attributeStatement(subject.attributes));
  const keys = options.signWith ?? parties.idpKeys;
  if (!options.unsignedAssertion) xml = sign(xml, keys, 'assertion');
  for (const [from, to] of options.replaceValues ?? []) {
    xml = xml.replace(`>${escapeMarkup(from)}</saml:AttributeValue>`, `>${escapeMarkup(to)}</saml:AttributeValue>`);
  }
  if (parties.spEncryptionCert && !options.plainAssertion) xml = await encryptAssertion(xml, parties.spEncryptionCert);
  xml = sign(xml, keys, 'response');
  return { samlResponse: Buffer.from(xml, 'utf8').toString('base64'), acsUrl: parties.acsUrl, nameId: subject.nameId.value, sessionIndex, authnInstant };
}

/** Replaces the (signed) saml:Assertion by a saml:EncryptedAssertion holding it. */
async function encryptAssertion(xml: string, certificate: string): Promise<string> {
  const start = xml.indexOf('<saml:Assertion ');
  const end = xml.indexOf('</saml:Assertion>') + '</saml:Assertion>'.length;
  const encrypted = await encryptXml(xml.slice(start, end), {
    rsa_pub: createPublicKey(certificate).export({ type: 'spki', format: 'pem' }).toString(),
    pem: certificate,
    encryptionAlgorithm: AES256_GCM,
    keyEncryptionAlgorithm: RSA_OAEP_MGF1P,
    disallowEncryptionWithInsecureAlgorithm: true,
  });
  return `${xml.slice(0, start)}<saml:EncryptedAssertion>${encrypted}</saml:EncryptedAssertion>${xml.slice(end)}`;
}

function authnStatement(instant: Date, sessionIndex: string, classRef: string): string {
  return `<saml:AuthnStatement AuthnInstant="${instant.toISOString()}" SessionIndex="${sessionIndex}"><saml:AuthnContext><saml:AuthnContextClassRef>${escapeMarkup(classRef)}</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`;
}

function attributeStatement(attributes: readonly SamlAttribute[]): string {
  const elements = attributes.map(
    (attribute) =>
      `<saml:Attribute Name="${escapeMarkup(attribute.name)}"${attribute.friendlyName ? ` FriendlyName="${escapeMarkup(attribute.friendlyName)}"` : ''} NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">${attribute.values
        .map((value) => `<saml:AttributeValue xsi:type="xs:string">${escapeMarkup(value)}</saml:AttributeValue>`)
        .join('')}</saml:Attribute>`,
  );
  return `<saml:AttributeStatement>${elements.join('')}</saml:AttributeStatement>`;
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
