import { textIn } from '@etjanst/schemas';
import { useTranslation } from 'react-i18next';
import { Form, Link, useLoaderData } from 'react-router';
import { segment } from '../shared/api';
import { useLanguage } from '../shared/i18n';
import { usePageTitle } from '../shared/usePageTitle';
import { mayIn, STAFF_PAGES } from '../staff/access';
import { useStaff } from '../staff/StaffSessionProvider';
import { MUNICIPALITY_PARAM, type adminLoader } from './adminApi';
import { MunicipalityEServices } from './MunicipalityEServices';

/**
 * The administration's start: links to what the person's roles open, then the e-services of a
 * municipality where they may read them (chosen among those).
 */
export function AdminPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { municipalities, selected, eservices } = useLoaderData<typeof adminLoader>();
  const { grants } = useStaff();
  usePageTitle(t('admin.title'));
  const statisticsQuery = selected && mayIn(grants, STAFF_PAGES.statistics, selected.id) ? `?${MUNICIPALITY_PARAM}=${encodeURIComponent(selected.id)}` : '';
  return (
    <>
      <h1>{t('admin.title')}</h1>
      {mayIn(grants, STAFF_PAGES.deliveries) && (
        <p>
          <Link to="/admin/leveranser">{t('deliveries.adminLink')}</Link>
        </p>
      )}
      {mayIn(grants, STAFF_PAGES.statistics) && (
        <p>
          <Link to={`/admin/statistik${statisticsQuery}`}>{t('statistics.adminLink')}</Link>
        </p>
      )}
      {mayIn(grants, STAFF_PAGES.identityProviders) && (
        <p>
          <Link to="/admin/identitetstjanster">{t('adminIdp.adminLink')}</Link>
        </p>
      )}
      {mayIn(grants, STAFF_PAGES.costSharing) && (
        <p>
          <Link to="/admin/kostnadsfordelning">{t('costSharing.adminLink')}</Link>
        </p>
      )}
      {mayIn(grants, STAFF_PAGES.audit) && (
        <p>
          <Link to="/admin/granskningslogg">{t('adminAudit.adminLink')}</Link>
        </p>
      )}
      {mayIn(grants, ['handler']) && (
        <p>
          <Link to="/handlaggning">{t('staff.inboxLink')}</Link>
        </p>
      )}
      {selected ? (
        <>
          <Form method="get" className="inline-form">
            <label htmlFor="admin-municipality">{t('admin.municipality')}</label>
            <select id="admin-municipality" name={MUNICIPALITY_PARAM} defaultValue={selected.id} key={selected.id}>
              {municipalities.map((m) => (
                <option key={m.id} value={m.id}>
                  {textIn(m.name, language)}
                </option>
              ))}
            </select>
            <button type="submit" className="btn btn-secondary">
              {t('admin.show')}
            </button>
          </Form>
          <ul>
            <li>
              <Link to={`/admin/${segment(selected.id)}/personal`}>{t('adminStaff.adminLink')}</Link>
            </li>
            <li>
              <Link to={`/admin/${segment(selected.id)}/driftinformation`}>{t('adminNotices.adminLink')}</Link>
            </li>
            {mayIn(grants, STAFF_PAGES.branding, selected.id) && (
              <li>
                <Link to={`/admin/${segment(selected.id)}/utseende`}>{t('adminBranding.adminLink')}</Link>
              </li>
            )}
            {mayIn(grants, STAFF_PAGES.eservices, selected.id) && (
              <li>
                <Link to={`/admin/${segment(selected.id)}/mallar`}>{t('templateLibrary.adminLink')}</Link>
              </li>
            )}
          </ul>
          <MunicipalityEServices key={selected.id} municipality={selected} eservices={eservices} />
        </>
      ) : (
        <p data-testid="no-eservices">{mayIn(grants, STAFF_PAGES.eservices) ? t('admin.noMunicipalities') : t('staff.noEServiceRole')}</p>
      )}
    </>
  );
}
