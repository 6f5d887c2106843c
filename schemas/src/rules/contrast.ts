/** WCAG 2.1 relative luminance and contrast ratio of two sRGB colours written #rrggbb. */

/** WCAG 2.1 relative luminance: 0 for black, 1 for white. */
export function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(foreground: string, background: string): number {
  const [light, dark] = [luminance(foreground), luminance(background)].sort((a, b) => b - a) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** WCAG 2.1 AA (1.4.3) for normal-size text. */
export const AA_TEXT_CONTRAST = 4.5;

/** WCAG 2.1 AA (1.4.11) for user-interface components and focus indicators against adjacent colours. */
export const AA_NON_TEXT_CONTRAST = 3;
