/**
 * Cost sharing in a regional e-office: one total (the yearly invoice) split between the
 * municipalities by inhabitants or by use. Amounts are whole öre, so the shares add up to the
 * total exactly (largest remainder method), whatever the weights.
 */

/** What a municipality used in a period (server/src/cost-sharing/usage.ts says how each is counted). */
export interface UsageFigures {
  submissions: number;
  eservicesInUse: number;
  inboxCases: number;
  deliveries: number;
  attachmentBytes: number;
}

export const USAGE_MEASURES = ['submissions', 'eservicesInUse', 'inboxCases', 'deliveries', 'attachmentBytes'] as const satisfies readonly (keyof UsageFigures)[];
export type UsageMeasure = (typeof USAGE_MEASURES)[number];

/** How much each measure counts in a split by use (relative: 3 and 1 is three quarters and one quarter). */
export type UsageWeighting = Record<UsageMeasure, number>;

export interface Weighted {
  id: string;
  weight: number;
}

export interface Share {
  id: string;
  /** Whole öre */
  amount: number;
}

/**
 * Each municipality's weight in a split by use: per measure its part of everyone's use, times the
 * measure's weight, summed. A measure nobody used counts for nobody.
 */
export function useWeights(usages: ReadonlyArray<{ id: string; usage: UsageFigures }>, weighting: UsageWeighting): Weighted[] {
  const totals = Object.fromEntries(USAGE_MEASURES.map((m) => [m, usages.reduce((sum, u) => sum + u.usage[m], 0)])) as UsageWeighting;
  return usages.map(({ id, usage }) => ({
    id,
    weight: USAGE_MEASURES.reduce((sum, m) => (totals[m] === 0 ? sum : sum + (weighting[m] * usage[m]) / totals[m]), 0),
  }));
}

/**
 * `total` öre split in proportion to the weights, by the largest remainder method: everyone
 * gets the whole öre of their exact share, and the öre left over go one each to the largest
 * fractions (ties: the larger weight, then the order given). Undefined when every weight is 0.
 */
export function splitCost(total: number, weights: readonly Weighted[]): Share[] | undefined {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`the total must be whole öre, not ${total}`);
  if (weights.some((w) => !Number.isFinite(w.weight) || w.weight < 0)) throw new RangeError('weights must be finite and not negative');
  const sum = weights.reduce((s, w) => s + w.weight, 0);
  if (sum === 0) return undefined;
  const exact = weights.map((w, index) => {
    const quota = (total * w.weight) / sum;
    const whole = Math.floor(quota);
    return { id: w.id, weight: w.weight, index, whole, fraction: quota - whole };
  });
  let left = total - exact.reduce((s, e) => s + e.whole, 0);
  const order = [...exact].sort((a, b) => b.fraction - a.fraction || b.weight - a.weight || a.index - b.index);
  for (const e of order) {
    if (left <= 0) break;
    e.whole += 1;
    left -= 1;
  }
  return exact.map((e) => ({ id: e.id, amount: e.whole }));
}

/** Kronor as given (e.g. "1 234,50", "1234.5") to whole öre; undefined when it is no amount. */
export function parseKronor(text: string): number | undefined {
  const compact = text.replace(/[\s\u00a0]/g, '').replace(',', '.');
  if (!/^\d{1,12}(\.\d{1,2})?$/.test(compact)) return undefined;
  const [kronor, ore = ''] = compact.split('.');
  return Number(kronor) * 100 + Number(ore.padEnd(2, '0'));
}

/** Whole öre as kronor with two decimals and a decimal comma, no thousands separator: "1234,50". */
export const kronorText = (ore: number) => `${Math.floor(ore / 100)},${String(ore % 100).padStart(2, '0')}`;
