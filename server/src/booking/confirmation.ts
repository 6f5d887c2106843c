import { textIn, type Language } from '@etjanst/schemas';
import type { Kysely } from 'kysely';
import { citizenBaseUrl } from '../branding/address.js';
import type { Database } from '../db/tables.js';
import type { ReceiptSource } from '../receipts/content.js';
import { calendarFile } from './icalendar.js';
import { bookedSeatsOf } from './repository.js';

export interface CalendarAttachment {
  filename: string;
  content: string;
  contentType: string;
}

/**
 * One .ics file per slot the submission booked, for the confirmation (receipt) e-mail: the
 * e-service's title as the summary, the resource and municipality as the location, the receipt
 * number and where to cancel (the municipality's own address: citizenBaseUrl) as the description.
 * The UID is the seat's at the installation's host, so a calendar that got the mail twice (a
 * retried delivery) keeps one event, whatever host name the municipality has taken since.
 */
export async function bookingCalendarFiles(db: Kysely<Database>, source: ReceiptSource, publicUrl: string, now: Date): Promise<CalendarAttachment[]> {
  const seats = await bookedSeatsOf(db, source.submission.id);
  const { definition, submission } = source;
  const language: Language = submission.language === 'en' ? 'en' : 'sv';
  const host = new URL(publicUrl).host;
  const myPages = `${citizenBaseUrl(publicUrl, source.hostName)}/mina-sidor`;
  return seats.flatMap((seat) => {
    const config = definition.form.fields?.[seat.field]?.booking;
    if (!config) return [];
    const resource = config.resources.find((r) => r.id === seat.resource);
    const title = textIn(definition.catalogue.title, language) ?? definition.id;
    const municipality = textIn(source.municipalityName, language);
    const cancel = language === 'en' ? `Cancel or rebook on My pages: ${myPages}` : `Avboka eller boka om på Mina sidor: ${myPages}`;
    const receipt = language === 'en' ? `Receipt number ${submission.receipt_number}` : `Kvittonummer ${submission.receipt_number}`;
    const file = calendarFile({
      uid: `${seat.id}@${host}`,
      stamp: now,
      start: seat.starts_at,
      end: new Date(seat.starts_at.getTime() + config.slotMinutes * 60_000),
      summary: title,
      location: [resource ? textIn(resource.name, language) : seat.resource, municipality].filter(Boolean).join(', '),
      description: `${receipt}\n${cancel}`,
    });
    const name = language === 'en' ? 'booking' : 'bokning';
    return [{ filename: `${name}-${seat.field}.ics`, content: file, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' }];
  });
}
