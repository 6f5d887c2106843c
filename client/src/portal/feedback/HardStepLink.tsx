import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { statementPath } from '../../requirements/requirementsApi';

interface HardStepLinkProps {
  municipality: string;
  eserviceId: string;
  eserviceTitle: string;
  /** The accessibility statement's feedback address, when the e-service has one */
  feedbackEmail: string | undefined;
  stepTitle: string;
  /** 1 for the first step shown */
  stepNumber: number;
}

/**
 * "Was anything hard?" on every step: an e-mail to the e-service's feedback address (the
 * accessibility statement's contact) naming the step, or without one the statement page itself.
 */
export function HardStepLink({ municipality, eserviceId, eserviceTitle, feedbackEmail, stepTitle, stepNumber }: HardStepLinkProps) {
  const { t } = useTranslation();
  const hintId = useId();
  const subject = t('insights.hardSubject', { eservice: eserviceTitle, number: stepNumber, step: stepTitle });
  const body = t('insights.hardBody', { step: stepTitle });
  const label = t('insights.hardLink');
  return (
    <p className="hard-step-link">
      {feedbackEmail ? (
        <a href={`mailto:${feedbackEmail}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`} aria-describedby={hintId} data-testid="hard-step-link">
          {label}
        </a>
      ) : (
        <Link to={statementPath(municipality, eserviceId)} aria-describedby={hintId} data-testid="hard-step-link">
          {label}
        </Link>
      )}{' '}
      <span id={hintId} className="note">
        {t('insights.hardLinkHint', { step: stepTitle })}
      </span>
    </p>
  );
}
