import type { RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.js';
import { staffOf } from '../staff/sessions.js';

/** The department a definition in the body names as its owner, if any. */
function departmentNamedIn(body: unknown): string | undefined {
  const owner = typeof body === 'object' && body !== null ? (body as { owner?: unknown }).owner : undefined;
  const department = typeof owner === 'object' && owner !== null ? (owner as { department?: unknown }).department : undefined;
  return typeof department === 'string' && department !== '' ? department : undefined;
}

/**
 * For the 'eservice' access scope (http/access.ts): the department that owns the path's e-service,
 * and the one a definition being created, imported, saved or restored from a version names, so that a designer of one
 * department can neither change another's e-service nor move theirs into a department where
 * they hold no role. Loaded only for a staff caller; anyone else is refused by the check anyway.
 */
export function loadEServiceDepartments(db: Kysely<Database>): RequestHandler {
  return async (req, res, next) => {
    if (!staffOf(res)) return next();
    const municipalityId = req.params.municipality === undefined ? undefined : String(req.params.municipality);
    const eserviceId = req.params.id ?? req.params.eserviceId;
    const departments = new Set<string>();
    if (municipalityId && eserviceId !== undefined) {
      const owner = await db
        .selectFrom('eservices')
        .select('department_id')
        .where('municipality_id', '=', municipalityId)
        .where('id', '=', String(eserviceId))
        .executeTakeFirst();
      if (owner) departments.add(owner.department_id);
    }
    const named = req.method === 'POST' || req.method === 'PUT' ? departmentNamedIn(req.body) : undefined;
    if (named) departments.add(named);
    // restoring a published version makes its owner the draft's again
    const version = req.method === 'POST' && req.params.version !== undefined ? Number(req.params.version) : undefined;
    if (municipalityId && eserviceId !== undefined && version !== undefined && Number.isSafeInteger(version)) {
      const restored = await db
        .selectFrom('eservice_versions')
        .select('definition')
        .where('municipality_id', '=', municipalityId)
        .where('eservice_id', '=', String(eserviceId))
        .where('version', '=', version)
        .executeTakeFirst();
      const owner = restored && departmentNamedIn(restored.definition);
      if (owner) departments.add(owner);
    }
    res.locals.eserviceDepartments = [...departments];
    next();
  };
}
