import { bilingual, type LocalizedText } from '@etjanst/schemas';
import { objectBody } from '../cases/status.js';
import { unprocessable } from '../problems/problem.js';

/** Publishing and unpublishing are planned at most a year ahead. */
const LONGEST_PLAN_MS = 366 * 24 * 3600 * 1000;
export const COMMENT_MAX = 2000;
export const PAUSE_MESSAGE_MAX = 500;

/** The optional JSON object of a request (none, or an empty body, is an empty object). */
export const optionalBody = (body: unknown): Record<string, unknown> => (body === undefined || body === null || body === '' ? {} : objectBody(body));

/** A time in the future, at most a year ahead (ISO 8601 with a time zone), or undefined when not given. */
export function futureInstant(value: unknown, field: string, now: Date): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw unprocessable(`${field}-invalid`, bilingual('Ange datum och tid (ÅÅÅÅ-MM-DDTtt:mm med tidszon).', 'Give a date and time (YYYY-MM-DDThh:mm with a time zone).'), { field });
  }
  if (date <= now || date.getTime() - now.getTime() > LONGEST_PLAN_MS) {
    throw unprocessable(`${field}-invalid`, bilingual('Tiden ska ligga i framtiden, högst ett år fram.', 'The time must be in the future, at most a year ahead.'), { field });
  }
  return date;
}

/** The approver's comment when returning a draft: required, 1–2000 characters. */
export function reviewComment(value: unknown): string {
  const comment = typeof value === 'string' ? value.trim() : '';
  if (comment.length === 0 || comment.length > COMMENT_MAX) {
    throw unprocessable(
      'comment-invalid',
      bilingual(`Skriv vad som behöver ändras (1–${COMMENT_MAX} tecken).`, `Write what needs to change (1–${COMMENT_MAX} characters).`),
      { field: 'comment' },
    );
  }
  return comment;
}

/** The message citizens see while an e-service is paused: Swedish and English, 1–500 characters each. */
export function pauseMessage(value: unknown): LocalizedText & { en: string } {
  const given = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const sv = typeof given.sv === 'string' ? given.sv.trim() : '';
  const en = typeof given.en === 'string' ? given.en.trim() : '';
  for (const [language, content] of [['sv', sv], ['en', en]] as const) {
    if (content.length === 0 || content.length > PAUSE_MESSAGE_MAX) {
      throw unprocessable(
        'message-invalid',
        bilingual(
          `Skriv meddelandet till invånarna på ${language === 'sv' ? 'svenska' : 'engelska'} (1–${PAUSE_MESSAGE_MAX} tecken).`,
          `Write the message to residents in ${language === 'sv' ? 'Swedish' : 'English'} (1–${PAUSE_MESSAGE_MAX} characters).`,
        ),
        { field: `message.${language}` },
      );
    }
  }
  return { sv, en };
}
