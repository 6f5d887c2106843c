import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchTemplateOffer, offerTemplate, withdrawTemplate, type TemplateOffer } from '../admin/templates/templateLibraryApi';
import { formatDateTime } from '../shared/formatDate';
import { useLanguage } from '../shared/i18n';
import { problemOf, type Problem } from '../shared/problem';
import { ProblemMessage } from '../shared/ProblemMessage';
import { useLoad } from '../shared/useLoad';

/**
 * Whether the e-service is offered to the other municipalities as a template, and for whoever may
 * decide it (its designers and approvers, the municipality's administrator) offering or withdrawing it.
 * Only a published e-service is offered: unpublishing it withdraws the offer.
 */
export function TemplateOfferPanel({ municipality, eserviceId, mayOffer }: { municipality: string; eserviceId: string; mayOffer: boolean }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [loaded] = useLoad(`${municipality}/${eserviceId}`, (signal) => fetchTemplateOffer(municipality, eserviceId, signal));
  const [changed, setChanged] = useState<TemplateOffer | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const offer = changed ?? (loaded.state === 'ready' ? loaded.value : null);
  if (!offer) return null;

  async function toggle(current: TemplateOffer): Promise<void> {
    setProblem(null);
    try {
      setChanged(await (current.offered ? withdrawTemplate : offerTemplate)(municipality, eserviceId));
    } catch (error) {
      setProblem(problemOf(error));
    }
  }

  return (
    <section aria-labelledby="template-offer-heading" data-testid="template-offer">
      <h2 id="template-offer-heading">{t('templateOffer.title')}</h2>
      <p>{t('templateOffer.explain')}</p>
      <p role="status">
        {offer.offered && offer.offeredAt
          ? t('templateOffer.offered', { date: formatDateTime(offer.offeredAt, language), count: offer.adoptions })
          : offer.version === null
            ? t('templateOffer.notPublished')
            : t('templateOffer.notOffered')}
      </p>
      {problem && <ProblemMessage problem={problem} />}
      {mayOffer && offer.version !== null && (
        <button type="button" className="btn btn-secondary" onClick={() => void toggle(offer)} data-testid="template-offer-toggle">
          {offer.offered ? t('templateOffer.withdraw') : t('templateOffer.offer')}
        </button>
      )}
    </section>
  );
}
