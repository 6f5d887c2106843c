import type { Request, RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import { bilingual, SLUG_PATTERN } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';
import type { TenantContext } from '../eservices/operations.js';
import { establishedMunicipality } from '../municipalities/repository.js';
import { badRequest, notFound } from '../problems/problem.js';

const SLUG = new RegExp(SLUG_PATTERN);

/**
 * Resolves `:municipality` to an existing tenant before any handler runs, so handlers always
 * work inside one municipality. Staff authentication is not built yet: the actor is recorded
 * as the API caller's address.
 */
export function tenantScope(db: Kysely<Database>): RequestHandler {
  return async (req, res, next) => {
    const municipalityId = String(req.params.municipality);
    if (!SLUG.test(municipalityId) || !(await establishedMunicipality(db, municipalityId))) {
      throw notFound(bilingual(`Kommunen ”${municipalityId}”`, `The municipality “${municipalityId}”`));
    }
    res.locals.tenant = { db, municipalityId, actor: `api:${req.ip ?? 'unknown'}` } satisfies TenantContext;
    next();
  };
}

export const tenantOf = (res: { locals: Record<string, unknown> }): TenantContext => res.locals.tenant as TenantContext;

/** A positive integer path or header value, or a 400 naming the parameter. */
export function positiveInteger(value: unknown, name: string): number {
  const text = String(value ?? '');
  const number = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(number) || number < 1) {
    throw badRequest('invalid-parameter', bilingual(`”${name}” ska vara ett positivt heltal, inte ”${text}”.`, `“${name}” must be a positive whole number, not “${text}”.`));
  }
  return number;
}

export const pathParam = (req: Request, name: string): string => String(req.params[name]);
