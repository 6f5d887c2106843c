import { textIn } from '@etjanst/schemas';
import { useTranslation } from 'react-i18next';
import { Form, Link, useLoaderData } from 'react-router';
import { segment } from '../shared/api';
import { useLanguage } from '../shared/i18n';
import { usePageTitle } from '../shared/usePageTitle';
import { MUNICIPALITY_PARAM, type adminLoader } from './adminApi';
import { MunicipalityEServices } from './MunicipalityEServices';

/** The designer's start: choose a municipality, then manage its e-services. */
export function AdminPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { municipalities, selected, eservices } = useLoaderData<typeof adminLoader>();
  usePageTitle(t('admin.title'));
  return (
    <>
      <h1>{t('admin.title')}</h1>
      <p>
        <Link to="/admin/leveranser">{t('deliveries.adminLink')}</Link>
      </p>
      <p>
        <Link to={selected ? `/admin/statistik?${MUNICIPALITY_PARAM}=${encodeURIComponent(selected.id)}` : '/admin/statistik'}>{t('statistics.adminLink')}</Link>
      </p>
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
          </ul>
          <MunicipalityEServices key={selected.id} municipality={selected} eservices={eservices} />
        </>
      ) : (
        <p>{t('admin.noMunicipalities')}</p>
      )}
    </>
  );
}
