import type { Profile } from '@node-saml/passport-saml';
import { describe, expect, it } from 'vitest';
import { NAME_ID_FORMAT } from '../../identity/saml/config.js';
import { SamlRefusal } from '../../identity/saml/refusal.js';
import { DEFAULT_ATTRIBUTE_MAPPING, MICROSOFT_CLAIMS, readStaffIdentity } from './attributes.js';

const profile = (nameIDFormat: string, attributes: Record<string, unknown>, nameID = 'nameid-value'): Profile =>
  ({ issuer: 'https://idp.example/', nameID, nameIDFormat, attributes }) as Profile;

describe('staff identity from a SAML assertion', () => {
  it('keys the account on a persistent NameID and reads name, e-mail, groups and roles', () => {
    const identity = readStaffIdentity(
      profile(NAME_ID_FORMAT.persistent, {
        [MICROSOFT_CLAIMS.displayName]: 'Disa Formgivare',
        [MICROSOFT_CLAIMS.email]: 'Disa.Formgivare@Ekdala.example.se',
        [MICROSOFT_CLAIMS.groups]: ['g-designers', 'g-all'],
        [MICROSOFT_CLAIMS.role]: 'g-designers',
      }),
      DEFAULT_ATTRIBUTE_MAPPING,
    );
    expect(identity).toEqual({ subject: 'nameid-value', displayName: 'Disa Formgivare', email: 'disa.formgivare@ekdala.example.se', groups: ['g-designers', 'g-all'], groupsOverage: false });
  });

  it('keys it on the object id claim when the NameID is not persistent, and builds a missing display name', () => {
    const identity = readStaffIdentity(
      profile(NAME_ID_FORMAT.emailAddress, { [MICROSOFT_CLAIMS.objectId]: 'oid-1', [MICROSOFT_CLAIMS.givenName]: 'Disa', [MICROSOFT_CLAIMS.surname]: 'Formgivare', [MICROSOFT_CLAIMS.email]: 'not an address' }),
      DEFAULT_ATTRIBUTE_MAPPING,
    );
    expect(identity).toMatchObject({ subject: 'oid-1', displayName: 'Disa Formgivare', email: null, groups: [] });
  });

  it('takes a configured subject attribute over the NameID and notices Entra ID’s group overage', () => {
    const identity = readStaffIdentity(
      profile(NAME_ID_FORMAT.persistent, { employeeNumber: 'E-123', [MICROSOFT_CLAIMS.displayName]: 'Karin', [MICROSOFT_CLAIMS.groupsOverage]: 'https://graph.example/groups' }),
      { ...DEFAULT_ATTRIBUTE_MAPPING, subject: 'employeeNumber' },
    );
    expect(identity).toMatchObject({ subject: 'E-123', groupsOverage: true });
  });

  it('refuses an assertion without a stable id or a name', () => {
    expect(() => readStaffIdentity(profile(NAME_ID_FORMAT.transient, { [MICROSOFT_CLAIMS.displayName]: 'Karin' }), DEFAULT_ATTRIBUTE_MAPPING)).toThrow(SamlRefusal);
    // the log names what was missing (the refusal's cause); a persistent NameID is the id here
    expect(() => readStaffIdentity(profile(NAME_ID_FORMAT.persistent, {}), DEFAULT_ATTRIBUTE_MAPPING)).toThrow(
      expect.objectContaining({ cause: new Error(`attributes missing from the assertion: ${MICROSOFT_CLAIMS.displayName}`) }),
    );
    expect(() => readStaffIdentity(profile(NAME_ID_FORMAT.persistent, { [MICROSOFT_CLAIMS.displayName]: 'K' }), { ...DEFAULT_ATTRIBUTE_MAPPING, subject: 'employeeNumber' })).toThrow(
      expect.objectContaining({ code: 'staff-saml-attributes-missing' }),
    );
  });
});
