import type { Language, LocalizedText } from '@etjanst/schemas';
import { getJson } from '../shared/api';

/** A line of the answers as the server words them for a receipt: a value, or nested lines. */
export interface AnswerRow {
  label: string;
  value?: string;
  rows?: AnswerRow[];
}

export interface AnswerSection {
  title: string;
  rows: AnswerRow[];
}

/** An application naming the logged-in person as a co-signer, waiting for their signature. */
export interface SignatureRequest {
  submissionId: string;
  receiptNumber: string;
  eserviceId: string;
  eserviceTitle: LocalizedText;
  applicantName: string | null;
  submittedAt: string;
  deadline: string | null;
  language: Language;
  /** The same summary the BankID app shows when signing */
  summary: string;
  sections: AnswerSection[];
}

export async function fetchSignatureRequests(signal?: AbortSignal): Promise<SignatureRequest[]> {
  const { items } = await getJson<{ items: SignatureRequest[] }>('/api/me/signature-requests', signal);
  return items;
}
