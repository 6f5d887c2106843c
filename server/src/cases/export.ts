import writeXlsxFile from 'write-excel-file/node';
import { textIn, type Language } from '@etjanst/schemas';
import { stockholmTime } from '../receipts/content.js';
import type { CaseRecord } from './repository.js';
import { CASE_STATUS_LABELS } from './status.js';

const HEADINGS: Record<Language, string[]> = {
  sv: ['Kvittonummer', 'E-tjänst', 'Inkommet', 'Kanal', 'Status', 'Sökande', 'Organisationsnummer', 'Handläggare', 'Olästa meddelanden'],
  en: ['Receipt number', 'E-service', 'Received', 'Channel', 'Status', 'Applicant', 'Organisation number', 'Case handler', 'Unread messages'],
};

const CHANNELS: Record<Language, Record<CaseRecord['channel'], string>> = {
  sv: { digital: 'Digitalt', paper: 'Papper' },
  en: { digital: 'Digital', paper: 'Paper' },
};

/** The export's rows: one per case, in the list's order, labelled in the handler's language. */
export function exportRows(cases: readonly CaseRecord[], language: Language): { headings: string[]; rows: Array<Array<string | number>> } {
  return {
    headings: HEADINGS[language],
    rows: cases.map((c) => [
      c.receiptNumber,
      textIn(c.eserviceTitle, language) ?? c.eserviceId,
      stockholmTime(c.submittedAt),
      CHANNELS[language][c.channel],
      CASE_STATUS_LABELS[c.status][language],
      c.applicantName ?? '',
      c.organisationNumber ?? '',
      c.assignee?.name ?? '',
      c.unreadFromCitizen,
    ]),
  };
}

/**
 * A spreadsheet program runs a cell that starts with = + - @ (or a tab/CR) as a formula, so
 * such text from citizens is prefixed with an apostrophe (OWASP "CSV injection").
 */
const defused = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

/** One CSV cell (semicolon-separated, defused); the audit log's export writes its cells with it too. */
export const csvField = (value: string | number) => {
  const text = typeof value === 'number' ? String(value) : defused(value);
  return /[;"\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** CSV as Swedish Excel opens it directly: UTF-8 with BOM, semicolons, CRLF. */
export function casesCsv(cases: readonly CaseRecord[], language: Language): string {
  const { headings, rows } = exportRows(cases, language);
  return `\uFEFF${[headings, ...rows].map((row) => row.map(csvField).join(';')).join('\r\n')}\r\n`;
}

/** The same rows as an XLSX workbook (one sheet, bold headings). */
export async function casesXlsx(cases: readonly CaseRecord[], language: Language): Promise<Buffer> {
  const { headings, rows } = exportRows(cases, language);
  const data = [
    headings.map((value) => ({ value, fontWeight: 'bold' as const })),
    ...rows.map((row) => row.map((value) => (typeof value === 'number' ? { value, type: Number } : { value: defused(value), type: String }))),
  ];
  return writeXlsxFile(data, { sheet: language === 'sv' ? 'Ärenden' : 'Cases' }).toBuffer();
}
