import type { Kysely, Selectable } from 'kysely';
import type { CaseNotificationKind, CaseNotificationTable, Database } from '../db/tables.js';

export type CaseNotificationRow = Selectable<CaseNotificationTable>;

export async function queueCaseNotification(
  db: Kysely<Database>,
  municipalityId: string,
  submissionId: string,
  to: string,
  kind: CaseNotificationKind,
): Promise<string> {
  const row = await db
    .insertInto('case_notifications')
    .values({ municipality_id: municipalityId, submission_id: submissionId, to_address: to, kind })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
