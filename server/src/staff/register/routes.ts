import type { Kysely } from 'kysely';
import { bilingual, isUuid, type StaffRole } from '@etjanst/schemas';
import { recordAudit } from '../../audit/audit-log.js';
import { objectBody } from '../../cases/status.js';
import type { Database } from '../../db/tables.js';
import { staff } from '../../http/access.js';
import { pathParam, tenantOf } from '../../http/context.js';
import { route, type RouteDeclaration } from '../../http/route-table.js';
import { parsePersonalIdentityNumber } from '../../identity/personal-identity-number.js';
import { json, jsonBody, list, object, param, problems } from '../../openapi/operations.js';
import { conflict, notFound, unprocessable } from '../../problems/problem.js';
import { addGrant, countRoleHolders } from '../accounts.js';
import { requireRecentLogin } from '../recent-login.js';
import { MUNICIPALITY_ROLES, parseMunicipalRole } from '../role-scope.js';
import type { StaffSessionSettings } from '../sessions.js';
import { enrolPerson, listRegister, type RegisterMember, type RegisterPerson } from './register.js';

const ADMIN = staff('municipality', 'municipality-admin');
const EMAIL = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;

interface NewGrantInput extends RegisterPerson {
  role: StaffRole;
  departmentId: string | null;
}

async function parseNewGrant(db: Kysely<Database>, municipalityId: string, body: unknown): Promise<NewGrantInput> {
  const input = objectBody(body);
  const personalIdentityNumber = parsePersonalIdentityNumber(input.personalIdentityNumber);
  const { name, email, role, departmentId } = input;
  if (typeof name !== 'string' || name.trim().length === 0 || name.length > 200) throw unprocessable('name-invalid', bilingual('Ange namnet (högst 200 tecken).', 'Give the name (at most 200 characters).'), { field: 'name' });
  if (typeof email !== 'string' || !EMAIL.test(email.trim())) throw unprocessable('email-invalid', bilingual('Ange en giltig e-postadress.', 'Give a valid e-mail address.'), { field: 'email' });
  const scope = await parseMunicipalRole(db, municipalityId, role, departmentId);
  return { personalIdentityNumber, name: name.trim(), email: email.trim(), ...scope };
}

const lastAdministrator = () =>
  conflict(
    'last-municipality-admin',
    bilingual('Kommunen måste ha minst en kommunadministratör. Ge rollen till någon annan innan du tar bort den här.', 'The municipality must keep at least one municipality administrator. Give the role to someone else before removing this one.'),
  );

const grantFromGroup = () =>
  conflict(
    'grant-from-group',
    bilingual('Rollen kommer från en grupp i identitetstjänsten och ges igen vid nästa inloggning. Ändra gruppkopplingen i stället.', 'The role comes from a group at the identity provider and is given again at the next login. Change the group mapping instead.'),
  );

/**
 * Mounted at /api/municipalities/:municipality/staff: the staff register, for the municipality's
 * administrators only (it shows personal identity numbers). Giving and taking roles asks for a
 * recent login; every change is in the audit log with the administrator as actor.
 */
export function staffRegisterRoutes(deps: { db: Kysely<Database>; settings: Pick<StaffSessionSettings, 'reauthenticateSeconds'> }): RouteDeclaration[] {
  const { db } = deps;
  const recentLogin = requireRecentLogin(deps.settings);
  const member = async (municipalityId: string, accountId: string): Promise<RegisterMember> => {
    const [found] = await listRegister(db, municipalityId, accountId);
    if (!found) throw notFound(bilingual('Personen i personalregistret', 'The staff member'));
    return found;
  };

  return [
    route('get', '/', ADMIN, 'The staff register: everyone with a role in the municipality and their roles there', async (_req, res) => {
      res.set('Cache-Control', 'no-store').json({ items: await listRegister(db, tenantOf(res).municipalityId) });
    }, { tags: ['admin'], operation: { responses: { 200: json(list(object)), ...problems(401, 403) } } }),

    route(
      'post',
      '/',
      ADMIN,
      'Give a person (by e-ID) a role in the municipality; their account is created on first grant',
      [
        recentLogin,
        async (req, res) => {
          const ctx = tenantOf(res);
          const input = await parseNewGrant(db, ctx.municipalityId, req.body);
          const accountId = await db.transaction().execute(async (trx) => {
            const { account, created } = await enrolPerson(trx, input);
            await addGrant(trx, account.id, { role: input.role, municipalityId: ctx.municipalityId, departmentId: input.departmentId, source: 'manual', grantedBy: ctx.actor });
            await recordAudit(trx, {
              municipalityId: ctx.municipalityId,
              actor: ctx.actor,
              action: 'staff.role-granted',
              subjectType: 'staff-member',
              subjectId: account.id,
              details: { role: input.role, departmentId: input.departmentId, accountCreated: created },
            });
            return account.id;
          });
          res.status(201).json(await member(ctx.municipalityId, accountId));
        },
      ],
      {
        tags: ['admin'],
        operation: {
          requestBody: jsonBody({
            type: 'object',
            required: ['personalIdentityNumber', 'name', 'email', 'role'],
            properties: {
              personalIdentityNumber: { type: 'string', description: 'YYYYMMDDNNNN or YYYYMMDD-NNNN' },
              name: { type: 'string', maxLength: 200 },
              email: { type: 'string', format: 'email' },
              role: { enum: MUNICIPALITY_ROLES },
              departmentId: { type: ['string', 'null'], description: 'Only for designer, approver and handler; none: every department' },
            },
          }),
          responses: { 201: json(object, 'The person with their roles in the municipality'), ...problems(400, 401, 403, 415, 422) },
        },
      },
    ),

    route(
      'delete',
      '/:accountId/grants/:grantId',
      ADMIN,
      'Take a role away; the municipality keeps at least one municipality administrator',
      [
        recentLogin,
        async (req, res) => {
          const ctx = tenantOf(res);
          const accountId = pathParam(req, 'accountId');
          const grantId = pathParam(req, 'grantId');
          await db.transaction().execute(async (trx) => {
            // administrators removing each other at once: one waits for the other, then counts
            await trx.selectFrom('staff_role_grants').select('id').where('municipality_id', '=', ctx.municipalityId).where('role', '=', 'municipality-admin').forUpdate().execute();
            const grant =
              isUuid(accountId) && isUuid(grantId)
                ? await trx
                    .deleteFrom('staff_role_grants')
                    .where('id', '=', grantId)
                    .where('account_id', '=', accountId)
                    .where('municipality_id', '=', ctx.municipalityId)
                    .returning(['role', 'department_id', 'source'])
                    .executeTakeFirst()
                : undefined;
            if (!grant) throw notFound(bilingual('Rollen', 'The role'));
            if (grant.source === 'group') throw grantFromGroup();
            if (grant.role === 'municipality-admin' && (await countRoleHolders(trx, 'municipality-admin', ctx.municipalityId)) === 0) throw lastAdministrator();
            await recordAudit(trx, {
              municipalityId: ctx.municipalityId,
              actor: ctx.actor,
              action: 'staff.role-removed',
              subjectType: 'staff-member',
              subjectId: accountId,
              details: { role: grant.role, departmentId: grant.department_id },
            });
          });
          res.status(204).end();
        },
      ],
      {
        tags: ['admin'],
        operation: {
          parameters: [param('accountId', 'Staff account id (UUID)', { type: 'string', format: 'uuid' }), param('grantId', 'Role grant id (UUID)', { type: 'string', format: 'uuid' })],
          responses: { 204: { description: 'Removed' }, ...problems(401, 403, 404, 409) },
        },
      },
    ),
  ];
}
