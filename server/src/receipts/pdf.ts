import type { ReceiptContent, ReceiptRow } from './content.js';
import { taggedPdf } from './pdf-tags.js';

const LABELS = {
  sv: {
    heading: 'Kvitto',
    receiptNumber: 'Kvittonummer',
    submitted: 'Skickat',
    swedishTime: 'svensk tid',
    applicant: 'Sökande',
    name: 'Namn',
    personalIdentityNumber: 'Personnummer',
    organisationNumber: 'Organisationsnummer',
    anonymous: 'Skickat utan inloggning',
    answers: 'Dina svar',
    answersOmitted: 'Svaren visas inte på kvittot för den här e-tjänsten.',
    attachments: 'Bilagor',
    noAttachments: 'Inga bilagor',
    signature: 'Underskrift',
    notSigned: 'Inte underskriven',
    signingPending: 'Ärendet behöver skrivas under. Underskriften är inte klar ännu.',
    applicantRole: 'sökande',
    coSignerRole: 'medsökande',
    payment: 'Avgift',
    paymentState: { unpaid: 'Inte betald ännu', paid: 'Betald med Swish', expired: 'Inte betald i tid: ansökan har gått ut', 'refund-pending': 'Betald med Swish, återbetalning pågår', refunded: 'Återbetald' },
    contact: 'Frågor om ärendet',
    phone: 'Telefon',
    email: 'E-post',
    keep: 'Spara kvittot. Ange kvittonumret om du kontaktar kommunen om ärendet.',
  },
  en: {
    heading: 'Receipt',
    receiptNumber: 'Receipt number',
    submitted: 'Submitted',
    swedishTime: 'Swedish time',
    applicant: 'Applicant',
    name: 'Name',
    personalIdentityNumber: 'Personal identity number',
    organisationNumber: 'Organisation number',
    anonymous: 'Submitted without logging in',
    answers: 'Your answers',
    answersOmitted: 'This e-service does not show the answers on the receipt.',
    attachments: 'Attachments',
    noAttachments: 'No attachments',
    signature: 'Signature',
    notSigned: 'Not signed',
    signingPending: 'The application needs to be signed. Signing is not complete yet.',
    applicantRole: 'applicant',
    coSignerRole: 'co-applicant',
    payment: 'Fee',
    paymentState: { unpaid: 'Not paid yet', paid: 'Paid with Swish', expired: 'Not paid in time: the application has expired', 'refund-pending': 'Paid with Swish, refund in progress', refunded: 'Refunded' },
    contact: 'Questions about your application',
    phone: 'Phone',
    email: 'E-mail',
    keep: 'Keep this receipt. Give the receipt number if you contact the municipality about it.',
  },
} as const;

/** Characters beyond Latin-1 that the standard PDF fonts (WinAnsiEncoding) also have. */
const WIN_ANSI_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/**
 * Text the built-in Helvetica can show: Latin-1 (which has å, ä, ö, é, ü …) and the WinAnsi
 * extras; other letters lose their accents (ł stays ?), so no glyph is silently garbled.
 */
export function pdfSafe(text: string): string {
  let result = '';
  for (const char of text.normalize('NFC')) {
    if (char === '\t') result += ' ';
    else if ((char.codePointAt(0) ?? 0) <= 0xff || WIN_ANSI_EXTRAS.has(char)) result += char;
    else {
      const base = char.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      result += base.length > 0 && [...base].every((c) => (c.codePointAt(0) ?? 0) <= 0xff) ? base : '?';
    }
  }
  return result;
}

const MARGIN = 56;
/** The band at the top in the municipality's primary colour, with its logo and name */
const BAND_HEIGHT = 64;
const LOGO_BOX: [number, number] = [120, 40];

/**
 * The receipt as a PDF (A4). Deterministic: the same submission gives the same bytes (the
 * document dates are the submission time, which also seeds the file id).
 */
export async function renderReceiptPdf(content: ReceiptContent): Promise<Buffer> {
  const l = LABELS[content.language];
  const logo = await content.brand.logo?.();
  const { doc, done, structure } = taggedPdf({
    language: content.language,
    margin: MARGIN,
    info: {
      Title: pdfSafe(`${l.heading} ${content.receiptNumber} – ${content.eserviceTitle}`),
      Author: pdfSafe(content.municipalityName),
      Subject: pdfSafe(content.eserviceTitle),
      Creator: 'E-tjänstplattformen',
      Producer: 'E-tjänstplattformen',
      CreationDate: content.submittedAt,
      ModDate: content.submittedAt,
    },
  });

  const width = doc.page.width - 2 * MARGIN;
  const text = (value: string, options: PDFKit.Mixins.TextOptions = {}) => doc.text(pdfSafe(value), { width, ...options });
  const paragraph = (value: string) => structure.tag('P', () => text(value));
  const heading = (value: string) => {
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13);
    structure.tag('H2', () => text(value));
    doc.font('Helvetica').fontSize(11).moveDown(0.2);
  };
  const pair = (label: string, value: string, indent = 0) =>
    structure.tag('P', () => {
      doc.font('Helvetica-Bold').fontSize(11);
      text(`${label}: `, { continued: true, indent });
      doc.font('Helvetica');
      text(value);
    });

  // the municipality's band: its colour and logo are decoration, its name the document's first words
  const { colours } = content.brand;
  structure.artifact(() => doc.rect(0, 0, doc.page.width, BAND_HEIGHT).fill(colours.primary));
  let nameX = MARGIN;
  if (logo) {
    try {
      structure.artifact(() => doc.image(Buffer.from(logo.bytes), MARGIN, (BAND_HEIGHT - LOGO_BOX[1]) / 2, { fit: LOGO_BOX, valign: 'center' }));
      nameX += LOGO_BOX[0] + 12;
    } catch {
      // a PNG or JPEG variant pdfkit cannot read: the receipt goes without the logo, never without the receipt
    }
  }
  doc.fillColor(colours.onPrimary).font('Helvetica-Bold').fontSize(14);
  structure.tag('P', () => doc.text(pdfSafe(content.municipalityName), nameX, BAND_HEIGHT / 2 - 8, { width: doc.page.width - nameX - MARGIN, lineBreak: false, ellipsis: true }));
  doc.fillColor('black').font('Helvetica').fontSize(11);
  doc.x = MARGIN;
  doc.y = BAND_HEIGHT + 24;
  doc.font('Helvetica-Bold').fontSize(18);
  structure.tag('H1', () => text(`${l.heading}: ${content.eserviceTitle}`));
  doc.font('Helvetica').fontSize(11).moveDown(0.5);
  pair(l.receiptNumber, content.receiptNumber);
  pair(l.submitted, `${content.submittedAtText} (${l.swedishTime})`);

  heading(l.applicant);
  if (content.applicant) {
    pair(l.name, content.applicant.name);
    pair(l.personalIdentityNumber, content.applicant.personalIdentityNumber);
    if (content.applicant.organisationNumber) pair(l.organisationNumber, content.applicant.organisationNumber);
  } else {
    paragraph(l.anonymous);
  }

  if (content.message) {
    doc.moveDown(0.8);
    paragraph(content.message);
  }

  heading(l.answers);
  if (content.answersOmitted) paragraph(l.answersOmitted);
  for (const section of content.sections) {
    doc.moveDown(0.4).font('Helvetica-Bold').fontSize(12);
    structure.tag('H3', () => text(section.title));
    doc.font('Helvetica').fontSize(11).moveDown(0.1);
    for (const row of section.rows) writeRow(row, 0);
  }

  heading(l.attachments);
  paragraph(content.attachments.length > 0 ? content.attachments.join('\n') : l.noAttachments);

  heading(l.signature);
  if (content.signature === 'not-required') paragraph(l.notSigned);
  else if (content.signature === 'pending') paragraph(l.signingPending);
  for (const signature of content.signatures) {
    paragraph(`${signature.name} (${signature.role === 'applicant' ? l.applicantRole : l.coSignerRole}), ${signature.signedAtText}, BankID`);
  }

  if (content.payment) {
    heading(l.payment);
    pair(content.payment.description, content.payment.amountText);
    paragraph(`${l.paymentState[content.payment.state]}${content.payment.atText ? `, ${content.payment.atText}` : ''}`);
  }

  heading(l.contact);
  paragraph(content.contact.name);
  pair(l.email, content.contact.email);
  if (content.contact.phone) pair(l.phone, content.contact.phone);

  doc.moveDown(1.2).fontSize(9);
  paragraph(l.keep);
  structure.end();
  doc.end();
  return done;

  function writeRow(row: ReceiptRow, depth: number): void {
    const indent = depth * 14;
    if (row.rows) {
      doc.font('Helvetica-Bold').fontSize(11);
      structure.tag('P', () => text(row.label, { indent }));
      doc.font('Helvetica');
      for (const child of row.rows) writeRow(child, depth + 1);
      return;
    }
    pair(row.label, row.value ?? '', indent);
  }
}
