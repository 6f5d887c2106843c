import {
  bilingual,
  kronorText,
  parseKronor,
  splitCost,
  textIn,
  useWeights,
  USAGE_MEASURES,
  type Language,
  type StatisticsPeriod,
  type UsageMeasure,
  type UsageWeighting,
} from '@etjanst/schemas';
import { csvField } from '../cases/export.js';
import { unprocessable } from '../problems/problem.js';
import type { MunicipalityUsage } from './usage.js';

export type SplitBasis = 'inhabitants' | 'use';

export interface SplitRequest {
  period: StatisticsPeriod;
  /** Whole öre */
  total: number;
  by: SplitBasis;
  /** For a split by use; every measure counts once unless stated */
  weighting: UsageWeighting;
}

export interface CostSplit extends SplitRequest {
  rows: Array<MunicipalityUsage & { weight: number; percent: number; amount: number }>;
}

/** Each measure counts the same when no weighting is stated. */
export const EQUAL_WEIGHTING: UsageWeighting = { submissions: 1, eservicesInUse: 1, inboxCases: 1, deliveries: 1, attachmentBytes: 1 };
const WEIGHT = /^\d{1,4}(\.\d{1,3})?$/;

/** `weights=submissions:3,deliveries:1`: measures left out count 0; none given: EQUAL_WEIGHTING. */
export function parseWeighting(value: unknown): UsageWeighting {
  if (value === undefined || value === '') return EQUAL_WEIGHTING;
  const invalid = () =>
    unprocessable(
      'weighting-invalid',
      bilingual(`Ange viktningen som mått:vikt med komma emellan, t.ex. submissions:3,deliveries:1 (måtten: ${USAGE_MEASURES.join(', ')}).`, `Give the weighting as measure:weight separated by commas, e.g. submissions:3,deliveries:1 (measures: ${USAGE_MEASURES.join(', ')}).`),
      { field: 'weights' },
    );
  if (typeof value !== 'string' || value.length > 200) throw invalid();
  const weighting: UsageWeighting = { submissions: 0, eservicesInUse: 0, inboxCases: 0, deliveries: 0, attachmentBytes: 0 };
  for (const part of value.split(',')) {
    const [measure = '', weight = ''] = part.split(':').map((s) => s.trim());
    if (!(USAGE_MEASURES as readonly string[]).includes(measure) || !WEIGHT.test(weight)) throw invalid();
    weighting[measure as UsageMeasure] = Number(weight);
  }
  return weighting;
}

export function parseSplitRequest(query: Record<string, unknown>, period: StatisticsPeriod): SplitRequest {
  const total = typeof query.total === 'string' ? parseKronor(query.total) : undefined;
  if (total === undefined) {
    throw unprocessable('total-invalid', bilingual('Ange beloppet att fördela i kronor, t.ex. 250000 eller 250 000,50.', 'Give the amount to split in kronor, e.g. 250000 or 250000.50.'), { field: 'total' });
  }
  if (query.by !== 'inhabitants' && query.by !== 'use') {
    throw unprocessable('split-basis-invalid', bilingual('Ange fördelning efter invånare (inhabitants) eller användning (use).', 'Split by inhabitants or by use.'), { field: 'by' });
  }
  return { period, total, by: query.by, weighting: query.by === 'use' ? parseWeighting(query.weights) : EQUAL_WEIGHTING };
}

/** The split of the total between the municipalities, or a 422 when it cannot be made. */
export function costSplit(request: SplitRequest, usages: MunicipalityUsage[]): CostSplit {
  if (request.by === 'inhabitants') {
    const missing = usages.filter((u) => u.inhabitants === null).map((u) => u.id);
    if (missing.length > 0) {
      throw unprocessable('inhabitants-missing', bilingual(`Invånarantal saknas för: ${missing.join(', ')}.`, `The number of inhabitants is missing for: ${missing.join(', ')}.`), { municipalities: missing });
    }
  }
  const weights = request.by === 'inhabitants' ? usages.map((u) => ({ id: u.id, weight: u.inhabitants ?? 0 })) : useWeights(usages, request.weighting);
  const shares = splitCost(request.total, weights);
  if (!shares) {
    throw unprocessable('split-impossible', bilingual('Det finns inget att fördela efter: alla vikter är noll under perioden.', 'There is nothing to split by: every weight is zero in the period.'));
  }
  const sum = weights.reduce((s, w) => s + w.weight, 0);
  return {
    ...request,
    rows: usages.map((u, i) => ({ ...u, weight: weights[i]!.weight, percent: (weights[i]!.weight / sum) * 100, amount: shares[i]!.amount })),
  };
}

const HEADINGS = {
  sv: ['Kommun', 'Id', 'Invånare', 'Inskickade e-ärenden', 'E-tjänster i bruk', 'Ärenden i inkorgarna', 'Leveranser', 'Lagrade bilagor (byte)', 'Andel (%)', 'Belopp (kr)'],
  en: ['Municipality', 'Id', 'Inhabitants', 'Digital submissions', 'E-services in use', 'Inbox cases', 'Deliveries', 'Stored attachments (bytes)', 'Share (%)', 'Amount (SEK)'],
};
const BASIS = {
  sv: { label: 'Fördelning', inhabitants: 'efter invånare', use: 'efter användning, viktning', period: 'Period', total: 'Summa' },
  en: { label: 'Split', inhabitants: 'by inhabitants', use: 'by use, weighting', period: 'Period', total: 'Total' },
};

/** Two decimals with a decimal comma and no thousands separator, as Swedish Excel reads a number. */
const decimal = (value: number) => value.toFixed(2).replace('.', ',');

/**
 * The split as CSV for Swedish spreadsheet programs: UTF-8 with a BOM (without it Excel reads
 * the file as Windows-1252 and garbles å, ä, ö), semicolons between cells and decimal commas
 * (the comma is the decimal sign), CRLF, cells escaped and defused like every export
 * (csvField). The table comes first; the period and the basis of the split follow it.
 */
export function costSplitCsv(split: CostSplit, language: Language): string {
  const basis = BASIS[language];
  const line = (cells: Array<string | number>) => cells.map(csvField).join(';');
  const weighting = USAGE_MEASURES.map((m) => `${m}:${split.weighting[m]}`).join(', ');
  const sum = (pick: (row: CostSplit['rows'][number]) => number) => split.rows.reduce((s, r) => s + pick(r), 0);
  const lines = [
    line(HEADINGS[language]),
    ...split.rows.map((r) =>
      line([textIn(r.name, language) ?? r.id, r.id, r.inhabitants ?? '', r.usage.submissions, r.usage.eservicesInUse, r.usage.inboxCases, r.usage.deliveries, r.usage.attachmentBytes, decimal(r.percent), kronorText(r.amount)]),
    ),
    line([
      basis.total,
      '',
      split.by === 'inhabitants' ? sum((r) => r.inhabitants ?? 0) : '',
      sum((r) => r.usage.submissions),
      sum((r) => r.usage.eservicesInUse),
      sum((r) => r.usage.inboxCases),
      sum((r) => r.usage.deliveries),
      sum((r) => r.usage.attachmentBytes),
      decimal(100),
      kronorText(split.total),
    ]),
    '',
    line([basis.period, `${split.period.from} – ${split.period.to}`]),
    line([basis.label, split.by === 'inhabitants' ? basis.inhabitants : `${basis.use} ${weighting}`]),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
