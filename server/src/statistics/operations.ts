import { bilingual, type Activity, type EServiceDefinition, type MunicipalityStatistics, type StatisticsPeriod } from '@etjanst/schemas';
import { parseDay } from '../cases/paper.js';
import type { TenantContext } from '../eservices/operations.js';
import { unprocessable } from '../problems/problem.js';
import { feesTaken, type FeesTaken } from '../payment/statistics.js';
import { activityCounts, eservicesWithBenefit, type CaseCounts, type DraftCounts } from './repository.js';

const swedishToday = (now: Date) => now.toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });

/**
 * `from` and `to` (Swedish calendar days, both included). Left out: the current calendar year,
 * or the rest (beginning) of the year of the one given.
 */
export function parsePeriod(query: Record<string, unknown>, now = new Date()): StatisticsPeriod {
  const given = { from: query.from === undefined ? undefined : parseDay(query.from, 'from'), to: query.to === undefined ? undefined : parseDay(query.to, 'to') };
  const year = (given.from ?? given.to ?? swedishToday(now)).slice(0, 4);
  const from = given.from ?? `${year}-01-01`;
  const to = given.to ?? `${year}-12-31`;
  if (from > to) {
    throw unprocessable('period-invalid', bilingual(`Perioden ska börja (${from}) senast den dag den slutar (${to}).`, `The period must start (${from}) no later than it ends (${to}).`), { field: 'from' });
  }
  return { from, to };
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);
const hours = (value: number) => Math.round(value * 10) / 10;
const kronor = (value: number) => Math.round(value);

/** Unrounded hours and SEK, so totals are sums of exact figures. */
export function exactBenefit(digital: number, benefit: EServiceDefinition['benefit']) {
  const hoursPerCase = (benefit.manualMinutesPerCase - benefit.digitalMinutesPerCase) / 60;
  return {
    hoursSaved: digital * hoursPerCase,
    sekSaved: digital * hoursPerCase * benefit.costPerHourSek,
    projectedHoursPerYear: benefit.expectedCasesPerYear * hoursPerCase,
    projectedSekPerYear: benefit.expectedCasesPerYear * hoursPerCase * benefit.costPerHourSek,
  };
}

export const roundedBenefit = (exact: ReturnType<typeof exactBenefit>) => ({
  hoursSaved: hours(exact.hoursSaved),
  sekSaved: kronor(exact.sekSaved),
  projectedHoursPerYear: hours(exact.projectedHoursPerYear),
  projectedSekPerYear: kronor(exact.projectedSekPerYear),
});

function activity(cases: CaseCounts, drafts: DraftCounts): Activity {
  const started = drafts.created + cases.sentWithoutDraft;
  return {
    digital: cases.digital,
    paper: cases.paper,
    digitalShare: ratio(cases.digital, cases.digital + cases.paper),
    started,
    completed: cases.digital,
    dropOff: drafts.notSent,
    stillSaved: drafts.stillSaved,
    dropOffRate: ratio(drafts.notSent, started),
  };
}

const NO_CASES: CaseCounts = { digital: 0, paper: 0, sentWithoutDraft: 0 };
const NO_DRAFTS: DraftCounts = { created: 0, notSent: 0, stillSaved: 0 };
const NO_BENEFIT: EServiceDefinition['benefit'] = { manualMinutesPerCase: 0, digitalMinutesPerCase: 0, costPerHourSek: 0, expectedCasesPerYear: 0 };
/** Adds up rows of counts field by field. */
function totalOf<T extends { [K in keyof T]: number }>(rows: T[], zero: T): T {
  const keys = Object.keys(zero) as (keyof T)[];
  return rows.reduce((total, row) => Object.fromEntries(keys.map((key) => [key, total[key] + row[key]])) as T, zero);
}

/** The fees an e-service took, in kronor; nothing for one that took none */
const feeFigures = (taken: FeesTaken | undefined) =>
  taken ? { fees: { payments: taken.payments, amountSek: taken.amountOre / 100, refundedSek: taken.refundedOre / 100 } } : {};

/**
 * Per e-service statistics of the municipality for a period: cases by channel, starts,
 * completions, drop-off, and the benefit by the current version's figures.
 */
export async function municipalityStatistics(ctx: TenantContext, period: StatisticsPeriod): Promise<MunicipalityStatistics> {
  const [eservices, { cases, drafts }, fees] = await Promise.all([
    eservicesWithBenefit(ctx.db, ctx.municipalityId),
    activityCounts(ctx.db, ctx.municipalityId, period),
    feesTaken(ctx.db, ctx.municipalityId, period),
  ]);
  const rows = eservices.map((eservice) => {
    const counts = cases.get(eservice.eserviceId) ?? NO_CASES;
    const draftRow = drafts.get(eservice.eserviceId) ?? NO_DRAFTS;
    return { eservice, counts, draftRow, exact: exactBenefit(counts.digital, eservice.benefit) };
  });
  return {
    period,
    eservices: rows.map(({ eservice, counts, draftRow, exact }) => ({
      eserviceId: eservice.eserviceId,
      title: eservice.title,
      published: eservice.published,
      ...activity(counts, draftRow),
      ...feeFigures(fees.get(eservice.eserviceId)),
      benefit: {
        minutesSavedPerCase: eservice.benefit.manualMinutesPerCase - eservice.benefit.digitalMinutesPerCase,
        costPerHourSek: eservice.benefit.costPerHourSek,
        expectedCasesPerYear: eservice.benefit.expectedCasesPerYear,
        ...roundedBenefit(exact),
      },
    })),
    totals: {
      ...activity(totalOf(rows.map((r) => r.counts), NO_CASES), totalOf(rows.map((r) => r.draftRow), NO_DRAFTS)),
      ...roundedBenefit(totalOf(rows.map((r) => r.exact), exactBenefit(0, NO_BENEFIT))),
    },
  };
}
