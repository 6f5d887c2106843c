import { Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.js';
import { listMunicipalities } from './repository.js';

/** Public list of the municipalities on this installation and their departments. */
export function municipalityRoutes(db: Kysely<Database>): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const municipalities = await listMunicipalities(db);
    res.json({ items: municipalities.map(({ id, name, departments }) => ({ id, name, departments })) });
  });
  return router;
}
