import type { LoginMethodPlugin } from '../login-method.js';
import type { SamlDependencies } from './deps.js';
import { identityProviderLoginRoutes } from './login-routes.js';
import { identityProviderProtocolRoutes } from './protocol-routes.js';

/**
 * One login method per configured IdP. Each mounts its routes under `saml` and answers only
 * paths naming its IdP (plus the IdP-independent POST /logout the client calls).
 */
export function samlLoginMethods(deps: SamlDependencies): LoginMethodPlugin[] {
  return deps.sp.identityProviders.map((idp) => ({
    id: idp.id,
    kind: 'saml',
    name: idp.name,
    maxLoa: idp.maxLoa,
    tenantRouter: { path: 'saml', router: identityProviderLoginRoutes(deps, idp) },
    protocolRouter: { path: 'saml', router: identityProviderProtocolRoutes(deps, idp) },
    startPath: (municipalityId) => `/api/municipalities/${municipalityId}/login/saml/${idp.id}`,
  }));
}
