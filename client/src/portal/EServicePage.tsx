import { textIn } from '@etjanst/schemas';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLoaderData, useParams, useSearchParams } from 'react-router';
import { useSession } from '../identity/SessionProvider';
import { useLanguage } from '../shared/i18n';
import { usePageTitle } from '../shared/usePageTitle';
import { BlankFormLink } from './BlankFormLink';
import { EServiceContact, EServiceIntro } from './EServiceIntro';
import { EServiceWizard, type ContactDetailsOutcome } from './EServiceWizard';
import { formLanguage } from './formLanguage';
import { LoginGate } from './LoginGate';
import type { eservicePageLoader, Receipt } from './portalApi';
import { ReceiptView } from './ReceiptView';
import { OperatingMessages } from './OperatingMessages';
import { statementPath } from '../requirements/requirementsApi';
import { useEServiceTheme } from '../requirements/useEServiceTheme';
import { DRAFT_PARAM } from './drafts/draftsApi';
import { ResumeDraft } from './drafts/ResumeDraft';
import { RatingForm } from './feedback/RatingForm';

/** One e-service: what it is, then its form, then the receipt. */
export function EServicePage() {
  const { t } = useTranslation();
  const published = useLoaderData<typeof eservicePageLoader>();
  const { municipality = '' } = useParams();
  const [searchParams] = useSearchParams();
  const draftId = searchParams.get(DRAFT_PARAM);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [contactDetails, setContactDetails] = useState<ContactDetailsOutcome>(undefined);
  const { definition } = published;
  const language = formLanguage(definition, useLanguage());
  const title = textIn(definition.catalogue.title, language) ?? definition.id;
  usePageTitle(title);
  useEServiceTheme(definition.theme);
  const { status, session } = useSession();
  const { access } = definition;
  const requiredLoa = access.login === 'eid' ? access.levelOfAssurance : undefined;
  const loggedInHere = session !== null && session.municipalityId === municipality;
  const submitted = (sent: Receipt, saved: ContactDetailsOutcome) => {
    setContactDetails(saved);
    setReceipt(sent);
  };
  const mayUseForm = requiredLoa === undefined || (loggedInHere && session.loa >= requiredLoa);
  return (
    <>
      <p className="back-link">
        <Link to={`/${municipality}`}>{t('eservice.backToCatalogue')}</Link>
      </p>
      <h1>{title}</h1>
      <OperatingMessages municipality={municipality} eserviceId={published.eserviceId} />
      {receipt ? (
        <>
          <ReceiptView
            receipt={receipt}
            message={textIn(definition.receipt.message, language)}
            municipality={municipality}
            contactDetails={contactDetails}
          />
          {receipt.ratingPermit && <RatingForm municipality={municipality} published={published} permit={receipt.ratingPermit} />}
        </>
      ) : (
        <>
          <EServiceIntro definition={definition} />
          <BlankFormLink municipality={municipality} published={published} language={language} />
          {mayUseForm && draftId ? (
            <ResumeDraft key={draftId} draftId={draftId} eserviceId={published.eserviceId} startOverPath={`/${municipality}/e-tjanster/${published.eserviceId}`}>
              {(draft) => <EServiceWizard key={draft.id} municipality={municipality} published={published} initialDraft={draft} onSubmitted={submitted} />}
            </ResumeDraft>
          ) : mayUseForm ? (
            <EServiceWizard key={`${published.eserviceId}@${published.version}`} municipality={municipality} published={published} onSubmitted={submitted} />
          ) : status === 'loading' ? (
            <p className="loading">{t('gate.checking')}</p>
          ) : (
            <LoginGate municipality={municipality} loa={requiredLoa ?? 2} />
          )}
        </>
      )}
      <EServiceContact contact={definition.owner.contact} />
      <p>
        <Link to={statementPath(municipality, published.eserviceId)}>{t('mustRequirements.statement.link')}</Link>
      </p>
    </>
  );
}
