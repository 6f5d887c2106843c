import readXlsxFile from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import { casesCsv, casesXlsx } from './export.js';
import type { CaseRecord } from './repository.js';

const record = (overrides: Partial<CaseRecord>): CaseRecord => ({
  id: '00000000-0000-4000-8000-000000000001',
  receiptNumber: 'SOL-2026-000001',
  eserviceId: 'felanmalan',
  eserviceTitle: { sv: 'Felanmälan', en: 'Fault report' },
  departmentId: 'stadsbyggnad',
  version: 1,
  submittedAt: new Date('2026-06-30T22:30:00Z'),
  status: 'in-progress',
  channel: 'paper',
  applicantName: 'Bo Lind',
  applicantPersonalIdentityNumber: null,
  organisationNumber: null,
  assignee: { id: 'x', name: 'Erik Provsson' },
  paperSummary: null,
  unreadFromCitizen: 2,
  payment: null,
  ...overrides,
});

describe('case export', () => {
  it('writes CSV for Swedish Excel: BOM, semicolons, CRLF, Swedish time and labels', () => {
    const csv = casesCsv([record({})], 'sv');
    expect(csv.startsWith('\uFEFFKvittonummer;E-tjänst;')).toBe(true);
    expect(csv.split('\r\n')[1]).toBe('SOL-2026-000001;Felanmälan;2026-07-01 00:30;Papper;Under handläggning;Bo Lind;;Erik Provsson;2');
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('quotes separators and quotes, and defuses what a spreadsheet would run as a formula', () => {
    const csv = casesCsv([record({ applicantName: '=HYPERLINK("http://evil")' }), record({ applicantName: 'Lind; "Bo"' })], 'en');
    const [, first, second] = csv.split('\r\n');
    expect(first).toContain(`;"'=HYPERLINK(""http://evil"")";`);
    expect(second).toContain(';"Lind; ""Bo""";');
    expect(first).toContain(';Paper;In progress;');
  });

  it('writes the same rows as an XLSX sheet', async () => {
    const sheets = await readXlsxFile(await casesXlsx([record({ applicantName: '+46 70' })], 'sv'));
    expect(sheets[0]!.sheet).toBe('Ärenden');
    expect(sheets[0]!.data[1]).toEqual(['SOL-2026-000001', 'Felanmälan', '2026-07-01 00:30', 'Papper', 'Under handläggning', "'+46 70", null, 'Erik Provsson', 2]);
  });
});
