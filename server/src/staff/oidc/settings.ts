import type { BilingualMessage } from '@etjanst/schemas';

/** One OpenID Connect provider staff log in with (a municipality's Entra ID, Keycloak, ...). */
export interface StaffOidcProvider {
  /** Slug in URLs and in the login's provider name `oidc:<id>` (group mappings name it) */
  id: string;
  name: BilingualMessage;
  /** The issuer exactly as in its discovery document and ID tokens */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The ID token claim with the person's groups; Entra ID and Keycloak both call it `groups` */
  groupsClaim: string;
}

export interface StaffOidcSettings {
  providers: StaffOidcProvider[];
  /** Bound on every request to a provider (discovery, keys, token) */
  timeoutSeconds: number;
}

export const DEFAULT_GROUPS_CLAIM = 'groups';
const PROVIDER_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Plain HTTP only to this machine (a simulator or a local test IdP); anything else needs TLS. */
export function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/**
 * STAFF_OIDC_PROVIDERS: a JSON list `[{ id, name: { sv, en }, issuer, clientId, clientSecret,
 * groupsClaim? }]`. Every mistake is reported in `problems`, naming the entry and the field.
 */
export function parseStaffOidcProviders(raw: string | undefined, problems: string[]): StaffOidcProvider[] {
  if (raw === undefined || raw.trim() === '') return [];
  const example = 'e.g. [{"id":"ekdala","name":{"sv":"Ekdala kommun","en":"Ekdala Municipality"},"issuer":"https://login.example.se","clientId":"etjanst","clientSecret":"..."}]';
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch {
    problems.push(`STAFF_OIDC_PROVIDERS must be a JSON list of providers, ${example}`);
    return [];
  }
  if (!Array.isArray(list)) {
    problems.push(`STAFF_OIDC_PROVIDERS must be a JSON list (in [ ]) of providers, ${example}`);
    return [];
  }
  const providers: StaffOidcProvider[] = [];
  const seen = new Set<string>();
  list.forEach((entry: unknown, index) => {
    const at = `STAFF_OIDC_PROVIDERS[${index}]`;
    const fields = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const before = problems.length;
    const id = text(fields.id);
    if (!id || !PROVIDER_ID.test(id)) problems.push(`${at}.id must be a short slug of a-z, 0-9 and -, such as "ekdala", got ${JSON.stringify(fields.id)}`);
    else if (seen.has(id)) problems.push(`${at}.id "${id}" is used by an earlier provider; each needs its own id`);
    const name = (typeof fields.name === 'object' && fields.name !== null ? fields.name : {}) as Record<string, unknown>;
    const sv = text(name.sv);
    const en = text(name.en);
    if (!sv || !en) problems.push(`${at}.name must give the login button's text in Swedish and English: {"sv":"...","en":"..."}`);
    const issuer = text(fields.issuer);
    let issuerUrl: URL | undefined;
    try {
      issuerUrl = issuer ? new URL(issuer) : undefined;
    } catch {
      issuerUrl = undefined;
    }
    if (!issuerUrl || !(issuerUrl.protocol === 'https:' || isLoopbackHttp(issuerUrl)) || issuerUrl.search || issuerUrl.hash) {
      problems.push(`${at}.issuer must be the provider's https:// issuer URL (plain http only on this machine), got ${JSON.stringify(fields.issuer)}`);
    }
    const clientId = text(fields.clientId);
    if (!clientId) problems.push(`${at}.clientId must be the client id the provider gave this platform`);
    const clientSecret = typeof fields.clientSecret === 'string' && fields.clientSecret !== '' ? fields.clientSecret : undefined;
    if (!clientSecret) problems.push(`${at}.clientSecret must be the client secret the provider gave this platform`);
    const groupsClaim = fields.groupsClaim === undefined ? DEFAULT_GROUPS_CLAIM : text(fields.groupsClaim);
    if (!groupsClaim) problems.push(`${at}.groupsClaim must name the ID token claim with the groups (default "groups")`);
    const known = new Set(['id', 'name', 'issuer', 'clientId', 'clientSecret', 'groupsClaim']);
    for (const key of Object.keys(fields)) if (!known.has(key)) problems.push(`${at} has an unknown field "${key}" (known: ${[...known].join(', ')})`);
    if (problems.length > before || !id || !sv || !en || !issuer || !clientId || !clientSecret || !groupsClaim) return;
    seen.add(id);
    providers.push({ id, name: { sv, en }, issuer, clientId, clientSecret, groupsClaim });
  });
  return providers;
}
