import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { loginPath } from '../identity/loginLinks';
import { useSession } from '../identity/SessionProvider';

interface LoginGateProps {
  municipality: string;
  /** The e-service's level of assurance */
  loa: number;
}

/** Instead of the form: what login the e-service needs and a link to the login page, back here afterwards. */
export function LoginGate({ municipality, loa }: LoginGateProps) {
  const { t } = useTranslation();
  const { session } = useSession();
  const location = useLocation();
  const here = location.pathname + location.search;
  const tooLow = session !== null && session.municipalityId === municipality && session.loa < loa;
  const elsewhere = session !== null && session.municipalityId !== municipality;
  return (
    <section className="login-gate" aria-labelledby="login-gate-title" data-testid="login-gate">
      <h2 id="login-gate-title">{t('gate.title')}</h2>
      <p>
        {tooLow
          ? t('gate.loaTooLow', { current: session.loa, level: loa })
          : elsewhere
            ? t('gate.otherMunicipality')
            : t('gate.text', { level: loa })}
      </p>
      <p>
        <Link className="btn btn-primary" to={loginPath(municipality, here, loa)} data-testid="login-link">
          {tooLow ? t('gate.loginStronger') : t('gate.login')}
        </Link>
      </p>
    </section>
  );
}
