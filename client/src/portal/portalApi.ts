import type { EServiceAccess, EServiceDefinition, Language, LocalizedText, Topic } from '@etjanst/schemas';
import type { LoaderFunctionArgs } from 'react-router';
import { deleteJson, fetchMunicipalities, getJson, postJson, segment } from '../shared/api';

/** What a citizen needs to use an e-service. */
export interface Requirements {
  login: 'none' | 'eid';
  levelOfAssurance?: 2 | 3;
  companyRepresentative: boolean;
  signing: boolean;
}

/** Digitalisation maturity, 0 (information only) to 4 (integrated with other agencies). */
export type MaturityLevel = 0 | 1 | 2 | 3 | 4;

export interface CatalogueItem {
  eserviceId: string;
  version: number;
  title: LocalizedText;
  summary: LocalizedText;
  topic: Topic;
  access: EServiceAccess;
  /** Absent from servers older than the e-ID login */
  maturityLevel?: MaturityLevel;
  requirements?: Requirements;
  /** Among the municipality's most used e-services of the last year: 1 for the most used */
  mostUsedRank?: number;
}

export interface PublishedEService {
  eserviceId: string;
  version: number;
  definition: EServiceDefinition;
}

/** A submission's state as the citizen sees it after submitting and signing. */
export type SubmissionState = 'submitted' | 'awaiting-signature' | 'awaiting-co-signatures' | 'signature-expired' | 'awaiting-payment' | 'payment-expired';

export interface Receipt {
  submissionId: string;
  receiptNumber: string;
  submittedAt: string;
  /** 'awaiting-signature': the applicant signs before it is sent (absent from older servers: submitted) */
  state?: SubmissionState;
  /** After signing: when the co-signers must have signed by (awaiting-co-signatures) */
  coSignDeadline?: string | null;
  /** After paying: the fee paid, e.g. "600.00" */
  paidAmount?: string;
  /** The submit response's permit to rate the e-service once (sent with the rating, feedback/) */
  ratingPermit?: string;
}

/** A submission's fee and where its payment stands (GET /api/me/submissions/:id/payment). */
export interface PaymentView {
  state: SubmissionState;
  amount: string;
  currency: 'SEK';
  dueBy: string | null;
  paidAt: string | null;
  available: boolean;
  request: { status: 'CREATED' | 'PAID' | 'DECLINED' | 'ERROR' | 'CANCELLED'; errorCode: string | null; createdAt: string } | null;
}

const paymentPath = (submissionId: string) => `/api/me/submissions/${segment(submissionId)}/payment`;
export const fetchPayment = (submissionId: string, signal?: AbortSignal): Promise<PaymentView> => getJson<PaymentView>(paymentPath(submissionId), signal);
export const startPayment = (submissionId: string, payerAlias: string): Promise<PaymentView> => postJson<PaymentView>(paymentPath(submissionId), payerAlias ? { payerAlias } : {});

export type Answers = Record<string, unknown>;

const municipalityPath = (municipality: string) => `/api/municipalities/${segment(municipality)}`;

export async function startLoader({ request }: LoaderFunctionArgs) {
  return { municipalities: await fetchMunicipalities(request.signal) };
}

/** The catalogue page's search parameter. */
export const SEARCH_PARAM = 'q';

export async function catalogueLoader({ params, request }: LoaderFunctionArgs) {
  const municipality = params.municipality ?? '';
  const query = (new URL(request.url).searchParams.get(SEARCH_PARAM) ?? '').trim();
  const search = query ? `?${new URLSearchParams({ q: query }).toString()}` : '';
  const [municipalities, catalogue] = await Promise.all([
    fetchMunicipalities(request.signal),
    getJson<{ items: CatalogueItem[] }>(`${municipalityPath(municipality)}/catalogue${search}`, request.signal),
  ]);
  return {
    municipality: municipalities.find((m) => m.id === municipality) ?? { id: municipality, name: { sv: municipality } },
    items: catalogue.items,
    query,
  };
}

/** The requirements of an e-service from its definition (the catalogue sends them ready-made). */
export const requirementsOf = (definition: EServiceDefinition): Requirements =>
  definition.access.login === 'eid'
    ? {
        login: 'eid',
        levelOfAssurance: definition.access.levelOfAssurance,
        companyRepresentative: definition.access.companyRepresentative,
        signing: definition.signing.required,
      }
    : { login: 'none', companyRepresentative: false, signing: definition.signing.required };

/** A catalogue item's requirements; from `access` when the server does not send them. */
export const itemRequirements = (item: CatalogueItem): Requirements =>
  item.requirements ??
  (item.access.login === 'eid'
    ? {
        login: 'eid',
        levelOfAssurance: item.access.levelOfAssurance,
        companyRepresentative: item.access.companyRepresentative,
        signing: false,
      }
    : { login: 'none', companyRepresentative: false, signing: false });

/** The e-service route's login need (for the header's "Logga in"): the level, or undefined. */
export function loginLoaOf(loaderData: unknown): number | undefined {
  const access = (loaderData as Partial<PublishedEService> | undefined)?.definition?.access;
  return access?.login === 'eid' ? access.levelOfAssurance : undefined;
}

export async function eservicePageLoader({ params, request }: LoaderFunctionArgs) {
  const path = `${municipalityPath(params.municipality ?? '')}/catalogue/${segment(params.eserviceId ?? '')}`;
  return getJson<PublishedEService>(path, request.signal);
}

/** The version's step validators in one language, compiled at publish (an ES module, see formValidation). */
export const formValidatorsPath = (municipality: string, { eserviceId, version }: PublishedEService, language: Language): string =>
  `${municipalityPath(municipality)}/eservices/${segment(eserviceId)}/versions/${version}/form-validators/${language}.js`;

/** What a submission sends: the answers, their language, and the organisation a representative applies for. */
export interface SubmissionContent {
  answers: Answers;
  language: Language;
  organisationNumber?: string;
}

/** Sends a submission under its Idempotency-Key (see submitAttempt): sent again, it answers the first receipt. */
export const submitAnswers = (municipality: string, { eserviceId, version }: PublishedEService, content: SubmissionContent, idempotencyKey: string): Promise<Receipt> =>
  postJson<Receipt>(`${municipalityPath(municipality)}/eservices/${segment(eserviceId)}/versions/${version}/submissions`, content, {
    'Idempotency-Key': `"${idempotencyKey}"`,
  });

type Bilingual = Record<Language, string>;

/** A started sign order (POST /api/me/submissions/:id/signatures). */
export interface SignOrder {
  orderId: string;
  autoStartToken: string;
  status: 'pending';
  hintCode?: string | null;
  message: Bilingual;
  qrData: string;
}

/** One poll of a sign order; `submissionState` once it is complete. */
export interface SignPoll {
  status: 'pending' | 'complete' | 'failed';
  hintCode?: string | null;
  message?: Bilingual;
  qrData?: string;
  submissionState?: SubmissionState;
}

/** What Mina sidor tells about a submission's signing. */
export interface SigningOverview {
  state: SubmissionState;
  deadline: string | null;
  signatures: { name: string; role: string; signedAt: string }[];
  coSigners: { named: number; signed: number };
  notice: Bilingual | null;
}

const signaturesPath = (submissionId: string) => `/api/me/submissions/${segment(submissionId)}/signatures`;

export const startSigning = (submissionId: string): Promise<SignOrder> => postJson<SignOrder>(signaturesPath(submissionId));

export const pollSigning = (submissionId: string, orderId: string, signal?: AbortSignal): Promise<SignPoll> =>
  getJson<SignPoll>(`${signaturesPath(submissionId)}/${segment(orderId)}`, signal);

export const cancelSigning = (submissionId: string, orderId: string): Promise<unknown> =>
  deleteJson(`${signaturesPath(submissionId)}/${segment(orderId)}`);

export const fetchSigningOverview = async (submissionId: string, signal?: AbortSignal): Promise<SigningOverview> =>
  (await getJson<{ signing: SigningOverview }>(`/api/me/submissions/${segment(submissionId)}`, signal)).signing;
