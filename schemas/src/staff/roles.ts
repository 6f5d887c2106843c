import type { BilingualMessage } from '../i18n/bilingual.js';

/**
 * What a staff member may do. One person may hold several roles; each role is held at a scope:
 * the installation (platform administrator), a municipality, or one department of it.
 */
export const STAFF_ROLES = ['platform-admin', 'municipality-admin', 'designer', 'approver', 'handler', 'statistics-reader'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Roles held per department; a grant of one of them without a department covers every department. */
export const DEPARTMENT_ROLES: readonly StaffRole[] = ['designer', 'approver', 'handler'];

export const isStaffRole = (value: unknown): value is StaffRole => typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value);

/** One role at one scope. `municipalityId` is null only for the platform administrator. */
export interface RoleGrant {
  role: StaffRole;
  municipalityId: string | null;
  departmentId: string | null;
}

export const STAFF_ROLE_NAMES: Record<StaffRole, BilingualMessage> = {
  'platform-admin': { sv: 'Plattformsadministratör', en: 'Platform administrator' },
  'municipality-admin': { sv: 'Kommunadministratör', en: 'Municipality administrator' },
  designer: { sv: 'Formulärdesigner', en: 'Designer' },
  approver: { sv: 'Granskare', en: 'Approver' },
  handler: { sv: 'Handläggare', en: 'Case handler' },
  'statistics-reader': { sv: 'Statistikläsare', en: 'Statistics reader' },
};

/** The staff member's identity as the API shows it to the person themself (GET /api/staff/session). */
export interface StaffSessionView {
  authenticated: true;
  accountId: string;
  displayName: string;
  email: string | null;
  /** How the person logged in: 'local', 'oidc:<id>', 'saml:<id>', 'e-id:<method>' */
  method: string;
  grants: RoleGrant[];
  csrfToken: string;
  expiresAt: string;
  idleSeconds: number;
}

/** Whether grants give `role` in `municipalityId` (and, for department roles, in `departmentId`). */
export function holdsRole(grants: readonly RoleGrant[], role: StaffRole, municipalityId?: string, departmentId?: string): boolean {
  return grants.some(
    (g) =>
      g.role === role &&
      (role === 'platform-admin' || municipalityId === undefined || g.municipalityId === municipalityId) &&
      (departmentId === undefined || g.departmentId === null || g.departmentId === departmentId),
  );
}
