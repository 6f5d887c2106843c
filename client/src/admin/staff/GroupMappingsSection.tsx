import { DEPARTMENT_ROLES, type StaffRole } from '@etjanst/schemas';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useRevalidator } from 'react-router';
import type { Municipality } from '../../shared/api';
import { useLanguage } from '../../shared/i18n';
import { problemOf, type Problem } from '../../shared/problem';
import { ScrollableTable } from '../../shared/ScrollableTable';
import { ErrorSummary, Field, fieldMessage } from './AdminForm';
import { addGroupMapping, removeGroupMapping, type GroupMapping, type MappableProvider } from './staffApi';
import { DepartmentField, RoleField, useGrantName } from './staffRoles';

const INPUT_IDS = {
  provider: 'mapping-provider',
  group: 'mapping-group',
  role: 'mapping-role',
  departmentId: 'mapping-department',
};
type InputName = keyof typeof INPUT_IDS;

/**
 * Group mappings: which group at which identity provider gives which role, from the person's
 * next login through it; adding and removing one. A municipality's, on its staff page, or (with
 * no municipality) the installation's, which give the platform administrator role, on the
 * identity providers' page.
 */
export function GroupMappingsSection({
  municipality,
  mappings,
  providers,
  onNotice,
}: {
  /** null: the installation's mappings */
  municipality: Municipality | null;
  mappings: GroupMapping[];
  providers: MappableProvider[];
  onNotice: (text: string) => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const revalidator = useRevalidator();
  const { grantName } = useGrantName(municipality ?? undefined);
  const municipalityId = municipality?.id ?? null;
  const emptyForm = { provider: providers[0]?.provider ?? '', group: '', role: (municipality ? 'handler' : 'platform-admin') as StaffRole, departmentId: '' };
  const [form, setForm] = useState(emptyForm);
  const [formProblem, setFormProblem] = useState<Problem | null>(null);
  const [listProblem, setListProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const listHeading = useRef<HTMLHeadingElement>(null);
  const providerName = (loginMethod: string) => providers.find((p) => p.provider === loginMethod)?.name[language] ?? loginMethod;
  const withDepartment = municipality !== null && DEPARTMENT_ROLES.includes(form.role);

  async function add(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFormProblem(null);
    onNotice('');
    try {
      const { departmentId, ...mapping } = form;
      const added = await addGroupMapping(municipalityId, { ...mapping, ...(withDepartment && departmentId ? { departmentId } : {}) });
      setForm(emptyForm);
      await revalidator.revalidate();
      onNotice(t('adminGroups.added', { group: added.group, role: grantName(added) }));
    } catch (error) {
      setFormProblem(problemOf(error));
    }
    setBusy(false);
  }

  async function remove(mapping: GroupMapping) {
    setBusy(true);
    setListProblem(null);
    onNotice('');
    try {
      await removeGroupMapping(municipalityId, mapping.id);
      await revalidator.revalidate();
      onNotice(t('adminGroups.removed', { group: mapping.group, role: grantName(mapping) }));
      listHeading.current?.focus();
    } catch (error) {
      setListProblem(problemOf(error));
    }
    setBusy(false);
  }

  const error = (field: InputName) => fieldMessage(formProblem, field, language);
  const set = (field: InputName) => (event: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: event.target.value }));

  return (
    <section aria-labelledby="mappings-heading">
      <h2 id="mappings-heading" ref={listHeading} tabIndex={-1}>
        {t(municipality ? 'adminGroups.title' : 'adminGroups.platformTitle')}
      </h2>
      <p>{t(municipality ? 'adminGroups.intro' : 'adminGroups.platformIntro')}</p>
      {listProblem && <ErrorSummary problem={listProblem} inputIds={{}} />}
      {mappings.length === 0 ? (
        <p>{t(municipality ? 'adminGroups.empty' : 'adminGroups.platformEmpty')}</p>
      ) : (
        <ScrollableTable label={t('adminGroups.tableScroll')} testId="mappings-table" columns={[t('adminGroups.group'), t('adminGroups.provider'), t('adminGroups.role'), t('admin.actions')]}>
          {mappings.map((mapping) => (
            <tr key={mapping.id}>
              <th scope="row" className="break-anywhere">
                {mapping.group}
              </th>
              <td>{providerName(mapping.provider)}</td>
              <td>{grantName(mapping)}</td>
              <td>
                <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => void remove(mapping)}>
                  {t('adminGroups.remove')}
                  <span className="visually-hidden"> {t('adminGroups.removeWhat', { group: mapping.group, role: grantName(mapping) })}</span>
                </button>
              </td>
            </tr>
          ))}
        </ScrollableTable>
      )}
      <h3 id="mappings-add-heading">{t(municipality ? 'adminGroups.addTitle' : 'adminGroups.platformAddTitle')}</h3>
      {providers.length === 0 ? (
        <p>{t('adminGroups.noProviders')}</p>
      ) : (
        <>
          {formProblem && <ErrorSummary problem={formProblem} inputIds={INPUT_IDS} />}
          <form noValidate onSubmit={(event) => void add(event)} aria-labelledby="mappings-add-heading">
            <Field id={INPUT_IDS.provider} label={t('adminGroups.provider')} error={error('provider')}>
              {(props) => (
                <select {...props} value={form.provider} onChange={set('provider')}>
                  {providers.map((p) => (
                    <option key={p.provider} value={p.provider}>
                      {p.name[language]} ({p.provider})
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id={INPUT_IDS.group} label={t('adminGroups.group')} hint={t('adminGroups.groupHint')} error={error('group')}>
              {(props) => <input {...props} className="form-control" autoComplete="off" spellCheck={false} maxLength={256} value={form.group} onChange={set('group')} />}
            </Field>
            {municipality && <RoleField id={INPUT_IDS.role} label={t('adminGroups.roleGiven')} value={form.role} onChange={set('role')} error={error('role')} />}
            {withDepartment && <DepartmentField id={INPUT_IDS.departmentId} label={t('adminGroups.department')} municipality={municipality} value={form.departmentId} onChange={set('departmentId')} error={error('departmentId')} />}
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {t('adminGroups.add')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
