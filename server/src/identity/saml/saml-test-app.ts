import { startSamlIdpSimulator, type SamlIdpSimulator, type SamlIdpSimulatorOptions } from '../../simulators/saml-idp/simulator.js';
import { startTestApp, TEST_SESSION_SETTINGS, type TestApp } from '../../test-support/app.js';
import { issueCertificate } from '../certificates.js';
import type { SamlIdentityProviderConfig, SamlServiceProvider } from './config.js';
import { samlLoginMethods } from './plugin.js';
import { demoServiceProviderInfo } from './sp-info.js';

export interface SamlTestApp {
  app: TestApp;
  idp: SamlIdpSimulator;
  sp: SamlServiceProvider;
  close(): Promise<void>;
}

export const TEST_SP_ENTITY_ID = 'https://etjanst.test/saml/sp';

export interface SamlTestAppOptions {
  /** How the simulator runs (key rollover, signed metadata) */
  idp?: Omit<SamlIdpSimulatorOptions, 'id' | 'spMetadataUrl'>;
  /** How the SP learns the IdP; default the simulator's own description of itself */
  identityProvider?: (idp: SamlIdpSimulator) => SamlIdentityProviderConfig | Promise<SamlIdentityProviderConfig>;
  /** The SP refuses plain assertions (SAML_REQUIRE_ENCRYPTED_ASSERTIONS=true) */
  requireEncryptedAssertions?: boolean;
}

/**
 * The real app with the SAML login method of the IdP simulator. The simulator reads our metadata
 * from the app on first use, so it can start once the app's URL is known, before the app serves.
 */
export async function startSamlTestApp(options: SamlTestAppOptions = {}): Promise<SamlTestApp> {
  const started: { idp?: SamlIdpSimulator; sp?: SamlServiceProvider } = {};
  const app = await startTestApp({
    loginMethods: async ({ db, baseUrl }) => {
      const idp = await startSamlIdpSimulator({ ...options.idp, id: 'test-idp', spMetadataUrl: `${baseUrl}/api/saml/test-idp/metadata` });
      const sp: SamlServiceProvider = {
        entityId: TEST_SP_ENTITY_ID,
        baseUrl,
        signing: issueCertificate({ commonName: 'E-tjänstplattformen SP (test)', usage: 'signing' }),
        encryption: issueCertificate({ commonName: 'E-tjänstplattformen SP, kryptering (test)', usage: 'signing' }),
        requireEncryptedAssertions: options.requireEncryptedAssertions ?? false,
        info: demoServiceProviderInfo(baseUrl),
        identityProviders: [options.identityProvider ? await options.identityProvider(idp) : idp.config],
      };
      Object.assign(started, { idp, sp });
      return samlLoginMethods({ db, sessions: TEST_SESSION_SETTINGS, sp });
    },
  });
  const { idp, sp } = started as Required<typeof started>;
  return {
    app,
    idp,
    sp,
    close: async () => {
      await idp.close();
      await app.close();
    },
  };
}

/** A browser's cookie jar, enough for the session cookie across redirects we follow by hand. */
export class CookieBrowser {
  private readonly cookies = new Map<string, string>();

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(cookie ? { cookie } : {}), ...(init.headers as Record<string, string>) } });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** Posts an HTML form the way a browser does (application/x-www-form-urlencoded). */
  postForm(url: string, fields: Record<string, string>): Promise<Response> {
    return this.fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  }

  has(name: string): boolean {
    return this.cookies.has(name);
  }
}
