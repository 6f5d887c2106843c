import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate } from '../../shared/formatDate';
import { useLanguage } from '../../shared/i18n';
import { ProblemMessage } from '../../shared/ProblemMessage';
import { continueDraftPath } from './draftsApi';
import './drafts.css';
import type { DraftSaving } from './useDraftSaving';

interface DraftBarProps {
  municipality: string;
  eserviceId: string;
  saving: DraftSaving;
  onSave: () => void;
}

const timeOf = (iso: string, language: string) =>
  new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'sv-SE', { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

/**
 * "Spara utkast" with the save status in a polite live region ("Utkastet sparades kl. 14:32")
 * and until when the draft is kept. When saving stopped (another window saved, the draft is
 * gone) the reason is shown with the way on, and nothing is saved over it.
 */
export function DraftBar({ municipality, eserviceId, saving, onSave }: DraftBarProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const saved = 'saved' in saving ? saving.saved : undefined;
  const existingDraftId = saving.state === 'stopped' && saving.problem.code === 'draft-exists' ? (saving.problem as { draftId?: unknown }).draftId : undefined;
  return (
    <div className="draft-bar" data-testid="draft-bar">
      <button type="button" className="btn btn-secondary" data-testid="save-draft" disabled={saving.state === 'saving' || saving.state === 'stopped'} onClick={onSave}>
        {t('citizenJourney.draft.save')}
      </button>
      <div className="draft-status">
        <p role="status" data-testid="draft-status">
          {saving.state === 'saving'
            ? t('citizenJourney.draft.saving')
            : saving.state === 'saved'
              ? t('citizenJourney.draft.savedAt', { time: timeOf(saving.saved.savedAt, language) })
              : saving.state === 'unsaved'
                ? t('citizenJourney.draft.notSavedYet')
                : ''}
        </p>
        {saved && (
          <p data-testid="draft-expires">{t('citizenJourney.draft.expires', { date: formatDate(saved.expiresAt, language) })}</p>
        )}
      </div>
      {(saving.state === 'failed' || saving.state === 'stopped') && (
        <div className="draft-problem" data-testid="draft-problem">
          <ProblemMessage problem={saving.problem} />
          {saving.state === 'failed' && <p>{t('citizenJourney.draft.retry')}</p>}
          {saving.problem.code === 'stale-revision' && saved && (
            <p>
              <a href={continueDraftPath(municipality, { id: saved.id, eserviceId })} data-testid="draft-reload">
                {t('citizenJourney.draft.reload')}
              </a>
            </p>
          )}
          {typeof existingDraftId === 'string' && (
            <p>
              <a href={continueDraftPath(municipality, { id: existingDraftId, eserviceId })} data-testid="draft-continue-existing">
                {t('citizenJourney.draft.continueExisting')}
              </a>
            </p>
          )}
          {saving.state === 'stopped' && (
            <p>
              <Link to="/mina-sidor">{t('citizenJourney.draft.toMyDrafts')}</Link>
            </p>
          )}
        </div>
      )}
    </div>
  );
}
