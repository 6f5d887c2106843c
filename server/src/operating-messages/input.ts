import type { Kysely } from 'kysely';
import { bilingual, type LocalizedText } from '@etjanst/schemas';
import { objectBody } from '../cases/status.js';
import type { Database, OperatingMessageKind } from '../db/tables.js';
import { findEService } from '../eservices/repository.js';
import { unprocessable } from '../problems/problem.js';
import type { NewOperatingMessage } from './repository.js';

export const TITLE_MAX = 120;
export const BODY_MAX = 1000;
/** A notice is about an event, not a standing text: at most a year in force. */
const LONGEST_WINDOW_MS = 366 * 24 * 3600 * 1000;
const KINDS: readonly OperatingMessageKind[] = ['disruption', 'maintenance'];

function text(value: unknown, field: string, max: number, what: { sv: string; en: string }): LocalizedText {
  const given = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const sv = typeof given.sv === 'string' ? given.sv.trim() : '';
  const en = typeof given.en === 'string' ? given.en.trim() : '';
  for (const [language, content] of [['sv', sv], ['en', en]] as const) {
    if (content.length === 0 || content.length > max) {
      throw unprocessable(
        `${field}-invalid`,
        bilingual(`Skriv ${what.sv} på ${language === 'sv' ? 'svenska' : 'engelska'} (1–${max} tecken).`, `Write the ${what.en} in ${language === 'sv' ? 'Swedish' : 'English'} (1–${max} characters).`),
        { field: `${field}.${language}` },
      );
    }
  }
  return { sv, en };
}

function instant(value: unknown, field: string): Date {
  const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw unprocessable(`${field}-invalid`, bilingual('Ange datum och tid (ÅÅÅÅ-MM-DDTtt:mm med tidszon).', 'Give a date and time (YYYY-MM-DDThh:mm with a time zone).'), { field });
  }
  return date;
}

/**
 * A new notice from a request body, at the caller's scope: the installation (municipalityId
 * null) or one municipality, where `eserviceId` may narrow it to one of its e-services.
 */
export async function parseOperatingMessage(
  db: Kysely<Database>,
  body: unknown,
  scope: { municipalityId: string | null; createdBy: string; now: Date },
): Promise<NewOperatingMessage> {
  const input = objectBody(body);
  if (!KINDS.includes(input.kind as OperatingMessageKind)) {
    throw unprocessable('kind-invalid', bilingual('Välj störning (disruption) eller underhåll (maintenance).', 'Choose disruption or maintenance.'), { field: 'kind' });
  }
  const title = text(input.title, 'title', TITLE_MAX, { sv: 'rubriken', en: 'title' });
  const messageBody = text(input.body, 'body', BODY_MAX, { sv: 'texten', en: 'text' });
  const startsAt = instant(input.startsAt, 'startsAt');
  const endsAt = instant(input.endsAt, 'endsAt');
  if (endsAt <= startsAt || endsAt <= scope.now) {
    throw unprocessable('endsAt-invalid', bilingual('Slutet ska ligga efter starten och i framtiden.', 'The end must be after the start and in the future.'), { field: 'endsAt' });
  }
  if (endsAt.getTime() - startsAt.getTime() > LONGEST_WINDOW_MS) {
    throw unprocessable('endsAt-invalid', bilingual('Ett driftmeddelande gäller högst ett år.', 'An operating message is in force for at most a year.'), { field: 'endsAt' });
  }
  let eserviceId: string | null = null;
  if (input.eserviceId !== undefined && input.eserviceId !== null) {
    const exists = scope.municipalityId !== null && typeof input.eserviceId === 'string' && (await findEService(db, scope.municipalityId, input.eserviceId)) !== undefined;
    if (!exists) {
      throw unprocessable('eserviceId-invalid', bilingual(`E-tjänsten ”${String(input.eserviceId)}” finns inte i kommunen.`, `The e-service “${String(input.eserviceId)}” does not exist in the municipality.`), { field: 'eserviceId' });
    }
    eserviceId = input.eserviceId as string;
  }
  return { municipalityId: scope.municipalityId, eserviceId, kind: input.kind as OperatingMessageKind, title, body: messageBody, startsAt, endsAt, createdBy: scope.createdBy };
}
