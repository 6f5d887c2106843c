import type { StaffSessionView } from '@etjanst/schemas';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { fetchMunicipalities, type Municipality } from '../shared/api';
import { staffLoginPath } from '../staff/access';
import { useLoad, type Loaded } from '../shared/useLoad';
import { fetchStaffLogin } from './inboxApi';
import { handlerInboxes, type HandlerInbox } from './inboxes';

export interface HandlerLogin {
  staff: StaffSessionView;
  /** Every municipality with its departments, for their names */
  municipalities: Municipality[];
  inboxes: HandlerInbox[];
}

/** The staff login the inbox pages run on and the inboxes its handler grants open; null without a staff login. */
export function useHandlerLogin(): Loaded<HandlerLogin | null> {
  const [loaded] = useLoad('handler-login', async (signal) => {
    const [staff, municipalities] = await Promise.all([fetchStaffLogin(signal), fetchMunicipalities(signal)]);
    return staff && { staff, municipalities, inboxes: handlerInboxes(staff.grants, municipalities) };
  });
  return loaded;
}

/** The staff login page, coming back here afterwards. */

/** Case handlers work on a staff login (not the citizen e-ID session): says so and where to log in. */
export function StaffLoginNeeded() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  return (
    <p className="notice" data-testid="inbox-staff-login">
      {t('cases.inbox.staffLoginNeeded')} <Link to={staffLoginPath(pathname)}>{t('cases.inbox.staffLogin')}</Link>
    </p>
  );
}
