import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.js';
import { PUBLIC } from '../http/access.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import { json, list, ref } from '../openapi/operations.js';
import { listMunicipalities } from './repository.js';

/** Mounted at /api/municipalities: the municipalities on this installation and their departments. */
export function municipalityRoutes(db: Kysely<Database>): RouteDeclaration[] {
  return [
    route(
      'get',
      '/',
      PUBLIC,
      'Municipalities and their departments',
      async (_req, res) => {
        const municipalities = await listMunicipalities(db);
        res.json({ items: municipalities.map(({ id, name, departments }) => ({ id, name, departments })) });
      },
      { tags: ['municipalities'], operation: { responses: { 200: json(list(ref('Municipality'))) } } },
    ),
  ];
}
