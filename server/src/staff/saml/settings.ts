import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { LocalizedText } from '@etjanst/schemas';
import type { KeyPair } from '../../identity/certificates.js';
import { DEFAULT_ATTRIBUTE_MAPPING, type StaffAttributeMapping } from './attributes.js';
import { readIdpMetadata } from '../../identity/saml/idp-metadata.js';

/** A municipality's own identity provider for its staff (AD FS, Entra ID, Shibboleth ...). */
export interface StaffSamlIdentityProvider {
  /** Slug in URLs and in the logins' provider name `saml:<id>` (group mappings name it) */
  id: string;
  name: LocalizedText;
  entityId: string;
  /** SingleSignOnService, HTTP-Redirect binding */
  ssoUrl: string;
  /** SingleLogoutService, HTTP-Redirect binding; without it logging out stays local (an IdP's LogoutRequest is still taken) */
  sloUrl?: string | undefined;
  /** PEM certificates the IdP may sign with */
  signingCerts: string[];
  /** NameIDPolicy Format to ask for; none by default (the IdP sends what it is set up to send) */
  nameIdFormat?: string | undefined;
  attributes: StaffAttributeMapping;
}

/** This platform as the staff's SAML service provider: apart from the citizens' SP, with its own entity id. */
export interface StaffSamlServiceProvider {
  entityId: string;
  /** Public URL of the platform, without a trailing slash */
  baseUrl: string;
  signing: KeyPair;
}

export interface StaffSamlSettings {
  /** Present when STAFF_SAML_IDPS lists IdPs, or STAFF_SAML_SP_CERT_FILE gives the SP keys for IdPs stored by platform administrators */
  sp: Omit<StaffSamlServiceProvider, 'baseUrl'> | undefined;
  identityProviders: StaffSamlIdentityProvider[];
}

/** The staff SP's entity id unless STAFF_SAML_SP_ENTITY_ID names another. */
export const defaultStaffSpEntityId = (publicUrl: string) => `${publicUrl.replace(/\/$/, '')}/api/staff/saml/sp`;

const ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
const KNOWN = ['id', 'name', 'metadataFile', 'entityId', 'entryPoint', 'logoutUrl', 'signingCertFiles', 'nameIdFormat', 'attributes'];
const KNOWN_ATTRIBUTES = ['subject', 'displayName', 'email', 'groups'];
const EXAMPLE =
  'e.g. [{"id":"ekdala","name":{"sv":"Ekdala kommun","en":"Ekdala Municipality"},"metadataFile":"/etc/etjanst/ekdala-adfs.xml"}] or, instead of metadataFile, "entityId", "entryPoint" and "signingCertFiles":["/etc/etjanst/adfs-signing.pem"]';

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
const isHttpsOrLocal = (value: string) => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname));
  } catch {
    return false;
  }
};

/**
 * STAFF_SAML_IDPS (a JSON list of IdPs, each from its metadata file or from its entity id, entry
 * point, optional logout URL and signing certificate files, with optional attribute names) and the staff SP's keys:
 * STAFF_SAML_SP_CERT_FILE and STAFF_SAML_SP_KEY_FILE, or the citizens' SAML_SP_CERT_FILE and
 * SAML_SP_KEY_FILE. Every mistake goes to `problems`, naming the entry and the field.
 */
export function parseStaffSamlSettings(env: NodeJS.ProcessEnv, publicUrl: string, problems: string[]): StaffSamlSettings {
  const raw = env.STAFF_SAML_IDPS;
  if (raw === undefined || raw.trim() === '') {
    // no IdP in the configuration: an SP of its own keys still serves those platform administrators store
    const ownKeys = Boolean(env.STAFF_SAML_SP_CERT_FILE || env.STAFF_SAML_SP_KEY_FILE);
    return { sp: ownKeys ? serviceProvider(env, publicUrl, problems) : undefined, identityProviders: [] };
  }
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch {
    list = undefined;
  }
  if (!Array.isArray(list)) {
    problems.push(`STAFF_SAML_IDPS must be a JSON list of identity providers, ${EXAMPLE}`);
    return { sp: undefined, identityProviders: [] };
  }
  const identityProviders: StaffSamlIdentityProvider[] = [];
  list.forEach((entry: unknown, index) => {
    const idp = parseIdentityProvider(entry, `STAFF_SAML_IDPS[${index}]`, problems);
    if (!idp) return;
    if (identityProviders.some((other) => other.id === idp.id)) problems.push(`STAFF_SAML_IDPS[${index}].id "${idp.id}" is used by an earlier identity provider; each needs its own id`);
    else identityProviders.push(idp);
  });
  return { sp: serviceProvider(env, publicUrl, problems), identityProviders };
}

function parseIdentityProvider(entry: unknown, at: string, problems: string[]): StaffSamlIdentityProvider | undefined {
  const fields = (typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? entry : {}) as Record<string, unknown>;
  const before = problems.length;
  for (const key of Object.keys(fields)) if (!KNOWN.includes(key)) problems.push(`${at} has an unknown field "${key}" (known: ${KNOWN.join(', ')})`);
  const id = text(fields.id);
  if (!id || !ID.test(id)) problems.push(`${at}.id must be a short slug of a-z, 0-9 and -, such as "ekdala", got ${JSON.stringify(fields.id)}`);
  const name = (typeof fields.name === 'object' && fields.name !== null ? fields.name : {}) as Record<string, unknown>;
  const sv = text(name.sv);
  const en = text(name.en);
  if (!sv || !en) problems.push(`${at}.name must give the login button's text in Swedish and English: {"sv":"...","en":"..."}`);

  const source = identityProviderSource(fields, at, problems);
  const nameIdFormat = fields.nameIdFormat === undefined ? undefined : text(fields.nameIdFormat);
  if (fields.nameIdFormat !== undefined && !nameIdFormat?.startsWith('urn:oasis:names:tc:SAML:')) {
    problems.push(`${at}.nameIdFormat must be a SAML NameID format URN such as "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"`);
  }
  const attributes = attributeMapping(fields.attributes, `${at}.attributes`, problems);
  if (problems.length > before || !id || !sv || !en || !source || !attributes) return undefined;
  return { id, name: { sv, en }, ...source, ...(nameIdFormat ? { nameIdFormat } : {}), attributes };
}

/** The IdP's entity id, SSO URL and signing certificates: from its metadata file, or given one by one. */
function identityProviderSource(fields: Record<string, unknown>, at: string, problems: string[]) {
  const metadataFile = text(fields.metadataFile);
  const direct = ['entityId', 'entryPoint', 'logoutUrl', 'signingCertFiles'].filter((key) => fields[key] !== undefined);
  if (metadataFile && direct.length > 0) {
    problems.push(`${at} gives both metadataFile and ${direct.join(', ')}; give the metadata file or the three fields entityId, entryPoint and signingCertFiles`);
    return undefined;
  }
  if (metadataFile) {
    const xml = readText(metadataFile, `${at}.metadataFile`, problems);
    if (xml === undefined) return undefined;
    const metadata = readIdpMetadata(xml);
    if (typeof metadata === 'string') {
      problems.push(`${at}.metadataFile ${metadataFile} ${metadata}`);
      return undefined;
    }
    if (!isHttpsOrLocal(metadata.ssoUrl)) problems.push(`${at}.metadataFile ${metadataFile}: the SingleSignOnService ${metadata.ssoUrl} must be https:// (plain http only on this machine)`);
    if (metadata.sloUrl && !isHttpsOrLocal(metadata.sloUrl)) problems.push(`${at}.metadataFile ${metadataFile}: the SingleLogoutService ${metadata.sloUrl} must be https:// (plain http only on this machine)`);
    for (const [index, cert] of metadata.signingCerts.entries()) checkCertificate(cert, `${at}.metadataFile ${metadataFile}: signing certificate ${index + 1}`, problems);
    return { entityId: metadata.entityId, ssoUrl: metadata.ssoUrl, ...(metadata.sloUrl ? { sloUrl: metadata.sloUrl } : {}), signingCerts: metadata.signingCerts };
  }
  const entityId = text(fields.entityId);
  if (!entityId) problems.push(`${at} needs metadataFile, or entityId, entryPoint and signingCertFiles; entityId is missing. ${EXAMPLE}`);
  const ssoUrl = text(fields.entryPoint);
  if (!ssoUrl || !isHttpsOrLocal(ssoUrl)) problems.push(`${at}.entryPoint must be the IdP's https:// single sign-on URL (HTTP-Redirect binding), got ${JSON.stringify(fields.entryPoint)}`);
  const sloUrl = fields.logoutUrl === undefined ? undefined : text(fields.logoutUrl);
  if (fields.logoutUrl !== undefined && (!sloUrl || !isHttpsOrLocal(sloUrl))) problems.push(`${at}.logoutUrl must be the IdP's https:// single logout URL (HTTP-Redirect binding), got ${JSON.stringify(fields.logoutUrl)}`);
  const files = fields.signingCertFiles;
  if (!Array.isArray(files) || files.length === 0 || !files.every((file) => text(file))) {
    problems.push(`${at}.signingCertFiles must list the PEM files of the IdP's signing certificates, e.g. ["/etc/etjanst/adfs-signing.pem"]`);
    return undefined;
  }
  const signingCerts = (files as string[]).flatMap((file) => {
    const cert = readText(file, `${at}.signingCertFiles`, problems);
    return cert !== undefined && checkCertificate(cert, `${at}.signingCertFiles ${file}`, problems) ? [cert] : [];
  });
  if (!entityId || !ssoUrl || signingCerts.length !== files.length || (fields.logoutUrl !== undefined && !sloUrl)) return undefined;
  return { entityId, ssoUrl, ...(sloUrl ? { sloUrl } : {}), signingCerts };
}

function attributeMapping(value: unknown, at: string, problems: string[]): StaffAttributeMapping | undefined {
  if (value === undefined) return DEFAULT_ATTRIBUTE_MAPPING;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`${at} must be an object naming attributes: {"subject":"...","displayName":"...","email":"...","groups":["..."]}`);
    return undefined;
  }
  const fields = value as Record<string, unknown>;
  const before = problems.length;
  for (const key of Object.keys(fields)) if (!KNOWN_ATTRIBUTES.includes(key)) problems.push(`${at} has an unknown field "${key}" (known: ${KNOWN_ATTRIBUTES.join(', ')})`);
  const name = (key: string) => {
    if (fields[key] === undefined) return undefined;
    const attribute = text(fields[key]);
    if (!attribute) problems.push(`${at}.${key} must be an attribute name (the claim type), got ${JSON.stringify(fields[key])}`);
    return attribute;
  };
  const subject = name('subject');
  const displayName = name('displayName') ?? DEFAULT_ATTRIBUTE_MAPPING.displayName;
  const email = name('email') ?? DEFAULT_ATTRIBUTE_MAPPING.email;
  const groupsValue = fields.groups === undefined ? DEFAULT_ATTRIBUTE_MAPPING.groups : typeof fields.groups === 'string' ? [fields.groups] : fields.groups;
  const groups = Array.isArray(groupsValue) && groupsValue.length > 0 && groupsValue.every((group) => text(group)) ? (groupsValue as string[]).map((group) => group.trim()) : undefined;
  if (!groups) problems.push(`${at}.groups must name the attribute(s) with the person's groups, a name or a list of names`);
  if (problems.length > before || !groups) return undefined;
  return { ...(subject ? { subject } : {}), displayName, email, groups };
}

/** The staff SP's own entity id and its signing keys (the citizens' keys unless it has its own). */
function serviceProvider(env: NodeJS.ProcessEnv, publicUrl: string, problems: string[]): StaffSamlSettings['sp'] {
  const entityId = text(env.STAFF_SAML_SP_ENTITY_ID) ?? defaultStaffSpEntityId(publicUrl);
  const citizensEntityId = text(env.SAML_SP_ENTITY_ID) ?? `${publicUrl.replace(/\/$/, '')}/api/saml/sp`;
  if (entityId === citizensEntityId) problems.push(`STAFF_SAML_SP_ENTITY_ID must differ from the citizens' SP entity id ${citizensEntityId}: an assertion for one must not be accepted by the other`);
  const [certVariable, keyVariable] = env.STAFF_SAML_SP_CERT_FILE || env.STAFF_SAML_SP_KEY_FILE ? ['STAFF_SAML_SP_CERT_FILE', 'STAFF_SAML_SP_KEY_FILE'] : ['SAML_SP_CERT_FILE', 'SAML_SP_KEY_FILE'];
  const file = (variable: string) => {
    const path = text(env[variable]);
    if (!path) problems.push(`The staff SAML service provider needs its signing key: set STAFF_SAML_SP_CERT_FILE and STAFF_SAML_SP_KEY_FILE (or the citizens' SAML_SP_CERT_FILE and SAML_SP_KEY_FILE); ${variable} is missing`);
    return path && readText(path, variable, problems);
  };
  const cert = file(certVariable);
  const key = file(keyVariable);
  if (cert === undefined || key === undefined) return undefined;
  try {
    if (!new X509Certificate(cert).checkPrivateKey(createPrivateKey(key))) {
      problems.push(`${keyVariable} is not the private key of the certificate in ${certVariable}`);
      return undefined;
    }
  } catch (error) {
    problems.push(`${certVariable} and ${keyVariable} must be a PEM certificate and its PEM private key (${(error as Error).message})`);
    return undefined;
  }
  return { entityId, signing: { cert, key } };
}

function readText(path: string, what: string, problems: string[]): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    problems.push(`${what}: cannot read ${path} (${(error as Error).message})`);
    return undefined;
  }
}

function checkCertificate(pem: string, what: string, problems: string[]): boolean {
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    problems.push(`${what} is not a PEM X.509 certificate`);
    return false;
  }
}
