import type { Response } from 'express';
import type { Kysely } from 'kysely';
import { bilingual } from '@etjanst/schemas';
import { recordAudit } from '../../audit/audit-log.js';
import type { Database } from '../../db/tables.js';
import { staff } from '../../http/access.js';
import { pathParam } from '../../http/context.js';
import { route, type RouteDeclaration } from '../../http/route-table.js';
import { json, jsonBody, list, localized, param, problems } from '../../openapi/operations.js';
import { conflict, notFound, unprocessable } from '../../problems/problem.js';
import { loggedOutUrl } from '../oidc/logout.js';
import { callbackUrl } from '../oidc/plugin.js';
import { requireRecentLogin } from '../recent-login.js';
import { staffSamlEndpoints } from '../saml/plugin.js';
import { staffActor, staffOf, type StaffPrincipal, type StaffSessionSettings } from '../sessions.js';
import type { CatalogueEntry, IdentityProviderCatalogue } from './catalogue.js';
import { parseIdentityProvider } from './input.js';
import { deleteStoredProvider, findStoredProvider, insertStoredProvider, replaceStoredProvider, type IdentityProviderSettings, type ProviderToStore } from './stored.js';

const PLATFORM_ADMIN = staff('installation', 'platform-admin');

/**
 * A provider as platform administrators see it: where it comes from, whether it may be changed
 * here, and what to register at the provider (our redirect URI, or our SP metadata). Never its
 * client secret.
 */
function view(provider: CatalogueEntry, publicUrl: string) {
  const { settings } = provider;
  const endpoints =
    settings.kind === 'oidc'
      ? { redirectUri: callbackUrl(publicUrl, provider.id), postLogoutRedirectUri: loggedOutUrl(publicUrl, provider.id) }
      : { spMetadataUrl: staffSamlEndpoints(publicUrl, provider.id).metadata, acsUrl: staffSamlEndpoints(publicUrl, provider.id).acs };
  return {
    id: provider.id,
    kind: settings.kind,
    name: provider.name,
    origin: provider.origin,
    editable: provider.origin === 'database',
    inEffect: provider.inEffect,
    loginMethod: provider.loginMethod,
    ...settingsView(settings),
    ...endpoints,
    ...(provider.updatedAt ? { updatedAt: provider.updatedAt.toISOString(), updatedBy: provider.updatedBy } : {}),
  };
}

const settingsView = ({ kind: _kind, ...shown }: IdentityProviderSettings) => shown;

/** What an audit row says of a provider: enough to know which, never a secret or a whole certificate. */
const audited = (settings: IdentityProviderSettings) =>
  settings.kind === 'oidc'
    ? { issuer: settings.issuer, clientId: settings.clientId, groupsClaim: settings.groupsClaim }
    : { entityId: settings.entityId, ssoUrl: settings.ssoUrl, ...(settings.sloUrl ? { sloUrl: settings.sloUrl } : {}), signingCerts: settings.signingCerts.length };

/** JSON with object keys sorted: the database's jsonb keeps its own key order. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));

/** The top-level settings a replacement changed (names only). */
function changedFields(before: { name: unknown; settings: IdentityProviderSettings }, after: ProviderToStore): string[] {
  const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);
  const was: Record<string, unknown> = { ...before.settings };
  const is: Record<string, unknown> = { ...after.settings };
  const keys = new Set([...Object.keys(was), ...Object.keys(is)]);
  return [...(same(before.name, after.name) ? [] : ['name']), ...[...keys].filter((key) => !same(was[key], is[key]))];
}

/**
 * The accounts of a provider's logins are keyed on its id and the person's subject there. Another
 * issuer (or SAML entity) under the same id could name any subject, and so take over the accounts
 * and their manual roles: the issuer stays, and a new one is a new provider.
 */
function refuseNewIdentity(before: IdentityProviderSettings, after: IdentityProviderSettings, body: unknown): void {
  const [was, is, field] =
    before.kind === 'oidc' && after.kind === 'oidc'
      ? [before.issuer, after.issuer, 'issuer']
      : before.kind === 'saml' && after.kind === 'saml'
        ? [before.entityId, after.entityId, (body as Record<string, unknown>).metadataXml ? 'metadataXml' : 'entityId']
        : ['', '', ''];
  if (was === is) return;
  throw unprocessable(
    `${field}-invalid`,
    bilingual(
      `Utfärdaren (${was}) kan inte bytas: kontona är knutna till den. Ta bort inloggningstjänsten och lägg till en ny för ${is}.`,
      `The issuer (${was}) cannot be changed: the accounts are tied to it. Remove the identity provider and add a new one for ${is}.`,
    ),
    { field },
  );
}

/**
 * A removed provider's logins end: its sessions, the accounts' ties to it (so that a provider
 * added later under the same id cannot take them over), the roles its groups gave and the
 * municipalities' mappings of its groups.
 */
async function unlinkLogins(db: Kysely<Database>, loginMethod: string): Promise<{ mappings: number; logins: number; sessions: number }> {
  const mappings = await db.deleteFrom('staff_group_mappings').where('provider', '=', loginMethod).executeTakeFirst();
  await db.deleteFrom('staff_role_grants').where('source', '=', 'group').where('granted_by', '=', loginMethod).execute();
  const logins = await db.deleteFrom('staff_logins').where('provider', '=', loginMethod).executeTakeFirst();
  const sessions = await db.updateTable('staff_sessions').set({ ended_at: new Date() }).where('method', '=', loginMethod).where('ended_at', 'is', null).executeTakeFirst();
  return { mappings: Number(mappings.numDeletedRows), logins: Number(logins.numDeletedRows), sessions: Number(sessions.numUpdatedRows) };
}

const providerNotFound = () => notFound(bilingual('Inloggningstjänsten', 'The identity provider'));

const fromConfiguration = (id: string) =>
  conflict(
    'identity-provider-from-configuration',
    bilingual(
      `Inloggningstjänsten ”${id}” kommer från plattformens konfiguration och kan bara ändras där (STAFF_OIDC_PROVIDERS eller STAFF_SAML_IDPS).`,
      `The identity provider “${id}” comes from the platform’s configuration and can only be changed there (STAFF_OIDC_PROVIDERS or STAFF_SAML_IDPS).`,
    ),
    { field: 'id' },
  );

const idTaken = (id: string) =>
  conflict('identity-provider-id-taken', bilingual(`Det finns redan en inloggningstjänst med id ”${id}”. Välj ett annat id.`, `There is already an identity provider with the id “${id}”. Choose another id.`), { field: 'id' });

const kindUnavailable = () =>
  unprocessable(
    'kind-invalid',
    bilingual(
      'Plattformen har ingen SAML-tjänsteleverantör för personal. Ange STAFF_SAML_SP_CERT_FILE och STAFF_SAML_SP_KEY_FILE i konfigurationen först.',
      'The platform has no SAML service provider for staff. Set STAFF_SAML_SP_CERT_FILE and STAFF_SAML_SP_KEY_FILE in the configuration first.',
    ),
    { field: 'kind' },
  );

const provider = {
  type: 'object',
  required: ['id', 'kind', 'name', 'origin', 'editable', 'inEffect', 'loginMethod'],
  properties: {
    id: { type: 'string' },
    kind: { enum: ['oidc', 'saml'] },
    name: localized,
    origin: { enum: ['configuration', 'database'], description: 'configuration: read-only here' },
    editable: { type: 'boolean' },
    inEffect: { type: 'boolean', description: 'false: a stored provider whose id the configuration took, or of a kind this installation cannot log in with' },
    loginMethod: { type: 'string', description: 'oidc:<id> or saml:<id>, which group mappings name' },
    issuer: { type: 'string' },
    clientId: { type: 'string' },
    groupsClaim: { type: 'string' },
    redirectUri: { type: 'string', description: 'OIDC: the redirect URI to register at the provider' },
    postLogoutRedirectUri: { type: 'string', description: 'OIDC: the post-logout redirect URI to register at the provider (single logout)' },
    entityId: { type: 'string' },
    ssoUrl: { type: 'string' },
    sloUrl: { type: 'string', description: 'SAML: the IdP’s SingleLogoutService, from its metadata or logoutUrl; none: logging out stays on the platform' },
    signingCerts: { type: 'array', items: { type: 'string' } },
    nameIdFormat: { type: 'string' },
    attributes: { type: 'object' },
    spMetadataUrl: { type: 'string', description: 'SAML: our metadata for the IdP' },
    acsUrl: { type: 'string' },
    updatedAt: { type: 'string', format: 'date-time' },
    updatedBy: { type: 'string' },
  },
};
const providerBody = jsonBody({
  type: 'object',
  required: ['kind', 'name'],
  description: 'OIDC: issuer, clientId, clientSecret (write-only; on replace leave it out to keep the stored one), groupsClaim. SAML: metadataXml, or entityId, ssoUrl, signingCerts and optionally logoutUrl; nameIdFormat, attributes.',
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,39}$' },
    kind: { enum: ['oidc', 'saml'] },
    name: localized,
    issuer: { type: 'string', format: 'uri' },
    clientId: { type: 'string' },
    clientSecret: { type: 'string', writeOnly: true },
    groupsClaim: { type: 'string', default: 'groups' },
    metadataXml: { type: 'string' },
    entityId: { type: 'string' },
    ssoUrl: { type: 'string', format: 'uri' },
    logoutUrl: { type: 'string', format: 'uri', description: 'SAML, given field by field: the IdP’s single logout service (https; plain http only to this machine). Without it logging out stays on the platform' },
    signingCerts: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 4 },
    nameIdFormat: { type: 'string' },
    attributes: { type: 'object', properties: { subject: { type: 'string' }, displayName: { type: 'string' }, email: { type: 'string' }, groups: { type: 'array', items: { type: 'string' } } } },
  },
});
const ID = param('id', 'The identity provider’s id (slug)');
const tags = ['identity providers'];

/**
 * Mounted at /api/staff/identity-providers: the installation's staff identity providers for
 * platform administrators. Those of the configuration are listed read-only; stored ones are
 * created, replaced and removed here, each change audited and asking for a recent login. A
 * stored provider takes effect at its next login; its client secret is write-only.
 */
export function identityProviderRoutes(deps: {
  db: Kysely<Database>;
  catalogue: IdentityProviderCatalogue;
  publicUrl: string;
  settings: Pick<StaffSessionSettings, 'reauthenticateSeconds'>;
  /** DELIVERY_SECRET: OIDC client secrets are stored sealed under it */
  sealingKey: string | undefined;
}): RouteDeclaration[] {
  const { db, catalogue, publicUrl, sealingKey } = deps;
  const recentLogin = requireRecentLogin(deps.settings);
  const actor = (res: Response) => staffActor(staffOf(res) as StaffPrincipal);
  const entry = async (id: string, trx: Kysely<Database> = db) => {
    const found = (await catalogue.list(trx)).find((candidate) => candidate.id === id);
    if (!found) throw providerNotFound();
    return found;
  };

  return [
    route(
      'get',
      '/',
      PLATFORM_ADMIN,
      'The staff identity providers: those of the configuration (read-only) and those stored here',
      async (_req, res) => {
        res.set('Cache-Control', 'no-store').json({ items: (await catalogue.list()).map((p) => view(p, publicUrl)), kinds: [...catalogue.kinds] });
      },
      { tags, operation: { responses: { 200: json({ ...list(provider), properties: { ...list(provider).properties, kinds: { type: 'array', items: { enum: ['oidc', 'saml'] }, description: 'The kinds providers may be added of' } } }), ...problems(401, 403) } } },
    ),

    route('get', '/:id', PLATFORM_ADMIN, 'One staff identity provider', async (req, res) => {
      res.set('Cache-Control', 'no-store').json(view(await entry(pathParam(req, 'id')), publicUrl));
    }, { tags, operation: { parameters: [ID], responses: { 200: json(provider), ...problems(401, 403, 404) } } }),

    route(
      'post',
      '/',
      PLATFORM_ADMIN,
      'Store a staff identity provider (OIDC or SAML); logins go through it from now on',
      [
        recentLogin,
        async (req, res) => {
          const input = parseIdentityProvider(req.body);
          if (!catalogue.kinds.has(input.settings.kind)) throw kindUnavailable();
          if (catalogue.isConfigured(input.id)) throw idTaken(input.id);
          const by = actor(res);
          await db.transaction().execute(async (trx) => {
            if (await findStoredProvider(trx, input.id)) throw idTaken(input.id);
            await insertStoredProvider(trx, input, by, sealingKey);
            // a new provider starts afresh: ties left by one of the configuration under this id are undone
            const leftover = await unlinkLogins(trx, `${input.settings.kind}:${input.id}`);
            await recordAudit(trx, {
              municipalityId: null,
              actor: by,
              action: 'identity-provider.created',
              subjectType: 'identity-provider',
              subjectId: `${input.settings.kind}:${input.id}`,
              details: { kind: input.settings.kind, name: input.name, ...audited(input.settings), ...(leftover.logins > 0 || leftover.mappings > 0 ? { loginsUnlinked: leftover.logins, groupMappingsRemoved: leftover.mappings } : {}) },
            });
          });
          req.log.info({ identityProvider: input.id, kind: input.settings.kind, actor: by }, 'staff identity provider stored');
          res.status(201).json(view(await entry(input.id), publicUrl));
        },
      ],
      { tags, operation: { requestBody: providerBody, responses: { 201: json(provider, 'Stored'), ...problems(400, 401, 403, 409, 415, 422) } } },
    ),

    route(
      'put',
      '/:id',
      PLATFORM_ADMIN,
      'Replace a stored staff identity provider (its id and kind stay; without clientSecret the stored secret is kept)',
      [
        recentLogin,
        async (req, res) => {
          const id = pathParam(req, 'id');
          if (catalogue.isConfigured(id)) throw fromConfiguration(id);
          const by = actor(res);
          await db.transaction().execute(async (trx) => {
            const stored = await trx.selectFrom('staff_identity_providers').select(['kind']).where('id', '=', id).forUpdate().executeTakeFirst();
            if (!stored) throw providerNotFound();
            const before = (await findStoredProvider(trx, id))!;
            const input = parseIdentityProvider(req.body, { id, kind: stored.kind });
            refuseNewIdentity(before.settings, input.settings, req.body);
            await replaceStoredProvider(trx, input, by, sealingKey);
            await recordAudit(trx, {
              municipalityId: null,
              actor: by,
              action: 'identity-provider.replaced',
              subjectType: 'identity-provider',
              subjectId: `${stored.kind}:${id}`,
              details: { kind: stored.kind, changed: changedFields(before, input), clientSecretReplaced: input.clientSecret !== undefined, ...audited(input.settings) },
            });
          });
          req.log.info({ identityProvider: id, actor: by }, 'staff identity provider replaced');
          res.json(view(await entry(id), publicUrl));
        },
      ],
      { tags, operation: { parameters: [ID], requestBody: providerBody, responses: { 200: json(provider, 'Replaced'), ...problems(400, 401, 403, 404, 409, 415, 422) } } },
    ),

    route(
      'delete',
      '/:id',
      PLATFORM_ADMIN,
      'Remove a stored staff identity provider: its logins end, its group mappings and the roles they gave go, and no account stays tied to it',
      [
        recentLogin,
        async (req, res) => {
          const id = pathParam(req, 'id');
          if (catalogue.isConfigured(id)) throw fromConfiguration(id);
          const by = actor(res);
          await db.transaction().execute(async (trx) => {
            const stored = await findStoredProvider(trx, id);
            if (!stored || !(await deleteStoredProvider(trx, id))) throw providerNotFound();
            const { mappings, logins, sessions } = await unlinkLogins(trx, `${stored.settings.kind}:${id}`);
            await recordAudit(trx, {
              municipalityId: null,
              actor: by,
              action: 'identity-provider.deleted',
              subjectType: 'identity-provider',
              subjectId: `${stored.settings.kind}:${id}`,
              details: { kind: stored.settings.kind, name: stored.name, groupMappingsRemoved: mappings, loginsUnlinked: logins, sessionsEnded: sessions },
            });
          });
          req.log.info({ identityProvider: id, actor: by }, 'staff identity provider removed');
          res.status(204).end();
        },
      ],
      { tags, operation: { parameters: [ID], responses: { 204: { description: 'Removed' }, ...problems(401, 403, 404, 409) } } },
    ),
  ];
}
