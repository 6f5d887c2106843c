import type { Profile } from '@node-saml/passport-saml';
import { NAME_ID_FORMAT } from '../../identity/saml/config.js';
import { attributesMissing } from './refusal.js';

/** Claim names AD FS and Entra ID send (WS-Federation claim types, used as SAML attribute names). */
export const MICROSOFT_CLAIMS = {
  objectId: 'http://schemas.microsoft.com/identity/claims/objectidentifier',
  displayName: 'http://schemas.microsoft.com/identity/claims/displayname',
  givenName: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname',
  surname: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname',
  email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
  groups: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups',
  role: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role',
  /** Entra ID sends this instead of the groups when a person is in too many (over 150) */
  groupsOverage: 'http://schemas.microsoft.com/claims/groups.link',
} as const;

/** Which attributes of a staff IdP's assertion make the staff identity. */
export interface StaffAttributeMapping {
  /** The stable id; without it, the NameID when it is persistent, else the object id claim */
  subject?: string | undefined;
  displayName: string;
  email: string;
  /** Every attribute whose values are groups (AD FS sends groups and roles in separate claims) */
  groups: readonly string[];
}

export const DEFAULT_ATTRIBUTE_MAPPING: StaffAttributeMapping = {
  displayName: MICROSOFT_CLAIMS.displayName,
  email: MICROSOFT_CLAIMS.email,
  groups: [MICROSOFT_CLAIMS.groups, MICROSOFT_CLAIMS.role],
};

/** What a staff IdP's assertion says about the person. */
export interface StaffSamlIdentity {
  subject: string;
  displayName: string;
  email: string | null;
  groups: string[];
  /** Entra ID left the groups out (too many): the person gets no group roles this time */
  groupsOverage: boolean;
}

/** Bounds what one login can bring: the group list goes into a query. */
const MAX_GROUPS = 1000;
const MAX_TEXT = 256;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/**
 * The staff identity from a validated assertion. The stable id and a name are required (the
 * account and the audit log need them); e-mail and groups may be missing. A display name
 * missing from its attribute is made of the given name and surname claims, else the e-mail.
 */
export function readStaffIdentity(profile: Profile, mapping: StaffAttributeMapping): StaffSamlIdentity {
  const attributes = (profile.attributes ?? {}) as Record<string, unknown>;
  const values = (name: string): string[] =>
    ([] as unknown[])
      .concat(attributes[name] ?? [])
      .flatMap((value) => (typeof value === 'string' && value.trim() ? [value.trim()] : []))
      .filter((value) => value.length <= MAX_TEXT);
  const first = (name: string): string | undefined => values(name)[0];

  const persistentNameId = profile.nameIDFormat === NAME_ID_FORMAT.persistent && profile.nameID ? profile.nameID : undefined;
  const subjectSource = mapping.subject ?? (persistentNameId ? 'NameID' : MICROSOFT_CLAIMS.objectId);
  const subject = mapping.subject ? first(mapping.subject) : (persistentNameId ?? first(MICROSOFT_CLAIMS.objectId));
  const emailValue = first(mapping.email);
  const email = emailValue && EMAIL.test(emailValue) ? emailValue.toLowerCase() : null;
  const fullName = [first(MICROSOFT_CLAIMS.givenName), first(MICROSOFT_CLAIMS.surname)].filter(Boolean).join(' ');
  const displayName = first(mapping.displayName) ?? (fullName || email || undefined);
  if (!subject || !displayName) {
    throw attributesMissing([...(subject ? [] : [subjectSource]), ...(displayName ? [] : [mapping.displayName])]);
  }
  const groups = [...new Set(mapping.groups.flatMap(values))].slice(0, MAX_GROUPS);
  return { subject, displayName, email, groups, groupsOverage: MICROSOFT_CLAIMS.groupsOverage in attributes };
}
