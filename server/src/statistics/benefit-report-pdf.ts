import { textIn, type Language } from '@etjanst/schemas';
import { pdfSafe } from '../receipts/pdf.js';
import { taggedPdf } from '../receipts/pdf-tags.js';
import { BENEFIT_LABELS, type BenefitReport } from './benefit-report.js';

const MARGIN = 56;

/**
 * The yearly benefit report as a tagged PDF (A4), like the receipts: a heading per department and
 * one paragraph per e-service in reading order, so a screen reader reads each figure with its name.
 */
export function renderBenefitPdf(report: BenefitReport, language: Language, now = new Date()): Promise<Buffer> {
  const l = BENEFIT_LABELS[language];
  const municipality = textIn(report.municipalityName, language) ?? '';
  const number = (value: number, digits = 0) => new Intl.NumberFormat(language === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: digits }).format(value);
  const title = `${l.title} ${report.year} – ${municipality}`;
  const { doc, done, structure } = taggedPdf({ language: language, margin: MARGIN, info: { Title: pdfSafe(title), Author: pdfSafe(municipality), Creator: 'E-tjänstplattformen', Producer: 'E-tjänstplattformen', CreationDate: now, ModDate: now } });
  const width = doc.page.width - 2 * MARGIN;
  const paragraph = (value: string) => structure.tag('P', () => doc.text(pdfSafe(value), { width }));
  const savings = (hours: number, sek: number) => `${l.hoursSaved}: ${number(hours, 1)}; ${l.sekSaved}: ${number(sek)}`;

  doc.font('Helvetica-Bold').fontSize(18);
  structure.tag('H1', () => doc.text(pdfSafe(title), { width }));
  doc.font('Helvetica').fontSize(11).moveDown(0.5);
  paragraph(`${l.total}: ${savings(report.hoursSaved, report.sekSaved)}`);
  for (const department of report.departments) {
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13);
    structure.tag('H2', () => doc.text(pdfSafe(textIn(department.name, language) ?? department.departmentId), { width }));
    doc.font('Helvetica').fontSize(11).moveDown(0.2);
    for (const e of department.eservices) {
      paragraph(
        `${textIn(e.title, language) ?? e.eserviceId}: ${l.digital}: ${number(e.digital)}; ${l.minutesSavedPerCase}: ${number(e.minutesSavedPerCase, 1)}; ${l.costPerHourSek}: ${number(e.costPerHourSek)}; ${savings(e.hoursSaved, e.sekSaved)}`,
      );
    }
    paragraph(`${l.departmentTotal}: ${savings(department.hoursSaved, department.sekSaved)}`);
  }
  doc.moveDown(1.2).fontSize(9);
  paragraph(l.how);
  structure.end();
  doc.end();
  return done;
}
