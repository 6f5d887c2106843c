import { RATING_COMMENT_MAX_LENGTH } from '@etjanst/schemas';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { problemOf, type Problem } from '../../shared/problem';
import { ProblemMessage } from '../../shared/ProblemMessage';
import type { PublishedEService } from '../portalApi';
import { isPermitRefused, sendRating } from './feedbackApi';

const GRADES = [1, 2, 3, 4, 5] as const;

/**
 * After the receipt: a grade 1-5 and an optional short comment about the e-service, once, with
 * the submission's permit to rate. Sent without cookies; the warning says not to write personal
 * data, and the server removes what it recognises. A refused permit ends the form with the
 * server's reason, since sending again cannot help.
 */
export function RatingForm({ municipality, published, permit }: { municipality: string; published: PublishedEService; permit: string }) {
  const { t } = useTranslation();
  const [grade, setGrade] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [state, setState] = useState<'open' | 'sending' | 'sent' | 'refused'>('open');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [missingGrade, setMissingGrade] = useState(false);
  const legendId = useId();
  const hintId = useId();
  const commentId = useId();
  const warningId = useId();
  const gradeErrorId = useId();

  if (state === 'sent') {
    return (
      <p role="status" className="rating-thanks" data-testid="rating-thanks">
        {t('insights.thanks')}
      </p>
    );
  }
  if (state === 'refused' && problem) {
    return (
      <section className="rating-form" aria-label={t('insights.rateLegend')}>
        <ProblemMessage problem={problem} />
      </section>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (grade === null) {
      setMissingGrade(true);
      return;
    }
    setState('sending');
    setProblem(null);
    try {
      await sendRating(municipality, published, permit, grade, comment);
      setState('sent');
    } catch (error) {
      const refusal = problemOf(error);
      setProblem(refusal);
      setState(isPermitRefused(refusal.code) ? 'refused' : 'open');
    }
  };

  return (
    <form className="rating-form" onSubmit={(event) => void submit(event)} aria-labelledby={legendId} noValidate>
      <fieldset aria-describedby={missingGrade ? `${hintId} ${gradeErrorId}` : hintId}>
        <legend id={legendId}>{t('insights.rateLegend')}</legend>
        <p id={hintId} className="field-hint">
          {t('insights.rateHint')}
        </p>
        {GRADES.map((value) => (
          <div className="choice-row" key={value}>
            <input
              id={`${commentId}-grade-${value}`}
              type="radio"
              name="grade"
              value={value}
              checked={grade === value}
              onChange={() => {
                setGrade(value);
                setMissingGrade(false);
              }}
            />
            <label htmlFor={`${commentId}-grade-${value}`}>{t(`insights.grade${value}`)}</label>
          </div>
        ))}
        {missingGrade && (
          <p id={gradeErrorId} className="field-error">
            {t('insights.gradeMissing')}
          </p>
        )}
      </fieldset>
      <div className="form-group">
        <label htmlFor={commentId}>{t('insights.commentLabel', { max: RATING_COMMENT_MAX_LENGTH })}</label>
        <p id={warningId} className="field-hint rating-warning">
          {t('insights.commentWarning')}
        </p>
        <textarea
          id={commentId}
          className="form-control"
          rows={3}
          maxLength={RATING_COMMENT_MAX_LENGTH}
          aria-describedby={warningId}
          value={comment}
          onChange={(event) => setComment(event.target.value)}
        />
      </div>
      {problem && <ProblemMessage problem={problem} />}
      <button type="submit" className="btn btn-secondary" disabled={state === 'sending'}>
        {state === 'sending' ? t('insights.sendingRating') : t('insights.sendRating')}
      </button>
    </form>
  );
}
