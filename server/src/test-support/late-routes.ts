import { Router, type RequestHandler } from 'express';
import type { RouteDeclaration } from '../http/route-table.js';

/**
 * The declarations `routes` with handlers that run, on each request, those of the declaration at
 * the same place in `current()`: for a test that rebuilds a plugin's routes once the app runs
 * (with other dependencies, e.g. an unreachable client). Method, path and access stay `routes`'.
 */
export function lateBound(routes: RouteDeclaration[], current: () => RouteDeclaration[]): RouteDeclaration[] {
  return routes.map((declared, index) => {
    const handler: RequestHandler = (req, res, next) => {
      const now = current()[index];
      if (!now || now.method !== declared.method || now.path !== declared.path) throw new Error(`no late route for ${declared.method} ${declared.path}`);
      Router({ mergeParams: true }).use(now.handlers)(req, res, next);
    };
    return { ...declared, handlers: [handler] };
  });
}
