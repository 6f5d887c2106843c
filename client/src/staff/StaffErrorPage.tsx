import { STAFF_ROLE_NAMES, isStaffRole, type StaffRole } from '@etjanst/schemas';
import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { useLanguage } from '../shared/i18n';
import { ProblemError } from '../shared/problem';
import { RouteErrorPage } from '../shared/RouteErrorPage';
import { usePageTitle } from '../shared/usePageTitle';
import type { NotAuthorised } from './access';

/** The roles a page needed, when the error is that the person lacks them (the guard's, or the server's 403). */
function missingRoles(error: unknown): StaffRole[] | undefined {
  if (isRouteErrorResponse(error) && error.status === 403) return [...((error.data as NotAuthorised | undefined)?.requiredRoles ?? [])];
  if (error instanceof ProblemError && error.problem.status === 403 && error.problem.code === 'forbidden') {
    return (error.problem.requiredRoles ?? []).filter(isStaffRole);
  }
  return undefined;
}

/** What a staff route shows when it cannot be shown: "Ingen behörighet" with the roles it needs, or why it failed. */
export function StaffErrorPage() {
  const error = useRouteError();
  const roles = missingRoles(error);
  return roles ? <NotAuthorisedPage roles={roles} /> : <RouteErrorPage />;
}

function NotAuthorisedPage({ roles }: { roles: StaffRole[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  usePageTitle(t('staff.notAuthorised.title'));
  return (
    <div data-testid="not-authorised">
      <h1>{t('staff.notAuthorised.title')}</h1>
      <p>{t('staff.notAuthorised.text')}</p>
      {roles.length > 0 && (
        <>
          <p>{t('staff.notAuthorised.rolesNeeded', { count: roles.length })}</p>
          <ul data-testid="required-roles">
            {roles.map((role) => (
              <li key={role}>{STAFF_ROLE_NAMES[role][language]}</li>
            ))}
          </ul>
        </>
      )}
      <p>{t('staff.notAuthorised.whom')}</p>
      <ul className="link-list">
        <li>
          <Link to="/admin/mina-roller">{t('staff.notAuthorised.myRoles')}</Link>
        </li>
        <li>
          <Link to="/admin">{t('staff.notAuthorised.toStart')}</Link>
        </li>
      </ul>
    </div>
  );
}
