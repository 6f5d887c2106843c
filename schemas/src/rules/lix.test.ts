import { describe, expect, it } from 'vitest';
import { contrastRatio } from './contrast.js';
import { lix } from './lix.js';

describe('LIX', () => {
  it('is words per sentence plus the percentage of words longer than six letters', () => {
    // 8 words, 2 sentences, 2 long words (förskolan, ansökan has 7 letters)
    expect(lix('Du kan söka plats. Förskolan svarar på ansökan.')).toBeCloseTo(8 / 2 + (2 * 100) / 8);
  });
  it('counts digits as words but not as letters', () => {
    expect(lix('Skriv 12 siffror.')).toBeCloseTo(3 + 100 / 3);
  });
  it('is 0 for an empty text', () => {
    expect(lix('')).toBe(0);
  });
});

describe('WCAG contrast ratio', () => {
  it('is 21 for black on white and 1 for equal colours', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21);
    expect(contrastRatio('#777777', '#777777')).toBe(1);
  });
  it('matches the published ratio of #767676 on white (4.54)', () => {
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });
});
