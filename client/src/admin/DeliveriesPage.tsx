import { textIn } from '@etjanst/schemas';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Form, useLoaderData, useRevalidator } from 'react-router';
import { formatDateTime } from '../shared/formatDate';
import { useLanguage } from '../shared/i18n';
import { problemOf, type Problem } from '../shared/problem';
import { ProblemMessage } from '../shared/ProblemMessage';
import { usePageTitle } from '../shared/usePageTitle';
import { MUNICIPALITY_PARAM } from './adminApi';
import {
  DELIVERY_STATES,
  ESERVICE_PARAM,
  fetchDelivery,
  replayDelivery,
  rotateSigningSecret,
  STATE_PARAM,
  testConnector,
  type Connector,
  type Delivery,
  type DeliveryAttempt,
  type deliveriesLoader,
} from './deliveriesApi';
import { ScrollableTable } from '../shared/ScrollableTable';

/**
 * Deliveries to back-office systems for administrators: the dead letters (or another state)
 * with inspect and replay, and each connector of an e-service with "send test delivery".
 */
export function DeliveriesPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const data = useLoaderData<typeof deliveriesLoader>();
  const revalidator = useRevalidator();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  /** A secret just made, shown until the page is left: the server never shows it again */
  const [newSecret, setNewSecret] = useState<{ connectorId: string; secret: string } | null>(null);
  usePageTitle(t('deliveries.title'));
  if (!data.selected) return <p>{t('admin.noMunicipalities')}</p>;
  const m = data.selected.id;

  async function run(action: () => Promise<string>) {
    setBusy(true);
    setProblem(null);
    setNotice('');
    try {
      setNotice(await action());
    } catch (error) {
      setProblem(problemOf(error));
    }
    await revalidator.revalidate();
    setBusy(false);
  }

  return (
    <>
      <h1>{t('deliveries.title')}</h1>
      <Form method="get" className="inline-form">
        <label htmlFor="deliveries-municipality">{t('admin.municipality')}</label>
        <select id="deliveries-municipality" name={MUNICIPALITY_PARAM} defaultValue={m} key={m}>
          {data.municipalities.map((municipality) => (
            <option key={municipality.id} value={municipality.id}>
              {textIn(municipality.name, language)}
            </option>
          ))}
        </select>
        <label htmlFor="deliveries-state">{t('deliveries.state')}</label>
        <select id="deliveries-state" name={STATE_PARAM} defaultValue={data.state} key={data.state}>
          {DELIVERY_STATES.map((state) => (
            <option key={state} value={state}>
              {t(`deliveries.states.${state}`)} ({data.counts?.[state] ?? 0})
            </option>
          ))}
        </select>
        <label htmlFor="deliveries-eservice">{t('deliveries.eservice')}</label>
        <select id="deliveries-eservice" name={ESERVICE_PARAM} defaultValue={data.eserviceId} key={data.eserviceId}>
          {data.eservices.map((e) => (
            <option key={e.id} value={e.id}>
              {textIn(e.title, language) ?? e.id}
            </option>
          ))}
        </select>
        <button type="submit" className="btn btn-secondary">
          {t('admin.show')}
        </button>
      </Form>
      {data.retention && <p data-testid="retention-counts">{t('deliveries.retention', { ...data.retention })}</p>}
      {problem && <ProblemMessage problem={problem} />}
      <p role="status" className={notice ? 'notice' : 'visually-hidden'}>
        {notice}
      </p>
      {newSecret && (
        <div className="notice">
          <p>{t('deliveries.newSecret', { connector: newSecret.connectorId })}</p>
          <code>{newSecret.secret}</code>
        </div>
      )}
      <ConnectorList
        connectors={data.connectors}
        busy={busy}
        onRotate={(connector) =>
          run(async () => {
            const rotated = await rotateSigningSecret(m, data.eserviceId!, connector.id);
            setNewSecret({ connectorId: connector.id, secret: rotated.secret });
            return rotated.previousValidUntil
              ? t('deliveries.secretRotatedWithOverlap', { connector: connector.id, until: formatDateTime(rotated.previousValidUntil, language) })
              : t('deliveries.secretRotated', { connector: connector.id });
          })
        }
        onTest={(connector) =>
          run(async () => {
            const result = await testConnector(m, data.eserviceId!, connector.id);
            return t(result.succeeded ? 'deliveries.testSucceeded' : 'deliveries.testFailed', { connector: connector.id, message: result.message?.[language] ?? '' });
          })
        }
      />
      <section aria-labelledby="deliveries-list">
        <h2 id="deliveries-list">{t('deliveries.listTitle', { state: t(`deliveries.states.${data.state}`) })}</h2>
        <DeliveryTable
          municipality={m}
          deliveries={data.deliveries}
          busy={busy}
          onReplay={(delivery) =>
            run(async () => {
              await replayDelivery(m, delivery.id);
              return t('deliveries.replayed', { connector: connectorName(delivery, t) });
            })
          }
        />
      </section>
    </>
  );
}

function ConnectorList({
  connectors,
  busy,
  onTest,
  onRotate,
}: {
  connectors: Connector[];
  busy: boolean;
  onTest: (connector: Connector) => void;
  onRotate: (connector: Connector) => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <section aria-labelledby="deliveries-connectors">
      <h2 id="deliveries-connectors">{t('deliveries.connectorsTitle')}</h2>
      {connectors.length === 0 ? (
        <p>{t('deliveries.noConnectors')}</p>
      ) : (
        <ul>
          {connectors.map((connector) => (
            <li key={connector.id}>
              <strong>{connector.id}</strong> – {(connector.title && textIn(connector.title, language)) ?? connector.type}
              <br />
              {connector.lastTest
                ? t(connector.lastTest.succeeded ? 'deliveries.lastTestSucceeded' : 'deliveries.lastTestFailed', {
                    at: formatDateTime(connector.lastTest.at, language),
                    message: connector.lastTest.message?.[language] ?? '',
                  })
                : t('deliveries.neverTested')}
              {connector.signingSecret !== undefined && (
                <>
                  <br />
                  {connector.signingSecret
                    ? t('deliveries.signingSecretMade', { at: formatDateTime(connector.signingSecret.rotatedAt ?? connector.signingSecret.createdAt, language) })
                    : t('deliveries.noSigningSecret')}
                  {connector.signingSecret?.previousValidUntil && <> {t('deliveries.previousSecretUntil', { until: formatDateTime(connector.signingSecret.previousValidUntil, language) })}</>}
                </>
              )}
              <br />
              <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => onTest(connector)}>
                {t('deliveries.sendTest')}
                <span className="visually-hidden"> {connector.id}</span>
              </button>
              {connector.signingSecret !== undefined && (
                <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => onRotate(connector)}>
                  {t('deliveries.rotateSecret')}
                  <span className="visually-hidden"> {connector.id}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The connector's id, or for the citizen's receipt e-mail (a delivery of its own kind, '@receipt') what it is. */
const connectorName = (delivery: Delivery, t: TFunction) => (delivery.connectorId === '@receipt' ? t('deliveries.receiptEmail') : delivery.connectorId);

function DeliveryTable({ municipality, deliveries, busy, onReplay }: { municipality: string; deliveries: Delivery[]; busy: boolean; onReplay: (delivery: Delivery) => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  if (deliveries.length === 0) return <p>{t('deliveries.empty')}</p>;
  return (
    <ScrollableTable
      label={t('deliveries.tableScroll')}
      columns={[
        t('deliveries.eservice'),
        t('deliveries.connector'),
        t('deliveries.attempts'),
        t('deliveries.lastError'),
        t('deliveries.reference'),
        t('deliveries.updatedAt'),
        t('admin.actions'),
      ]}
    >
      {deliveries.map((delivery) => (
        <tr key={delivery.id}>
          <th scope="row">
            {delivery.eserviceId}
            <br />
            <small>{delivery.submissionId}</small>
          </th>
          <td>{connectorName(delivery, t)}</td>
          <td>{delivery.attempts}</td>
          <td>{delivery.lastError ?? '–'}</td>
          <td>{delivery.externalReference ?? '–'}</td>
          <td>{formatDateTime(delivery.updatedAt, language)}</td>
          <td>
            <AttemptHistory municipality={municipality} delivery={delivery} />
            {(delivery.state === 'dead' || delivery.state === 'delivered') && (
              <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => onReplay(delivery)}>
                {t('deliveries.replay')}
                <span className="visually-hidden">
                  {' '}
                  {connectorName(delivery, t)} {delivery.submissionId}
                </span>
              </button>
            )}
          </td>
        </tr>
      ))}
    </ScrollableTable>
  );
}

/** Every attempt of one delivery, loaded when opened. */
function AttemptHistory({ municipality, delivery }: { municipality: string; delivery: Delivery }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [history, setHistory] = useState<DeliveryAttempt[] | Problem | null>(null);
  return (
    <details
      onToggle={(event) => {
        if ((event.currentTarget as HTMLDetailsElement).open && history === null) {
          fetchDelivery(municipality, delivery.id).then((d) => setHistory(d.history), (error: unknown) => setHistory(problemOf(error)));
        }
      }}
    >
      <summary>{t('deliveries.history')}</summary>
      {history === null ? (
        <p>{t('deliveries.loading')}</p>
      ) : Array.isArray(history) ? (
        <ol>
          {history.map((a) => (
            <li key={`${a.attempt}-${a.at}`}>
              {formatDateTime(a.at, language)}: {t(`deliveries.outcomes.${a.outcome}`)}
              {a.error ? ` – ${a.error}` : ''}
            </li>
          ))}
        </ol>
      ) : (
        <ProblemMessage problem={history} />
      )}
    </details>
  );
}
