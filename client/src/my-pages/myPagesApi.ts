import type { Language, LocalizedText } from '@etjanst/schemas';
import { deleteJson, getJson, putJson } from '../shared/api';
import type { CaseStatus } from './caseApi';

/** One of the citizen's own submissions, as GET /api/me/submissions lists it. */
export interface OwnSubmission {
  id: string;
  receiptNumber: string;
  eserviceId: string;
  eserviceTitle: LocalizedText;
  version: number;
  submittedAt: string;
  /** The case's status; a submission waiting for signatures has the signing state instead */
  status: CaseStatus | 'awaiting-signature' | 'awaiting-co-signatures' | 'signature-expired' | 'awaiting-payment' | 'payment-expired';
  /** The receipt PDF, for the logged-in owner only */
  receiptUrl: string;
}

export async function fetchOwnSubmissions(signal?: AbortSignal): Promise<OwnSubmission[]> {
  const { items } = await getJson<{ items: OwnSubmission[] }>('/api/me/submissions', signal);
  return items;
}

/** Texts of Mina sidor beyond the shared ones (title), in both languages. */
export const MY_PAGES_TEXTS: Record<
  Language,
  {
    cases: string;
    intro: string;
    loading: string;
    empty: string;
    tableScroll: string;
    eservice: string;
    receiptNumber: string;
    date: string;
    status: string;
    receipt: string;
    download: string;
    later: string;
    loginIntro: string;
    loginAt: (municipality: string) => string;
  }
> = {
  sv: {
    cases: 'Mina ärenden',
    intro: 'Här ser du ärenden som du har skickat inloggad med e-legitimation i {{municipality}}.',
    loading: 'Hämtar dina ärenden …',
    empty: 'Du har inga skickade ärenden här ännu.',
    tableScroll: 'Tabell över dina ärenden, går att rulla i sidled',
    eservice: 'E-tjänst',
    receiptNumber: 'Kvittonummer',
    date: 'Skickat',
    status: 'Status',
    receipt: 'Kvitto',
    download: 'Kvitto (PDF)',
    later: 'Påbörjade ansökningar (utkast) kommer att visas här senare.',
    loginIntro: 'Logga in med e-legitimation för att se dina ärenden. Välj kommun:',
    loginAt: (municipality) => `Logga in i ${municipality}`,
  },
  en: {
    cases: 'My cases',
    intro: 'Here you see the applications you have sent logged in with an e-ID in {{municipality}}.',
    loading: 'Fetching your cases …',
    empty: 'You have not sent any applications here yet.',
    tableScroll: 'Table of your cases, scrolls sideways',
    eservice: 'E-service',
    receiptNumber: 'Receipt number',
    date: 'Submitted',
    status: 'Status',
    receipt: 'Receipt',
    download: 'Receipt (PDF)',
    later: 'Applications you have started (drafts) will be shown here later.',
    loginIntro: 'Log in with an e-ID to see your cases. Choose a municipality:',
    loginAt: (municipality) => `Log in to ${municipality}`,
  },
};

/** The citizen's saved contact details, as GET/PUT /api/me/contact-details describe them. */
export interface ContactDetails {
  email: string | null;
  phone: string | null;
  /** True when details are saved (the citizen consented) */
  consent: boolean;
  consentGivenAt?: string;
  updatedAt?: string;
}

const CONTACT_DETAILS_PATH = '/api/me/contact-details';

export const fetchContactDetails = (signal?: AbortSignal): Promise<ContactDetails> => getJson<ContactDetails>(CONTACT_DETAILS_PATH, signal);

/** Saves (or replaces) the details; sending them is the citizen's consent to keeping them. */
export const saveContactDetails = (details: { email: string | null; phone: string | null }): Promise<ContactDetails> =>
  putJson<ContactDetails>(CONTACT_DETAILS_PATH, { ...details, consent: true });

/** Withdraws the consent: the details are deleted. */
export const removeContactDetails = (): Promise<unknown> => deleteJson(CONTACT_DETAILS_PATH);
