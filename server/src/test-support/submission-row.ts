import type { SubmissionRow } from '../db/tables.js';

/** A complete submission row as the database returns it (Klara Testsson, BankID, submitted), with changes. */
export const submissionRow = (changes: Partial<SubmissionRow> = {}): SubmissionRow => ({
  id: '00000000-0000-4000-8000-000000000001',
  municipality_id: 'solbacka',
  eservice_id: 'x',
  version: 1,
  receipt_number: 'SOL-2026-000042',
  answers: {},
  language: 'sv',
  submitted_at: new Date('2026-01-15T08:30:00Z'),
  applicant_personal_identity_number: '198112289874',
  applicant_name: 'Klara Testsson',
  identity_method: 'bankid',
  loa: 3,
  organisation_number: null,
  state: 'submitted',
  signature_deadline: null,
  case_status: 'received',
  channel: 'digital',
  assigned_to: null,
  paper_summary: null,
  external_case_number: null,
  anonymised_at: null,
  ...changes,
});
