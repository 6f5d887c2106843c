import { segment } from '../shared/api';

/** The login page's path segment under a municipality. */
export const LOGIN_SEGMENT = 'logga-in';

/** Path of the login page, coming back to `returnTo` afterwards; `loa` is the lowest acceptable level. */
export function loginPath(municipality: string, returnTo: string, loa?: number): string {
  const query = new URLSearchParams({ returnTo });
  if (loa !== undefined) query.set('loa', String(loa));
  return `/${segment(municipality)}/${LOGIN_SEGMENT}?${query.toString()}`;
}

/** A return path that stays on this site (no open redirect); otherwise the municipality's catalogue. */
export function safeReturnTo(value: string | null, municipality: string): string {
  if (value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\')) return value;
  return `/${segment(municipality)}`;
}

/** The requested level of assurance from the query: 2 or 3, else 2. */
export const requestedLoa = (value: string | null): number => (value === '3' ? 3 : 2);
