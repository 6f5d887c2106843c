import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../shared/formatDate';
import { useLanguage } from '../shared/i18n';
import { problemOf, type Problem } from '../shared/problem';
import { ProblemMessage } from '../shared/ProblemMessage';
import { useAnnounce } from '../designer/Announcer';
import { fetchLatestReview, personOf, reviewPagePath, sendForReview, type ReviewSummary } from './reviewApi';

interface DesignerReviewProps {
  municipality: string;
  eserviceId: string;
  /** The person designs here and may send the draft */
  mayDesign: boolean;
  /** The draft is saved as it is shown (nothing unsaved would be left out of the review) */
  saved: boolean;
}

/**
 * The designer's side of the approval workflow: "Skicka för granskning" and where the latest
 * review stands, with the approver's comment when it came back. A refusal (a must-requirement
 * not met) is shown with its rules.
 */
export function DesignerReview({ municipality, eserviceId, mayDesign, saved }: DesignerReviewProps) {
  const { t } = useTranslation();
  const [latest, setLatest] = useState<ReviewSummary | undefined>();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [sending, setSending] = useState(false);
  const announce = useAnnounce();

  useEffect(() => {
    const controller = new AbortController();
    fetchLatestReview(municipality, eserviceId, controller.signal).then(setLatest, (error: unknown) => {
      if (!controller.signal.aborted) setProblem(problemOf(error));
    });
    return () => controller.abort();
  }, [municipality, eserviceId]);

  async function send(): Promise<void> {
    setProblem(null);
    setSending(true);
    // sending checks the draft as publishing does (a browser scan, seconds): said while it runs
    announce(t('review.sending'));
    try {
      setLatest(await sendForReview(municipality, eserviceId));
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setSending(false);
    }
  }

  return (
    <div className="designer-review">
      {mayDesign && (
        <button type="button" className="btn btn-primary" data-testid="send-for-review" aria-disabled={!saved || sending} aria-busy={sending}
          onClick={() => saved && !sending && void send()}>
          {sending ? t('review.sending') : t('review.send')}
        </button>
      )}
      {problem && <ProblemMessage problem={problem} />}
      <div role="status" data-testid="review-status">
        {latest && <LatestReview municipality={municipality} eserviceId={eserviceId} review={latest} />}
      </div>
    </div>
  );
}

function LatestReview({ municipality, eserviceId, review }: { municipality: string; eserviceId: string; review: ReviewSummary }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const date = (iso: string | null) => (iso ? formatDateTime(iso, language) : '');
  return (
    <div className={review.status === 'returned' || review.status === 'failed' ? 'problem' : 'notice'} data-review-status={review.status}>
      <p>
        <strong>{t(`review.statuses.${review.status}`)}</strong>{' '}
        {t('review.sentBy', { name: personOf(review.requestedBy), date: date(review.requestedAt) })}
        {review.status === 'scheduled' && <> {t('review.publishesAt', { date: date(review.publishAt) })}</>}
        {review.status === 'published' && review.publishedVersion !== null && <> {t('review.publishedAs', { version: review.publishedVersion })}</>}
      </p>
      {review.comment && (
        <p data-testid="review-comment">
          {t('review.commentBy', { name: personOf(review.decidedBy ?? '') })} {review.comment}
        </p>
      )}
      {review.failure && <p>{review.failure.title[language]}: {review.failure.detail[language]}</p>}
      <p>
        <Link to={reviewPagePath(municipality, eserviceId, review.id)}>{t('review.open')}</Link>
      </p>
    </div>
  );
}
