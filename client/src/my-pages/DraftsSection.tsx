import { textIn } from '@etjanst/schemas';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { continueDraftPath, deleteDraft, fetchOwnDraftList, type DraftList } from '../portal/drafts/draftsApi';
import { formatDate, formatDateTime } from '../shared/formatDate';
import { useLanguage } from '../shared/i18n';
import { problemOf, type Problem } from '../shared/problem';
import { ProblemMessage } from '../shared/ProblemMessage';
import { useLoad } from '../shared/useLoad';
import './signing-and-drafts.css';
import { ScrollableTable } from '../shared/ScrollableTable';

/**
 * "Mina utkast": the applications the citizen started and saved, with when each was last saved
 * and until when it is kept, a link that continues it in the e-service, and deletion.
 */
export function DraftsSection({ municipalityId }: { municipalityId: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [drafts, reloadDrafts] = useLoad<DraftList>(municipalityId, fetchOwnDraftList);
  const [announcement, setAnnouncement] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  async function remove(id: string, title: string) {
    if (!window.confirm(t('citizenJourney.myDrafts.confirmDelete', { title }))) return;
    setProblem(null);
    try {
      await deleteDraft(id);
      // the deleted row and its button are gone: focus goes to the list's heading, not the top of the page
      heading.current?.focus();
      setAnnouncement(t('citizenJourney.myDrafts.deleted', { title }));
      reloadDrafts();
    } catch (error) {
      setProblem(problemOf(error));
    }
  }

  return (
    <section aria-labelledby="my-drafts-heading" data-testid="my-drafts">
      <h2 id="my-drafts-heading" ref={heading} tabIndex={-1}>
        {t('citizenJourney.myDrafts.heading')}
      </h2>
      {drafts.state === 'ready' && <p>{t('citizenJourney.myDrafts.intro', { days: drafts.value.ttlDays })}</p>}
      <p role="status">{drafts.state === 'loading' ? t('citizenJourney.myDrafts.loading') : announcement}</p>
      {drafts.state === 'failed' && <ProblemMessage problem={drafts.problem} />}
      {problem && <ProblemMessage problem={problem} />}
      {drafts.state === 'ready' && drafts.value.items.length === 0 && <p>{t('citizenJourney.myDrafts.empty')}</p>}
      {drafts.state === 'ready' && drafts.value.items.length > 0 && (
        <ScrollableTable
          label={t('citizenJourney.myDrafts.tableScroll')}
          columns={[
            t('citizenJourney.myDrafts.eservice'),
            t('citizenJourney.myDrafts.updated'),
            t('citizenJourney.myDrafts.expires'),
            t('citizenJourney.myDrafts.actions'),
          ]}
        >
          {drafts.value.items.map((draft) => {
            const title = textIn(draft.eserviceTitle, language) ?? draft.eserviceId;
            return (
              <tr key={draft.id} data-testid="my-draft">
                <th scope="row">{title}</th>
                <td>
                  <time dateTime={draft.updatedAt}>{formatDateTime(draft.updatedAt, language)}</time>
                </td>
                <td>
                  <time dateTime={draft.expiresAt}>{formatDate(draft.expiresAt, language)}</time>
                  {draft.expired && <strong className="draft-flag"> {t('citizenJourney.myDrafts.expired')}</strong>}
                  {draft.expiresSoon && <strong className="draft-flag"> {t('citizenJourney.myDrafts.expiresSoon')}</strong>}
                </td>
                <td>
                  <div className="table-actions">
                    {!draft.expired && (
                      <Link to={continueDraftPath(municipalityId, draft)} data-testid="continue-draft">
                        {t('citizenJourney.myDrafts.continue')}
                        <span className="visually-hidden"> {title}</span>
                      </Link>
                    )}
                    <button type="button" className="btn btn-link" data-testid="delete-draft" onClick={() => void remove(draft.id, title)}>
                      {t('citizenJourney.myDrafts.delete')}
                      <span className="visually-hidden"> {title}</span>
                    </button>
                  </div>
                </td>
              </tr>
            );
          })}
        </ScrollableTable>
      )}
    </section>
  );
}
