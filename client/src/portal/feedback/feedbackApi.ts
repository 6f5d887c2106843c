import type { StepEventKind } from '@etjanst/schemas';
import { postAnonymously, segment } from '../../shared/api';
import type { PublishedEService } from '../portalApi';

const feedbackPath = (municipality: string, published: PublishedEService, what: 'ratings' | 'step-events') =>
  `/api/municipalities/${segment(municipality)}/catalogue/${segment(published.eserviceId)}/${what}`;

/**
 * Tells the statistics that a step of the form was reached, or the form sent from it: the
 * version, the step's index in the definition and the kind, without cookies. A lost event is
 * only a missing count, so failures are ignored.
 */
export function sendStepEvent(municipality: string, published: PublishedEService, step: number, kind: StepEventKind): void {
  postAnonymously(feedbackPath(municipality, published, 'step-events'), { version: published.version, step, kind }, true).catch(() => {});
}

/**
 * A grade 1-5 and an optional comment, sent without cookies so nothing ties it to the citizen,
 * with the permit the submission's answer carried: it lets one rating in, not more.
 */
export const sendRating = (municipality: string, published: PublishedEService, permit: string, grade: number, comment: string): Promise<unknown> =>
  postAnonymously(feedbackPath(municipality, published, 'ratings'), { version: published.version, grade, permit, ...(comment.trim() ? { comment } : {}) });

/** The server's refusals of the permit (used, expired, another e-service's): sending again cannot help. */
export const isPermitRefused = (code: string) => code.startsWith('rating-permit-');
