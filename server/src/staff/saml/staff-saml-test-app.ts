import { inflateRawSync } from 'node:zlib';
import { expect } from 'vitest';
import { seedStaffSamlGroupMappings } from '../../demo/staff-saml.js';
import { issueCertificate } from '../../identity/certificates.js';
import type { CookieBrowser } from '../../identity/saml/saml-test-app.js';
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
  /** An address of the app */
  url(path: string): string;
  /** Starts a login at the IdP: its redirect, the AuthnRequest it carries and that request's id */
  startLogin(browser: CookieBrowser, query: string): Promise<{ location: URL; xml: string; requestId: string }>;
  /** The browser's staff session as GET /api/staff/session answers */
  staffSessionOf(browser: CookieBrowser): Promise<StaffSessionView>;
  close(): Promise<void>;
}

export interface StaffSessionView {
  authenticated: boolean;
  accountId?: string;
  csrfToken?: string;
  method?: string;
  displayName?: string;
  email?: string;
  grants?: unknown[];
}

export const TEST_STAFF_IDP = 'test-sso';
export const TEST_STAFF_SP_ENTITY_ID = 'https://etjanst.test/staff/saml/sp';
export const TEST_STAFF_METHOD = `saml:${TEST_STAFF_IDP}`;
export const TEST_STAFF_START = `/api/staff/login/saml/${TEST_STAFF_IDP}/start`;
export const TEST_STAFF_ACS = `/api/staff/saml/${TEST_STAFF_IDP}/acs`;
export const TEST_STAFF_SLO = `/api/staff/saml/${TEST_STAFF_IDP}/slo`;
export const TEST_STAFF_METADATA = `/api/staff/saml/${TEST_STAFF_IDP}/metadata`;

/** The value of a hidden or radio input on a simulator page (values here need no unescaping). */
export const inputValue = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
/** A SAML message of the HTTP-Redirect binding, inflated. */
export const redirectMessage = (url: URL, parameter: 'SAMLRequest' | 'SAMLResponse') => inflateRawSync(Buffer.from(url.searchParams.get(parameter) ?? '', 'base64')).toString('utf8');

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
  const url = (path: string) => `${app.baseUrl}${path}`;
  return {
    app,
    idp,
    sp,
    configured,
    url,
    startLogin: async (browser, query) => {
      const response = await browser.fetch(url(`${TEST_STAFF_START}?${query}`));
      expect(response.status).toBe(302);
      const location = new URL(response.headers.get('location') ?? '');
      const xml = redirectMessage(location, 'SAMLRequest');
      return { location, xml, requestId: /ID="([^"]+)"/.exec(xml)?.[1] ?? '' };
    },
    staffSessionOf: async (browser) => (await (await browser.fetch(url('/api/staff/session'))).json()) as StaffSessionView,
    close: async () => {
      await idp.close();
      await app.close();
    },
  };
}
