import { describe, expect, it } from 'vitest';
import { calendarFile, escapeText, foldLine, utcDateTime } from './icalendar.js';

const octets = (text: string) => new TextEncoder().encode(text).length;

describe('iCalendar for a booking', () => {
  it('writes one event in UTC with CRLF line endings', () => {
    const file = calendarFile({
      uid: 'a1b2@etjanst.example.se',
      stamp: new Date('2027-03-01T07:00:00.123Z'),
      start: new Date('2027-03-05T10:00:00+01:00'),
      end: new Date('2027-03-05T10:30:00+01:00'),
      summary: 'Borgerlig vigsel',
      location: 'Vigselsalen, stadshuset',
    });
    expect(file.split('\r\n')).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Etjanst//Booking//SV',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'BEGIN:VEVENT',
      'UID:a1b2@etjanst.example.se',
      'DTSTAMP:20270301T070000Z',
      'DTSTART:20270305T090000Z',
      'DTEND:20270305T093000Z',
      'SUMMARY:Borgerlig vigsel',
      'LOCATION:Vigselsalen\\, stadshuset',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ]);
    expect(file.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('escapes backslashes, semicolons, commas and line breaks in text', () => {
    expect(escapeText('a\\b; c, d\r\ne\nf')).toBe('a\\\\b\\; c\\, d\\ne\\nf');
    expect(utcDateTime(new Date('2027-10-31T01:30:00Z'))).toBe('20271031T013000Z');
  });

  it('folds long lines at 75 octets without splitting a multi-byte character, and unfolds to the same line', () => {
    const line = `DESCRIPTION:${'Vigsel i Rådhussalen på lördag förmiddag. '.repeat(5)}`;
    const folded = foldLine(line);
    const lines = folded.split('\r\n');
    expect(lines.length).toBeGreaterThan(2);
    for (const [i, part] of lines.entries()) {
      expect(octets(part)).toBeLessThanOrEqual(75);
      if (i > 0) expect(part.startsWith(' ')).toBe(true);
      expect(part).not.toContain('\uFFFD');
    }
    // one octet short of room for "å" (2 octets): it moves to the next line whole
    const edge = foldLine(`${'x'.repeat(74)}åy`);
    expect(edge.split('\r\n')).toEqual([`${'x'.repeat(74)}`, ' åy']);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
    expect(foldLine('short')).toBe('short');
  });
});
