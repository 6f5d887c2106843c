import { holdsRole, type RoleGrant, type StaffRole, type StaffSessionView } from '@etjanst/schemas';
import { data, redirect, type LoaderFunctionArgs } from 'react-router';
import type { Municipality } from '../shared/api';
import { loadStaffSession } from './staffSession';

/** The staff login page and its query parameter naming where to go afterwards. */
export const STAFF_LOGIN_PATH = '/admin/logga-in';
export const RETURN_PARAM = 'tillbaka';
/** Set by the server when the browser comes back from single logout at the identity provider */
export const LOGGED_OUT_PARAM = 'utloggad';

export const staffLoginPath = (returnTo: string): string => `${STAFF_LOGIN_PATH}?${new URLSearchParams({ [RETURN_PARAM]: returnTo }).toString()}`;

/** The re-login page of a session whose login has no identity provider to send the person to (e-ID, the local administrator). */
export const STAFF_REAUTHENTICATE_PATH = '/admin/logga-in-igen';
export const staffReauthenticatePath = (returnTo: string): string => `${STAFF_REAUTHENTICATE_PATH}?${new URLSearchParams({ [RETURN_PARAM]: returnTo }).toString()}`;

/** A return path that stays on this site (no open redirect); otherwise the administration's start. */
export function safeStaffReturnTo(value: string | null): string {
  if (value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') && !value.startsWith(STAFF_LOGIN_PATH)) return value;
  return '/admin';
}

/**
 * Who may use which staff page, as the server's access policies say it for the calls the page
 * makes (the server refuses anyway; the pages only leave out what would be refused).
 */
export const STAFF_PAGES = {
  /** The administration's start: anyone holding any role */
  start: ['platform-admin', 'municipality-admin', 'designer', 'approver', 'handler', 'statistics-reader'],
  /** Reading e-services and their drafts (the designer, export) */
  eservices: ['designer', 'approver', 'municipality-admin'],
  /** Creating, editing and importing e-services */
  design: ['designer'],
  /** Publishing and unpublishing */
  approve: ['approver'],
  deliveries: ['municipality-admin'],
  /** The staff register: people and their roles */
  staffRegister: ['municipality-admin'],
  /** Operating messages of a municipality */
  operatingMessages: ['municipality-admin'],
  /** A municipality's name, host name, colours and logo */
  branding: ['municipality-admin'],
  /** The regional e-office's usage report and cost split */
  costSharing: ['platform-admin'],
  statistics: ['statistics-reader', 'municipality-admin'],
  /** The installation's staff identity providers */
  identityProviders: ['platform-admin'],
  /** The audit log: a municipality's for its administrators, the installation's for platform administrators */
  audit: ['municipality-admin', 'platform-admin'],
} as const satisfies Record<string, readonly StaffRole[]>;

/** Whether the grants give one of `roles` in the municipality (any municipality when undefined). */
export const mayIn = (grants: readonly RoleGrant[], roles: readonly StaffRole[], municipalityId?: string): boolean =>
  roles.some((role) => holdsRole(grants, role, municipalityId));

/** The municipalities where the grants give one of `roles`. */
export const municipalitiesFor = (municipalities: Municipality[], grants: readonly RoleGrant[], roles: readonly StaffRole[]): Municipality[] =>
  municipalities.filter((m) => mayIn(grants, roles, m.id));

/** What a staff route's error boundary gets when the person lacks the page's roles. */
export interface NotAuthorised {
  requiredRoles: readonly StaffRole[];
}

/**
 * The guard of a staff page, run as (the start of) its loader: no staff login sends the person
 * to the staff login page, coming back here afterwards; a login without one of `roles` (in the
 * path's `:municipality`, where it has one) is a 403 the staff error page explains.
 */
export async function requireStaff({ request, params }: LoaderFunctionArgs, roles?: readonly StaffRole[]): Promise<StaffSessionView> {
  const session = await loadStaffSession(true, request.signal);
  const url = new URL(request.url);
  if (!session) throw redirect(staffLoginPath(`${url.pathname}${url.search}`));
  if (roles && !mayIn(session.grants, roles, params.municipality)) throw data({ requiredRoles: roles } satisfies NotAuthorised, { status: 403 });
  return session;
}

/** A staff page's loader: the guard, then the page's own loader with the staff session. */
export const staffLoader =
  <T>(roles: readonly StaffRole[] | undefined, load: (args: LoaderFunctionArgs, staff: StaffSessionView) => Promise<T> | T) =>
  async (args: LoaderFunctionArgs): Promise<T> =>
    load(args, await requireStaff(args, roles));
