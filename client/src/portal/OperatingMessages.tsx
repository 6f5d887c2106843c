import { textIn, type LocalizedText } from '@etjanst/schemas';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson, segment } from '../shared/api';
import { formatDateTime } from '../shared/formatDate';
import { useLanguage } from '../shared/i18n';

interface OperatingMessage {
  id: string;
  kind: 'disruption' | 'maintenance';
  title: LocalizedText;
  body: LocalizedText;
  startsAt: string;
  endsAt: string;
}

/**
 * The notices in force (driftinformation) for a municipality's pages, or one e-service's. They
 * are fetched after the page is shown and placed in a live region that is already there, so a
 * screen reader announces them; a failure to fetch shows nothing (the page itself still works).
 */
export function OperatingMessages({ municipality, eserviceId }: { municipality: string; eserviceId?: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [messages, setMessages] = useState<OperatingMessage[]>([]);
  useEffect(() => {
    const controller = new AbortController();
    const query = eserviceId ? `?eserviceId=${segment(eserviceId)}` : '';
    getJson<{ items: OperatingMessage[] }>(`/api/municipalities/${segment(municipality)}/operating-messages/in-force${query}`, controller.signal)
      .then(({ items }) => setMessages(items))
      .catch(() => setMessages([]));
    return () => controller.abort();
  }, [municipality, eserviceId]);
  return (
    <div aria-live="polite" className="operating-messages">
      {messages.length > 0 && (
        <section aria-label={t('operatingMessages.label')}>
          {messages.map((message) => (
            <div key={message.id} className={`operating-message operating-message-${message.kind}`}>
              <p className="operating-message-title">
                <strong>{t(`operatingMessages.${message.kind}`)}:</strong> {textIn(message.title, language)}
              </p>
              <p>{textIn(message.body, language)}</p>
              <p className="operating-message-window">{t('operatingMessages.until', { end: formatDateTime(message.endsAt, language) })}</p>
            </div>
          ))}
        </section>
      )}
    </div>
  );
}
