import { Router, type RequestHandler, type Response } from 'express';
import type { Kysely } from 'kysely';
import { bilingual, isPersonnummer } from '@etjanst/schemas';
import { recordAudit } from '../audit/audit-log.js';
import type { Database } from '../db/tables.js';
import { pathParam, tenantOf } from '../http/context.js';
import { requireSession, sessionOf } from '../identity/sessions.js';
import { notFound, Problem, unprocessable } from '../problems/problem.js';
import { objectBody } from './status.js';

/** A person in the staff register, in one department with one role. */
export interface StaffMember {
  id: string;
  departmentId: string;
  personalIdentityNumber: string;
  name: string;
  email: string;
  role: 'handler';
}

const STAFF_COLUMNS = ['id', 'department_id', 'personal_identity_number', 'name', 'email', 'role'] as const;
const toStaff = (r: { id: string; department_id: string; personal_identity_number: string; name: string; email: string; role: 'handler' }): StaffMember => ({
  id: r.id,
  departmentId: r.department_id,
  personalIdentityNumber: r.personal_identity_number,
  name: r.name,
  email: r.email,
  role: r.role,
});

export async function listStaff(db: Kysely<Database>, municipalityId: string, departmentId?: string): Promise<StaffMember[]> {
  let query = db.selectFrom('staff_members').select(STAFF_COLUMNS).where('municipality_id', '=', municipalityId);
  if (departmentId !== undefined) query = query.where('department_id', '=', departmentId);
  return (await query.orderBy('department_id').orderBy('name').execute()).map(toStaff);
}

/** The departments where a person is a handler. */
export async function findHandlerRoles(db: Kysely<Database>, municipalityId: string, personalIdentityNumber: string): Promise<StaffMember[]> {
  const rows = await db
    .selectFrom('staff_members')
    .select(STAFF_COLUMNS)
    .where('municipality_id', '=', municipalityId)
    .where('personal_identity_number', '=', personalIdentityNumber)
    .where('role', '=', 'handler')
    .orderBy('department_id')
    .execute();
  return rows.map(toStaff);
}

export type NewStaffMember = Omit<StaffMember, 'id'>;

/** Adds a person to the register; an existing identical entry is returned as it is. */
export async function saveStaffMember(db: Kysely<Database>, municipalityId: string, member: NewStaffMember): Promise<StaffMember> {
  await db
    .insertInto('staff_members')
    .values({
      municipality_id: municipalityId,
      department_id: member.departmentId,
      personal_identity_number: member.personalIdentityNumber,
      name: member.name,
      email: member.email,
      role: member.role,
    })
    .onConflict((oc) => oc.columns(['municipality_id', 'department_id', 'personal_identity_number', 'role']).doUpdateSet({ name: member.name, email: member.email }))
    .execute();
  const row = await db
    .selectFrom('staff_members')
    .select(STAFF_COLUMNS)
    .where('municipality_id', '=', municipalityId)
    .where('department_id', '=', member.departmentId)
    .where('personal_identity_number', '=', member.personalIdentityNumber)
    .where('role', '=', member.role)
    .executeTakeFirstOrThrow();
  return toStaff(row);
}

export async function deleteStaffMember(db: Kysely<Database>, municipalityId: string, id: string): Promise<StaffMember | undefined> {
  const row = await db.deleteFrom('staff_members').where('municipality_id', '=', municipalityId).where('id', '=', id).returning(STAFF_COLUMNS).executeTakeFirst();
  return row && toStaff(row);
}

/** A 12-digit personal identity number (hyphen allowed in), or a 422. */
export function parsePersonalIdentityNumber(value: unknown, field = 'personalIdentityNumber'): string {
  if (typeof value === 'string' && isPersonnummer(value.trim())) return value.trim().replace('-', '');
  throw unprocessable('personal-identity-number-invalid', bilingual('Personnumret ska ha formen ÅÅÅÅMMDD-NNNN och vara giltigt.', 'The personal identity number must read YYYYMMDD-NNNN and be valid.'), { field });
}

const EMAIL = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;

async function parseNewStaffMember(db: Kysely<Database>, municipalityId: string, body: unknown): Promise<NewStaffMember> {
  const input = objectBody(body);
  const { departmentId, name, email, role } = input;
  const departmentExists =
    typeof departmentId === 'string' &&
    (await db.selectFrom('departments').select('id').where('municipality_id', '=', municipalityId).where('id', '=', departmentId).executeTakeFirst()) !== undefined;
  if (!departmentExists) throw unprocessable('department-unknown', bilingual(`Förvaltningen ”${String(departmentId)}” finns inte i kommunen.`, `The department “${String(departmentId)}” does not exist in the municipality.`), { field: 'departmentId' });
  if (typeof name !== 'string' || name.trim().length === 0 || name.length > 200) throw unprocessable('name-invalid', bilingual('Ange namnet (högst 200 tecken).', 'Give the name (at most 200 characters).'), { field: 'name' });
  if (typeof email !== 'string' || !EMAIL.test(email.trim())) throw unprocessable('email-invalid', bilingual('Ange en giltig e-postadress.', 'Give a valid e-mail address.'), { field: 'email' });
  if ((role ?? 'handler') !== 'handler') throw unprocessable('role-invalid', bilingual('Den enda rollen är ”handler” (handläggare).', 'The only role is “handler”.'), { field: 'role' });
  return { departmentId, personalIdentityNumber: parsePersonalIdentityNumber(input.personalIdentityNumber), name: name.trim(), email: email.trim(), role: 'handler' };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

/**
 * Mounted at /api/municipalities/:municipality/staff: the staff register (admin API). Like the
 * other admin endpoints it is not behind a staff login yet.
 */
export function staffRoutes(db: Kysely<Database>): Router {
  const router = Router({ mergeParams: true });
  router.get('/', async (_req, res) => {
    res.json({ items: await listStaff(db, tenantOf(res).municipalityId) });
  });
  router.post('/', async (req, res) => {
    const ctx = tenantOf(res);
    const member = await parseNewStaffMember(db, ctx.municipalityId, req.body);
    const saved = await db.transaction().execute(async (trx) => {
      const row = await saveStaffMember(trx, ctx.municipalityId, member);
      await recordAudit(trx, { municipalityId: ctx.municipalityId, actor: ctx.actor, action: 'staff.saved', subjectType: 'staff-member', subjectId: row.id, details: { departmentId: row.departmentId, role: row.role } });
      return row;
    });
    res.status(201).json(saved);
  });
  router.delete('/:id', async (req, res) => {
    const ctx = tenantOf(res);
    const id = pathParam(req, 'id');
    const removed = isUuid(id)
      ? await db.transaction().execute(async (trx) => {
          const row = await deleteStaffMember(trx, ctx.municipalityId, id);
          if (row) await recordAudit(trx, { municipalityId: ctx.municipalityId, actor: ctx.actor, action: 'staff.removed', subjectType: 'staff-member', subjectId: id, details: { departmentId: row.departmentId } });
          return row;
        })
      : undefined;
    if (!removed) throw notFound(bilingual('Personen i personalregistret', 'The staff member'));
    res.status(204).end();
  });
  return router;
}

/** The handler a request runs as, set by requireHandler. */
export const handlerOf = (res: Response): StaffMember => res.locals.handler as StaffMember;

/** Case handlers see personal data of many people: their login must be at level of assurance 3. */
export const HANDLER_LOA = 3;

/**
 * The inbox's authorisation: a session (e-ID login at level of assurance 3) to this municipality
 * whose person is in the staff register as a handler of the `:department` in the path. 401
 * without a login, 403 otherwise, the same 403 whether the department exists or not.
 */
export function requireHandler(db: Kysely<Database>): RequestHandler {
  return async (req, res, next) => {
    const { municipalityId } = tenantOf(res);
    const session = requireSession(res, municipalityId);
    if (session.loa < HANDLER_LOA) {
      throw new Problem(
        403,
        'handler-loa-too-low',
        bilingual('Starkare inloggning krävs', 'A stronger login is required'),
        bilingual(`Handläggning kräver e-legitimation med tillitsnivå ${HANDLER_LOA}. Logga in igen med en sådan.`, `Case handling requires an e-ID at level of assurance ${HANDLER_LOA}. Log in again with one.`),
        { requiredLoa: HANDLER_LOA },
      );
    }
    const departmentId = pathParam(req, 'department');
    const role = (await findHandlerRoles(db, municipalityId, session.person.personalIdentityNumber)).find((r) => r.departmentId === departmentId);
    if (!role) {
      throw new Problem(
        403,
        'not-a-handler',
        bilingual('Ingen behörighet', 'Not authorised'),
        bilingual('Du är inte handläggare på den här förvaltningen.', 'You are not a case handler in this department.'),
      );
    }
    res.locals.handler = role;
    next();
  };
}

/** Mounted at /api/me/handler-roles: where the logged-in person is a handler (for the inbox's department choice). */
export function handlerRoleRoutes(db: Kysely<Database>): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const session = requireSession(res, sessionOf(res)?.municipalityId ?? '');
    const roles = await findHandlerRoles(db, session.municipalityId, session.person.personalIdentityNumber);
    res.set('Cache-Control', 'no-store').json({ municipalityId: session.municipalityId, items: roles.map(({ id, departmentId, name }) => ({ id, departmentId, name })) });
  });
  return router;
}
