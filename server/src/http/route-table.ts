import { Router, type RequestHandler } from 'express';
import type { RateLimitName } from '../rate-limits/limits.js';
import { requireAccess, type AccessPolicy } from './access.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * How a route keeps its promise to an Idempotency-Key (server/src/idempotency/):
 * - 'reserved': the key is reserved before the handler runs and the response remembered before it
 *   is sent; a process that dies in between leaves a reservation that a retry takes over once its
 *   time has run out, and runs the request again;
 * - 'in-transaction': the handler stores the key with its response in the statement that makes
 *   its effect (`transactionalKeyOf(res)`), so whenever the process dies, a retry finds both or
 *   neither; nothing is read or written for the key before (a used key fails that statement).
 */
export type IdempotencyMode = 'reserved' | 'in-transaction';

/** The OpenAPI operation of a route, less what the declaration says itself (summary, access). */
export type OperationDocument = Record<string, unknown>;

/**
 * One API route, declared once: method, path, who may call it, its OpenAPI operation, and its
 * handlers. The Express router, /api/openapi.json and the access-matrix test are all built
 * from these declarations, so a route without an access policy cannot be mounted.
 */
export interface RouteDeclaration {
  method: HttpMethod;
  /** Relative to its group's prefix, in Express syntax (`/:id/publish`) */
  path: string;
  access: AccessPolicy;
  summary: string;
  tags?: string[];
  /** parameters, requestBody, responses ... of the OpenAPI operation */
  operation?: OperationDocument;
  /** The abuse limit it counts against (after the access check, so a logged-in caller is also counted by identity) */
  limit?: RateLimitName;
  /** It accepts an Idempotency-Key (documented in its operation) */
  idempotent?: IdempotencyMode;
  handlers: RequestHandler[];
}

/**
 * Routes under one prefix. `router` is the form from before declarations: a whole Express
 * router under one policy, documented by hand in openapi/document.ts; each is being replaced by
 * `routes`, and the access-matrix test reads its routes from the router's own table.
 * Still routers: delivery, inbound API keys, the inbound API, the citizen's case and statistics;
 * the staff register, the inbox and handler roles. When none is left, this form goes (with its
 * branches in declaredRoutes and mountRouteGroups, and the hand-written operations of the document).
 */
export type RouteGroup =
  | {
      prefix: string;
      routes: RouteDeclaration[];
      /** Run before each route's access check: what a group mounted ahead of the API's body parser and session loading loads itself */
      before?: RequestHandler[];
    }
  | { prefix: string; access: AccessPolicy; router: Router };

export const route = (
  method: HttpMethod,
  path: string,
  access: AccessPolicy,
  summary: string,
  handlers: RequestHandler | RequestHandler[],
  more: { tags?: string[]; operation?: OperationDocument; limit?: RateLimitName; idempotent?: IdempotencyMode } = {},
): RouteDeclaration => ({ method, path, access, summary, handlers: Array.isArray(handlers) ? handlers : [handlers], ...more });

/** A route as the access-matrix test and the OpenAPI document see it: method, full path, policy. */
export interface DeclaredRoute {
  method: HttpMethod;
  /** Express syntax, from /api on */
  path: string;
  access: AccessPolicy;
  declaration?: RouteDeclaration;
}

interface RouterLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

const joinPath = (prefix: string, path: string) => (path === '/' ? prefix || '/' : `${prefix}${path}`);

/** Every route of the groups, with its full path and policy. */
export function declaredRoutes(groups: RouteGroup[], base = '/api'): DeclaredRoute[] {
  return groups.flatMap((group) => {
    const prefix = `${base}${group.prefix}`;
    if ('routes' in group) return group.routes.map((r) => ({ method: r.method, path: joinPath(prefix, r.path), access: r.access, declaration: r }));
    return (group.router.stack as RouterLayer[]).flatMap((layer) =>
      layer.route
        ? Object.keys(layer.route.methods)
            .filter((m): m is HttpMethod => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
            .map((method) => ({ method, path: joinPath(prefix, layer.route!.path), access: group.access }))
        : [],
    );
  });
}

/** Wraps an idempotent route's own handler (the last one, after those that establish who calls) in the key's handling. */
export type Idempotency = (declared: RouteDeclaration, handler: RequestHandler) => RequestHandler;

/** Mounts the groups on `router`, each route behind its access check. */
export function mountRouteGroups(
  router: Router,
  groups: RouteGroup[],
  options: { publicOrigin?: string | undefined; rateLimit?: ((name: RateLimitName) => RequestHandler) | undefined; idempotency?: Idempotency | undefined } = {},
): void {
  const handlersOf = (declared: RouteDeclaration): RequestHandler[] => {
    if (!declared.idempotent) return declared.handlers;
    if (!options.idempotency) throw new Error(`${declared.method} ${declared.path} accepts Idempotency-Key, but no idempotency store was given`);
    return [...declared.handlers.slice(0, -1), options.idempotency(declared, declared.handlers.at(-1)!)];
  };
  for (const group of groups) {
    if ('routes' in group) {
      for (const declared of group.routes) {
        const limited = declared.limit && options.rateLimit ? [options.rateLimit(declared.limit)] : [];
        router[declared.method](joinPath(group.prefix, declared.path), ...(group.before ?? []), requireAccess(declared.access, options), ...limited, ...handlersOf(declared));
      }
    } else {
      router.use(group.prefix, requireAccess(group.access, options), group.router);
    }
  }
}
