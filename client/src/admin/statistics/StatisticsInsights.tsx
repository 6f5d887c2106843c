import { textIn, type EServiceRatings, type Language, type MonthlyStatistics, type StepDropOff } from '@etjanst/schemas';
import { useTranslation } from 'react-i18next';
import { segment } from '../../shared/api';
import { formatDate } from '../../shared/formatDate';
import { formatNumber, formatPercent } from '../../shared/formatNumber';
import { ScrollableTable } from '../../shared/ScrollableTable';
import { BarChart } from './BarChart';

/** A month (YYYY-MM) by its short name in the language. */
const monthName = (month: string, language: Language) =>
  new Intl.DateTimeFormat(language === 'sv' ? 'sv-SE' : 'en-GB', { month: 'short', timeZone: 'UTC' }).format(new Date(`${month}-15T00:00:00Z`));

/** The charts of a year's months: the digital share, then the hours the digital cases saved. */
export function MonthCharts({ months, language }: { months: MonthlyStatistics; language: Language }) {
  const { t } = useTranslation();
  const share = (value: number | null) => (value === null ? t('insights.noCases') : formatPercent(value, language));
  return (
    <>
      <h3>{t('insights.monthsTitle', { year: months.year })}</h3>
      <BarChart
        title={t('insights.monthsTitle', { year: months.year })}
        description={t('insights.monthsDesc')}
        max={1}
        bars={months.months.map((m) => ({ label: monthName(m.month, language), value: m.digitalShare ?? 0, text: m.digitalShare === null ? '–' : formatPercent(m.digitalShare, language) }))}
        table={{
          columns: [t('insights.month'), t('statistics.digital'), t('statistics.paper'), t('statistics.digitalShare')],
          rows: months.months.map((m) => [monthName(m.month, language), formatNumber(m.digital, language), formatNumber(m.paper, language), share(m.digitalShare)]),
        }}
      />
      <h3>{t('insights.benefitTitle', { year: months.year })}</h3>
      <BarChart
        title={t('insights.benefitTitle', { year: months.year })}
        description={t('insights.benefitDesc')}
        bars={months.months.map((m) => ({ label: monthName(m.month, language), value: m.hoursSaved, text: formatNumber(m.hoursSaved, language, 1) }))}
        table={{
          columns: [t('insights.month'), t('statistics.hoursSaved'), t('statistics.sekSaved')],
          rows: months.months.map((m) => [monthName(m.month, language), formatNumber(m.hoursSaved, language, 1), formatNumber(m.sekSaved, language)]),
        }}
      />
    </>
  );
}

/** Per version with step events: how many reached each step, and how many left there. */
export function StepCharts({ steps, language }: { steps: StepDropOff; language: Language }) {
  const { t } = useTranslation();
  return (
    <>
      <h3>{t('insights.stepsTitle')}</h3>
      <p>{t('insights.stepsIntro')}</p>
      {steps.eservices.length === 0 && <p>{t('insights.stepsNone')}</p>}
      {steps.eservices.map((e) => {
        const title = t('insights.stepsChartTitle', { eservice: textIn(e.title, language) ?? e.eserviceId, version: e.version });
        return (
          <BarChart
            key={`${e.eserviceId}/${e.version}`}
            title={title}
            description={t('insights.stepsChartDesc', { started: formatNumber(e.started, language), completed: formatNumber(e.completed, language) })}
            bars={e.steps.map((s) => ({ label: String(s.index + 1), value: s.reached, part: s.left, text: formatNumber(s.reached, language) }))}
            table={{
              columns: [t('insights.step'), t('insights.reached'), t('insights.left')],
              rows: e.steps.map((s) => [
                `${s.index + 1}. ${textIn(s.title, language) ?? ''}`,
                formatNumber(s.reached, language),
                `${formatNumber(s.left, language)}${s.leftRate === null ? '' : ` (${formatPercent(s.leftRate, language)})`}`,
              ]),
            }}
          />
        );
      })}
    </>
  );
}

/** The residents' grades per e-service, and their comments under each. */
export function RatingsSection({ ratings, period, language }: { ratings: EServiceRatings[]; period: { from: string; to: string }; language: Language }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="ratings-heading">
      <h2 id="ratings-heading">{t('insights.ratingsTitle')}</h2>
      {ratings.length === 0 ? (
        <p>{t('insights.ratingsNone')}</p>
      ) : (
        <>
          <ScrollableTable caption={t('insights.ratingsCaption', period)} className="statistics-table" columns={[t('statistics.eservice'), t('insights.ratingsCount'), t('insights.ratingsAverage'), t('insights.ratingsGrades')]}>
            {ratings.map((r) => (
              <tr key={r.eserviceId}>
                <th scope="row">{textIn(r.title, language) ?? r.eserviceId}</th>
                <td>{formatNumber(r.count, language)}</td>
                <td>{formatNumber(r.average, language, 2)}</td>
                <td>{r.grades.join(' / ')}</td>
              </tr>
            ))}
          </ScrollableTable>
          {ratings
            .filter((r) => r.comments.length > 0)
            .map((r) => (
              <div key={r.eserviceId}>
                <h3>{t('insights.commentsTitle', { eservice: textIn(r.title, language) ?? r.eserviceId })}</h3>
                <ul className="rating-comments">
                  {r.comments.map((c, i) => (
                    <li key={i}>
                      <strong>{t('insights.commentGrade', { grade: c.grade, date: formatDate(c.ratedOn, language) })}</strong> {c.comment}
                    </li>
                  ))}
                </ul>
              </div>
            ))}
        </>
      )}
    </section>
  );
}

/** Links to the yearly benefit report of the municipality as CSV and PDF. */
export function BenefitReportLinks({ municipality, year }: { municipality: string; year: number }) {
  const { t } = useTranslation();
  const path = (extension: string) => `/api/municipalities/${segment(municipality)}/statistics/benefit-report.${extension}?year=${year}`;
  return (
    <section aria-labelledby="benefit-report-heading">
      <h2 id="benefit-report-heading">{t('insights.reportTitle')}</h2>
      <p>{t('insights.reportIntro', { year })}</p>
      <ul>
        <li>
          <a href={path('csv')} download type="text/csv">
            {t('insights.reportCsv', { year })}
          </a>
        </li>
        <li>
          <a href={path('pdf')} download type="application/pdf">
            {t('insights.reportPdf', { year })}
          </a>
        </li>
      </ul>
    </section>
  );
}
