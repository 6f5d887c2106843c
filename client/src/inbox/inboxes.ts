import type { RoleGrant } from '@etjanst/schemas';
import type { Municipality } from '../shared/api';

/** One department's inbox that the staff member handles cases in. */
export interface HandlerInbox {
  municipalityId: string;
  departmentId: string;
}

/**
 * The inboxes the handler grants open, in the order of the municipality list: a grant without a
 * department covers every department of its municipality.
 */
export function handlerInboxes(grants: readonly RoleGrant[], municipalities: readonly Municipality[]): HandlerInbox[] {
  const handles = (municipalityId: string, departmentId: string) =>
    grants.some((g) => g.role === 'handler' && g.municipalityId === municipalityId && (g.departmentId === null || g.departmentId === departmentId));
  return municipalities.flatMap((m) => m.departments.filter((d) => handles(m.id, d.id)).map((d) => ({ municipalityId: m.id, departmentId: d.id })));
}
