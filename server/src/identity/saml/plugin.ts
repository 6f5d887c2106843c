import type { LoginMethodPlugin } from '../login-method.js';
import type { SamlDependencies } from './deps.js';
import { identityProviderLoginRoutes, samlLogoutRoutes } from './login-routes.js';
import { identityProviderProtocolRoutes } from './protocol-routes.js';

/**
 * One login method per configured IdP. Each declares its routes under `saml` on paths naming its
 * IdP; the first also carries the IdP-independent POST /logout the client calls.
 */
export function samlLoginMethods(deps: SamlDependencies): LoginMethodPlugin[] {
  return deps.sp.identityProviders.map((idp, index) => ({
    id: idp.id,
    kind: 'saml',
    name: idp.name,
    maxLoa: idp.maxLoa,
    tenantRoutes: { path: 'saml', routes: [...identityProviderLoginRoutes(deps, idp), ...(index === 0 ? samlLogoutRoutes(deps) : [])] },
    protocolRoutes: { path: 'saml', routes: identityProviderProtocolRoutes(deps, idp) },
    startPath: (municipalityId) => `/api/municipalities/${municipalityId}/login/saml/${idp.id}`,
  }));
}
