import { AA_NON_TEXT_CONTRAST, AA_TEXT_CONTRAST, contrastRatio } from '../rules/contrast.js';
import { DEFAULT_THEME } from '../rules/theme.js';

/** A municipality's own colours, #rrggbb (client/src/shared/theme.css: --primary, --on-primary, --focus). */
export interface BrandColours {
  /** Header band, buttons and links on the page background */
  primary: string;
  /** Text and icons on the primary colour (header, buttons) */
  onPrimary: string;
  /** The focus ring: the outline on primary surfaces, the halo round the dark outline on the page */
  focus: string;
}

/** The platform's own colours, which a municipality without colours of its own shows. */
export const DEFAULT_BRAND_COLOURS: BrandColours = { primary: DEFAULT_THEME.primary, onPrimary: '#ffffff', focus: '#ffd43b' };

export const HEX_COLOUR_PATTERN = '^#[0-9a-fA-F]{6}$';
export const isHexColour = (value: unknown): value is string => typeof value === 'string' && new RegExp(HEX_COLOUR_PATTERN).test(value);

/** Which two colours meet where, and what WCAG 2.1 asks of them. */
export type ColourPairing = 'on-primary' | 'primary-on-page' | 'focus-on-primary' | 'text-on-focus';

export interface ContrastMeasurement {
  pairing: ColourPairing;
  foreground: string;
  background: string;
  /** The ratio rounded down to two decimals, so a failing ratio is never shown as the required one */
  ratio: number;
  required: number;
  passes: boolean;
}

/**
 * Every pairing of the colours as the pages show them, measured:
 * - text on the primary colour (header, buttons) and the primary colour as link text on the page
 *   background: at least 4.5:1 (1.4.3);
 * - the focus ring at least 3:1 (1.4.11) against what it is next to: the primary colour where it
 *   is the outline (header, buttons), and on the page the dark inner outline in the text colour
 *   it surrounds (theme.css `:focus-visible`), which itself stands out 17:1 against the page;
 * - the text colour on the focus colour at least 4.5:1, since the skip link writes text on it,
 *   which covers the ring's 3:1 against the dark outline too.
 */
export function measureBrandContrast(colours: BrandColours): ContrastMeasurement[] {
  const measure = (pairing: ColourPairing, foreground: string, background: string, required: number): ContrastMeasurement => {
    const ratio = Math.floor(contrastRatio(foreground, background) * 100) / 100;
    return { pairing, foreground, background, ratio, required, passes: contrastRatio(foreground, background) >= required };
  };
  return [
    measure('on-primary', colours.onPrimary, colours.primary, AA_TEXT_CONTRAST),
    measure('primary-on-page', colours.primary, DEFAULT_THEME.background, AA_TEXT_CONTRAST),
    measure('focus-on-primary', colours.focus, colours.primary, AA_NON_TEXT_CONTRAST),
    measure('text-on-focus', DEFAULT_THEME.text, colours.focus, AA_TEXT_CONTRAST),
  ];
}

/** The pairings in words, for messages. */
export const COLOUR_PAIRING_NAMES: Record<ColourPairing, { sv: string; en: string }> = {
  'on-primary': { sv: 'text på huvudfärgen', en: 'text on the primary colour' },
  'primary-on-page': { sv: 'huvudfärgen som länktext på sidans bakgrund', en: 'the primary colour as link text on the page background' },
  'focus-on-primary': { sv: 'fokusmarkeringen mot huvudfärgen', en: 'the focus indicator against the primary colour' },
  'text-on-focus': { sv: 'texten på fokusfärgen (hoppa till innehållet, fokusmarkeringens mörka kontur)', en: 'text on the focus colour (the skip link, the focus indicator’s dark outline)' },
};

/** A ratio as Swedish and English write it: "4,48:1", "4.48:1". */
export const ratioText = (ratio: number) => ({ sv: `${ratio.toFixed(2).replace('.', ',')}:1`, en: `${ratio.toFixed(2)}:1` });
