import { PUBLIC } from '../http/access.js';
import { tenantOf } from '../http/context.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import { json, problems } from '../openapi/operations.js';
import type { LoginMethodPlugin } from './login-method.js';

/** GET /api/municipalities/:municipality/login: the ways to log in, for the login page. */
export function loginMethodListRoutes(methods: LoginMethodPlugin[]): RouteDeclaration[] {
  const method = {
    type: 'object',
    properties: { id: { type: 'string' }, kind: { enum: ['bankid', 'saml'] }, name: { type: 'object' }, loa: { type: 'integer' }, startUrl: { type: 'string', description: 'For redirect-based methods: where the browser goes to log in' } },
  };
  return [
    route(
      'get',
      '/',
      PUBLIC,
      'Login methods offered',
      (_req, res) => {
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
      },
      { tags: ['identity'], operation: { responses: { 200: json({ type: 'object', properties: { methods: { type: 'array', items: method } } }), ...problems(404) } } },
    ),
  ];
}
