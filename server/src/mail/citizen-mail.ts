import { DEFAULT_THEME, JPEG, type BrandColours, type Language } from '@etjanst/schemas';
import type { Logo } from '../branding/repository.js';
import { escapeHtml } from '../http/html.js';

/** The municipality as its e-mails to citizens show it (branding/). */
export interface MailBrand {
  /** Its shown name, in the e-mail's language */
  name: string;
  /** Its colours, checked against WCAG contrast when saved, or the platform's own */
  colours: BrandColours;
  logo?: Logo | undefined;
}

/** An image carried in the message itself and shown where the HTML names its Content-ID. */
export interface InlineImage {
  filename: string;
  content: Buffer;
  contentType: string;
  cid: string;
}

/** An e-mail to a citizen: the plain text as written, and the same text as HTML in the municipality's look. */
export interface CitizenMail {
  subject: string;
  text: string;
  html: string;
  /** The logo, when the municipality has one */
  attachments: InlineImage[];
}

/** An http(s) address in the text, without the punctuation that may end the sentence after it. */
const ADDRESS = /(https?:\/\/[^\s<>"]*[^\s<>".,;:!?)'])/;

/** One line of text as HTML: escaped, with its addresses as links in the primary colour. */
function lineHtml(line: string, linkColour: string): string {
  return line
    .split(ADDRESS)
    .map((part, i) => (i % 2 === 1 ? `<a href="${escapeHtml(part)}" style="color:${linkColour}">${escapeHtml(part)}</a>` : escapeHtml(part)))
    .join('');
}

/**
 * Every e-mail to a citizen in one layout: the plain text kept as it is, and an HTML part that
 * shows it paragraph by paragraph under a band in the municipality's colours with its logo and
 * name. Inline styles only (mail programs drop style sheets). Only colour pairs the contrast
 * check measured meet: text on the primary colour in the band, the primary colour as link text on
 * the page background, the text colour on it. The logo travels in the message as an inline
 * attachment named by Content-ID: no image is fetched from elsewhere, so opening the e-mail tells
 * no server anything. It is decoration (alt=""): the name beside it says who writes.
 */
export function citizenMail(message: { language: Language; subject: string; text: string }, brand: MailBrand): CitizenMail {
  const { primary, onPrimary } = brand.colours;
  const image = brand.logo && inlineLogo(brand.logo);
  const paragraphs = message.text
    .split('\n\n')
    .map((block) => `<p style="margin:0 0 1em 0">${block.split('\n').map((line) => lineHtml(line, primary)).join('<br>')}</p>`)
    .join('\n');
  const logo = image ? `<img src="cid:${image.cid}" alt="" height="40" style="height:40px;width:auto;vertical-align:middle;margin-right:12px;border:0">` : '';
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${message.language}"><head><meta charset="utf-8"><title>${escapeHtml(message.subject)}</title></head>`,
    `<body style="margin:0;font-family:Arial,Helvetica,sans-serif;color:${DEFAULT_THEME.text};background:${DEFAULT_THEME.background}">`,
    `<div style="background:${primary};color:${onPrimary};padding:16px 24px;font-size:20px;font-weight:bold">${logo}${escapeHtml(brand.name)}</div>`,
    `<div style="padding:16px 24px;font-size:16px;line-height:1.5">\n${paragraphs}\n</div>`,
    '</body></html>',
  ].join('\n');
  return { subject: message.subject, text: message.text, html, attachments: image ? [image] : [] };
}

/** The logo as an inline attachment; its Content-ID changes with the image. */
const inlineLogo = (logo: Logo): InlineImage => ({
  filename: logo.mediaType === JPEG ? 'logo.jpg' : 'logo.png',
  content: Buffer.from(logo.bytes),
  contentType: logo.mediaType,
  cid: `logo.${logo.sha256.slice(0, 16)}@etjanst`,
});
