import { textIn } from '@etjanst/schemas';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLoaderData, useParams } from 'react-router';
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

/** One e-service: what it is, then its form, then the receipt. */
export function EServicePage() {
  const { t } = useTranslation();
  const published = useLoaderData<typeof eservicePageLoader>();
  const { municipality = '' } = useParams();
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [contactDetails, setContactDetails] = useState<ContactDetailsOutcome>(undefined);
  const { definition } = published;
  const language = formLanguage(definition, useLanguage());
  const title = textIn(definition.catalogue.title, language) ?? definition.id;
  usePageTitle(title);
  const { status, session } = useSession();
  const { access } = definition;
  const requiredLoa = access.login === 'eid' ? access.levelOfAssurance : undefined;
  const loggedInHere = session !== null && session.municipalityId === municipality;
  const mayUseForm = requiredLoa === undefined || (loggedInHere && session.loa >= requiredLoa);
  return (
    <>
      <p className="back-link">
        <Link to={`/${municipality}`}>{t('eservice.backToCatalogue')}</Link>
      </p>
      <h1>{title}</h1>
      {receipt ? (
        <ReceiptView
          receipt={receipt}
          message={textIn(definition.receipt.message, language)}
          municipality={municipality}
          contactDetails={contactDetails}
        />
      ) : (
        <>
          <EServiceIntro definition={definition} />
          <BlankFormLink municipality={municipality} published={published} language={language} />
          {mayUseForm ? (
            <EServiceWizard
              key={`${published.eserviceId}@${published.version}`}
              municipality={municipality}
              published={published}
              onSubmitted={(sent, saved) => {
                setContactDetails(saved);
                setReceipt(sent);
              }}
            />
          ) : status === 'loading' ? (
            <p className="loading">{t('gate.checking')}</p>
          ) : (
            <LoginGate municipality={municipality} loa={requiredLoa ?? 2} />
          )}
        </>
      )}
      <EServiceContact contact={definition.owner.contact} />
    </>
  );
}
