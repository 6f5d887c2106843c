import { bilingual, type MonthlyStatistics } from '@etjanst/schemas';
import type { TenantContext } from '../eservices/operations.js';
import { unprocessable } from '../problems/problem.js';
import { exactBenefit, roundedBenefit } from './operations.js';
import { eservicesWithBenefit, monthlyCaseCounts } from './repository.js';

/** `year` of the query (four digits); left out, this year in Sweden. */
export function parseYear(value: unknown, now = new Date()): number {
  if (value === undefined) return Number(now.toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' }).slice(0, 4));
  if (typeof value === 'string' && /^\d{4}$/.test(value) && Number(value) >= 2000) return Number(value);
  throw unprocessable('year-invalid', bilingual('Året ska skrivas med fyra siffror, från 2000.', 'The year must be four digits, from 2000.'), { field: 'year' });
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/**
 * Per month of the year (Swedish time): cases by channel, from the statistics table's own totals,
 * and what the digital ones saved by their e-service's current benefit figures.
 */
export async function monthlyStatistics(ctx: TenantContext, year: number): Promise<MonthlyStatistics> {
  const [rows, eservices] = await Promise.all([
    monthlyCaseCounts(ctx.db, ctx.municipalityId, { from: `${year}-01-01`, to: `${year}-12-31` }),
    eservicesWithBenefit(ctx.db, ctx.municipalityId),
  ]);
  const benefitOf = new Map(eservices.map((e) => [e.eserviceId, e.benefit]));
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`).map((name) => {
    const own = rows.filter((row) => row.month === name);
    const digital = own.reduce((sum, row) => sum + row.digital, 0);
    const paper = own.reduce((sum, row) => sum + row.paper, 0);
    const saved = own.reduce(
      (sum, row) => {
        const benefit = benefitOf.get(row.eserviceId);
        if (!benefit) return sum;
        const exact = exactBenefit(row.digital, benefit);
        return { hours: sum.hours + exact.hoursSaved, sek: sum.sek + exact.sekSaved };
      },
      { hours: 0, sek: 0 },
    );
    const rounded = roundedBenefit({ hoursSaved: saved.hours, sekSaved: saved.sek, projectedHoursPerYear: 0, projectedSekPerYear: 0 });
    return { month: name, digital, paper, digitalShare: ratio(digital, digital + paper), hoursSaved: rounded.hoursSaved, sekSaved: rounded.sekSaved };
  });
  return { year, months };
}
