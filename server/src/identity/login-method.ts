import type { Router } from 'express';
import type { LocalizedText } from '@etjanst/schemas';

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
  /** Mounted at /api/municipalities/:municipality/login/<path>, after the tenant, JSON and CSRF checks */
  tenantRouter: { path: string; router: Router };
  /** Protocol endpoints reached by other servers or cross-site posts (SAML ACS, SLO), mounted at /api/<path> before JSON and CSRF */
  protocolRouter?: { path: string; router: Router };
  /** Where the browser goes to start the login (full page load), for redirect-based methods */
  startPath?(municipalityId: string): string;
}
