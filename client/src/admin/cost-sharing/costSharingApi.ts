import type { LocalizedText, UsageFigures, UsageWeighting } from '@etjanst/schemas';
import type { LoaderFunctionArgs } from 'react-router';
import { getJson, putJson, segment } from '../../shared/api';
import { STAFF_PAGES, staffLoader } from '../../staff/access';

export interface CostSplitRow {
  id: string;
  name: LocalizedText;
  inhabitants: number | null;
  usage: UsageFigures;
  weight: number;
  percent: number;
  amount: number;
  amountText: string;
}

export interface CostSplit {
  period: { from: string; to: string };
  by: 'inhabitants' | 'use';
  weighting: UsageWeighting | null;
  total: number;
  totalText: string;
  rows: CostSplitRow[];
}

export interface UsageRow {
  id: string;
  name: LocalizedText;
  inhabitants: number | null;
  usage: UsageFigures;
}

/** The page's address holds its question, so a split can be linked and reloaded (names as the API's). */
export const SPLIT_PARAMS = ['from', 'to', 'total', 'by', 'weights'] as const;

/** The usage of the period in the address (the current year without one) and, when a total is given, its split. */
export const costSharingLoader = staffLoader(STAFF_PAGES.costSharing, async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  const query = new URLSearchParams(SPLIT_PARAMS.flatMap((name) => (url.searchParams.get(name) ? [[name, url.searchParams.get(name)!]] : [])));
  const period = new URLSearchParams([...query].filter(([name]) => name === 'from' || name === 'to'));
  const usage = await getJson<{ period: { from: string; to: string }; items: UsageRow[] }>(`/api/cost-sharing/usage?${period.toString()}`, request.signal);
  return { usage, query: query.toString() };
});

export const fetchSplit = (query: string, signal?: AbortSignal) => getJson<CostSplit>(`/api/cost-sharing/split?${query}`, signal);
export const splitCsvUrl = (query: string) => `/api/cost-sharing/split.csv?${query}`;
export const saveInhabitants = (municipalityId: string, inhabitants: number | string | null) => putJson(`/api/cost-sharing/inhabitants/${segment(municipalityId)}`, { inhabitants });
