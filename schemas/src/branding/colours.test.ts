import { describe, expect, it } from 'vitest';
import { contrastRatio, luminance } from '../rules/contrast.js';
import { DEFAULT_BRAND_COLOURS, isHexColour, measureBrandContrast, ratioText } from './colours.js';

describe('WCAG 2.1 relative luminance', () => {
  it('is 0 for black, 1 for white and uses the linear segment below 0.03928', () => {
    expect(luminance('#000000')).toBe(0);
    expect(luminance('#ffffff')).toBeCloseTo(1, 10);
    // #0a0a0a: 10/255 = 0.0392 <= 0.03928, so linear: 0.0392 / 12.92
    expect(luminance('#0a0a0a')).toBeCloseTo(10 / 255 / 12.92, 10);
    // pure red is weighted 0.2126
    expect(luminance('#ff0000')).toBeCloseTo(0.2126, 10);
  });
  it('gives the published ratios (WebAIM): #777777 on white 4.48, #595959 on white 7.0', () => {
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#595959', '#ffffff')).toBeCloseTo(7.0, 1);
  });
});

describe('brand colour contrast', () => {
  it('passes the platform defaults', () => {
    expect(measureBrandContrast(DEFAULT_BRAND_COLOURS).every((m) => m.passes)).toBe(true);
  });
  it('fails white on a light primary colour with the measured ratio rounded down', () => {
    const measured = measureBrandContrast({ primary: '#777777', onPrimary: '#ffffff', focus: '#ffd43b' });
    const onPrimary = measured.find((m) => m.pairing === 'on-primary')!;
    expect(onPrimary).toMatchObject({ passes: false, ratio: 4.47, required: 4.5 });
    expect(measured.find((m) => m.pairing === 'primary-on-page')!.passes).toBe(false);
  });
  it('fails a focus colour too close to the primary colour (3:1, WCAG 1.4.11)', () => {
    const measured = measureBrandContrast({ primary: '#0b4f8a', onPrimary: '#ffffff', focus: '#1f5f99' });
    expect(measured.find((m) => m.pairing === 'focus-on-primary')).toMatchObject({ passes: false, required: 3 });
  });
  it('fails a dark focus colour: the skip link’s text is written on it', () => {
    const measured = measureBrandContrast({ primary: '#ffffff', onPrimary: '#0b4f8a', focus: '#444444' });
    expect(measured.find((m) => m.pairing === 'text-on-focus')).toMatchObject({ passes: false, required: 4.5 });
  });
  it('does not round a failing ratio up to the limit', () => {
    // #767676 on white is 4.54; #777777 is 4.478…, which must not show as 4.48 passing or 4.5
    const failing = measureBrandContrast({ primary: '#777777', onPrimary: '#ffffff', focus: '#ffd43b' })[0]!;
    expect(failing.ratio).toBeLessThan(4.5);
  });
  it('writes ratios with a decimal comma in Swedish', () => {
    expect(ratioText(4.47)).toEqual({ sv: '4,47:1', en: '4.47:1' });
  });
  it('accepts only #rrggbb', () => {
    expect(isHexColour('#0B4f8a')).toBe(true);
    expect(isHexColour('#fff')).toBe(false);
    expect(isHexColour('red')).toBe(false);
    expect(isHexColour('#0b4f8a; background: url(x)')).toBe(false);
  });
});
