import type { LocalizedText } from '@etjanst/schemas';
import type { RouteDeclaration } from '../http/route-table.js';

/**
 * One way to log in (BankID, a SAML federation such as Sweden Connect or Freja eID, eIDAS ...).
 * Adding an e-ID is one plugin: its routes and what the login page shows. Listed explicitly
 * where the app is wired, never registered by import side effects.
 */
export interface LoginMethodPlugin {
  /** Stable id: 'bankid', or the SAML IdP's id */
  id: string;
  kind: 'bankid' | 'saml';
  name: LocalizedText;
  /** Highest level of assurance this method can give */
  maxLoa: number;
  /**
   * The browser's routes of the login flow (mostly credential('login-flow'): the flow's own
   * cookie or request), mounted at /api/municipalities/:municipality/login/<path> after the
   * tenant, JSON and session loading
   */
  tenantRoutes: { path: string; routes: RouteDeclaration[] };
  /**
   * Protocol endpoints reached by other servers or cross-site posts (SAML metadata, ACS, SLO:
   * credential('saml-protocol')), mounted at /api/<path> before the JSON body parser and session loading
   */
  protocolRoutes?: { path: string; routes: RouteDeclaration[] };
  /** Where the browser goes to start the login (full page load), for redirect-based methods */
  startPath?(municipalityId: string): string;
}
