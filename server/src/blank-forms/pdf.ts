import { pdfSafe } from '../receipts/pdf.js';
import { taggedPdf } from '../receipts/pdf-tags.js';
import type { BlankForm, BlankItem } from './content.js';

const MARGIN = 56;
const LINE_GAP = 22;

const LABELS = {
  sv: { form: 'Blankett', required: '* = obligatoriskt', contact: 'Frågor och inlämning', email: 'E-post', phone: 'Telefon', send: 'Skicka eller lämna blanketten till kommunen. Du kan också använda e-tjänsten.' },
  en: { form: 'Form', required: '* = required', contact: 'Questions and where to send the form', email: 'E-mail', phone: 'Phone', send: 'Send or hand in the form to the municipality. You can also use the e-service.' },
} as const;

/**
 * The blank form as a PDF (A4) to fill in by hand: every step as a section, every field with its
 * label, help text, an empty line or box, a box per choice option. Deterministic (no dates).
 */
export function renderBlankFormPdf(form: BlankForm): Promise<Buffer> {
  const l = LABELS[form.language];
  const fixedDate = new Date('2000-01-01T00:00:00Z'); // the same form gives the same bytes
  const { doc, done, structure } = taggedPdf({ language: form.language, margin: MARGIN, info: { Title: pdfSafe(`${l.form}: ${form.title}`), Author: pdfSafe(form.municipalityName), Creator: 'E-tjänstplattformen', Producer: 'E-tjänstplattformen', CreationDate: fixedDate, ModDate: fixedDate } });
  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN;
  const text = (value: string, indent: number, options: PDFKit.Mixins.TextOptions = {}, type: 'H1' | 'H2' | 'H3' | 'P' = 'P') =>
    structure.tag(type, () => doc.text(pdfSafe(value), MARGIN + indent, doc.y, { width: width - indent, ...options }));
  /** Drawn shapes do not break pages by themselves: make room first. */
  const ensureRoom = (height: number) => {
    if (doc.y + height > bottom()) doc.addPage();
  };

  doc.font('Helvetica').fontSize(11);
  text(form.municipalityName, 0);
  doc.moveDown(0.4).font('Helvetica-Bold').fontSize(18);
  text(`${l.form}: ${form.title}`, 0, {}, 'H1');
  doc.font('Helvetica').fontSize(11).moveDown(0.4);
  if (form.summary) text(form.summary, 0);
  doc.moveDown(0.3).fontSize(9);
  text(l.required, 0);

  for (const step of form.steps) {
    ensureRoom(80);
    doc.moveDown(1).font('Helvetica-Bold').fontSize(14);
    text(step.title, 0, {}, 'H2');
    doc.font('Helvetica').fontSize(11);
    if (step.note) {
      doc.font('Helvetica-Oblique').fontSize(10);
      text(step.note, 0);
      doc.font('Helvetica').fontSize(11);
    }
    for (const item of step.items) writeItem(item, 0);
  }

  ensureRoom(90);
  doc.moveDown(1.2).font('Helvetica-Bold').fontSize(13);
  text(l.contact, 0, {}, 'H2');
  doc.font('Helvetica').fontSize(11);
  text(form.contact.name, 0);
  text(`${l.email}: ${form.contact.email}`, 0);
  if (form.contact.phone) text(`${l.phone}: ${form.contact.phone}`, 0);
  doc.moveDown(0.5).fontSize(9);
  text(l.send, 0);
  structure.end();
  doc.end();
  return done;

  function writeItem(item: BlankItem, indent: number): void {
    ensureRoom(60);
    doc.moveDown(0.7);
    if (item.kind === 'information') {
      doc.font('Helvetica-Bold').fontSize(12);
      text(item.label, indent, {}, 'H3');
      doc.font('Helvetica').fontSize(11);
      if (item.help) text(item.help, indent);
      return;
    }
    doc.font('Helvetica-Bold').fontSize(11);
    if (item.kind === 'checkbox') {
      // the box to tick stands before its statement, as on any paper form
      structure.artifact(() => doc.rect(MARGIN + indent, doc.y + 1, 10, 10).stroke());
      text(`${item.label}${item.required ? ' *' : ''}`, indent + 18);
    } else text(`${item.label}${item.required ? ' *' : ''}`, indent);
    doc.font('Helvetica').fontSize(9);
    if (item.help) text(item.help, indent);
    if ('note' in item && item.note) {
      doc.font('Helvetica-Oblique');
      text(item.note, indent);
      doc.font('Helvetica');
    }
    doc.fontSize(11);
    switch (item.kind) {
      case 'line':
        writeLine(indent);
        return;
      case 'attachment': // its note says what to enclose
        return;
      case 'box': {
        const height = (item.lines ?? 4) * 18;
        ensureRoom(height + 8);
        doc.moveDown(0.3);
        structure.artifact(() => doc.rect(MARGIN + indent, doc.y, width - indent, height).stroke());
        doc.y += height + 4;
        return;
      }
      case 'checkbox':
        return;
      case 'choices':
        doc.moveDown(0.2);
        for (const option of item.options) {
          ensureRoom(18);
          const y = doc.y;
          structure.artifact(() => doc.rect(MARGIN + indent, y + 1, 9, 9).stroke());
          structure.tag('P', () => doc.text(pdfSafe(option), MARGIN + indent + 16, y, { width: width - indent - 16 }));
        }
        return;
      case 'group':
        for (const child of item.items) writeItem(child, indent + 14);
        return;
    }
  }

  function writeLine(indent: number): void {
    ensureRoom(LINE_GAP + 4);
    const y = doc.y + LINE_GAP;
    structure.artifact(() => doc.moveTo(MARGIN + indent, y).lineTo(MARGIN + width, y).stroke());
    doc.y = y + 4;
  }

}
