import { bilingual, type BilingualMessage } from '@etjanst/schemas';
import { CASE_STATUSES, type CaseStatus } from '../db/tables.js';
import { badRequest, unprocessable } from '../problems/problem.js';

export { CASE_STATUSES, type CaseStatus };

/** What each status is called, for e-mails, exports and problem messages. */
export const CASE_STATUS_LABELS: Record<CaseStatus, BilingualMessage> = {
  received: bilingual('Mottaget', 'Received'),
  'in-progress': bilingual('Under handläggning', 'In progress'),
  'more-information-needed': bilingual('Komplettering behövs', 'More information needed'),
  decided: bilingual('Beslut fattat', 'Decided'),
  closed: bilingual('Avslutat', 'Closed'),
};

export const isCaseStatus = (value: unknown): value is CaseStatus => CASE_STATUSES.includes(value as CaseStatus);

/** A status from outside (API body or query), or a 422 listing the statuses there are. */
export function parseCaseStatus(value: unknown): CaseStatus {
  if (isCaseStatus(value)) return value;
  throw unprocessable(
    'case-status-invalid',
    bilingual(`”${String(value)}” är ingen ärendestatus. Välj en av: ${CASE_STATUSES.join(', ')}.`, `“${String(value)}” is not a case status. Choose one of: ${CASE_STATUSES.join(', ')}.`),
    { allowed: CASE_STATUSES },
  );
}

/** The longest message or note accepted; a case message is a letter, not a document. */
export const MAX_MESSAGE_LENGTH = 5000;

const textInvalid = (name: string) =>
  unprocessable(
    'text-invalid',
    bilingual(`”${name}” ska vara text, 1–${MAX_MESSAGE_LENGTH} tecken.`, `“${name}” must be text of 1–${MAX_MESSAGE_LENGTH} characters.`),
    { field: name },
  );

/** A message body: trimmed text of 1..5000 characters, or a 422 naming the field. */
export function parseText(value: unknown, name: string): string {
  if (typeof value === 'string' && value.trim().length > 0 && value.length <= MAX_MESSAGE_LENGTH) return value.trim();
  throw textInvalid(name);
}

/** A note that may be left out (absent, null or empty). */
export const optionalText = (value: unknown, name: string): string | undefined =>
  value === undefined || value === null || value === '' ? undefined : parseText(value, name);

/** The body of a request as a plain object, or a 400. */
export function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
  throw badRequest('body-not-object', bilingual('Skicka ett JSON-objekt.', 'Send a JSON object.'));
}
