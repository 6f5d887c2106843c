import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { LocalizedTextSchema } from '@etjanst/schemas';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { Database } from '../db/tables.js';
import { BankIdClient } from './bankid/client.js';
import { bankIdLoginMethod } from './bankid/plugin.js';
import type { LoginMethodPlugin } from './login-method.js';
import { samlLoginMethods } from './saml/plugin.js';
import type { SessionSettings } from './sessions.js';

const IdpFileSchema = Type.Array(
  Type.Object(
    {
      id: Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$' }),
      name: LocalizedTextSchema,
      entityId: Type.String({ minLength: 1 }),
      ssoUrl: Type.String({ pattern: '^https?://' }),
      sloUrl: Type.Optional(Type.String({ pattern: '^https?://' })),
      signingCertFile: Type.String({ minLength: 1 }),
      maxLoa: Type.Union([Type.Literal(2), Type.Literal(3), Type.Literal(4)]),
    },
    { additionalProperties: false },
  ),
);
type IdpFile = Static<typeof IdpFileSchema>;

/**
 * The real e-ID services, from the environment: BankID (BANKID_URL with the RP certificate and
 * BankID's CA) and SAML federations (SAML_IDPS_FILE listing the IdPs, with our SP keys). The same
 * client code talks to the simulators in demo mode. Missing files or bad values stop the start.
 */
export function productionLoginMethods(
  env: NodeJS.ProcessEnv,
  deps: { db: Kysely<Database>; sessions: SessionSettings; publicUrl: string },
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
    const idps = readIdpFile(file('SAML_IDPS_FILE'), problems);
    const cert = file('SAML_SP_CERT_FILE');
    const key = file('SAML_SP_KEY_FILE');
    if (idps && cert && key) {
      const identityProviders = idps.map(({ signingCertFile, ...idp }) => ({ ...idp, signingCert: readFileSync(signingCertFile, 'utf8') }));
      plugins.push(
        ...samlLoginMethods({
          ...deps,
          sp: { entityId: env.SAML_SP_ENTITY_ID ?? `${deps.publicUrl}/api/saml/sp`, baseUrl: deps.publicUrl, signing: { cert, key }, identityProviders },
        }),
      );
    }
  }
  if (problems.length > 0) throw new Error(`Invalid e-ID configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return plugins;
}

function readIdpFile(text: string | undefined, problems: string[]): IdpFile | undefined {
  if (text === undefined) return undefined;
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
