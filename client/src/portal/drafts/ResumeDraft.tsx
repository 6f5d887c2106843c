import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { localProblem, problemOf, type Problem } from '../../shared/problem';
import { ProblemMessage } from '../../shared/ProblemMessage';
import { readDraft, type Draft } from './draftsApi';

interface ResumeDraftProps {
  draftId: string;
  eserviceId: string;
  /** The e-service page without the draft */
  startOverPath: string;
  children: (draft: Draft) => ReactNode;
}

type Loaded = { state: 'loading' } | { state: 'ready'; draft: Draft } | { state: 'failed'; problem: Problem };

/**
 * Opens the e-service with a saved draft (?utkast=<id>): the form starts with its answers and
 * step. A draft that is gone, expired, someone else's or of another e-service gives a plain
 * message with the ways on (start over, Mina sidor), never a broken form.
 */
export function ResumeDraft({ draftId, eserviceId, startOverPath, children }: ResumeDraftProps) {
  const { t } = useTranslation();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    setLoaded({ state: 'loading' });
    readDraft(draftId, controller.signal).then(
      (draft) => {
        if (controller.signal.aborted) return;
        setLoaded(draft.eserviceId === eserviceId ? { state: 'ready', draft } : { state: 'failed', problem: draftMissing() });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const problem = problemOf(error);
        // 404 answers alike for a foreign and a missing draft; say what that can mean
        setLoaded({ state: 'failed', problem: problem.status === 404 ? draftMissing() : problem });
      },
    );
    return () => controller.abort();
  }, [draftId, eserviceId]);

  if (loaded.state === 'ready') return children(loaded.draft);
  if (loaded.state === 'loading') return <p role="status">{t('citizenJourney.draft.loading')}</p>;
  return (
    <section className="draft-unavailable" aria-labelledby="draft-unavailable-heading" data-testid="draft-unavailable">
      <h2 id="draft-unavailable-heading">{t('citizenJourney.draft.unavailableHeading')}</h2>
      <ProblemMessage problem={loaded.problem} />
      <ul className="notice-actions">
        <li>
          <Link to={startOverPath} data-testid="draft-start-over">
            {t('citizenJourney.draft.startOver')}
          </Link>
        </li>
        <li>
          <Link to="/mina-sidor">{t('citizenJourney.draft.toMyDrafts')}</Link>
        </li>
      </ul>
    </section>
  );
}

const draftMissing = () => localProblem('draft-not-found', 404, 'citizenJourney.draft.missingTitle', 'citizenJourney.draft.missingDetail');
