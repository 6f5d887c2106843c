import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../shared/i18n';
import { useSession } from './SessionProvider';

/**
 * Warns two minutes before the session times out. A modal alertdialog: focus moves to
 * "Fortsätt vara inloggad", the page behind is inert, Escape continues the session, and
 * focus goes back where it was when the dialog closes.
 */
export function IdleWarningDialog() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { session, warning, refresh, logout } = useSession();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const continueRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef<Element | null>(null);
  const [failed, setFailed] = useState(false);
  const titleId = useId();
  const textId = useId();
  const open = warning && session !== null;

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      returnFocus.current = document.activeElement;
      dialog.showModal();
      continueRef.current?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
      if (returnFocus.current instanceof HTMLElement && returnFocus.current.isConnected) returnFocus.current.focus();
    }
  }, [open]);

  const stay = async () => {
    setFailed(false);
    try {
      await refresh();
    } catch {
      setFailed(true);
    }
  };

  const endsAt = session
    ? new Intl.DateTimeFormat(language === 'sv' ? 'sv-SE' : 'en-GB', { hour: '2-digit', minute: '2-digit' }).format(
        new Date(session.expiresAt),
      )
    : '';

  return (
    <dialog
      ref={dialogRef}
      className="idle-dialog"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={textId}
      onCancel={(event) => {
        event.preventDefault(); // Escape: stay logged in
        void stay();
      }}
    >
      <h2 id={titleId}>{t('identity.idleTitle')}</h2>
      <p id={textId}>{t('identity.idleText', { time: endsAt })}</p>
      {failed && (
        <p className="problem" role="alert">
          {t('identity.refreshFailed')}
        </p>
      )}
      <div className="dialog-buttons">
        <button
          ref={continueRef}
          type="button"
          className="btn btn-primary"
          data-testid="stay-logged-in-button"
          onClick={() => void stay()}
        >
          {t('identity.stayLoggedIn')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={() => void logout().catch(() => undefined)}>
          {t('identity.logout')}
        </button>
      </div>
    </dialog>
  );
}
