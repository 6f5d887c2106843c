import type { LocalizedText, StaffSessionView } from '@etjanst/schemas';
import type { CaseMessage, CaseStatus, StatusChange } from '../my-pages/caseApi';
import { getJson, postJson, putJson, segment, setStaffCsrfToken } from '../shared/api';
import type { HandlerInbox } from './inboxes';

export interface InboxCase {
  receiptNumber: string;
  eserviceId: string;
  eserviceTitle: LocalizedText;
  departmentId: string;
  submittedAt: string;
  status: CaseStatus;
  channel: 'digital' | 'paper';
  applicantName: string | null;
  assignee: { id: string; name: string } | null;
  unreadFromCitizen: number;
  /** The fee of an e-service that takes one (null without) */
  payment: CasePaymentView | null;
}

export interface CasePaymentView {
  amount: string;
  currency: 'SEK';
  paidAt: string | null;
  refundedAt: string | null;
  /** The latest refund sent to the payment provider */
  refund: { status: 'CREATED' | 'DEBITED' | 'PAID' | 'ERROR'; errorCode: string | null } | null;
}

export interface AnswerRow {
  label: string;
  value?: string;
  rows?: AnswerRow[];
}

export interface CaseDetail extends InboxCase {
  applicantPersonalIdentityNumber: string | null;
  organisationNumber: string | null;
  paperSummary: string | null;
  sections: { title: string; rows: AnswerRow[] }[];
  attachments: { id: string; fieldPath: string; name: string; mediaType: string; size: number; url: string }[];
  history: Required<StatusChange>[];
  messages: CaseMessage[];
}

export interface CaseFilter {
  eservice?: string;
  status?: string;
  from?: string;
  to?: string;
}

export const inboxPath = (municipality: string, department: string) =>
  `/api/municipalities/${segment(municipality)}/departments/${segment(department)}/inbox`;

/** The filter as a query string, without empty values. */
export const filterQuery = (filter: CaseFilter): string =>
  new URLSearchParams(Object.entries(filter).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')).toString();

type StaffSessionAnswer = StaffSessionView | { authenticated: false; expired?: boolean };

/**
 * The staff login the inbox runs on (null: none). Its CSRF token goes to the shared API, which
 * sends it with every write (the inbox pages are outside the staff area's session provider).
 */
export async function fetchStaffLogin(signal?: AbortSignal): Promise<StaffSessionView | null> {
  const answer = await getJson<StaffSessionAnswer>('/api/staff/session', signal);
  setStaffCsrfToken(answer.authenticated ? answer.csrfToken : undefined);
  return answer.authenticated ? answer : null;
}

/** Where a case of the inbox is shown. */
export const casePagePath = ({ municipalityId, departmentId }: HandlerInbox, receiptNumber: string) =>
  `/handlaggning/${segment(municipalityId)}/${segment(departmentId)}/${segment(receiptNumber)}`;

/** The newest matching cases; `truncated` when there are more than the inbox shows at once. */
export const fetchCases = (base: string, filter: CaseFilter, signal?: AbortSignal) =>
  getJson<{ items: InboxCase[]; truncated: boolean }>(`${base}/cases?${filterQuery(filter)}`, signal);

export async function fetchDepartmentEServices(base: string, signal?: AbortSignal): Promise<{ id: string; title: LocalizedText }[]> {
  return (await getJson<{ items: { id: string; title: LocalizedText }[] }>(`${base}/eservices`, signal)).items;
}

export async function fetchColleagues(base: string, signal?: AbortSignal): Promise<{ id: string; name: string }[]> {
  return (await getJson<{ items: { id: string; name: string }[] }>(`${base}/handlers`, signal)).items;
}

const casePath = (base: string, receiptNumber: string) => `${base}/cases/${segment(receiptNumber)}`;

export const fetchCase = (base: string, receiptNumber: string, signal?: AbortSignal) => getJson<CaseDetail>(casePath(base, receiptNumber), signal);

export const setCaseStatus = (base: string, receiptNumber: string, status: CaseStatus, note: string) =>
  putJson(`${casePath(base, receiptNumber)}/status`, note.trim() ? { status, note } : { status });

export const messageApplicant = (base: string, receiptNumber: string, body: string) => postJson<CaseMessage>(`${casePath(base, receiptNumber)}/messages`, { body });

export const markRepliesRead = (base: string, receiptNumber: string) => postJson(`${casePath(base, receiptNumber)}/messages/read`, undefined);

/** `staffMemberId`: a staff account id from the department's handlers, null to unassign. */
export const assignCase = (base: string, receiptNumber: string, staffMemberId: string | null) => putJson(`${casePath(base, receiptNumber)}/assignee`, { staffMemberId });

/** Pays the case's fee back through the provider that took it; it settles later (202). */
export const refundFee = (base: string, receiptNumber: string, note: string) => postJson(`${casePath(base, receiptNumber)}/refund`, note.trim() ? { note } : {});

/** Asks where an open refund stands (the server asks the provider). */
export const checkRefund = (base: string, receiptNumber: string) => getJson(`${casePath(base, receiptNumber)}/refund`);

export interface PaperCaseInput {
  eserviceId: string;
  receivedOn: string;
  applicantName: string;
  applicantPersonalIdentityNumber: string;
  summary: string;
}

export const registerPaperCase = (base: string, input: PaperCaseInput) =>
  postJson<InboxCase>(`${base}/cases`, Object.fromEntries(Object.entries(input).filter(([, value]) => value.trim() !== '')));
