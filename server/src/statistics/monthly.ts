import { sql } from 'kysely';
import { bilingual, type MonthlyStatistics } from '@etjanst/schemas';
import type { TenantContext } from '../eservices/operations.js';
import { unprocessable } from '../problems/problem.js';
import { exactBenefit, roundedBenefit } from './operations.js';
import { eservicesWithBenefit } from './repository.js';

/** `year` of the query (four digits); left out, this year in Sweden. */
export function parseYear(value: unknown, now = new Date()): number {
  if (value === undefined) return Number(now.toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' }).slice(0, 4));
  if (typeof value === 'string' && /^\d{4}$/.test(value) && Number(value) >= 2000) return Number(value);
  throw unprocessable('year-invalid', bilingual('Året ska skrivas med fyra siffror, från 2000.', 'The year must be four digits, from 2000.'), { field: 'year' });
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/**
 * Per month of the year (Swedish time): cases by channel, counted as the statistics table counts
 * them, and what the digital ones saved by their e-service's current benefit figures.
 */
export async function monthlyStatistics(ctx: TenantContext, year: number): Promise<MonthlyStatistics> {
  const month = sql<string>`to_char(submitted_at at time zone 'Europe/Stockholm', 'YYYY-MM')`;
  const [rows, eservices] = await Promise.all([
    ctx.db
      .selectFrom('submissions')
      .select((eb) => [
        'eservice_id',
        month.as('month'),
        eb.fn.countAll().filterWhere((w) => w.and([w('channel', '=', 'digital'), w('state', '=', 'submitted')])).as('digital'),
        eb.fn.countAll().filterWhere('channel', '=', 'paper').as('paper'),
      ])
      .where('municipality_id', '=', ctx.municipalityId)
      .where('submitted_at', '>=', sql<Date>`make_date(${year}, 1, 1)::timestamp at time zone 'Europe/Stockholm'`)
      .where('submitted_at', '<', sql<Date>`make_date(${year + 1}, 1, 1)::timestamp at time zone 'Europe/Stockholm'`)
      .groupBy(['eservice_id', month])
      .execute(),
    eservicesWithBenefit(ctx.db, ctx.municipalityId),
  ]);
  const benefitOf = new Map(eservices.map((e) => [e.eserviceId, e.benefit]));
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`).map((name) => {
    const own = rows.filter((row) => row.month === name);
    const digital = own.reduce((sum, row) => sum + Number(row.digital), 0);
    const paper = own.reduce((sum, row) => sum + Number(row.paper), 0);
    const saved = own.reduce(
      (sum, row) => {
        const benefit = benefitOf.get(row.eservice_id);
        if (!benefit) return sum;
        const exact = exactBenefit(Number(row.digital), benefit);
        return { hours: sum.hours + exact.hoursSaved, sek: sum.sek + exact.sekSaved };
      },
      { hours: 0, sek: 0 },
    );
    const rounded = roundedBenefit({ hoursSaved: saved.hours, sekSaved: saved.sek, projectedHoursPerYear: 0, projectedSekPerYear: 0 });
    return { month: name, digital, paper, digitalShare: ratio(digital, digital + paper), hoursSaved: rounded.hoursSaved, sekSaved: rounded.sekSaved };
  });
  return { year, months };
}
