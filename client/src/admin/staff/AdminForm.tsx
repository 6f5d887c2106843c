import type { Language } from '@etjanst/schemas';
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useLanguage } from '../../shared/i18n';
import type { Problem } from '../../shared/problem';
import { ReauthenticateLink } from '../../staff/ReauthenticateLink';

/** The input a refused request names: the API's 422 carries it as `field` (e.g. `title.en`). */
export const fieldOf = (problem: Problem | null): string | undefined => {
  const field = (problem as { field?: unknown } | null)?.field;
  return typeof field === 'string' ? field : undefined;
};

/** What to show at the input of `field` when the problem is about it. */
export const fieldMessage = (problem: Problem | null, field: string, language: Language): string | undefined =>
  problem && fieldOf(problem) === field ? (problem.messages[language].detail ?? problem.messages[language].title) : undefined;

/** The staff login page, coming back here afterwards. */
export const loginAgainPath = (here: string) => `/admin/logga-in?tillbaka=${encodeURIComponent(here)}`;

/**
 * Why the last action failed, at the top of its form and focused so that it is read out: a
 * wrong value links to its input; a missing login links to logging in again, a too old one to a
 * forced re-login that comes back here.
 * `inputIds` maps the API's field names to the inputs' ids.
 */
export function ErrorSummary({ problem, inputIds }: { problem: Problem; inputIds: Record<string, string> }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const location = useLocation();
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEffect(() => ref.current?.focus(), [problem]);
  const { title, detail } = problem.messages[language];
  const field = fieldOf(problem);
  const inputId = field === undefined ? undefined : inputIds[field];
  return (
    <div ref={ref} className="problem error-summary" tabIndex={-1} aria-labelledby={titleId} data-testid="error-summary">
      <h2 id={titleId} className="problem-title">
        {title}
      </h2>
      {detail &&
        (inputId ? (
          <p>
            <a
              href={`#${inputId}`}
              onClick={(event) => {
                event.preventDefault();
                document.getElementById(inputId)?.focus();
              }}
            >
              {detail}
            </a>
          </p>
        ) : (
          <p>{detail}</p>
        ))}
      {problem.status === 401 && (
        <p>
          {problem.code === 'reauthentication-required' ? (
            <ReauthenticateLink returnTo={`${location.pathname}${location.search}`} />
          ) : (
            <Link to={loginAgainPath(location.pathname)}>{t('adminStaff.loginAgain')}</Link>
          )}
        </p>
      )}
    </div>
  );
}

interface InputProps {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

/** A labelled input with its hint and, when the server refused it, its error, both tied to it. */
export function Field({ id, label, hint, error, children }: { id: string; label: string; hint?: string; error: string | undefined; children: (props: InputProps) => ReactNode }) {
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div className={`form-group${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': described || undefined })}
    </div>
  );
}
