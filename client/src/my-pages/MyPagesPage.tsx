import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { textIn } from '@etjanst/schemas';
import { useSession } from '../identity/SessionProvider';
import { loginPath } from '../identity/loginLinks';
import { ProblemMessage } from '../shared/ProblemMessage';
import { fetchMunicipalities, type Municipality } from '../shared/api';
import { formatDateTime } from '../shared/formatDate';
import { useLanguage } from '../shared/i18n';
import { usePageTitle } from '../shared/usePageTitle';
import { isCaseStatus } from './caseApi';
import { BookingsSection } from './BookingsSection';
import { CaseFollowUpSection } from './CaseFollowUpSection';
import { ContactDetailsSection } from './ContactDetailsSection';
import { DraftsSection } from './DraftsSection';
import { OwnSignaturesSection } from './OwnSignaturesSection';
import { SignatureRequestsSection } from './SignatureRequestsSection';
import { fetchOwnSubmissions, MY_PAGES_TEXTS, type OwnSubmission } from './myPagesApi';
import { useLoad } from '../shared/useLoad';
import { ScrollableTable } from '../shared/ScrollableTable';

/** The citizen's own pages: the cases sent while logged in, with their receipts. */
export function MyPagesPage() {
  const { t } = useTranslation();
  usePageTitle(t('myPages.title'));
  const { status, session } = useSession();
  return (
    <>
      <h1>{t('myPages.title')}</h1>
      {status === 'loading' ? null : session ? <MyCases key={`${session.municipalityId}/${session.person.personalIdentityNumber}`} municipalityId={session.municipalityId} /> : <LoginChoice />}
    </>
  );
}

function MyCases({ municipalityId }: { municipalityId: string }) {
  const language = useLanguage();
  const texts = MY_PAGES_TEXTS[language];
  const [cases] = useLoad(municipalityId, fetchOwnSubmissions);
  const [municipalities] = useLoad('all', fetchMunicipalities);
  const municipality = municipalities.state === 'ready' ? municipalities.value.find((m) => m.id === municipalityId) : undefined;
  const municipalityName = (municipality && textIn(municipality.name, language)) ?? municipalityId;
  return (
    <>
      <section aria-labelledby="my-cases-heading">
        <h2 id="my-cases-heading">{texts.cases}</h2>
        <p className="lead">{texts.intro.replace('{{municipality}}', municipalityName)}</p>
        {cases.state === 'loading' && <p role="status">{texts.loading}</p>}
        {cases.state === 'failed' && <ProblemMessage problem={cases.problem} />}
        {cases.state === 'ready' && <CaseTable cases={cases.value} />}
        <p className="note">{texts.later}</p>
      </section>
      <CaseFollowUpSection />
      <BookingsSection municipalityId={municipalityId} />
      <SignatureRequestsSection municipalityId={municipalityId} />
      <OwnSignaturesSection municipalityId={municipalityId} />
      <DraftsSection municipalityId={municipalityId} />
      <ContactDetailsSection municipalityName={municipalityName} />
    </>
  );
}

function CaseTable({ cases }: { cases: OwnSubmission[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const texts = MY_PAGES_TEXTS[language];
  if (cases.length === 0) return <p>{texts.empty}</p>;
  return (
    <ScrollableTable
      label={texts.tableScroll}
      columns={[
        texts.eservice,
        texts.receiptNumber,
        texts.date,
        texts.status,
        texts.receipt,
      ]}
    >
      {cases.map((submission) => (
        <tr key={submission.id}>
          <th scope="row">{textIn(submission.eserviceTitle, language) ?? submission.eserviceId}</th>
          <td>
            <span data-testid="my-receipt-number">{submission.receiptNumber}</span>
          </td>
          <td>
            <time dateTime={submission.submittedAt}>{formatDateTime(submission.submittedAt, language)}</time>
          </td>
          <td data-testid="own-submission-status">{isCaseStatus(submission.status) ? t(`cases.statuses.${submission.status}`) : t(`citizenJourney.statuses.${submission.status}`)}</td>
          <td>
            <a href={submission.receiptUrl} download type="application/pdf">
              {texts.download}
              <span className="visually-hidden"> {submission.receiptNumber}</span>
            </a>
          </td>
        </tr>
      ))}
    </ScrollableTable>
  );
}

function LoginChoice() {
  const language = useLanguage();
  const texts = MY_PAGES_TEXTS[language];
  const [municipalities] = useLoad<Municipality[]>('all', fetchMunicipalities);
  return (
    <>
      <p className="lead">{texts.loginIntro}</p>
      {municipalities.state === 'failed' && <ProblemMessage problem={municipalities.problem} />}
      {municipalities.state === 'ready' && (
        <ul>
          {municipalities.value.map((municipality) => (
            <li key={municipality.id}>
              <Link to={loginPath(municipality.id, '/mina-sidor')}>{texts.loginAt(textIn(municipality.name, language) ?? municipality.id)}</Link>
            </li>
          ))}
        </ul>
      )}
      <p className="note">{texts.later}</p>
    </>
  );
}
