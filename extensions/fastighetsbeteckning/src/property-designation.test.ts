import { describe, expect, it } from 'vitest';
import { isPropertyDesignation, normalisePropertyDesignation } from './property-designation.js';

describe('fastighetsbeteckning', () => {
  it('accepts designations with and without the municipality', () => {
    for (const value of ['Solbacka Eken 4:12', 'Eken 4:12', 'Stockholm Kungsholmen 1:23', 'Upplands-Väsby Grimsta 3:1', 'Ekdala Övre Backen 10:100']) {
      expect(isPropertyDesignation(value), value).toBe(true);
    }
  });

  it('refuses what is not one', () => {
    for (const value of ['Eken 4', 'Eken 4-12', '4:12', 'Eken :12', 'Eken 0:12', 'eken 4:12', ' Eken 4:12', 'Eken 4:12 ', 'Eken 4:12a', '']) {
      expect(isPropertyDesignation(value), JSON.stringify(value)).toBe(false);
    }
  });

  it('tidies spaces the way the widget does when the citizen leaves the field', () => {
    expect(normalisePropertyDesignation('  Solbacka   Eken 4 : 12 ')).toBe('Solbacka Eken 4:12');
    expect(isPropertyDesignation(normalisePropertyDesignation('  Solbacka   Eken 4 : 12 '))).toBe(true);
  });
});
