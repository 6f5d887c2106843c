import type { StaffRole } from './roles.js';

/** One audit log entry as the audit API returns it and the audit page shows it. */
export interface AuditRecord {
  id: string;
  /** null: an installation event (staff logins, platform administration) */
  municipalityId: string | null;
  occurredAt: string;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  details: Record<string, unknown>;
}

/** A group at an identity provider that gives a role in the municipality at each login through it. */
export interface GroupMapping {
  id: string;
  /** The login method the group comes with: `oidc:<id>`, `saml:<id>` */
  provider: string;
  group: string;
  role: StaffRole;
  departmentId: string | null;
  createdAt: string;
}
