import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { LocalizedTextSchema } from '@etjanst/schemas';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { Database } from '../db/tables.js';
import { BankIdClient } from './bankid/client.js';
import { bankIdLoginMethod } from './bankid/plugin.js';
import type { LoginMethodPlugin } from './login-method.js';
import type { SamlIdentityProviderConfig } from './saml/config.js';
import { RefreshedIdentityProvider } from './saml/federation-metadata.js';
import { readIdpMetadata, verifiedMetadata } from './saml/idp-metadata.js';
import { samlLoginMethods } from './saml/plugin.js';
import { parseServiceProviderInfo } from './saml/sp-info.js';
import type { SessionSettings } from './sessions.js';

const HttpUrl = Type.String({ pattern: '^https?://' });
const IdpFileSchema = Type.Array(
  Type.Object(
    {
      id: Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$' }),
      name: LocalizedTextSchema,
      entityId: Type.String({ minLength: 1 }),
      maxLoa: Type.Union([Type.Literal(2), Type.Literal(3), Type.Literal(4)]),
      // endpoints and keys given one by one ...
      ssoUrl: Type.Optional(HttpUrl),
      sloUrl: Type.Optional(HttpUrl),
      signingCertFile: Type.Optional(Type.String({ minLength: 1 })),
      signingCertFiles: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 4 })),
      // ... or read from metadata: a file, or a URL fetched again every metadataRefreshMinutes
      metadataFile: Type.Optional(Type.String({ minLength: 1 })),
      metadataUrl: Type.Optional(Type.String({ pattern: '^https://' })),
      metadataSigningCertFile: Type.Optional(Type.String({ minLength: 1 })),
      metadataRefreshMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 7 * 24 * 60 })),
    },
    { additionalProperties: false },
  ),
);
type IdpEntry = Static<typeof IdpFileSchema>[number];

/**
 * The real e-ID services, from the environment: BankID (BANKID_URL with the RP certificate and
 * BankID's CA) and SAML federations (SAML_IDPS_FILE listing the IdPs, with our SP's keys and
 * SAML_SP_INFO_FILE describing the service). The same client code talks to the simulators in
 * demo mode. Missing files or bad values stop the start.
 */
export function productionLoginMethods(
  env: NodeJS.ProcessEnv,
  deps: { db: Kysely<Database>; sessions: SessionSettings; publicUrl: string; logger?: Logger | undefined },
): LoginMethodPlugin[] {
  const problems: string[] = [];
  const file = (name: string): string | undefined => {
    const value = env[name];
    if (!value) {
      problems.push(`${name} is required`);
      return undefined;
    }
    try {
      return readFileSync(value, 'utf8');
    } catch (error) {
      problems.push(`${name}: cannot read ${value} (${(error as Error).message})`);
      return undefined;
    }
  };
  const plugins: LoginMethodPlugin[] = [];

  if (env.BANKID_URL) {
    const ca = file('BANKID_CA_FILE');
    const pfxPath = env.BANKID_PFX_FILE;
    const credentials = pfxPath
      ? { pfx: readFileSync(pfxPath), passphrase: env.BANKID_PFX_PASSPHRASE ?? '' }
      : { cert: file('BANKID_CERT_FILE') ?? '', key: file('BANKID_KEY_FILE') ?? '' };
    if (ca) plugins.push(bankIdLoginMethod({ ...deps, client: new BankIdClient({ baseUrl: env.BANKID_URL, ca, ...credentials }) }));
  }

  if (env.SAML_IDPS_FILE) {
    const idpsText = file('SAML_IDPS_FILE');
    const identityProviders = idpsText === undefined ? undefined : samlIdentityProviders(idpsText, problems, deps.logger);
    const cert = file('SAML_SP_CERT_FILE');
    const key = file('SAML_SP_KEY_FILE');
    // the signing key also decrypts unless the SP has an encryption key of its own
    const encryption = env.SAML_SP_ENCRYPTION_CERT_FILE || env.SAML_SP_ENCRYPTION_KEY_FILE ? { cert: file('SAML_SP_ENCRYPTION_CERT_FILE'), key: file('SAML_SP_ENCRYPTION_KEY_FILE') } : { cert, key };
    const requireEncrypted = env.SAML_REQUIRE_ENCRYPTED_ASSERTIONS ?? 'false';
    if (!['true', 'false'].includes(requireEncrypted)) problems.push(`SAML_REQUIRE_ENCRYPTED_ASSERTIONS must be true or false, got "${requireEncrypted}"`);
    const infoText = file('SAML_SP_INFO_FILE');
    const info = infoText === undefined ? undefined : parseServiceProviderInfo(infoText, problems);
    if (identityProviders && cert && key && encryption.cert && encryption.key && info) {
      plugins.push(
        ...samlLoginMethods({
          ...deps,
          sp: {
            entityId: env.SAML_SP_ENTITY_ID ?? `${deps.publicUrl}/api/saml/sp`,
            baseUrl: deps.publicUrl,
            signing: { cert, key },
            encryption: { cert: encryption.cert, key: encryption.key },
            requireEncryptedAssertions: requireEncrypted === 'true',
            info,
            identityProviders,
          },
        }),
      );
    }
  }
  if (problems.length > 0) throw new Error(`Invalid e-ID configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return plugins;
}

/** The IdPs of SAML_IDPS_FILE; what is wrong with an entry goes to `problems`, naming it. */
export function samlIdentityProviders(text: string, problems: string[], logger?: Logger): SamlIdentityProviderConfig[] | undefined {
  const entries = readIdpFile(text, problems);
  return entries?.flatMap((entry, index) => identityProvider(entry, `SAML_IDPS_FILE[${index}] (${entry.id})`, problems, logger) ?? []);
}

/**
 * One IdP of SAML_IDPS_FILE: its endpoints and signing certificates given one by one, read from a
 * metadata file (whose signature is checked when metadataSigningCertFile is given), or fetched
 * from metadataUrl, signed with the certificate in metadataSigningCertFile, and refreshed.
 */
function identityProvider(
  entry: IdpEntry,
  at: string,
  problems: string[],
  logger: Logger | undefined,
): SamlIdentityProviderConfig | undefined {
  const { id, name, entityId, maxLoa } = entry;
  const readFile = (path: string, what: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      problems.push(`${at}.${what}: cannot read ${path} (${(error as Error).message})`);
      return undefined;
    }
  };
  const certificate = (path: string, what: string) => {
    const pem = readFile(path, what);
    if (pem === undefined) return undefined;
    try {
      new X509Certificate(pem);
      return pem;
    } catch {
      problems.push(`${at}.${what}: ${path} is not a PEM X.509 certificate`);
      return undefined;
    }
  };
  const given = (['ssoUrl', 'sloUrl', 'signingCertFile', 'signingCertFiles'] as const).filter((field) => entry[field] !== undefined);
  const sources = [given.length > 0 && 'ssoUrl …', entry.metadataFile !== undefined && 'metadataFile', entry.metadataUrl !== undefined && 'metadataUrl'].filter(Boolean);
  if (sources.length !== 1) {
    problems.push(`${at} needs exactly one of: ssoUrl with signingCertFile(s), metadataFile, or metadataUrl with metadataSigningCertFile; it has ${sources.join(', ') || 'none'}`);
    return undefined;
  }
  const metadataSigner = entry.metadataSigningCertFile === undefined ? undefined : certificate(entry.metadataSigningCertFile, 'metadataSigningCertFile');
  if (entry.metadataUrl !== undefined) {
    if (!entry.metadataSigningCertFile) {
      problems.push(`${at}.metadataSigningCertFile is required with metadataUrl: metadata fetched over the network is trusted only when its signature verifies`);
      return undefined;
    }
    if (!metadataSigner) return undefined;
    const refreshMs = (entry.metadataRefreshMinutes ?? 60) * 60_000;
    return new RefreshedIdentityProvider({ id, name, entityId, maxLoa }, { url: entry.metadataUrl, signingCert: metadataSigner, refreshMs }, logger).start();
  }
  if (entry.metadataFile !== undefined) {
    const text = readFile(entry.metadataFile, 'metadataFile');
    if (text === undefined || (entry.metadataSigningCertFile && !metadataSigner)) return undefined;
    const signed = metadataSigner ? verifiedMetadata(text, metadataSigner) : text;
    const metadata = typeof signed === 'string' ? readIdpMetadata(signed, { entityId }) : signed.error;
    if (typeof metadata === 'string') {
      problems.push(`${at}.metadataFile ${entry.metadataFile} ${metadata}`);
      return undefined;
    }
    return { id, name, entityId, maxLoa, ssoUrl: metadata.ssoUrl, ...(metadata.sloUrl ? { sloUrl: metadata.sloUrl } : {}), signingCerts: metadata.signingCerts };
  }
  const files = [...(entry.signingCertFile ? [entry.signingCertFile] : []), ...(entry.signingCertFiles ?? [])];
  if (!entry.ssoUrl || files.length === 0) {
    problems.push(`${at} needs ssoUrl and signingCertFile (or signingCertFiles during a key rollover)`);
    return undefined;
  }
  const signingCerts = files.flatMap((path) => certificate(path, 'signingCertFiles') ?? []);
  if (signingCerts.length !== files.length) return undefined;
  return { id, name, entityId, maxLoa, ssoUrl: entry.ssoUrl, ...(entry.sloUrl ? { sloUrl: entry.sloUrl } : {}), signingCerts };
}

function readIdpFile(text: string, problems: string[]): IdpEntry[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    problems.push('SAML_IDPS_FILE is not valid JSON');
    return undefined;
  }
  if (!Value.Check(IdpFileSchema, parsed)) {
    const first = [...Value.Errors(IdpFileSchema, parsed)][0];
    problems.push(`SAML_IDPS_FILE: ${first?.path ?? ''} ${first?.message ?? 'invalid'}`);
    return undefined;
  }
  return parsed;
}
