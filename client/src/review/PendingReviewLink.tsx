import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fetchLatestReview, reviewPagePath } from './reviewApi';

/** "Granska" in an approver's e-service list, when the e-service's latest review waits for a decision. */
export function PendingReviewLink({ municipality, eserviceId, about }: { municipality: string; eserviceId: string; about: ReactNode }) {
  const { t } = useTranslation();
  const [reviewId, setReviewId] = useState<string | undefined>();
  useEffect(() => {
    const controller = new AbortController();
    // the list is readable without it: a failed look-up only leaves the link out
    fetchLatestReview(municipality, eserviceId, controller.signal).then(
      (latest) => setReviewId(latest?.status === 'pending' ? latest.id : undefined),
      () => setReviewId(undefined),
    );
    return () => controller.abort();
  }, [municipality, eserviceId]);
  if (!reviewId) return null;
  return (
    <Link className="btn btn-primary" to={reviewPagePath(municipality, eserviceId, reviewId)} data-testid="review-link">
      {t('review.pending')}
      {about}
    </Link>
  );
}
