import { useTranslation } from 'react-i18next';
import type { Apply } from '../Designer';
import type { Definition } from '../model';

/** Who may use the e-service: anonymous, or e-ID at a level of assurance (optionally for an organisation). */
export function AccessSettings({ definition, apply }: { definition: Definition; apply: Apply }) {
  const { t } = useTranslation();
  const { access } = definition;
  const set = (next: Definition['access']) => apply((d) => ({ ...d, access: next }), 'settings:access');
  return (
    <>
      <fieldset>
        <legend>{t('designer.settings.access.login')}</legend>
        <div className="form-check">
          <input id="access-none" type="radio" name="access-login" checked={access.login === 'none'} onChange={() => set({ login: 'none' })} />
          <label htmlFor="access-none">{t('designer.settings.access.none')}</label>
        </div>
        <div className="form-check">
          <input id="access-eid" type="radio" name="access-login" checked={access.login === 'eid'} onChange={() => set({ login: 'eid', levelOfAssurance: 3, companyRepresentative: false })} />
          <label htmlFor="access-eid">{t('designer.settings.access.eid')}</label>
        </div>
      </fieldset>
      {access.login === 'eid' && (
        <>
          <div className="form-field">
            <label htmlFor="access-loa">{t('designer.settings.access.levelOfAssurance')}</label>
            <select id="access-loa" value={access.levelOfAssurance} onChange={(e) => set({ ...access, levelOfAssurance: Number(e.target.value) === 2 ? 2 : 3 })}>
              <option value={2}>{t('designer.settings.access.loa', { level: 2 })}</option>
              <option value={3}>{t('designer.settings.access.loa', { level: 3 })}</option>
            </select>
          </div>
          <div className="form-check">
            <input id="access-company" type="checkbox" checked={access.companyRepresentative} onChange={(e) => set({ ...access, companyRepresentative: e.target.checked })} />
            <label htmlFor="access-company">{t('designer.settings.access.companyRepresentative')}</label>
          </div>
        </>
      )}
    </>
  );
}
