import { seedStaffSamlGroupMappings } from '../../demo/staff-saml.js';
import { issueCertificate } from '../../identity/certificates.js';
import { startStaffSamlIdpSimulator, type StaffSamlIdpSimulator, type StaffSamlIdpSimulatorOptions } from '../../simulators/saml-idp/staff-simulator.js';
import { startTestApp, TEST_SESSION_SETTINGS, type TestApp } from '../../test-support/app.js';
import { DEFAULT_STAFF_SESSION_SETTINGS } from '../sessions.js';
import { DEFAULT_ATTRIBUTE_MAPPING } from './attributes.js';
import { staffSamlEndpoints, staffSamlLoginMethod } from './plugin.js';
import type { StaffSamlIdentityProvider, StaffSamlServiceProvider } from './settings.js';

export interface StaffSamlTestApp {
  app: TestApp;
  idp: StaffSamlIdpSimulator;
  sp: StaffSamlServiceProvider;
  /** The simulator as the configuration's IdP `test-sso` */
  configured: StaffSamlIdentityProvider;
  close(): Promise<void>;
}

export const TEST_STAFF_IDP = 'test-sso';
export const TEST_STAFF_SP_ENTITY_ID = 'https://etjanst.test/staff/saml/sp';

/**
 * The real app with the staff SAML login of the staff IdP simulator, whose groups are mapped to
 * roles as the demo maps them. The simulator reads our metadata from the app on first use.
 * `idpOptions`: how the simulator behaves (its single logout over HTTP-POST).
 */
export async function startStaffSamlTestApp(idpOptions: Pick<StaffSamlIdpSimulatorOptions, 'singleLogoutBinding'> = {}): Promise<StaffSamlTestApp> {
  const started: { idp?: StaffSamlIdpSimulator; sp?: StaffSamlServiceProvider; configured?: StaffSamlIdentityProvider } = {};
  const app = await startTestApp({
    staffLoginMethods: async ({ db, baseUrl }) => {
      const idp = await startStaffSamlIdpSimulator({ ...idpOptions, spMetadataUrl: staffSamlEndpoints(baseUrl, TEST_STAFF_IDP).metadata });
      await seedStaffSamlGroupMappings(db, TEST_STAFF_IDP);
      const sp: StaffSamlServiceProvider = {
        entityId: TEST_STAFF_SP_ENTITY_ID,
        baseUrl,
        signing: issueCertificate({ commonName: 'E-tjänstplattformen SP för personal (test)', usage: 'signing' }),
      };
      const configured: StaffSamlIdentityProvider = { id: TEST_STAFF_IDP, name: { sv: 'Test-SSO', en: 'Test SSO' }, ...idp.config, attributes: DEFAULT_ATTRIBUTE_MAPPING };
      Object.assign(started, { idp, sp, configured });
      // the settings the app derives for staff sessions when given none
      return [staffSamlLoginMethod({ db, sessions: { ...DEFAULT_STAFF_SESSION_SETTINGS, secureCookies: TEST_SESSION_SETTINGS.secureCookies }, sp }, [configured])];
    },
  });
  const { idp, sp, configured } = started as Required<typeof started>;
  return {
    app,
    idp,
    sp,
    configured,
    close: async () => {
      await idp.close();
      await app.close();
    },
  };
}
