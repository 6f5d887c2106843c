import { DEPARTMENT_ROLES, textIn, type StaffRole } from '@etjanst/schemas';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLoaderData, useRevalidator } from 'react-router';
import { useLanguage } from '../../shared/i18n';
import { problemOf, type Problem } from '../../shared/problem';
import { ScrollableTable } from '../../shared/ScrollableTable';
import { usePageTitle } from '../../shared/usePageTitle';
import { ErrorSummary, Field, fieldMessage } from './AdminForm';
import { GroupMappingsSection } from './GroupMappingsSection';
import { grantRole, removeGrant, type StaffGrant, type StaffMember, type staffRegisterLoader } from './staffApi';
import { DepartmentField, RoleField, useGrantName } from './staffRoles';

const INPUT_IDS = {
  personalIdentityNumber: 'staff-personal-identity-number',
  name: 'staff-name',
  email: 'staff-email',
  role: 'staff-role',
  departmentId: 'staff-department',
};

const EMPTY_FORM = { personalIdentityNumber: '', name: '', email: '', role: 'handler' as StaffRole, departmentId: '' };

/** 12 digits as people read them: YYYYMMDD-NNNN. */
const readable = (pin: string) => pin.replace(/^(\d{8})(\d{4})$/, '$1-$2');

/**
 * The municipality's staff register for its administrators: who holds which role (and where),
 * giving a person a role and taking one away. The only page that shows staff members'
 * personal identity numbers.
 */
export function StaffPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { municipality, staff, mappings, providers } = useLoaderData<typeof staffRegisterLoader>();
  const revalidator = useRevalidator();
  const [form, setForm] = useState(EMPTY_FORM);
  const [formProblem, setFormProblem] = useState<Problem | null>(null);
  const [listProblem, setListProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const listHeading = useRef<HTMLHeadingElement>(null);
  const name = municipality ? textIn(municipality.name, language) : '';
  usePageTitle(t('adminStaff.title', { municipality: name }));
  const { grantName } = useGrantName(municipality);
  if (!municipality) return <p>{t('admin.noMunicipalities')}</p>;
  const m = municipality.id;
  const withDepartment = DEPARTMENT_ROLES.includes(form.role);

  async function add(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFormProblem(null);
    setNotice('');
    const grant = { ...form, departmentId: withDepartment && form.departmentId ? form.departmentId : undefined };
    try {
      const member = await grantRole(m, grant);
      setForm(EMPTY_FORM);
      // said once the list shows it, so the status and the list agree
      await revalidator.revalidate();
      setNotice(t('adminStaff.granted', { name: member.name, role: grantName({ role: grant.role, departmentId: grant.departmentId ?? null }) }));
    } catch (error) {
      setFormProblem(problemOf(error));
    }
    setBusy(false);
  }

  async function remove(member: StaffMember, grant: StaffGrant) {
    setBusy(true);
    setListProblem(null);
    setNotice('');
    try {
      await removeGrant(m, member.id, grant.id);
      await revalidator.revalidate();
      setNotice(t('adminStaff.removed', { name: member.name, role: grantName(grant) }));
      // the pressed button is gone: continue from the list
      listHeading.current?.focus();
    } catch (error) {
      setListProblem(problemOf(error));
    }
    setBusy(false);
  }

  const error = (field: keyof typeof INPUT_IDS) => fieldMessage(formProblem, field, language);
  const set = (field: keyof typeof EMPTY_FORM) => (event: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: event.target.value }));

  return (
    <>
      <h1>{t('adminStaff.title', { municipality: name })}</h1>
      <p>{t('adminStaff.intro')}</p>
      <p role="status" className={notice ? 'notice' : 'visually-hidden'} data-testid="staff-notice">
        {notice}
      </p>
      <section aria-labelledby="staff-list-heading">
        <h2 id="staff-list-heading" ref={listHeading} tabIndex={-1}>
          {t('adminStaff.listTitle')}
        </h2>
        {listProblem && <ErrorSummary problem={listProblem} inputIds={{}} />}
        {staff.length === 0 ? (
          <p>{t('adminStaff.empty')}</p>
        ) : (
          <ScrollableTable
            label={t('adminStaff.tableScroll')}
            testId="staff-table"
            columns={[t('adminStaff.name'), t('adminStaff.email'), t('adminStaff.personalIdentityNumber'), t('adminStaff.roles')]}
          >
            {staff.map((member) => (
              <tr key={member.id}>
                <th scope="row">{member.name}</th>
                <td>{member.email ?? '–'}</td>
                <td>{member.personalIdentityNumber ? readable(member.personalIdentityNumber) : '–'}</td>
                <td>
                  <ul className="staff-grants">
                    {member.grants.map((grant) => (
                      <li key={grant.id}>
                        {grantName(grant)}{' '}
                        {grant.source === 'group' ? (
                          <small>({t('adminStaff.fromGroup')})</small>
                        ) : (
                          <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => void remove(member, grant)}>
                            {t('adminStaff.remove')}
                            <span className="visually-hidden"> {t('adminStaff.removeWhat', { role: grantName(grant), name: member.name })}</span>
                          </button>
                        )}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </ScrollableTable>
        )}
      </section>
      <section aria-labelledby="staff-add-heading">
        <h2 id="staff-add-heading">{t('adminStaff.addTitle')}</h2>
        <p>{t('adminStaff.addIntro')}</p>
        {formProblem && <ErrorSummary problem={formProblem} inputIds={INPUT_IDS} />}
        <form noValidate onSubmit={(event) => void add(event)} aria-labelledby="staff-add-heading">
          <Field id={INPUT_IDS.personalIdentityNumber} label={t('adminStaff.personalIdentityNumber')} hint={t('adminStaff.personalIdentityNumberHint')} error={error('personalIdentityNumber')}>
            {(props) => <input {...props} className="form-control" inputMode="numeric" autoComplete="off" value={form.personalIdentityNumber} onChange={set('personalIdentityNumber')} />}
          </Field>
          <Field id={INPUT_IDS.name} label={t('adminStaff.name')} error={error('name')}>
            {(props) => <input {...props} className="form-control" autoComplete="off" value={form.name} onChange={set('name')} />}
          </Field>
          <Field id={INPUT_IDS.email} label={t('adminStaff.email')} error={error('email')}>
            {(props) => <input {...props} type="email" className="form-control" autoComplete="off" spellCheck={false} value={form.email} onChange={set('email')} />}
          </Field>
          <RoleField id={INPUT_IDS.role} value={form.role} onChange={set('role')} error={error('role')} />
          {withDepartment && <DepartmentField id={INPUT_IDS.departmentId} municipality={municipality} value={form.departmentId} onChange={set('departmentId')} error={error('departmentId')} />}
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t('adminStaff.add')}
          </button>
        </form>
      </section>
      <GroupMappingsSection municipality={municipality} mappings={mappings} providers={providers} onNotice={setNotice} />
      <p>
        <Link to="/admin">{t('statistics.back')}</Link>
      </p>
    </>
  );
}
