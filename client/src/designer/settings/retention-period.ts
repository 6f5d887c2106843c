/** The units a retention period is entered in; stored as an ISO 8601 duration (P2Y, P18M, P90D). */
export const RETENTION_UNITS = ['Y', 'M', 'D'] as const;
export type RetentionUnit = (typeof RETENTION_UNITS)[number];

export interface RetentionPeriod {
  /** As typed: may be empty or not yet a whole number */
  amount: string;
  unit: RetentionUnit;
}

/**
 * A stored duration as a number and a unit: P2Y is 2 years, P1Y6M (from an import) 18 months.
 * Undefined for one that has no exact single unit (P1Y10D), which the designer enters again.
 */
export function readRetentionPeriod(duration: string | undefined): RetentionPeriod | undefined {
  if (duration === undefined || duration === '') return { amount: '', unit: 'Y' };
  const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?$/.exec(duration);
  if (!match || duration === 'P') return undefined;
  const [years, months, days] = match.slice(1).map((part) => (part === undefined ? undefined : Number(part)));
  if (days !== undefined) return years === undefined && months === undefined ? { amount: String(days), unit: 'D' } : undefined;
  if (months !== undefined) return { amount: String((years ?? 0) * 12 + months), unit: 'M' };
  return { amount: String(years), unit: 'Y' };
}

/** The ISO 8601 duration of an entered period; undefined for an empty amount. Anything else typed is passed on, for the schema to refuse at the field. */
export function retentionDuration({ amount, unit }: RetentionPeriod): string | undefined {
  const trimmed = amount.trim();
  return trimmed === '' ? undefined : `P${trimmed}${unit}`;
}
