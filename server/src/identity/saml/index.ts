export type { Loa, SamlIdentityProviderConfig, SamlServiceProvider } from './config.js';
export type { SamlDependencies } from './deps.js';
export { samlLoginMethods } from './plugin.js';
