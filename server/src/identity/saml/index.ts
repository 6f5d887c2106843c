export type { Loa, SamlIdentityProviderConfig, SamlServiceProvider } from './config.js';
export type { SamlDependencies } from './deps.js';
export { samlLoginRoutes } from './login-routes.js';
export { samlLoginMethods } from './plugin.js';
export { samlRoutes } from './protocol-routes.js';
