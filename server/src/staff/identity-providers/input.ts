import { X509Certificate } from 'node:crypto';
import { bilingual, type BilingualMessage } from '@etjanst/schemas';
import { objectBody } from '../../cases/status.js';
import { unprocessable } from '../../problems/problem.js';
import { DEFAULT_GROUPS_CLAIM, isLoopbackHttp } from '../oidc/settings.js';
import { DEFAULT_ATTRIBUTE_MAPPING, type StaffAttributeMapping } from '../saml/attributes.js';
import { readIdpMetadata } from '../../identity/saml/idp-metadata.js';
import type { IdentityProviderKind, IdentityProviderSettings, ProviderToStore } from './stored.js';

/**
 * A provider from a platform administrator's request body, every field checked. A refusal is a
 * 422 naming the field (`field`, as the admin pages' forms read it) and saying in Swedish and
 * English what it must be. The client secret is taken here and never put in an answer.
 */

export const PROVIDER_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
const KINDS: readonly IdentityProviderKind[] = ['oidc', 'saml'];
const COMMON = ['id', 'kind', 'name'];
const FIELDS: Record<IdentityProviderKind, string[]> = {
  oidc: ['issuer', 'clientId', 'clientSecret', 'groupsClaim'],
  saml: ['metadataXml', 'entityId', 'ssoUrl', 'logoutUrl', 'signingCerts', 'nameIdFormat', 'attributes'],
};
const ATTRIBUTES = ['subject', 'displayName', 'email', 'groups'];
const MAX_NAME = 100;
const MAX_URL = 500;
const MAX_TEXT = 256;
const MAX_SECRET = 1000;
const MAX_CERTS = 4;
const MAX_CERT = 10_000;
const MAX_METADATA = 200_000;

const invalid = (field: string, sv: string, en: string) => unprocessable(`${field.split('.')[0]}-invalid`, bilingual(sv, en), { field });

function text(value: unknown, field: string, max: number, what: BilingualMessage): string {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (trimmed === '' || trimmed.length > max) throw invalid(field, `Ange ${what.sv} (1–${max} tecken).`, `Give ${what.en} (1–${max} characters).`);
  return trimmed;
}

const optionalText = (value: unknown, field: string, max: number, what: BilingualMessage) => (value === undefined || value === null || value === '' ? undefined : text(value, field, max, what));

/** An address the platform's server calls or sends browsers to: https, or plain http only on this machine. */
function httpsUrl(value: unknown, field: string, what: BilingualMessage, options: { query: boolean }): string {
  const given = text(value, field, MAX_URL, what);
  let url: URL | undefined;
  try {
    url = new URL(given);
  } catch {
    url = undefined;
  }
  const usable = url && (url.protocol === 'https:' || isLoopbackHttp(url)) && !url.username && !url.password && !url.hash && (options.query || !url.search);
  if (!usable) {
    throw invalid(
      field,
      `${capitalised(what.sv)} ska vara en https://-adress${options.query ? '' : ' utan frågedel (?)'} (vanlig http bara till den här datorn, localhost eller 127.0.0.1), inte ”${given}”.`,
      `${capitalised(what.en)} must be an https:// address${options.query ? '' : ' without a query (?)'} (plain http only to this machine, localhost or 127.0.0.1), not “${given}”.`,
    );
  }
  return given;
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function certificates(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_CERTS) {
    throw invalid(field, `Ange identitetstjänstens signeringscertifikat (1–${MAX_CERTS} i PEM-format).`, `Give the identity provider's signing certificates (1–${MAX_CERTS}, PEM).`);
  }
  return value.map((cert, index) => {
    const at = `${field}.${index}`;
    if (typeof cert !== 'string' || cert.length > MAX_CERT) throw invalid(at, 'Certifikatet ska vara text i PEM-format.', 'The certificate must be PEM text.');
    try {
      new X509Certificate(cert);
    } catch {
      throw invalid(at, `Certifikat ${index + 1} är inte ett X.509-certifikat i PEM-format (-----BEGIN CERTIFICATE-----).`, `Certificate ${index + 1} is not a PEM X.509 certificate (-----BEGIN CERTIFICATE-----).`);
    }
    return cert.trim();
  });
}

function attributeMapping(value: unknown): StaffAttributeMapping {
  if (value === undefined || value === null) return DEFAULT_ATTRIBUTE_MAPPING;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw invalid('attributes', 'Attributen anges som ett objekt: {"subject", "displayName", "email", "groups"}.', 'The attributes are an object: {"subject", "displayName", "email", "groups"}.');
  }
  const fields = value as Record<string, unknown>;
  const unknown = Object.keys(fields).find((key) => !ATTRIBUTES.includes(key));
  if (unknown) throw invalid(`attributes.${unknown}`, `Okänt attribut ”${unknown}”. Möjliga: ${ATTRIBUTES.join(', ')}.`, `Unknown attribute “${unknown}”. Possible: ${ATTRIBUTES.join(', ')}.`);
  const name = (key: string) => optionalText(fields[key], `attributes.${key}`, MAX_TEXT, { sv: `attributets namn för ${key}`, en: `the attribute name for ${key}` });
  const subject = name('subject');
  const groupsValue = fields.groups === undefined ? undefined : typeof fields.groups === 'string' ? [fields.groups] : fields.groups;
  if (groupsValue !== undefined && (!Array.isArray(groupsValue) || groupsValue.length === 0 || groupsValue.length > 10 || !groupsValue.every((g) => typeof g === 'string' && g.trim() !== '' && g.length <= MAX_TEXT))) {
    throw invalid('attributes.groups', 'Ange attributet eller attributen (högst 10) med personens grupper.', 'Give the attribute or attributes (at most 10) with the person’s groups.');
  }
  return {
    ...(subject ? { subject } : {}),
    displayName: name('displayName') ?? DEFAULT_ATTRIBUTE_MAPPING.displayName,
    email: name('email') ?? DEFAULT_ATTRIBUTE_MAPPING.email,
    groups: groupsValue ? (groupsValue as string[]).map((g) => g.trim()) : DEFAULT_ATTRIBUTE_MAPPING.groups,
  };
}

function oidcSettings(input: Record<string, unknown>): IdentityProviderSettings {
  return {
    kind: 'oidc',
    issuer: httpsUrl(input.issuer, 'issuer', { sv: 'utfärdarens adress (issuer)', en: 'the issuer URL' }, { query: false }),
    clientId: text(input.clientId, 'clientId', MAX_TEXT, { sv: 'klient-id:t som inloggningstjänsten gav plattformen', en: 'the client id the provider gave the platform' }),
    groupsClaim: optionalText(input.groupsClaim, 'groupsClaim', 100, { sv: 'namnet på ID-tokenets grupp-claim', en: 'the name of the ID token’s groups claim' }) ?? DEFAULT_GROUPS_CLAIM,
  };
}

function samlSettings(input: Record<string, unknown>): IdentityProviderSettings {
  const nameIdFormat = optionalText(input.nameIdFormat, 'nameIdFormat', MAX_TEXT, { sv: 'NameID-formatet', en: 'the NameID format' });
  if (nameIdFormat !== undefined && !nameIdFormat.startsWith('urn:oasis:names:tc:SAML:')) {
    throw invalid('nameIdFormat', 'NameID-formatet ska vara en SAML-URN, t.ex. urn:oasis:names:tc:SAML:2.0:nameid-format:persistent.', 'The NameID format must be a SAML URN such as urn:oasis:names:tc:SAML:2.0:nameid-format:persistent.');
  }
  const attributes = attributeMapping(input.attributes);
  const direct = ['entityId', 'ssoUrl', 'logoutUrl', 'signingCerts'].filter((key) => input[key] !== undefined && input[key] !== null && input[key] !== '');
  if (input.metadataXml !== undefined && input.metadataXml !== null && input.metadataXml !== '') {
    if (direct.length > 0) {
      throw invalid(direct[0]!, `Ange antingen metadata (metadataXml) eller ${direct.join(', ')}, inte båda.`, `Give either the metadata (metadataXml) or ${direct.join(', ')}, not both.`);
    }
    if (typeof input.metadataXml !== 'string' || input.metadataXml.length > MAX_METADATA) {
      throw invalid('metadataXml', `Metadata ska vara XML-text (högst ${MAX_METADATA / 1000} kB).`, `The metadata must be XML text (at most ${MAX_METADATA / 1000} kB).`);
    }
    const metadata = readIdpMetadata(input.metadataXml);
    if (typeof metadata === 'string') throw invalid('metadataXml', `Metadata går inte att använda: den ${metadata}.`, `The metadata cannot be used: it ${metadata}.`);
    httpsUrl(metadata.ssoUrl, 'metadataXml', { sv: 'metadatans SingleSignOnService', en: 'the metadata’s SingleSignOnService' }, { query: true });
    if (metadata.sloUrl) httpsUrl(metadata.sloUrl, 'metadataXml', { sv: 'metadatans SingleLogoutService', en: 'the metadata’s SingleLogoutService' }, { query: true });
    const signingCerts = certificates(metadata.signingCerts, 'metadataXml');
    return { kind: 'saml', entityId: metadata.entityId, ssoUrl: metadata.ssoUrl, ...(metadata.sloUrl ? { sloUrl: metadata.sloUrl } : {}), signingCerts, ...(nameIdFormat ? { nameIdFormat } : {}), attributes };
  }
  // without it logging out stays on the platform (an IdP's LogoutRequest is still taken)
  const logoutGiven = input.logoutUrl !== undefined && input.logoutUrl !== null && input.logoutUrl !== '';
  return {
    kind: 'saml',
    entityId: text(input.entityId, 'entityId', MAX_URL, { sv: 'identitetstjänstens entity id (eller dess metadata i metadataXml)', en: 'the identity provider’s entity id (or its metadata in metadataXml)' }),
    ssoUrl: httpsUrl(input.ssoUrl, 'ssoUrl', { sv: 'adressen för single sign-on (HTTP-Redirect)', en: 'the single sign-on address (HTTP-Redirect)' }, { query: true }),
    ...(logoutGiven ? { sloUrl: httpsUrl(input.logoutUrl, 'logoutUrl', { sv: 'adressen för single logout (HTTP-Redirect)', en: 'the single logout address (HTTP-Redirect)' }, { query: true }) } : {}),
    signingCerts: certificates(input.signingCerts, 'signingCerts'),
    ...(nameIdFormat ? { nameIdFormat } : {}),
    attributes,
  };
}

/**
 * The provider a request creates (`replacing` undefined) or replaces: a replacement keeps its id
 * and kind, and keeps the stored client secret when it sends none.
 */
export function parseIdentityProvider(body: unknown, replacing?: { id: string; kind: IdentityProviderKind }): ProviderToStore {
  const input = objectBody(body);
  const kind = input.kind;
  if (!KINDS.includes(kind as IdentityProviderKind)) throw invalid('kind', 'Välj typ: oidc (OpenID Connect) eller saml (SAML 2.0).', 'Choose the kind: oidc (OpenID Connect) or saml (SAML 2.0).');
  if (replacing && kind !== replacing.kind) throw invalid('kind', `Typen kan inte ändras (${replacing.kind}); ta bort tjänsten och lägg till den på nytt.`, `The kind cannot be changed (${replacing.kind}); remove the provider and add it again.`);
  const known = [...COMMON, ...FIELDS[kind as IdentityProviderKind]];
  const unknown = Object.keys(input).find((key) => !known.includes(key));
  if (unknown) {
    throw invalid(
      unknown,
      `Fältet ”${unknown}” hör inte till en ${kind === 'oidc' ? 'OpenID Connect' : 'SAML'}-tjänst. Möjliga: ${known.join(', ')}.`,
      `The field “${unknown}” does not belong to an ${kind === 'oidc' ? 'OpenID Connect' : 'SAML'} provider. Possible: ${known.join(', ')}.`,
    );
  }
  const id = replacing?.id ?? (typeof input.id === 'string' ? input.id.trim() : '');
  if (replacing && input.id !== undefined && input.id !== replacing.id) throw invalid('id', `Id:t kan inte ändras (${replacing.id}).`, `The id cannot be changed (${replacing.id}).`);
  if (!PROVIDER_ID.test(id)) {
    throw invalid('id', `Id:t ska vara en kort slug av a–z, 0–9 och bindestreck (högst 40 tecken), t.ex. ”ekdala-entra”, inte ”${String(input.id ?? '')}”.`, `The id must be a short slug of a–z, 0–9 and hyphens (at most 40 characters), such as “ekdala-entra”, not “${String(input.id ?? '')}”.`);
  }
  const names = (typeof input.name === 'object' && input.name !== null ? input.name : {}) as Record<string, unknown>;
  const name = {
    sv: text(names.sv, 'name.sv', MAX_NAME, { sv: 'namnet på inloggningsknappen på svenska', en: 'the login button’s name in Swedish' }),
    en: text(names.en, 'name.en', MAX_NAME, { sv: 'namnet på inloggningsknappen på engelska', en: 'the login button’s name in English' }),
  };
  const settings = kind === 'oidc' ? oidcSettings(input) : samlSettings(input);
  if (kind !== 'oidc') return { id, name, settings };
  // required to create; a replacement without one keeps the stored secret
  const secretGiven = input.clientSecret !== undefined && input.clientSecret !== null && input.clientSecret !== '';
  if (!secretGiven && replacing) return { id, name, settings };
  if (typeof input.clientSecret !== 'string' || input.clientSecret === '' || input.clientSecret.length > MAX_SECRET) {
    throw invalid('clientSecret', `Ange klienthemligheten som inloggningstjänsten gav plattformen (högst ${MAX_SECRET} tecken).`, `Give the client secret the provider gave the platform (at most ${MAX_SECRET} characters).`);
  }
  return { id, name, settings, clientSecret: input.clientSecret };
}
