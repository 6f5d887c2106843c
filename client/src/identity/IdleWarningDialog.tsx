import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AlertDialog } from '../shared/AlertDialog';
import { useLanguage } from '../shared/i18n';

export interface IdleWarningProps {
  /** When the session ends unless extended; undefined when nobody is logged in */
  expiresAt: string | undefined;
  /** The warning is due */
  warning: boolean;
  /** Extends the session */
  refresh: () => Promise<void>;
  logout: () => Promise<unknown>;
}

/**
 * Warns two minutes before a session (a citizen's or a staff member's) times out. A modal
 * alertdialog: focus moves to "Fortsätt vara inloggad", the page behind is inert, Escape
 * continues the session, and focus goes back where it was when the dialog closes.
 */
export function IdleWarningDialog({ expiresAt, warning, refresh, logout }: IdleWarningProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [failed, setFailed] = useState(false);

  // the dialog stays open until the session answers, so that a failed refresh can be shown in it
  const stay = () => {
    setFailed(false);
    void refresh().catch(() => setFailed(true));
  };

  const endsAt = expiresAt
    ? new Intl.DateTimeFormat(language === 'sv' ? 'sv-SE' : 'en-GB', { hour: '2-digit', minute: '2-digit' }).format(new Date(expiresAt))
    : '';

  return (
    <AlertDialog
      open={warning && expiresAt !== undefined}
      className="idle-dialog"
      title={t('identity.idleTitle')}
      description={<p>{t('identity.idleText', { time: endsAt })}</p>}
      onEscape={stay}
      primary={{ label: t('identity.stayLoggedIn'), onClick: stay, testId: 'stay-logged-in-button' }}
      secondary={{ label: t('identity.logout'), onClick: () => void logout().catch(() => undefined) }}
    >
      {failed && (
        <p className="problem" role="alert">
          {t('identity.refreshFailed')}
        </p>
      )}
    </AlertDialog>
  );
}
