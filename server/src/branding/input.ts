import { createHash } from 'node:crypto';
import { bilingual, COLOUR_PAIRING_NAMES, isHexColour, measureBrandContrast, ratioText, type BrandColours, type LocalizedText } from '@etjanst/schemas';
import { JPEG, PNG, sniffPrefix } from '../attachments/media-types.js';
import { objectBody } from '../cases/status.js';
import { Problem, unprocessable } from '../problems/problem.js';
import type { BrandingChange, Logo } from './repository.js';

export const DISPLAY_NAME_MAX = 100;
/** A logo is shown small in the header and on receipts: a few hundred kilobytes is ample. */
export const LOGO_MAX_BYTES = 256 * 1024;

/** A DNS host name (RFC 1123 labels), at least two labels, the last not numeric (no IP literals). */
const HOST_NAME = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function displayName(value: unknown): LocalizedText | null {
  if (value === null || value === undefined) return null;
  const given = (typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const sv = typeof given.sv === 'string' ? given.sv.trim() : '';
  const en = typeof given.en === 'string' ? given.en.trim() : '';
  if (sv.length === 0 || sv.length > DISPLAY_NAME_MAX || en.length > DISPLAY_NAME_MAX) {
    throw unprocessable(
      'display-name-invalid',
      bilingual(`Skriv namnet på svenska (1–${DISPLAY_NAME_MAX} tecken), och på engelska om det skiljer sig.`, `Write the name in Swedish (1–${DISPLAY_NAME_MAX} characters), and in English if it differs.`),
      { field: 'displayName' },
    );
  }
  return en ? { sv, en } : { sv };
}

/**
 * A host name of the municipality's own, normalised to lower case without a final dot. The
 * installation's own host is refused: it would take every visitor's start page.
 */
function hostName(value: unknown, installationHost: string): string | null {
  if (value === null || value === undefined || value === '') return null;
  const name = typeof value === 'string' ? value.trim().toLowerCase().replace(/\.$/, '') : '';
  if (!HOST_NAME.test(name)) {
    throw unprocessable('host-name-invalid', bilingual('Ange ett värdnamn som e-tjanster.kommun.se, utan https:// och utan sökväg.', 'Give a host name such as e-services.municipality.se, without https:// and without a path.'), { field: 'hostName' });
  }
  if (name === installationHost) {
    throw unprocessable('host-name-invalid', bilingual('Det är plattformens eget värdnamn; ange kommunens eget.', 'That is the platform’s own host name; give the municipality’s own.'), { field: 'hostName' });
  }
  return name;
}

/** The colours, or a 422 naming each measured ratio that falls short of WCAG 2.1. */
export function checkedColours(value: unknown): BrandColours | null {
  if (value === null || value === undefined) return null;
  const given = (typeof value === 'object' ? value : {}) as Record<string, unknown>;
  for (const key of ['primary', 'onPrimary', 'focus'] as const) {
    if (!isHexColour(given[key])) {
      throw unprocessable('colour-invalid', bilingual('Ange färgen som #rrggbb, till exempel #0b4f8a.', 'Give the colour as #rrggbb, for example #0b4f8a.'), { field: `colours.${key}` });
    }
  }
  const colours = { primary: String(given.primary).toLowerCase(), onPrimary: String(given.onPrimary).toLowerCase(), focus: String(given.focus).toLowerCase() };
  const measurements = measureBrandContrast(colours);
  const failing = measurements.filter((m) => !m.passes);
  if (failing.length > 0) {
    const lines = (language: 'sv' | 'en') =>
      failing.map((m) => `${COLOUR_PAIRING_NAMES[m.pairing][language]} (${m.foreground} / ${m.background}): ${ratioText(m.ratio)[language]}, ${language === 'sv' ? 'minst' : 'at least'} ${ratioText(m.required)[language]}`).join('; ');
    throw unprocessable(
      'colour-contrast-insufficient',
      bilingual(`Färgerna har för låg kontrast (WCAG 2.1): ${lines('sv')}.`, `The colours have too little contrast (WCAG 2.1): ${lines('en')}.`),
      { field: 'colours', measurements },
    );
  }
  return colours;
}

export function parseBrandingChange(body: unknown, installationHost: string): BrandingChange {
  const given = objectBody(body);
  return { displayName: displayName(given.displayName), hostName: hostName(given.hostName, installationHost), colours: checkedColours(given.colours) };
}

/**
 * A logo from `{ "data": "<base64>" }`: PNG or JPEG as its bytes show, at most LOGO_MAX_BYTES.
 * SVG is refused, not sanitised: it is a document that can carry scripts, styles and links to
 * elsewhere, cleaning it safely takes a full XML parser and an allow-list, and neither the PDF
 * receipts nor many mail programs could show it anyway.
 */
export function parseLogo(body: unknown): Logo {
  const data = objectBody(body).data;
  if (typeof data !== 'string' || !BASE64.test(data) || data.length === 0) {
    throw unprocessable('logo-invalid', bilingual('Skicka bilden base64-kodad i fältet data.', 'Send the image base64-encoded in the field data.'), { field: 'data' });
  }
  const bytes = Buffer.from(data, 'base64');
  if (bytes.length > LOGO_MAX_BYTES) {
    throw new Problem(413, 'logo-too-large', bilingual('För stor bild', 'Image too large'), bilingual(`Logotypen får vara högst ${LOGO_MAX_BYTES / 1024} kB.`, `The logo may be at most ${LOGO_MAX_BYTES / 1024} kB.`), { limit: LOGO_MAX_BYTES });
  }
  const mediaType = sniffPrefix(bytes);
  if (mediaType !== PNG && mediaType !== JPEG) {
    throw new Problem(415, 'logo-type-unsupported', bilingual('Bildformatet stöds inte', 'Image type not supported'), bilingual('Logotypen ska vara en PNG- eller JPEG-bild. SVG tas inte emot.', 'The logo must be a PNG or JPEG image. SVG is not accepted.'));
  }
  return { mediaType, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}
