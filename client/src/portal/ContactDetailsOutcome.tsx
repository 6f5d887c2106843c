import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export type ContactDetailsSaving = 'saved' | 'failed';

/** Whether the contact details the citizen chose to keep were saved, with the way to Mina sidor. */
export function ContactDetailsOutcome({ outcome, failedText }: { outcome: ContactDetailsSaving; failedText: 'saveContact.failed' | 'saveContact.failedBeforeSigning' }) {
  const { t } = useTranslation();
  return (
    <div className={outcome === 'saved' ? 'notice' : 'note'} data-testid="contact-details-outcome">
      <p>{t(outcome === 'saved' ? 'saveContact.saved' : failedText)}</p>
      <p>
        <Link to="/mina-sidor">{outcome === 'saved' ? t('saveContact.manage') : t('app.myPages')}</Link>
      </p>
    </div>
  );
}
