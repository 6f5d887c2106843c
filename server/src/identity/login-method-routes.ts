import { Router } from 'express';
import { tenantOf } from '../http/context.js';
import type { LoginMethodPlugin } from './login-method.js';

/** GET /api/municipalities/:municipality/login: the ways to log in, for the login page. */
export function loginMethodListRoutes(methods: LoginMethodPlugin[]): Router {
  const router = Router({ mergeParams: true });
  router.get('/', (_req, res) => {
    const { municipalityId } = tenantOf(res);
    res.json({
      methods: methods.map((method) => ({
        id: method.id,
        kind: method.kind,
        name: method.name,
        loa: method.maxLoa,
        ...(method.startPath ? { startUrl: method.startPath(municipalityId) } : {}),
      })),
    });
  });
  return router;
}
