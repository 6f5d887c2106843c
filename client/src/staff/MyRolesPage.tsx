import { STAFF_ROLE_NAMES, STAFF_ROLES, textIn, type RoleGrant } from '@etjanst/schemas';
import { useTranslation } from 'react-i18next';
import { useLoaderData } from 'react-router';
import { fetchMunicipalities, type Municipality } from '../shared/api';
import { formatDateTime } from '../shared/formatDate';
import { useLanguage } from '../shared/i18n';
import { ScrollableTable } from '../shared/ScrollableTable';
import { usePageTitle } from '../shared/usePageTitle';
import { staffLoader } from './access';
import { useStaff } from './StaffSessionProvider';

/** Any staff login may see its own roles, also one without any. */
export const myRolesLoader = staffLoader(undefined, async ({ request }) => ({ municipalities: await fetchMunicipalities(request.signal) }));

/** "Mina roller": who I am logged in as, how, and each role I hold and where. */
export function MyRolesPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { municipalities } = useLoaderData<typeof myRolesLoader>();
  const staff = useStaff();
  usePageTitle(t('staff.myRoles.title'));

  const where = (grant: RoleGrant) => {
    if (grant.municipalityId === null) return { municipality: t('staff.myRoles.installation'), department: '–' };
    const municipality: Municipality | undefined = municipalities.find((m) => m.id === grant.municipalityId);
    const department = grant.departmentId === null ? undefined : municipality?.departments.find((d) => d.id === grant.departmentId);
    return {
      municipality: (municipality && textIn(municipality.name, language)) ?? grant.municipalityId,
      department: grant.departmentId === null ? t('staff.myRoles.allDepartments') : ((department && textIn(department.name, language)) ?? grant.departmentId),
    };
  };

  // the whole platform first, then by municipality and department, each place's roles in their usual order
  const places = staff.grants.map((grant) => ({ grant, ...where(grant) }));
  places.sort(
    (a, b) =>
      Number(a.grant.municipalityId !== null) - Number(b.grant.municipalityId !== null) ||
      a.municipality.localeCompare(b.municipality, language) ||
      a.department.localeCompare(b.department, language) ||
      STAFF_ROLES.indexOf(a.grant.role) - STAFF_ROLES.indexOf(b.grant.role),
  );

  return (
    <>
      <h1>{t('staff.myRoles.title')}</h1>
      <dl className="staff-facts">
        <dt>{t('staff.myRoles.name')}</dt>
        <dd data-testid="my-roles-name">{staff.displayName}</dd>
        {staff.email && (
          <>
            <dt>{t('staff.myRoles.email')}</dt>
            <dd>{staff.email}</dd>
          </>
        )}
        <dt>{t('staff.myRoles.method')}</dt>
        <dd>
          <code>{staff.method}</code>
        </dd>
        <dt>{t('staff.myRoles.expires')}</dt>
        <dd>{formatDateTime(staff.expiresAt, language)}</dd>
      </dl>
      <h2>{t('staff.myRoles.rolesTitle')}</h2>
      {staff.grants.length === 0 ? (
        <p data-testid="my-roles-none">{t('staff.myRoles.none')}</p>
      ) : (
        <ScrollableTable label={t('staff.myRoles.rolesTitle')} testId="my-roles" columns={[t('staff.myRoles.role'), t('staff.myRoles.municipality'), t('staff.myRoles.department')]}>
          {places.map(({ grant, municipality, department }) => (
            <tr key={`${grant.role}/${grant.municipalityId ?? ''}/${grant.departmentId ?? ''}`}>
              <th scope="row">{STAFF_ROLE_NAMES[grant.role][language]}</th>
              <td>{municipality}</td>
              <td>{department}</td>
            </tr>
          ))}
        </ScrollableTable>
      )}
      <p>{t('staff.myRoles.howToChange')}</p>
    </>
  );
}
