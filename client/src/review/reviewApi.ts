import type { BilingualMessage, CheckReport, EServiceDefinition } from '@etjanst/schemas';
import type { LoaderFunctionArgs } from 'react-router';
import { getJson, postJson, segment } from '../shared/api';
import { STAFF_PAGES, staffLoader } from '../staff/access';

export type ReviewStatus = 'pending' | 'scheduled' | 'publishing' | 'published' | 'returned' | 'superseded' | 'failed';

/** A review as the e-service's list of reviews gives it. */
export interface ReviewSummary {
  id: string;
  status: ReviewStatus;
  draftRevision: number;
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  comment: string | null;
  publishAt: string | null;
  publishedVersion: number | null;
  /** Why a scheduled publishing failed */
  failure: { code: string; title: BilingualMessage; detail: BilingualMessage } | null;
}

/** One review with what the approver judges: the reviewed and the published definition, the check report. */
export interface ReviewDetail extends ReviewSummary {
  definition: EServiceDefinition;
  publishedDefinition: EServiceDefinition | null;
  report: CheckReport;
  /** The four-eyes rule applies and this is the reader's own change: they may not approve it */
  ownChange: boolean;
}

const reviewsPath = (municipality: string, eserviceId: string) => `/api/municipalities/${segment(municipality)}/eservices/${segment(eserviceId)}/reviews`;
const reviewPath = (municipality: string, eserviceId: string, reviewId: string) => `${reviewsPath(municipality, eserviceId)}/${segment(reviewId)}`;

/** Where an approver judges a review. */
export const reviewPagePath = (municipality: string, eserviceId: string, reviewId: string) =>
  `/admin/granskning/${segment(municipality)}/${segment(eserviceId)}/${segment(reviewId)}`;

/** The newest review of the e-service, if any was sent. */
export const fetchLatestReview = async (municipality: string, eserviceId: string, signal?: AbortSignal): Promise<ReviewSummary | undefined> =>
  (await getJson<{ items: ReviewSummary[] }>(reviewsPath(municipality, eserviceId), signal)).items[0];

export const sendForReview = (municipality: string, eserviceId: string): Promise<ReviewSummary> => postJson(reviewsPath(municipality, eserviceId));

/** Publishes now, or at `publishAt` (ISO 8601). */
export const approveReview = (municipality: string, eserviceId: string, reviewId: string, publishAt?: string): Promise<ReviewSummary> =>
  postJson(`${reviewPath(municipality, eserviceId, reviewId)}/approve`, publishAt ? { publishAt } : {});

export const returnReview = (municipality: string, eserviceId: string, reviewId: string, comment: string): Promise<ReviewSummary> =>
  postJson(`${reviewPath(municipality, eserviceId, reviewId)}/return`, { comment });

/** /admin/granskning/:municipality/:eserviceId/:reviewId — anyone who may read the e-services sees it; approvers decide. */
export const reviewLoader = staffLoader(STAFF_PAGES.eservices, async ({ params, request }: LoaderFunctionArgs) => {
  const municipality = params.municipality ?? '';
  return { municipality, review: await getJson<ReviewDetail>(reviewPath(municipality, params.eserviceId ?? '', params.reviewId ?? ''), request.signal) };
});

/** The person in an audit actor as the server records staff ("staff:<account> (Name)"); other actors as they are. */
export const personOf = (actor: string): string => /^staff:[^ ]+ \((.+)\)$/.exec(actor)?.[1] ?? actor;
