import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.js';
import { BankIdClient } from '../identity/bankid/client.js';
import { bankIdLoginMethod } from '../identity/bankid/plugin.js';
import { issueCertificate, persistentKeyPair } from '../identity/certificates.js';
import type { LoginMethodPlugin } from '../identity/login-method.js';
import type { SessionSettings } from '../identity/sessions.js';
import type { SamlServiceProvider } from '../identity/saml/config.js';
import { samlLoginMethods } from '../identity/saml/plugin.js';
import { demoServiceProviderInfo } from '../identity/saml/sp-info.js';
import { startBankIdSimulator } from '../simulators/bankid/simulator.js';
import { startSamlIdpSimulator } from '../simulators/saml-idp/simulator.js';

export interface DemoLoginMethods {
  plugins: LoginMethodPlugin[];
  /** Pages where a tester acts as the citizen's BankID app or the federation's IdP */
  testerUrls: { bankid: string; saml: string };
  close(): Promise<void>;
}

export const DEMO_SAML_IDP = 'e-legitimation';

/**
 * Demo mode's e-ID: the BankID simulator (RP API v6 over mutual TLS) and a SAML federation IdP
 * simulator, wired exactly as the real services would be: only URLs, certificates and keys differ.
 */
export async function startDemoLoginMethods(options: {
  db: Kysely<Database>;
  publicUrl: string;
  sessions: SessionSettings;
  /** Keep generated keys here across restarts; fresh keys each start without it (tests) */
  keyDir?: string;
}): Promise<DemoLoginMethods> {
  const { db, publicUrl, sessions, keyDir } = options;
  const keys = (name: string) => (keyDir ? path.join(keyDir, name) : undefined);
  const bankIdSimulator = await startBankIdSimulator({ certDir: keys('bankid') });
  const bankIdClient = new BankIdClient({ baseUrl: bankIdSimulator.url, ca: bankIdSimulator.ca, ...bankIdSimulator.clientCert });

  const idp = await startSamlIdpSimulator({
    id: DEMO_SAML_IDP,
    keyDir: keys('saml-idp'),
    spMetadataUrl: `${publicUrl}/api/saml/${DEMO_SAML_IDP}/metadata`,
    maxLoa: 3,
  });
  const spFolder = keys('saml-sp');
  const spKeys = (name: 'signing' | 'encryption') => {
    const create = () => issueCertificate({ commonName: `E-tjänstplattformen SP (${name})`, usage: 'signing' });
    return spFolder ? persistentKeyPair(spFolder, name, create) : Promise.resolve(create());
  };
  const sp: SamlServiceProvider = {
    entityId: `${publicUrl}/api/saml/sp`,
    baseUrl: publicUrl,
    signing: await spKeys('signing'),
    encryption: await spKeys('encryption'),
    info: demoServiceProviderInfo(publicUrl),
    identityProviders: [{ ...idp.config, name: { sv: 'Annan e-legitimation (federation, simulator)', en: 'Other e-ID (federation, simulator)' } }],
  };
  return {
    plugins: [bankIdLoginMethod({ db, client: bankIdClient, sessions }), ...samlLoginMethods({ db, sessions, sp })],
    testerUrls: { bankid: bankIdSimulator.testerUrl, saml: idp.url },
    close: async () => {
      bankIdClient.close();
      await Promise.all([bankIdSimulator.close(), idp.close()]);
    },
  };
}
