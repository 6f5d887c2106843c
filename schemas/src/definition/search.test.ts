import { describe, expect, it } from 'vitest';
import { matchesSearch, normalizeForSearch } from './search.js';

describe('catalogue search', () => {
  it('ignores case and Swedish diacritics', () => {
    expect(normalizeForSearch('Förskoleplats ÅÄÖ é')).toBe('forskoleplats aao e');
    expect(matchesSearch('forskola', ['Förskola och skola'])).toBe(true);
    expect(matchesSearch('förskoleplats', ['Ansökan om Förskoleplats'])).toBe(true);
    expect(matchesSearch('FORSKOLEPLATS', ['Ansökan om förskoleplats'])).toBe(true);
  });
  it('needs every word and finds parts of words', () => {
    expect(matchesSearch('ansok bygg', ['Ansökan om bygglov'])).toBe(true);
    expect(matchesSearch('ansok vigsel', ['Ansökan om bygglov'])).toBe(false);
    expect(matchesSearch('  ', ['anything'])).toBe(true);
  });
});
