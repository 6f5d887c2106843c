import type { Kysely } from 'kysely';
import type { LocalizedText } from '@etjanst/schemas';
import type { CaseStatus, Database, SubmissionState } from '../db/tables.js';

/** A citizen's own submission as Mina sidor lists it. */
export interface OwnSubmission {
  id: string;
  receiptNumber: string;
  eserviceId: string;
  eserviceTitle: LocalizedText;
  version: number;
  submittedAt: Date;
  /** The case's status once delivered (see cases/); before that the signing state (see signing/) */
  status: CaseStatus | Exclude<SubmissionState, 'submitted'>;
}

/** The submissions a person made in one municipality, newest first. */
export async function listOwnSubmissions(
  db: Kysely<Database>,
  municipalityId: string,
  personalIdentityNumber: string,
  submissionId?: string,
): Promise<OwnSubmission[]> {
  let query = db
    .selectFrom('submissions')
    .innerJoin('eservice_versions', (join) =>
      join
        .onRef('eservice_versions.municipality_id', '=', 'submissions.municipality_id')
        .onRef('eservice_versions.eservice_id', '=', 'submissions.eservice_id')
        .onRef('eservice_versions.version', '=', 'submissions.version'),
    )
    .select([
      'submissions.id',
      'submissions.receipt_number',
      'submissions.eservice_id',
      'submissions.version',
      'submissions.submitted_at',
      'submissions.state',
      'submissions.case_status',
      'eservice_versions.title',
    ])
    .where('submissions.municipality_id', '=', municipalityId)
    .where('submissions.applicant_personal_identity_number', '=', personalIdentityNumber);
  if (submissionId !== undefined) query = query.where('submissions.id', '=', submissionId);
  const rows = await query.orderBy('submissions.submitted_at', 'desc').orderBy('submissions.receipt_number', 'desc').execute();
  return rows.map((row) => ({
    id: row.id,
    receiptNumber: row.receipt_number,
    eserviceId: row.eservice_id,
    eserviceTitle: row.title,
    version: row.version,
    submittedAt: row.submitted_at,
    status: row.state === 'submitted' ? row.case_status : row.state,
  }));
}
