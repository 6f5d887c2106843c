import type { LocalizedText } from '../definition/format.js';

/** Calendar days in Swedish time, both included (YYYY-MM-DD). */
export interface StatisticsPeriod {
  from: string;
  to: string;
}

/** What a period's digital cases save, in hours and kronor, and the same projected over a year. */
export interface Savings {
  hoursSaved: number;
  sekSaved: number;
  projectedHoursPerYear: number;
  projectedSekPerYear: number;
}

/** An e-service's savings with the benefit figures of its definition that they come from. */
export interface Benefit extends Savings {
  /** Manual minus digital handling minutes; negative when the e-service adds work */
  minutesSavedPerCase: number;
  costPerHourSek: number;
  expectedCasesPerYear: number;
}

/** Counts of one e-service (or all of them) in a period. */
export interface Activity {
  digital: number;
  paper: number;
  /** digital / (digital + paper); null when there were no cases */
  digitalShare: number | null;
  /** Drafts created plus digital submissions sent without a draft */
  started: number;
  /** Digital cases (sent and complete) */
  completed: number;
  /** Drafts created in the period that were never sent (including those still saved) */
  dropOff: number;
  /** Of the drop-off, drafts still saved that may yet be sent */
  stillSaved: number;
  /** dropOff / started; null when nothing was started */
  dropOffRate: number | null;
}

/** Fees the citizens paid in the period (kronor), and what handlers recorded as refunded */
export interface Fees {
  payments: number;
  amountSek: number;
  refundedSek: number;
}

export interface EServiceStatistics extends Activity {
  /** Only for e-services that took fees in the period */
  fees?: Fees;
  eserviceId: string;
  title: LocalizedText;
  published: boolean;
  benefit: Benefit;
}

/** GET /api/municipalities/:id/statistics: each e-service's activity and benefit in a period, and the totals. */
export interface MunicipalityStatistics {
  period: StatisticsPeriod;
  eservices: EServiceStatistics[];
  totals: Activity & Savings;
}
