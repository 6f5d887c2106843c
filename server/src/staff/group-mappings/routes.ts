import type { Kysely } from 'kysely';
import { bilingual, DEPARTMENT_ROLES, isUuid, type GroupMapping, type StaffRole } from '@etjanst/schemas';
import { recordAudit } from '../../audit/audit-log.js';
import { objectBody } from '../../cases/status.js';
import type { Database } from '../../db/tables.js';
import { staff } from '../../http/access.js';
import { pathParam, tenantOf } from '../../http/context.js';
import { route, type RouteDeclaration } from '../../http/route-table.js';
import { json, jsonBody, list, localized, param, problems } from '../../openapi/operations.js';
import { conflict, notFound, unprocessable } from '../../problems/problem.js';
import type { IdentityProviderCatalogue } from '../identity-providers/catalogue.js';
import { requireRecentLogin } from '../recent-login.js';
import { MUNICIPALITY_ROLES, parseMunicipalRole } from '../role-scope.js';
import type { StaffSessionSettings } from '../sessions.js';

const ADMIN = staff('municipality', 'municipality-admin');
const MAX_GROUP = 256;
const FIELDS = ['provider', 'group', 'role', 'departmentId'];


async function mappingsOf(db: Kysely<Database>, municipalityId: string): Promise<GroupMapping[]> {
  const rows = await db
    .selectFrom('staff_group_mappings')
    .select(['id', 'provider', 'group_name', 'role', 'department_id', 'created_at'])
    .where('municipality_id', '=', municipalityId)
    .orderBy('provider')
    .orderBy('group_name')
    .orderBy('role')
    .orderBy('department_id')
    .execute();
  return rows.map((r) => ({ id: r.id, provider: r.provider, group: r.group_name, role: r.role, departmentId: r.department_id, createdAt: r.created_at.toISOString() }));
}

const mappingExists = () =>
  conflict('group-mapping-exists', bilingual('Gruppen ger redan den rollen i kommunen.', 'The group already gives that role in the municipality.'), { field: 'group' });

const mapping = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    provider: { type: 'string', description: 'oidc:<id> or saml:<id>' },
    group: { type: 'string' },
    role: { enum: MUNICIPALITY_ROLES },
    departmentId: { type: ['string', 'null'] },
    createdAt: { type: 'string', format: 'date-time' },
  },
};
const providerOption = { type: 'object', properties: { provider: { type: 'string' }, kind: { enum: ['oidc', 'saml'] }, name: localized, inEffect: { type: 'boolean' } } };
const tags = ['admin'];

/**
 * Mounted at /api/municipalities/:municipality/group-mappings: which groups at which identity
 * provider give which roles in the municipality, for its administrators. A mapping applies at
 * the next login through that provider (the login replaces the person's group roles with what
 * the mappings give); adding and removing ask for a recent login and are audited.
 */
export function groupMappingRoutes(deps: { db: Kysely<Database>; catalogue: IdentityProviderCatalogue; settings: Pick<StaffSessionSettings, 'reauthenticateSeconds'> }): RouteDeclaration[] {
  const { db, catalogue } = deps;
  const recentLogin = requireRecentLogin(deps.settings);
  return [
    route(
      'get',
      '/',
      ADMIN,
      'The group mappings of the municipality, and the identity providers a mapping may name',
      async (_req, res) => {
        const providers = (await catalogue.list()).map((p) => ({ provider: p.loginMethod, kind: p.settings.kind, name: p.name, inEffect: p.inEffect }));
        res.set('Cache-Control', 'no-store').json({ items: await mappingsOf(db, tenantOf(res).municipalityId), providers });
      },
      { tags, operation: { responses: { 200: json({ ...list(mapping), properties: { ...list(mapping).properties, providers: { type: 'array', items: providerOption } } }), ...problems(401, 403) } } },
    ),

    route(
      'post',
      '/',
      ADMIN,
      'Map a group at an identity provider to a role in the municipality (from the next login through it)',
      [
        recentLogin,
        async (req, res) => {
          const ctx = tenantOf(res);
          const input = objectBody(req.body);
          const unknown = Object.keys(input).find((key) => !FIELDS.includes(key));
          if (unknown) throw unprocessable(`${unknown}-invalid`, bilingual(`Okänt fält ”${unknown}”. Möjliga: ${FIELDS.join(', ')}.`, `Unknown field “${unknown}”. Possible: ${FIELDS.join(', ')}.`), { field: unknown });
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
          const { role, departmentId } = await parseMunicipalRole(db, ctx.municipalityId, input.role, input.departmentId);
          const created = await db.transaction().execute(async (trx) => {
            const row = await trx
              .insertInto('staff_group_mappings')
              .values({ provider: provider.loginMethod, group_name: group, role, municipality_id: ctx.municipalityId, department_id: departmentId })
              .onConflict((oc) => oc.doNothing())
              .returning(['id', 'created_at'])
              .executeTakeFirst();
            if (!row) throw mappingExists();
            await recordAudit(trx, {
              municipalityId: ctx.municipalityId,
              actor: ctx.actor,
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
            required: ['provider', 'group', 'role'],
            properties: {
              provider: { type: 'string', description: 'oidc:<id> or saml:<id>, as GET lists them' },
              group: { type: 'string', maxLength: MAX_GROUP, description: 'The group as the provider sends it (an AD group, an Entra ID object id, a groups claim value)' },
              role: { enum: MUNICIPALITY_ROLES },
              departmentId: { type: ['string', 'null'], description: `Only for ${DEPARTMENT_ROLES.join(', ')}; none: every department` },
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
          const ctx = tenantOf(res);
          const id = pathParam(req, 'id');
          await db.transaction().execute(async (trx) => {
            const removed = isUuid(id)
              ? await trx.deleteFrom('staff_group_mappings').where('id', '=', id).where('municipality_id', '=', ctx.municipalityId).returning(['provider', 'group_name', 'role', 'department_id']).executeTakeFirst()
              : undefined;
            if (!removed) throw notFound(bilingual('Gruppkopplingen', 'The group mapping'));
            await recordAudit(trx, {
              municipalityId: ctx.municipalityId,
              actor: ctx.actor,
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
