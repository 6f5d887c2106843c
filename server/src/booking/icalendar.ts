/**
 * iCalendar (RFC 5545) for a booked slot: one VEVENT in a VCALENDAR, times in UTC, texts escaped
 * (3.3.11), lines ended with CRLF and folded at 75 octets (3.1) without splitting a UTF-8 character.
 */

export interface CalendarEvent {
  /** Globally unique and stable for the booking, e.g. `<seat id>@<host>` */
  uid: string;
  /** When the calendar object was made */
  stamp: Date;
  start: Date;
  end: Date;
  summary: string;
  location?: string;
  description?: string;
}

const PRODUCT_ID = '-//Etjanst//Booking//SV';
const MAX_OCTETS = 75;

/** UTC date-time form 2 (3.3.5): 20270305T090000Z. */
export const utcDateTime = (instant: Date): string => instant.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** TEXT value escaping (3.3.11): backslash, semicolon and comma escaped, line breaks as \n. */
export const escapeText = (text: string): string =>
  text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');

/**
 * Folds a content line (3.1): at most 75 octets a line, each continuation starting with a space
 * (which counts towards its 75). A multi-octet character is never split between two lines.
 */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    const limit = parts.length === 0 ? MAX_OCTETS : MAX_OCTETS - 1;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** The calendar file of one event, CRLF line endings throughout (also after the last line). */
export function calendarFile(event: CalendarEvent): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODUCT_ID}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `DTSTAMP:${utcDateTime(event.stamp)}`,
    `DTSTART:${utcDateTime(event.start)}`,
    `DTEND:${utcDateTime(event.end)}`,
    `SUMMARY:${escapeText(event.summary)}`,
    ...(event.location ? [`LOCATION:${escapeText(event.location)}`] : []),
    ...(event.description ? [`DESCRIPTION:${escapeText(event.description)}`] : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
