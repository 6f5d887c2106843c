import { textIn, USAGE_MEASURES } from '@etjanst/schemas';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Form, Link, useLoaderData, useRevalidator } from 'react-router';
import { useLanguage } from '../../shared/i18n';
import { problemOf, type Problem } from '../../shared/problem';
import { ScrollableTable } from '../../shared/ScrollableTable';
import { usePageTitle } from '../../shared/usePageTitle';
import { ErrorSummary } from '../staff/AdminForm';
import { fetchSplit, saveInhabitants, splitCsvUrl, type CostSplit, type costSharingLoader } from './costSharingApi';

const INPUT_IDS = { from: 'split-from', to: 'split-to', total: 'split-total', by: 'split-by', weights: 'split-weights', inhabitants: 'split-inhabitants' };

/**
 * The regional e-office's cost sharing, for the platform administrator: every municipality's use
 * in a period, their numbers of inhabitants, and a total split by inhabitants or by weighted use,
 * shown and downloadable as CSV. The question lives in the address.
 */
export function CostSharingPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { usage, query } = useLoaderData<typeof costSharingLoader>();
  const revalidator = useRevalidator();
  const params = new URLSearchParams(query);
  const [split, setSplit] = useState<CostSplit | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [inhabitants, setInhabitants] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState('');
  usePageTitle(t('costSharing.title'));

  useEffect(() => {
    setSplit(null);
    setProblem(null);
    if (!params.get('total')) return;
    const controller = new AbortController();
    fetchSplit(query, controller.signal).then(setSplit, (error: unknown) => !controller.signal.aborted && setProblem(problemOf(error)));
    return () => controller.abort();
    // the query string is the whole question; usage changes when inhabitants are saved
  }, [query, usage]);

  async function saveAll(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    setNotice('');
    try {
      // what is no number goes as typed, for the server to say why
      for (const [id, value] of Object.entries(inhabitants)) await saveInhabitants(id, value.trim() === '' ? null : /^\d+$/.test(value.trim()) ? Number(value) : value);
      setInhabitants({});
      await revalidator.revalidate();
      setNotice(t('costSharing.inhabitantsSaved'));
    } catch (error) {
      setProblem(problemOf(error));
    }
  }

  const measureColumns = USAGE_MEASURES.map((m) => t(`costSharing.measures.${m}`));
  return (
    <>
      <h1>{t('costSharing.title')}</h1>
      <p>{t('costSharing.intro')}</p>
      <p role="status" className={notice ? 'notice' : 'visually-hidden'}>
        {notice}
      </p>
      {problem && <ErrorSummary problem={problem} inputIds={INPUT_IDS} />}
      <Form method="get" aria-labelledby="split-heading">
        <h2 id="split-heading">{t('costSharing.question')}</h2>
        <div className="form-group">
          <label htmlFor={INPUT_IDS.from}>{t('costSharing.from')}</label>
          <input id={INPUT_IDS.from} name="from" type="date" className="form-control" defaultValue={usage.period.from} />
        </div>
        <div className="form-group">
          <label htmlFor={INPUT_IDS.to}>{t('costSharing.to')}</label>
          <input id={INPUT_IDS.to} name="to" type="date" className="form-control" defaultValue={usage.period.to} />
        </div>
        <div className="form-group">
          <label htmlFor={INPUT_IDS.total}>{t('costSharing.total')}</label>
          <p id={`${INPUT_IDS.total}-hint`} className="field-hint">
            {t('costSharing.totalHint')}
          </p>
          <input id={INPUT_IDS.total} name="total" className="form-control" inputMode="decimal" aria-describedby={`${INPUT_IDS.total}-hint`} defaultValue={params.get('total') ?? ''} />
        </div>
        <div className="form-group">
          <label htmlFor={INPUT_IDS.by}>{t('costSharing.by')}</label>
          <select id={INPUT_IDS.by} name="by" defaultValue={params.get('by') ?? 'inhabitants'}>
            <option value="inhabitants">{t('costSharing.byInhabitants')}</option>
            <option value="use">{t('costSharing.byUse')}</option>
          </select>
        </div>
        <div className="form-group">
          <label htmlFor={INPUT_IDS.weights}>{t('costSharing.weights')}</label>
          <p id={`${INPUT_IDS.weights}-hint`} className="field-hint">
            {t('costSharing.weightsHint', { measures: USAGE_MEASURES.join(', ') })}
          </p>
          <input id={INPUT_IDS.weights} name="weights" className="form-control" spellCheck={false} aria-describedby={`${INPUT_IDS.weights}-hint`} defaultValue={params.get('weights') ?? ''} />
        </div>
        <button type="submit" className="btn btn-primary">
          {t('costSharing.show')}
        </button>
      </Form>
      {split && (
        <section aria-labelledby="split-result-heading">
          <h2 id="split-result-heading">{t('costSharing.result', { total: split.totalText })}</h2>
          <ScrollableTable label={t('costSharing.tableScroll')} testId="split-table" columns={[t('costSharing.municipality'), t('costSharing.share'), t('costSharing.amount')]}>
            {split.rows.map((row) => (
              <tr key={row.id}>
                <th scope="row">{textIn(row.name, language) ?? row.id}</th>
                <td>{row.percent.toLocaleString(language === 'en' ? 'en-GB' : 'sv-SE', { maximumFractionDigits: 2 })} %</td>
                <td>{row.amountText} kr</td>
              </tr>
            ))}
          </ScrollableTable>
          <p>
            <a href={splitCsvUrl(query)} download>
              {t('costSharing.csv')}
            </a>
          </p>
        </section>
      )}
      <section aria-labelledby="usage-heading">
        <h2 id="usage-heading">{t('costSharing.usageTitle', { from: usage.period.from, to: usage.period.to })}</h2>
        <form noValidate onSubmit={(event) => void saveAll(event)} aria-labelledby="usage-heading">
          <ScrollableTable label={t('costSharing.tableScroll')} testId="usage-table" columns={[t('costSharing.municipality'), t('costSharing.inhabitants'), ...measureColumns]}>
            {usage.items.map((row) => {
              const name = textIn(row.name, language) ?? row.id;
              return (
                <tr key={row.id}>
                  <th scope="row">{name}</th>
                  <td>
                    <input
                      className="form-control"
                      inputMode="numeric"
                      aria-label={t('costSharing.inhabitantsOf', { municipality: name })}
                      value={inhabitants[row.id] ?? (row.inhabitants === null ? '' : String(row.inhabitants))}
                      onChange={(event) => setInhabitants((all) => ({ ...all, [row.id]: event.target.value }))}
                    />
                  </td>
                  {USAGE_MEASURES.map((m) => (
                    <td key={m}>{row.usage[m].toLocaleString(language === 'en' ? 'en-GB' : 'sv-SE')}</td>
                  ))}
                </tr>
              );
            })}
          </ScrollableTable>
          <button type="submit" className="btn btn-secondary" disabled={Object.keys(inhabitants).length === 0}>
            {t('costSharing.saveInhabitants')}
          </button>
        </form>
      </section>
      <p>
        <Link to="/admin">{t('statistics.back')}</Link>
      </p>
    </>
  );
}
