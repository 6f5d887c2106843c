import { textIn, type Activity, type Language, type MunicipalityStatistics, type Savings } from '@etjanst/schemas';
import { useTranslation } from 'react-i18next';
import { Form, Link, useLoaderData } from 'react-router';
import { formatNumber, formatPercent, formatSek } from '../shared/formatNumber';
import { useLanguage } from '../shared/i18n';
import { ProblemMessage } from '../shared/ProblemMessage';
import { usePageTitle } from '../shared/usePageTitle';
import { MUNICIPALITY_PARAM } from './adminApi';
import { FROM_PARAM, TO_PARAM, type statisticsLoader } from './statisticsApi';
import { ScrollableTable } from '../shared/ScrollableTable';
import { BenefitReportLinks, MonthCharts, RatingsSection, StepCharts } from './statistics/StatisticsInsights';

/** Per e-service statistics and benefit for a period: how much comes in digitally and what it saves. */
export function StatisticsPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { municipalities, selected, chosen, statistics, insights, problem } = useLoaderData<typeof statisticsLoader>();
  usePageTitle(t('statistics.title'));
  if (!selected) return <p>{t('admin.noMunicipalities')}</p>;
  const from = chosen.from || statistics?.period.from;
  const to = chosen.to || statistics?.period.to;
  return (
    <>
      <h1>{t('statistics.title')}</h1>
      <p>{t('statistics.intro')}</p>
      <Form method="get" className="inline-form">
        <label htmlFor="statistics-municipality">{t('admin.municipality')}</label>
        <select id="statistics-municipality" name={MUNICIPALITY_PARAM} defaultValue={selected.id} key={selected.id}>
          {municipalities.map((m) => (
            <option key={m.id} value={m.id}>
              {textIn(m.name, language)}
            </option>
          ))}
        </select>
        <label htmlFor="statistics-from">{t('statistics.from')}</label>
        <input id="statistics-from" className="form-control" type="date" name={FROM_PARAM} defaultValue={from} key={`from-${from}`} required />
        <label htmlFor="statistics-to">{t('statistics.to')}</label>
        <input id="statistics-to" className="form-control" type="date" name={TO_PARAM} defaultValue={to} key={`to-${to}`} required />
        <button type="submit" className="btn btn-secondary">
          {t('admin.show')}
        </button>
      </Form>
      {problem && <ProblemMessage problem={problem} />}
      {statistics && <StatisticsTable statistics={statistics} language={language} />}
      {statistics && insights && (
        <>
          <section aria-labelledby="charts-heading">
            <h2 id="charts-heading">{t('insights.chartsTitle')}</h2>
            <MonthCharts months={insights.months} language={language} />
            <StepCharts steps={insights.steps} language={language} />
          </section>
          <RatingsSection ratings={insights.ratings} period={statistics.period} language={language} />
          <BenefitReportLinks municipality={selected.id} year={insights.year} />
        </>
      )}
      <h2>{t('statistics.howTitle')}</h2>
      <ul>
        <li>{t('statistics.howShare')}</li>
        <li>{t('statistics.howStarted')}</li>
        <li>{t('statistics.howDropOff')}</li>
        <li>{t('statistics.howBenefit')}</li>
      </ul>
      <p>
        <Link to="/admin">{t('statistics.back')}</Link>
      </p>
    </>
  );
}

function StatisticsTable({ statistics, language }: { statistics: MunicipalityStatistics; language: Language }) {
  const { t } = useTranslation();
  const { period, eservices, totals } = statistics;
  if (eservices.length === 0) return <p>{t('statistics.empty')}</p>;
  return (
    <ScrollableTable
      caption={t('statistics.caption', { from: period.from, to: period.to })}
      className="statistics-table"
      columns={[
        t('statistics.eservice'),
        t('statistics.digital'),
        t('statistics.paper'),
        t('statistics.digitalShare'),
        t('statistics.started'),
        t('statistics.completed'),
        t('statistics.dropOff'),
        t('statistics.stillSaved'),
        t('statistics.hoursSaved'),
        t('statistics.sekSaved'),
        t('statistics.projectedSekPerYear'),
      ]}
      footer={
        <tr>
          <th scope="row">{t('statistics.total')}</th>
          <Figures activity={totals} savings={totals} language={language} />
        </tr>
      }
    >
      {eservices.map((e) => (
        <tr key={e.eserviceId}>
          <th scope="row">
            {textIn(e.title, language) ?? e.eserviceId}
            {!e.published && <small> ({t('statistics.unpublished')})</small>}
          </th>
          <Figures activity={e} savings={e.benefit} language={language} />
        </tr>
      ))}
    </ScrollableTable>
  );
}

function Figures({ activity, savings, language }: { activity: Activity; savings: Savings; language: Language }) {
  const count = (value: number) => formatNumber(value, language);
  return (
    <>
      <td>{count(activity.digital)}</td>
      <td>{count(activity.paper)}</td>
      <td>{activity.digitalShare === null ? <NoValue /> : formatPercent(activity.digitalShare, language)}</td>
      <td>{count(activity.started)}</td>
      <td>{count(activity.completed)}</td>
      <td>
        {count(activity.dropOff)}
        {activity.dropOffRate !== null && ` (${formatPercent(activity.dropOffRate, language)})`}
      </td>
      <td>{count(activity.stillSaved)}</td>
      <td>{formatNumber(savings.hoursSaved, language, 1)}</td>
      <td>{formatSek(savings.sekSaved, language)}</td>
      <td>{formatSek(savings.projectedSekPerYear, language)}</td>
    </>
  );
}

/** A share of nothing: shown as a dash, read out as words. */
function NoValue() {
  const { t } = useTranslation();
  return (
    <>
      <span aria-hidden="true">–</span>
      <span className="visually-hidden">{t('statistics.noValue')}</span>
    </>
  );
}
