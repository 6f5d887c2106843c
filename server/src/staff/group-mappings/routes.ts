import type { Response } from 'express';
import type { Kysely } from 'kysely';
import { bilingual, DEPARTMENT_ROLES, isUuid, type GroupMapping, type StaffRole } from '@etjanst/schemas';
import { recordAudit } from '../../audit/audit-log.js';
import { objectBody } from '../../cases/status.js';
import type { Database } from '../../db/tables.js';
import { staff, type AccessPolicy } from '../../http/access.js';
import { pathParam, tenantOf } from '../../http/context.js';
import { route, type RouteDeclaration } from '../../http/route-table.js';
import { json, jsonBody, list, localized, param, problems } from '../../openapi/operations.js';
import { conflict, notFound, unprocessable } from '../../problems/problem.js';
import type { IdentityProviderCatalogue } from '../identity-providers/catalogue.js';
import { requireRecentLogin } from '../recent-login.js';
import { MUNICIPALITY_ROLES, parseMunicipalRole } from '../role-scope.js';
import { staffActor, staffOf, type StaffPrincipal, type StaffSessionSettings } from '../sessions.js';

const MAX_GROUP = 256;

/**
 * Where mappings give roles: in one municipality (its administrators map groups to its roles),
 * or in the installation (platform administrators map groups to the platform administrator role).
 */
interface MappingScope {
  access: AccessPolicy;
  /** The municipality the request is about, or null for the installation */
  municipalityOf: (res: Response) => string | null;
  fields: readonly string[];
  roles: readonly StaffRole[];
  /** The role and department of the request's body, checked */
  roleOf: (db: Kysely<Database>, municipalityId: string | null, input: Record<string, unknown>) => Promise<{ role: StaffRole; departmentId: string | null }>;
  /** "in the municipality", as the messages say it */
  where: { sv: string; en: string };
}

const MUNICIPALITY_SCOPE: MappingScope = {
  access: staff('municipality', 'municipality-admin'),
  municipalityOf: (res) => tenantOf(res).municipalityId,
  fields: ['provider', 'group', 'role', 'departmentId'],
  roles: MUNICIPALITY_ROLES,
  roleOf: (db, municipalityId, input) => parseMunicipalRole(db, municipalityId!, input.role, input.departmentId),
  where: { sv: 'i kommunen', en: 'in the municipality' },
};

const INSTALLATION_SCOPE: MappingScope = {
  access: staff('installation', 'platform-admin'),
  municipalityOf: () => null,
  fields: ['provider', 'group', 'role'],
  roles: ['platform-admin'],
  roleOf: async (_db, _municipalityId, input) => {
    if (input.role !== undefined && input.role !== 'platform-admin') {
      throw unprocessable(
        'role-invalid',
        bilingual('Här kopplas grupper bara till rollen plattformsadministratör; kommunernas roller kopplas på kommunens personalsida.', 'Here groups map to the platform administrator role only; the municipalities’ roles are mapped on each municipality’s staff page.'),
        { field: 'role' },
      );
    }
    return { role: 'platform-admin', departmentId: null };
  },
  where: { sv: 'på plattformen', en: 'on the platform' },
};

async function mappingsOf(db: Kysely<Database>, municipalityId: string | null): Promise<GroupMapping[]> {
  const rows = await db
    .selectFrom('staff_group_mappings')
    .select(['id', 'provider', 'group_name', 'role', 'department_id', 'created_at'])
    .where('municipality_id', municipalityId === null ? 'is' : '=', municipalityId)
    .orderBy('provider')
    .orderBy('group_name')
    .orderBy('role')
    .orderBy('department_id')
    .execute();
  return rows.map((r) => ({ id: r.id, provider: r.provider, group: r.group_name, role: r.role, departmentId: r.department_id, createdAt: r.created_at.toISOString() }));
}

const mappingExists = (scope: MappingScope) =>
  conflict('group-mapping-exists', bilingual(`Gruppen ger redan den rollen ${scope.where.sv}.`, `The group already gives that role ${scope.where.en}.`), { field: 'group' });

const mappingSchema = (scope: MappingScope) => ({
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    provider: { type: 'string', description: 'oidc:<id> or saml:<id>' },
    group: { type: 'string' },
    role: { enum: scope.roles },
    departmentId: { type: ['string', 'null'] },
    createdAt: { type: 'string', format: 'date-time' },
  },
});
const providerOption = { type: 'object', properties: { provider: { type: 'string' }, kind: { enum: ['oidc', 'saml'] }, name: localized, inEffect: { type: 'boolean' } } };
const tags = ['admin'];

type GroupMappingDependencies = { db: Kysely<Database>; catalogue: IdentityProviderCatalogue; settings: Pick<StaffSessionSettings, 'reauthenticateSeconds'> };

/**
 * Mounted at /api/municipalities/:municipality/group-mappings: which groups at which identity
 * provider give which roles in the municipality, for its administrators. A mapping applies at
 * the next login through that provider (the login replaces the person's group roles with what
 * the mappings give); adding and removing ask for a recent login and are audited.
 */
export const groupMappingRoutes = (deps: GroupMappingDependencies) => mappingRoutes(deps, MUNICIPALITY_SCOPE);

/** Mounted at /api/staff/group-mappings: the groups that make someone a platform administrator, for platform administrators. */
export const platformGroupMappingRoutes = (deps: GroupMappingDependencies) => mappingRoutes(deps, INSTALLATION_SCOPE);

function mappingRoutes(deps: GroupMappingDependencies, scope: MappingScope): RouteDeclaration[] {
  const { db, catalogue } = deps;
  const recentLogin = requireRecentLogin(deps.settings);
  const ADMIN = scope.access;
  const mapping = mappingSchema(scope);
  const actor = (res: Response) => staffActor(staffOf(res) as StaffPrincipal);
  return [
    route(
      'get',
      '/',
      ADMIN,
      `The group mappings ${scope.where.en}, and the identity providers a mapping may name`,
      async (_req, res) => {
        const providers = (await catalogue.list()).map((p) => ({ provider: p.loginMethod, kind: p.settings.kind, name: p.name, inEffect: p.inEffect }));
        res.set('Cache-Control', 'no-store').json({ items: await mappingsOf(db, scope.municipalityOf(res)), providers });
      },
      { tags, operation: { responses: { 200: json({ ...list(mapping), properties: { ...list(mapping).properties, providers: { type: 'array', items: providerOption } } }), ...problems(401, 403) } } },
    ),

    route(
      'post',
      '/',
      ADMIN,
      `Map a group at an identity provider to a role ${scope.where.en} (from the next login through it)`,
      [
        recentLogin,
        async (req, res) => {
          const municipalityId = scope.municipalityOf(res);
          const input = objectBody(req.body);
          const fields = scope.fields;
          const unknown = Object.keys(input).find((key) => !fields.includes(key));
          if (unknown) throw unprocessable(`${unknown}-invalid`, bilingual(`Okänt fält ”${unknown}”. Möjliga: ${fields.join(', ')}.`, `Unknown field “${unknown}”. Possible: ${fields.join(', ')}.`), { field: unknown });
          const provider = typeof input.provider === 'string' ? await catalogue.byLoginMethod(input.provider) : undefined;
          if (!provider) {
            throw unprocessable(
              'provider-invalid',
              bilingual(`Inloggningstjänsten ”${String(input.provider ?? '')}” finns inte. Välj en av plattformens inloggningstjänster.`, `The identity provider “${String(input.provider ?? '')}” does not exist. Choose one of the platform’s identity providers.`),
              { field: 'provider' },
            );
          }
          const group = typeof input.group === 'string' ? input.group.trim() : '';
          if (group === '' || group.length > MAX_GROUP) {
            throw unprocessable(
              'group-invalid',
              bilingual(`Ange gruppens namn eller id som inloggningstjänsten skickar det (1–${MAX_GROUP} tecken).`, `Give the group’s name or id as the identity provider sends it (1–${MAX_GROUP} characters).`),
              { field: 'group' },
            );
          }
          const { role, departmentId } = await scope.roleOf(db, municipalityId, input);
          const created = await db.transaction().execute(async (trx) => {
            const row = await trx
              .insertInto('staff_group_mappings')
              .values({ provider: provider.loginMethod, group_name: group, role, municipality_id: municipalityId, department_id: departmentId })
              .onConflict((oc) => oc.doNothing())
              .returning(['id', 'created_at'])
              .executeTakeFirst();
            if (!row) throw mappingExists(scope);
            await recordAudit(trx, {
              municipalityId,
              actor: actor(res),
              action: 'group-mapping.created',
              subjectType: 'group-mapping',
              subjectId: row.id,
              details: { provider: provider.loginMethod, group, role, departmentId },
            });
            return { id: row.id, provider: provider.loginMethod, group, role, departmentId, createdAt: row.created_at.toISOString() } satisfies GroupMapping;
          });
          res.status(201).json(created);
        },
      ],
      {
        tags,
        operation: {
          requestBody: jsonBody({
            type: 'object',
            required: scope === INSTALLATION_SCOPE ? ['provider', 'group'] : ['provider', 'group', 'role'],
            properties: {
              provider: { type: 'string', description: 'oidc:<id> or saml:<id>, as GET lists them' },
              group: { type: 'string', maxLength: MAX_GROUP, description: 'The group as the provider sends it (an AD group, an Entra ID object id, a groups claim value)' },
              role: { enum: scope.roles },
              ...(scope.fields.includes('departmentId') ? { departmentId: { type: ['string', 'null'], description: `Only for ${DEPARTMENT_ROLES.join(', ')}; none: every department` } } : {}),
            },
          }),
          responses: { 201: json(mapping, 'Mapped'), ...problems(400, 401, 403, 409, 415, 422) },
        },
      },
    ),

    route(
      'delete',
      '/:id',
      ADMIN,
      'Remove a group mapping (the roles it gave go at the next login through its provider)',
      [
        recentLogin,
        async (req, res) => {
          const municipalityId = scope.municipalityOf(res);
          const id = pathParam(req, 'id');
          await db.transaction().execute(async (trx) => {
            const removed = isUuid(id)
              ? await trx
                  .deleteFrom('staff_group_mappings')
                  .where('id', '=', id)
                  .where('municipality_id', municipalityId === null ? 'is' : '=', municipalityId)
                  .returning(['provider', 'group_name', 'role', 'department_id'])
                  .executeTakeFirst()
              : undefined;
            if (!removed) throw notFound(bilingual('Gruppkopplingen', 'The group mapping'));
            await recordAudit(trx, {
              municipalityId,
              actor: actor(res),
              action: 'group-mapping.deleted',
              subjectType: 'group-mapping',
              subjectId: id,
              details: { provider: removed.provider, group: removed.group_name, role: removed.role, departmentId: removed.department_id },
            });
          });
          res.status(204).end();
        },
      ],
      { tags, operation: { parameters: [param('id', 'Group mapping id (UUID)', { type: 'string', format: 'uuid' })], responses: { 204: { description: 'Removed' }, ...problems(401, 403, 404) } } },
    ),
  ];
}
