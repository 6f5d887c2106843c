import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../db/tables.js';
import { BankIdClient } from '../identity/bankid/client.js';
import { bankIdLoginMethod } from '../identity/bankid/plugin.js';
import { issueCertificate, persistentKeyPair } from '../identity/certificates.js';
import type { LoginMethodPlugin } from '../identity/login-method.js';
import { samlLoginMethods } from '../identity/saml/plugin.js';
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
export async function startDemoLoginMethods(config: Config, db: Kysely<Database>): Promise<DemoLoginMethods> {
  const bankIdSimulator = await startBankIdSimulator({ certDir: path.join(config.demoKeyDir, 'bankid') });
  const bankIdClient = new BankIdClient({ baseUrl: bankIdSimulator.url, ca: bankIdSimulator.ca, ...bankIdSimulator.clientCert });

  const idp = await startSamlIdpSimulator({
    id: DEMO_SAML_IDP,
    keyDir: path.join(config.demoKeyDir, 'saml-idp'),
    spMetadataUrl: `${config.publicUrl}/api/saml/${DEMO_SAML_IDP}/metadata`,
    maxLoa: 3,
  });
  const spSigning = await persistentKeyPair(path.join(config.demoKeyDir, 'saml-sp'), 'signing', () =>
    issueCertificate({ commonName: 'E-tjänstplattformen SP', usage: 'signing' }),
  );
  const sp = {
    entityId: `${config.publicUrl}/api/saml/sp`,
    baseUrl: config.publicUrl,
    signing: spSigning,
    identityProviders: [{ ...idp.config, name: { sv: 'Annan e-legitimation (federation, simulator)', en: 'Other e-ID (federation, simulator)' } }],
  };
  return {
    plugins: [bankIdLoginMethod({ db, client: bankIdClient, sessions: config.sessions }), ...samlLoginMethods({ db, sessions: config.sessions, sp })],
    testerUrls: { bankid: bankIdSimulator.testerUrl, saml: idp.url },
    close: async () => {
      bankIdClient.close();
      await Promise.all([bankIdSimulator.close(), idp.close()]);
    },
  };
}
