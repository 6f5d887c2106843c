import { DEPARTMENT_ROLES, STAFF_ROLE_NAMES, STAFF_ROLES, textIn, type StaffRole } from '@etjanst/schemas';
import { useTranslation } from 'react-i18next';
import type { Municipality } from '../../shared/api';
import { useLanguage } from '../../shared/i18n';
import { Field } from './AdminForm';

/** Roles a municipality administrator gives (by hand or by group); the platform administrator is the installation's. */
export const GRANTABLE = STAFF_ROLES.filter((role) => role !== 'platform-admin');

/** The words for a role in the municipality: "Case handler, Education" / "Case handler, every department" / "Municipality administrator". */
export function useGrantName(municipality: Municipality | undefined) {
  const { t } = useTranslation();
  const language = useLanguage();
  const departmentName = (id: string) => {
    const department = municipality?.departments.find((d) => d.id === id);
    return department ? textIn(department.name, language) : id;
  };
  const roleName = (role: StaffRole) => STAFF_ROLE_NAMES[role][language];
  return {
    roleName,
    grantName: (grant: { role: StaffRole; departmentId: string | null }) =>
      !DEPARTMENT_ROLES.includes(grant.role)
        ? roleName(grant.role)
        : `${roleName(grant.role)}, ${grant.departmentId ? departmentName(grant.departmentId) : t('adminStaff.everyDepartment')}`,
  };
}

/** The role's choice of the municipality's departments (none: every department). */
export function DepartmentField({
  id,
  label,
  municipality,
  value,
  onChange,
  error,
}: {
  id: string;
  /** Default: "Förvaltning" */
  label?: string;
  municipality: Municipality;
  value: string;
  onChange: (event: { target: { value: string } }) => void;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <Field id={id} label={label ?? t('adminStaff.department')} hint={t('adminStaff.departmentHint')} error={error}>
      {(props) => (
        <select {...props} value={value} onChange={onChange}>
          <option value="">{t('adminStaff.everyDepartment')}</option>
          {municipality.departments.map((d) => (
            <option key={d.id} value={d.id}>
              {textIn(d.name, language)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** The select of the roles a municipality administrator gives. */
export function RoleField({
  id,
  label,
  value,
  onChange,
  error,
}: {
  id: string;
  /** Default: "Roll" */
  label?: string;
  value: StaffRole;
  onChange: (event: { target: { value: string } }) => void;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <Field id={id} label={label ?? t('adminStaff.role')} error={error}>
      {(props) => (
        <select {...props} value={value} onChange={onChange}>
          {GRANTABLE.map((role) => (
            <option key={role} value={role}>
              {STAFF_ROLE_NAMES[role][language]}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
