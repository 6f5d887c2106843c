/**
 * Fastighetsbeteckning: municipality (optional), district ("trakt", one or more words) and
 * block:unit, e.g. "Solbacka Eken 4:12" or "Eken 4:12". Lantmäteriet writes block and unit as
 * numbers joined by a colon; "s:1" (samfällighet) and ">1" forms are rare and left out here.
 */
const DESIGNATION = /^([A-ZÅÄÖ][a-zåäöéü]*(?:-[A-ZÅÄÖa-zåäöéü][a-zåäöéü]*)*)(?: [A-ZÅÄÖ][A-Za-zÅÄÖåäöéü-]*)* ([1-9][0-9]*):([1-9][0-9]*)$/;

export function isPropertyDesignation(value: string): boolean {
  return DESIGNATION.test(value);
}

/** The usual written form: single spaces, block and unit without spaces around the colon. */
export function normalisePropertyDesignation(value: string): string {
  return value.trim().replace(/\s+/g, ' ').replace(/\s*:\s*/, ':');
}
