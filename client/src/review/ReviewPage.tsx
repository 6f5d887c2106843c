import { textIn } from '@etjanst/schemas';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLoaderData } from 'react-router';
import { MUNICIPALITY_PARAM } from '../admin/adminApi';
import { UnmetRequirements } from '../designer/RequirementList';
import { VersionDiffList } from '../designer/VersionDiffList';
import { diffDefinitions, unmetRequirements } from '../designer/model';
import { formatDateTime } from '../shared/formatDate';
import { useLanguage } from '../shared/i18n';
import { problemOf, type Problem } from '../shared/problem';
import { ProblemMessage } from '../shared/ProblemMessage';
import { usePageTitle } from '../shared/usePageTitle';
import { mayIn, STAFF_PAGES } from '../staff/access';
import { useStaff } from '../staff/StaffSessionProvider';
import { approveReview, personOf, returnReview, type ReviewDetail, type reviewLoader } from './reviewApi';

/**
 * /admin/granskning/:municipality/:eserviceId/:reviewId — what an approver judges before
 * publishing: who sent the draft, the must-requirement check, what changed since the published
 * version; then approve (now or at a time) or return it with a comment.
 */
export function ReviewPage() {
  const loaded = useLoaderData<typeof reviewLoader>();
  const { municipality } = loaded;
  const { t } = useTranslation();
  const language = useLanguage();
  const [review, setReview] = useState<ReviewDetail>(loaded.review);
  const [decidedHere, setDecidedHere] = useState(false);
  const { definition, publishedDefinition, report } = review;
  const title = textIn(definition.catalogue.title, language) ?? definition.id;
  usePageTitle(t('review.pageTitle', { title }));
  const mayApprove = mayIn(useStaff().grants, STAFF_PAGES.approve, municipality);
  const diff = useMemo(() => publishedDefinition && diffDefinitions(publishedDefinition, definition), [publishedDefinition, definition]);
  const date = (iso: string | null) => (iso ? formatDateTime(iso, language) : '');

  return (
    <div className="review-page">
      <p>
        <Link to={`/admin/designer/${municipality}/${definition.id}`}>{t('review.toDesigner')}</Link>
        {' · '}
        <Link to={`/admin?${MUNICIPALITY_PARAM}=${municipality}`}>{t('designer.back')}</Link>
      </p>
      <h1>{t('review.pageTitle', { title })}</h1>
      <dl className="review-facts">
        <dt>{t('review.status')}</dt>
        <dd data-testid="review-page-status">{t(`review.statuses.${review.status}`)}</dd>
        <dt>{t('review.requestedBy')}</dt>
        <dd data-testid="review-requested-by">{personOf(review.requestedBy)}</dd>
        <dt>{t('review.requestedAt')}</dt>
        <dd>{date(review.requestedAt)}</dd>
        <dt>{t('review.revision')}</dt>
        <dd>{review.draftRevision}</dd>
        {review.decidedBy && (<><dt>{t('review.decidedBy')}</dt><dd>{personOf(review.decidedBy)} ({date(review.decidedAt)})</dd></>)}
        {review.comment && (<><dt>{t('review.comment')}</dt><dd>{review.comment}</dd></>)}
        {review.publishAt && (<><dt>{t('review.publishAt')}</dt><dd>{date(review.publishAt)}</dd></>)}
      </dl>

      <section aria-labelledby="review-report-heading">
        <h2 id="review-report-heading">{t('review.report')}</h2>
        <p data-testid="review-verdict" data-verdict={report.verdict}>
          {t(report.verdict === 'passed' ? 'review.verdictPassed' : 'review.verdictFailed', report.counts)}
          {!report.complete && <> {t('review.incomplete', { count: report.counts.notRun })}</>}
        </p>
        <UnmetRequirements requirements={unmetRequirements(report.results)} testId="review-requirements" />
      </section>

      <section aria-labelledby="review-diff-heading">
        <h2 id="review-diff-heading">{t('review.diff')}</h2>
        <div data-testid="review-diff">
          {publishedDefinition && diff ? <VersionDiffList diff={diff} older={publishedDefinition} newer={definition} /> : <p>{t('review.nothingPublished')}</p>}
        </div>
      </section>

      <div role="status" data-testid="review-decided">
        {decidedHere && (
          <p className="notice notice-success">
            {t(`review.statuses.${review.status}`)}
            {review.publishedVersion !== null && <> {t('review.publishedAs', { version: review.publishedVersion })}</>}
            {review.status === 'scheduled' && <> {t('review.publishesAt', { date: date(review.publishAt) })}</>}
          </p>
        )}
      </div>
      {mayApprove && review.status === 'pending' && (
        <Decision municipality={municipality} review={review} onDecided={(summary) => (setReview({ ...review, ...summary }), setDecidedHere(true))} />
      )}
    </div>
  );
}

/** Approve now, approve at a time, or return with a comment; not one's own change under the four-eyes rule. */
function Decision({ municipality, review, onDecided }: { municipality: string; review: ReviewDetail; onDecided: (summary: Partial<ReviewDetail>) => void }) {
  const { t } = useTranslation();
  const [publishAt, setPublishAt] = useState('');
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [ownChange, setOwnChange] = useState(review.ownChange);
  const eserviceId = review.definition.id;

  async function decide(action: () => Promise<Partial<ReviewDetail>>): Promise<void> {
    setProblem(null);
    setBusy(true);
    try {
      onDecided(await action());
    } catch (error) {
      const refused = problemOf(error);
      if (refused.code === 'own-change') setOwnChange(true);
      else setProblem(refused);
    } finally {
      setBusy(false);
    }
  }

  const scheduled = (event: FormEvent) => {
    event.preventDefault();
    // datetime-local is the browser's local time without a zone: the Date makes it an instant
    if (publishAt) void decide(() => approveReview(municipality, eserviceId, review.id, new Date(publishAt).toISOString()));
  };
  const returned = (event: FormEvent) => {
    event.preventDefault();
    if (comment.trim()) void decide(() => returnReview(municipality, eserviceId, review.id, comment.trim()));
  };

  return (
    <section aria-labelledby="review-decision-heading">
      <h2 id="review-decision-heading">{t('review.decision')}</h2>
      {problem && <ProblemMessage problem={problem} />}
      {ownChange ? (
        <p className="notice" role="status" data-testid="own-change">
          {t('review.ownChange')}
        </p>
      ) : (
        <>
          <p>
            <button type="button" className="btn btn-primary" data-testid="approve-now" disabled={busy}
              onClick={() => void decide(() => approveReview(municipality, eserviceId, review.id))}>
              {t('review.approveNow')}
            </button>
          </p>
          <form className="inline-form" onSubmit={scheduled}>
            <div className="form-field">
              <label htmlFor="review-publish-at">{t('review.publishAtLabel')}</label>
              <input id="review-publish-at" type="datetime-local" required value={publishAt} onChange={(e) => setPublishAt(e.target.value)} />
            </div>
            <button type="submit" className="btn btn-secondary" data-testid="approve-at" disabled={busy}>
              {t('review.approveAt')}
            </button>
          </form>
        </>
      )}
      <form onSubmit={returned}>
        <div className="form-field">
          <label htmlFor="review-comment">{t('review.commentLabel')}</label>
          <textarea id="review-comment" required maxLength={2000} rows={4} value={comment} onChange={(e) => setComment(e.target.value)} />
        </div>
        <button type="submit" className="btn btn-secondary" data-testid="return-review" disabled={busy}>
          {t('review.return')}
        </button>
      </form>
    </section>
  );
}
