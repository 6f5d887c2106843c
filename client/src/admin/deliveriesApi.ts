import type { Language, LocalizedText } from '@etjanst/schemas';
import { fetchMunicipalities, getJson, postJson, segment } from '../shared/api';
import { municipalitiesFor, STAFF_PAGES, staffLoader } from '../staff/access';
import { MUNICIPALITY_PARAM, type AdminEService } from './adminApi';

export type DeliveryState = 'pending' | 'in-flight' | 'delivered' | 'dead';
export const DELIVERY_STATES: readonly DeliveryState[] = ['dead', 'pending', 'in-flight', 'delivered'];

export interface Delivery {
  id: string;
  submissionId: string;
  eserviceId: string;
  connectorId: string;
  connectorType: string;
  idempotencyKey: string;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  externalReference: string | null;
  updatedAt: string;
}

export interface DeliveryAttempt {
  attempt: number;
  outcome: 'delivered' | 'failed';
  error: string | null;
  at: string;
}

/** A "send test delivery" and what it found, in Swedish and English. */
export interface ConnectorTestResult {
  succeeded: boolean;
  at: string;
  message?: Record<Language, string>;
}

export interface Connector {
  id: string;
  type: string;
  title?: LocalizedText;
  lastTest: ConnectorTestResult | null;
  /** Connectors that sign (webhooks): when their secret was made and rotated, never the secret; null before it exists */
  signingSecret?: { createdAt: string; rotatedAt: string | null; previousValidUntil: string | null } | null;
}

/** Submissions anonymised after their e-service's retention period, and those past it still waiting. */
export interface RetentionCounts {
  anonymised: number;
  awaiting: number;
}

/** The query parameters of the page: which deliveries and which e-service's connectors. */
export const STATE_PARAM = 'status';
export const ESERVICE_PARAM = 'e-tjanst';

const base = (municipality: string) => `/api/municipalities/${segment(municipality)}`;

/** The municipalities where the person administers deliveries. */
export const deliveriesLoader = staffLoader(STAFF_PAGES.deliveries, async ({ request }, staff) => {
  const url = new URL(request.url);
  const municipalities = municipalitiesFor(await fetchMunicipalities(request.signal), staff.grants, STAFF_PAGES.deliveries);
  const selected = municipalities.find((m) => m.id === url.searchParams.get(MUNICIPALITY_PARAM)) ?? municipalities[0];
  const wantedState = url.searchParams.get(STATE_PARAM);
  const state = DELIVERY_STATES.find((s) => s === wantedState) ?? 'dead';
  if (!selected) return { municipalities, selected, state, deliveries: [], counts: undefined, retention: undefined, eservices: [], eserviceId: undefined, connectors: [] };
  const [list, eservices] = await Promise.all([
    getJson<{ items: Delivery[]; counts: Record<DeliveryState, number>; retention: RetentionCounts }>(`${base(selected.id)}/deliveries?state=${state}`, request.signal),
    getJson<{ items: AdminEService[] }>(`${base(selected.id)}/eservices`, request.signal),
  ]);
  const eserviceId = eservices.items.find((e) => e.id === url.searchParams.get(ESERVICE_PARAM))?.id ?? eservices.items[0]?.id;
  const connectors = eserviceId
    ? (await getJson<{ items: Connector[] }>(`${base(selected.id)}/eservices/${segment(eserviceId)}/connectors`, request.signal)).items
    : [];
  return { municipalities, selected, state, deliveries: list.items, counts: list.counts, retention: list.retention, eservices: eservices.items, eserviceId, connectors };
});

export const fetchDelivery = (municipality: string, id: string) =>
  getJson<Delivery & { history: DeliveryAttempt[] }>(`${base(municipality)}/deliveries/${segment(id)}`);

export const replayDelivery = (municipality: string, id: string) => postJson<Delivery>(`${base(municipality)}/deliveries/${segment(id)}/replay`);

/** "Send test delivery": the result says whether the connector's test succeeded (it is stored either way). */
export const testConnector = (municipality: string, eserviceId: string, connectorId: string) =>
  postJson<ConnectorTestResult>(`${base(municipality)}/eservices/${segment(eserviceId)}/connectors/${segment(connectorId)}/test`);

/** A new signing secret for the connector: shown in this answer only; the old one signs beside it until `previousValidUntil`. */
export const rotateSigningSecret = (municipality: string, eserviceId: string, connectorId: string) =>
  postJson<{ connectorId: string; secret: string; previousValidUntil: string | null }>(`${base(municipality)}/eservices/${segment(eserviceId)}/connectors/${segment(connectorId)}/rotate-secret`);
