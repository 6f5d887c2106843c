import { textIn } from '@etjanst/schemas';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Form, Link, useLoaderData } from 'react-router';
import { formatDateTime } from '../../shared/formatDate';
import { useLanguage } from '../../shared/i18n';
import { problemOf, type Problem } from '../../shared/problem';
import { ScrollableTable } from '../../shared/ScrollableTable';
import { usePageTitle } from '../../shared/usePageTitle';
import { useStaff } from '../../staff/StaffSessionProvider';
import { ErrorSummary } from '../staff/AdminForm';
import { ALL, AUDIT_PARAMS, INSTALLATION, nextAuditPage, type AuditRecord, type auditLoader } from './auditApi';

/** "staff:<id> (Name)" as people read it: the name, the id after it. */
const actorName = (actor: string) => /^staff:\S+ \((.+)\)$/.exec(actor)?.[1] ?? actor;

/**
 * The audit log, searched by who, what and when: a municipality's for its administrators (with
 * the CSV export), and for platform administrators also the installation's own events (staff
 * logins, identity providers) and every municipality's. Newest first, a page at a time.
 */
export function AuditPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { platform, municipalities, filters, page, exportUrl } = useLoaderData<typeof auditLoader>();
  usePageTitle(t('adminAudit.title'));

  return (
    <>
      <h1>{t('adminAudit.title')}</h1>
      <p>{platform ? t('adminAudit.introPlatform') : t('adminAudit.intro')}</p>
      <Form method="get" className="audit-filters" aria-label={t('adminAudit.filters')}>
        <div className="form-group">
          <label htmlFor="audit-scope">{t('adminAudit.scope')}</label>
          <select id="audit-scope" name={AUDIT_PARAMS.scope} defaultValue={filters.scope} key={filters.scope}>
            {platform && (
              <>
                <option value={ALL}>{t('adminAudit.all')}</option>
                <option value={INSTALLATION}>{t('adminAudit.installationOnly')}</option>
              </>
            )}
            {municipalities.map((m) => (
              <option key={m.id} value={m.id}>
                {textIn(m.name, language)}
              </option>
            ))}
          </select>
        </div>
        <div className="form-group">
          <label htmlFor="audit-actor">{t('adminAudit.actor')}</label>
          <input id="audit-actor" className="form-control" name={AUDIT_PARAMS.actor} defaultValue={filters.actor} key={`actor-${filters.actor}`} maxLength={200} />
        </div>
        <div className="form-group">
          <label htmlFor="audit-action">{t('adminAudit.action')}</label>
          <p id="audit-action-hint" className="field-hint">
            {t('adminAudit.actionHint')}
          </p>
          <input id="audit-action" className="form-control" name={AUDIT_PARAMS.action} aria-describedby="audit-action-hint" defaultValue={filters.action} key={`action-${filters.action}`} maxLength={200} />
        </div>
        <div className="form-group">
          <label htmlFor="audit-from">{t('adminAudit.from')}</label>
          <input id="audit-from" type="date" className="form-control" name={AUDIT_PARAMS.from} defaultValue={filters.from} key={`from-${filters.from}`} />
        </div>
        <div className="form-group">
          <label htmlFor="audit-to">{t('adminAudit.to')}</label>
          <input id="audit-to" type="date" className="form-control" name={AUDIT_PARAMS.to} defaultValue={filters.to} key={`to-${filters.to}`} />
        </div>
        <button type="submit" className="btn btn-primary">
          {t('adminAudit.search')}
        </button>
      </Form>
      {/* a new search starts the list again */}
      <AuditResults key={JSON.stringify(filters)} />
      <p>
        <Link to="/admin">{t('statistics.back')}</Link>
      </p>
    </>
  );
}

/** The search's rows, newest first, with more fetched a page at a time. */
function AuditResults() {
  const { t } = useTranslation();
  const language = useLanguage();
  const staff = useStaff();
  const { platform, municipalities, filters, page, exportUrl } = useLoaderData<typeof auditLoader>();
  const [shown, setShown] = useState<AuditRecord[]>(page.items);
  const [cursor, setCursor] = useState(page.nextCursor);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const municipalityName = (id: string | null) => {
    const municipality = municipalities.find((m) => m.id === id);
    return id === null ? t('adminAudit.installation') : municipality ? textIn(municipality.name, language) : id;
  };

  async function loadMore() {
    if (!cursor) return;
    setBusy(true);
    setProblem(null);
    try {
      const next = await nextAuditPage(filters, staff, cursor);
      setShown((rows) => [...rows, ...next.items]);
      setCursor(next.nextCursor);
    } catch (error) {
      setProblem(problemOf(error));
    }
    setBusy(false);
  }

  return (
        <section aria-labelledby="audit-results-heading">
          <h2 id="audit-results-heading">{t('adminAudit.results')}</h2>
          {exportUrl && (
            <p>
              <a href={exportUrl} download>
                {t('adminAudit.export')}
              </a>
            </p>
          )}
          {shown.length === 0 ? (
            <p>{t('adminAudit.empty')}</p>
          ) : (
            <ScrollableTable
              label={t('adminAudit.tableScroll')}
              testId="audit-table"
              columns={[t('adminAudit.when'), ...(platform ? [t('adminAudit.where')] : []), t('adminAudit.actor'), t('adminAudit.action'), t('adminAudit.subject'), t('adminAudit.details')]}
            >
              {shown.map((record) => (
                <tr key={record.id}>
                  <td>{formatDateTime(record.occurredAt, language)}</td>
                  {platform && <td>{municipalityName(record.municipalityId)}</td>}
                  <td title={record.actor}>
                    {actorName(record.actor)}
                  </td>
                  <td>
                    <code>{record.action}</code>
                  </td>
                  <td className="break-anywhere">
                    {record.subjectType}: {record.subjectId}
                  </td>
                  <td className="break-anywhere">
                    <small>
                      <code>{JSON.stringify(record.details)}</code>
                    </small>
                  </td>
                </tr>
              ))}
            </ScrollableTable>
          )}
          {problem && <ErrorSummary problem={problem} inputIds={{}} />}
          {cursor && (
            <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => void loadMore()}>
              {t('adminAudit.more')}
            </button>
          )}
        </section>
  );
}
