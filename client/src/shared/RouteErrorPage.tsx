import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { ProblemMessage } from './ProblemMessage';
import { problemOf, type Problem } from './problem';
import { usePageTitle } from './usePageTitle';

/** A page whose address matches nothing. */
export function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t('problem.notFoundTitle'));
  return (
    <>
      <h1>{t('problem.notFoundTitle')}</h1>
      <p>{t('problem.notFoundDetail')}</p>
      <p>
        <Link to="/">{t('problem.toStart')}</Link>
      </p>
    </>
  );
}

/** What a route shows when its data could not be loaded. */
export function RouteErrorPage() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  return <LoadFailedPage problem={problemOf(error)} />;
}

function LoadFailedPage({ problem }: { problem: Problem }) {
  const { t } = useTranslation();
  usePageTitle(t('problem.pageTitle'));
  return (
    <>
      <h1 data-testid="route-error">{t('problem.pageTitle')}</h1>
      <ProblemMessage problem={problem} />
      <p>
        <Link to="/">{t('problem.toStart')}</Link>
      </p>
    </>
  );
}
