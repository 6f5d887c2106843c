import type { LocalizedText } from '../definition/format.js';
import type { StatisticsPeriod } from './report.js';

/** The longest comment a citizen may leave with a rating. */
export const RATING_COMMENT_MAX_LENGTH = 500;

/** An anonymous step event of the portal: a step was reached, or the form was sent from it. */
export const STEP_EVENT_KINDS = ['reached', 'completed'] as const;
export type StepEventKind = (typeof STEP_EVENT_KINDS)[number];

/** GET .../statistics/ratings: each rated e-service's grades and comments (newest first). */
export interface EServiceRatings {
  eserviceId: string;
  title: LocalizedText;
  count: number;
  /** Mean grade 1-5, two decimals */
  average: number;
  /** How many gave each grade, index 0 for grade 1 */
  grades: [number, number, number, number, number];
  comments: { grade: number; comment: string; ratedOn: string }[];
}

/** One step of a version: how many reached it and how many left the form there. */
export interface StepFigures {
  index: number;
  title: LocalizedText;
  reached: number;
  /** Reached this step but not the next (or, on the last step, did not send) */
  left: number;
  /** left / reached; null when nobody reached it */
  leftRate: number | null;
}

/** GET .../statistics/steps: starts, completions and drop-off per step, per version with events. */
export interface StepDropOff {
  period: StatisticsPeriod;
  eservices: { eserviceId: string; version: number; title: LocalizedText; started: number; completed: number; steps: StepFigures[] }[];
}

/** GET .../statistics/months: per calendar month of a year, the cases by channel and what the digital ones saved. */
export interface MonthlyStatistics {
  year: number;
  months: { month: string; digital: number; paper: number; digitalShare: number | null; hoursSaved: number; sekSaved: number }[];
}
