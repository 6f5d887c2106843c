import { Router } from 'express';
import { tenantOf } from '../http/context.js';
import { municipalityStatistics, parsePeriod } from './operations.js';

/**
 * Mounted at /api/municipalities/:municipality/statistics: per e-service figures for the
 * administration, like the rest of the admin API (counts only, no personal data).
 */
export function statisticsRoutes(): Router {
  const router = Router({ mergeParams: true });
  router.get('/', async (req, res) => {
    res.json(await municipalityStatistics(tenantOf(res), parsePeriod(req.query)));
  });
  return router;
}
