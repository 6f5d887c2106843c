import { Router } from 'express';
import { bilingual } from '@etjanst/schemas';
import { pingDatabase, type DatabaseHandle } from '../db/database.js';
import { Problem } from '../problems/problem.js';

/** Liveness (/health: the process answers) and readiness (/ready: it can reach its database). */
export function healthRoutes(database: DatabaseHandle): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/ready', async (req, res) => {
    try {
      await pingDatabase(database.db);
    } catch (error) {
      req.log.warn({ err: error }, 'database not reachable');
      throw new Problem(503, 'not-ready', bilingual('Inte redo', 'Not ready'), bilingual('Databasen svarar inte.', 'The database does not answer.'));
    }
    res.json({ status: 'ready', database: database.kind });
  });
  return router;
}
