import type { EServiceRatings, MonthlyStatistics, MunicipalityStatistics, StepDropOff } from '@etjanst/schemas';
import { fetchMunicipalities, getJson, segment } from '../shared/api';
import { ProblemError, type Problem } from '../shared/problem';
import { municipalitiesFor, STAFF_PAGES, staffLoader } from '../staff/access';
import { MUNICIPALITY_PARAM } from './adminApi';

/** The query parameters of the page: the period's first and last day (YYYY-MM-DD). */
export const FROM_PARAM = 'fran';
export const TO_PARAM = 'till';

/**
 * The municipality's statistics for the chosen period (the API's default: this year). A period
 * the API refuses comes back as the problem, so the page can show it next to the period chooser.
 */
export const statisticsLoader = staffLoader(STAFF_PAGES.statistics, async ({ request }, staff) => {
  const url = new URL(request.url);
  const municipalities = municipalitiesFor(await fetchMunicipalities(request.signal), staff.grants, STAFF_PAGES.statistics);
  const selected = municipalities.find((m) => m.id === url.searchParams.get(MUNICIPALITY_PARAM)) ?? municipalities[0];
  const chosen = { from: url.searchParams.get(FROM_PARAM) ?? '', to: url.searchParams.get(TO_PARAM) ?? '' };
  const none = { municipalities, selected, chosen, statistics: undefined, insights: undefined, problem: undefined as Problem | undefined };
  if (!selected) return none;
  const query = new URLSearchParams();
  if (chosen.from) query.set('from', chosen.from);
  if (chosen.to) query.set('to', chosen.to);
  try {
    const base = `/api/municipalities/${segment(selected.id)}/statistics`;
    const statistics = await getJson<MunicipalityStatistics>(`${base}?${query}`, request.signal);
    // the charts and ratings: the same period, and the months of the year it starts in
    const year = Number(statistics.period.from.slice(0, 4));
    const [months, steps, ratings] = await Promise.all([
      getJson<MonthlyStatistics>(`${base}/months?year=${year}`, request.signal),
      getJson<StepDropOff>(`${base}/steps?${query}`, request.signal),
      getJson<{ eservices: EServiceRatings[] }>(`${base}/ratings?${query}`, request.signal),
    ]);
    return { ...none, statistics, insights: { year, months, steps, ratings: ratings.eservices } };
  } catch (error) {
    if (error instanceof ProblemError && error.problem.status === 422) return { ...none, problem: error.problem };
    throw error;
  }
});
