import { describe, expect, it } from 'vitest';
import { REDACTED, scrubPersonalData } from './scrub.js';

describe('scrubbing personal data from a rating comment', () => {
  it.each([
    ['Mitt personnummer är 19900101-2385, ring mig', `Mitt personnummer är ${REDACTED}, ring mig`],
    ['pnr 900101-2385.', `pnr ${REDACTED}.`],
    ['pnr 199001012385', `pnr ${REDACTED}`],
    ['mejla klara.svensson@exempel.se tack', `mejla ${REDACTED} tack`],
    ['Ring 070-123 45 67 eller +46 70 123 45 67', `Ring ${REDACTED} eller ${REDACTED}`],
    ['tel 08-123 456 78', `tel ${REDACTED}`],
  ])('replaces what identifies a person: %s', (comment, scrubbed) => {
    expect(scrubPersonalData(comment)).toBe(scrubbed);
  });

  it('keeps ordinary text and short numbers', () => {
    const comment = 'Steg 3 av 5 var svårt, tog 20 minuter år 2026.';
    expect(scrubPersonalData(comment)).toBe(comment);
  });
});
