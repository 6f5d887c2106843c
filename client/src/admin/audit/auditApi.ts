import { holdsRole, type AuditRecord, type StaffSessionView } from '@etjanst/schemas';
import { fetchMunicipalities, getJson, segment } from '../../shared/api';
import { municipalitiesFor, STAFF_PAGES, staffLoader } from '../../staff/access';

export type { AuditRecord };

export interface AuditPage {
  items: AuditRecord[];
  nextCursor: string | null;
}

/** The page's query parameters, in Swedish as its address is. */
export const AUDIT_PARAMS = { scope: 'omfattning', actor: 'vem', action: 'handelse', from: 'fran', to: 'till' } as const;
/** Scopes only platform administrators have: every row, and the installation's own events. */
export const ALL = 'alla';
export const INSTALLATION = 'installation';

export type AuditFilters = Record<keyof typeof AUDIT_PARAMS, string>;

/** A date (YYYY-MM-DD) and the day after it: the search's `to` is exclusive, the page's "to" includes the day. */
const dayAfter = (date: string) => {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
};

/**
 * Where a search goes: a municipality administrator's own municipality through its route (with
 * the CSV export); anything else, for platform administrators, through the installation's.
 */
export function auditSearch(filters: AuditFilters, staff: StaffSessionView): { path: string; query: URLSearchParams; exportPath?: string } {
  const query = new URLSearchParams();
  if (filters.actor) query.set('actor', filters.actor);
  if (filters.action) query.set('action', filters.action);
  if (filters.from) query.set('from', filters.from);
  if (filters.to) query.set('to', dayAfter(filters.to));
  const scope = filters.scope;
  if (scope !== ALL && scope !== INSTALLATION && holdsRole(staff.grants, 'municipality-admin', scope)) {
    const path = `/api/municipalities/${segment(scope)}/audit`;
    return { path, query, exportPath: `${path}/export.csv` };
  }
  if (scope === INSTALLATION) query.set('scope', 'installation');
  else if (scope !== ALL) query.set('municipality', scope);
  return { path: '/api/audit', query };
}

/** The search in the page's address, and its first page: for platform administrators and municipality administrators. */
export const auditLoader = staffLoader(STAFF_PAGES.audit, async ({ request }, staff) => {
  const url = new URL(request.url);
  const platform = holdsRole(staff.grants, 'platform-admin');
  const municipalities = platform ? await fetchMunicipalities(request.signal) : municipalitiesFor(await fetchMunicipalities(request.signal), staff.grants, ['municipality-admin']);
  const given = (name: string) => url.searchParams.get(name)?.trim() ?? '';
  const wanted = given(AUDIT_PARAMS.scope);
  const scopes = [...(platform ? [ALL, INSTALLATION] : []), ...municipalities.map((m) => m.id)];
  const filters: AuditFilters = {
    scope: scopes.includes(wanted) ? wanted : (scopes[0] ?? ''),
    actor: given(AUDIT_PARAMS.actor),
    action: given(AUDIT_PARAMS.action),
    from: given(AUDIT_PARAMS.from),
    to: given(AUDIT_PARAMS.to),
  };
  const search = auditSearch(filters, staff);
  const page = await getJson<AuditPage>(`${search.path}?${search.query.toString()}`, request.signal);
  return { platform, municipalities, filters, page, exportUrl: search.exportPath && `${search.exportPath}?${search.query.toString()}` };
});

/** The page after `cursor` of the same search. */
export function nextAuditPage(filters: AuditFilters, staff: StaffSessionView, cursor: string): Promise<AuditPage> {
  const search = auditSearch(filters, staff);
  search.query.set('cursor', cursor);
  return getJson<AuditPage>(`${search.path}?${search.query.toString()}`);
}
