import { createHash } from 'node:crypto';
import { textIn, type EServiceDefinition } from '@etjanst/schemas';
import { answerSections, languageOf, type ReceiptRow, type ReceiptSource } from '../receipts/content.js';

/**
 * What a signer signs: a readable summary shown in the BankID app (userVisibleData) and, not
 * shown, the SHA-256 of the canonical answers and the exact version they answered
 * (userNonVisibleData). BankID puts both in its XML signature, so the stored signature proves
 * which answers were signed.
 */

/** JSON with object keys sorted at every level, so equal answers always give the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

/** The version a submission answered, as signed: municipality/e-service/version. */
export const versionId = (submission: { municipality_id: string; eservice_id: string; version: number }) =>
  `${submission.municipality_id}/${submission.eservice_id}/${submission.version}`;

/** SHA-256 (hex) of the canonical JSON of the answers and the version id. */
export function signedHash(answers: unknown, version: string): string {
  return createHash('sha256').update(canonicalJson({ answers, version }), 'utf8').digest('hex');
}

export const sourceHash = (source: ReceiptSource) => signedHash(source.submission.answers, versionId(source.submission));

const WORDS = {
  sv: { receiptNumber: 'Kvittonummer', applicant: 'Sökande', shortened: '… Texten är förkortad här. Hela ansökan finns på Mina sidor.' },
  en: { receiptNumber: 'Receipt number', applicant: 'Applicant', shortened: '… The text is shortened here. The whole application is on My pages.' },
} as const;

/** BankID takes at most 40 000 characters of base64: 30 000 bytes of UTF-8. */
export const USER_VISIBLE_MAX_BYTES = 30_000;

/**
 * The text a signer sees in the BankID app, in the submission's language: e-service, municipality,
 * receipt number, the e-service's signing text and every answered field as "Label: value", step
 * by step. Plain text (no markdown), so no answer can change how it is shown.
 */
export function summaryText(source: ReceiptSource): string {
  const { submission, definition } = source;
  const language = languageOf(submission.language);
  const words = WORDS[language];
  const lines: string[] = [
    textIn(definition.catalogue.title, language) ?? definition.id,
    textIn(source.municipalityName, language) ?? submission.municipality_id,
    `${words.receiptNumber}: ${submission.receipt_number}`,
    ...(submission.applicant_name ? [`${words.applicant}: ${submission.applicant_name}`] : []),
  ];
  const signingText = textIn(definition.signing.text, language);
  if (signingText) lines.push('', signingText);
  const answers = (typeof submission.answers === 'object' && submission.answers !== null ? submission.answers : {}) as Record<string, unknown>;
  for (const section of answerSections(definition as EServiceDefinition, answers, language)) {
    lines.push('', section.title, ...section.rows.flatMap((row) => rowLines(row, '')));
  }
  return fitted(lines, words.shortened);
}

function rowLines(row: ReceiptRow, indent: string): string[] {
  if (row.rows) return [`${indent}${oneLine(row.label)}:`, ...row.rows.flatMap((nested) => rowLines(nested, `${indent}  `))];
  return [`${indent}${oneLine(row.label)}: ${oneLine(row.value ?? '')}`];
}

/** Line breaks inside an answer would make it look like another field. */
const oneLine = (text: string) => text.replace(/\s*[\r\n]+\s*/g, ' ').trim();

function fitted(lines: string[], shortened: string): string {
  const text = lines.join('\n');
  if (Buffer.byteLength(text, 'utf8') <= USER_VISIBLE_MAX_BYTES) return text;
  const budget = USER_VISIBLE_MAX_BYTES - Buffer.byteLength(`\n${shortened}`, 'utf8');
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    const size = Buffer.byteLength(line, 'utf8') + 1;
    if (used + size > budget) {
      const room = budget - used - 1;
      if (room > 20) kept.push(Buffer.from(line, 'utf8').subarray(0, room).toString('utf8').replace(/\uFFFD$/, ''));
      break;
    }
    kept.push(line);
    used += size;
  }
  return `${kept.join('\n')}\n${shortened}`;
}

export const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
