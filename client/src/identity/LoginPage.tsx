import { textIn } from '@etjanst/schemas';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLoaderData, useSearchParams, type LoaderFunctionArgs } from 'react-router';
import { fetchMunicipalities } from '../shared/api';
import { useLanguage } from '../shared/i18n';
import { usePageTitle } from '../shared/usePageTitle';
import { BankIdLoginPanel } from './BankIdPanel';
import { requestedLoa, safeReturnTo } from './loginLinks';
import { bankIdLoginPath, fetchLoginMethods, samlStartUrl, type SamlMethod } from './sessionApi';
import { useMunicipalitySession, useSession } from './SessionProvider';

export async function loginLoader({ params, request }: LoaderFunctionArgs) {
  const id = params.municipality ?? '';
  const [municipalities, methods] = await Promise.all([
    fetchMunicipalities(request.signal),
    fetchLoginMethods(id, request.signal),
  ]);
  return {
    municipality: municipalities.find((m) => m.id === id) ?? { id, name: { sv: id } },
    methods,
  };
}

/**
 * `/:municipality/logga-in?returnTo=&loa=`: the municipality's e-ID methods that reach the
 * requested level of assurance; BankID in the page, SAML identity providers by a full page load.
 */
export function LoginPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { municipality, methods } = useLoaderData<typeof loginLoader>();
  const [searchParams] = useSearchParams();
  const loa = requestedLoa(searchParams.get('loa'));
  const returnTo = safeReturnTo(searchParams.get('returnTo'), municipality.id);
  const session = useMunicipalitySession(municipality.id);
  const { reload } = useSession();
  const title = t('login.titleIn', { municipality: textIn(municipality.name, language) });
  usePageTitle(title);

  const usable = methods.filter((method) => method.loa >= loa);
  const bankId = usable.find((method) => method.kind === 'bankid');
  const saml = usable.filter((method): method is SamlMethod => method.kind === 'saml');

  return (
    <div className="login-page">
      <h1>{title}</h1>
      {session && session.loa >= loa ? (
        // logged in (just now, or already) at a high enough level: on to where the citizen was going
        <Navigate to={returnTo} replace />
      ) : (
        <>
          <p className="lead">{t('login.intro')}</p>
          {searchParams.has('loa') && <p>{t('login.loaRequired', { level: loa })}</p>}
          {usable.length === 0 && (
            <p className="problem" role="alert">
              {t('login.noMethods')}
            </p>
          )}
          {bankId && <BankIdLoginPanel basePath={bankIdLoginPath(municipality.id)} returnTo={returnTo} name={bankId.name[language]} reload={reload} />}
          {saml.length > 0 && <SamlMethods methods={saml} returnTo={returnTo} loa={loa} headed={bankId !== undefined} />}
          <p className="back-link">
            <Link to={returnTo}>{t('login.cancelLink')}</Link>
          </p>
        </>
      )}
    </div>
  );
}

function SamlMethods({
  methods,
  returnTo,
  loa,
  headed,
}: {
  methods: SamlMethod[];
  returnTo: string;
  loa: number;
  headed: boolean;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <section className="login-methods" aria-labelledby="saml-methods">
      <h2 id="saml-methods" className={headed ? undefined : 'visually-hidden'}>
        {t('login.otherMethods')}
      </h2>
      <ul className="method-list">
        {methods.map((method) => (
          <li key={method.id}>
            {/* a full page load: the identity provider takes over, then the server sends the citizen back */}
            <a
              className="btn btn-secondary method-button"
              href={samlStartUrl(method.startUrl, returnTo, Math.max(loa, 2))}
              data-testid={`login-method-${method.id}`}
            >
              <span>{method.name[language]}</span>
              <span className="method-level">{t('login.methodLevel', { level: method.loa })}</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
