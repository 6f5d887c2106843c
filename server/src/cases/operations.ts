import type { Kysely } from 'kysely';
import { bilingual } from '@etjanst/schemas';
import { recordAudit } from '../audit/audit-log.js';
import type { CaseStatus, Database } from '../db/tables.js';
import type { CitizenSession } from '../identity/sessions.js';
import { conflict } from '../problems/problem.js';
import { scheduleCaseNews } from './notifications.js';
import { insertMessage, insertStatusChange, insertStatusHistory, setAssignee, type CaseMessage, type CaseRecord, type NewStatusChange } from './repository.js';

/** Who acts on a case: a handler (a staff login), a back-office system (API key) or the platform. */
export interface CaseActor {
  kind: 'handler' | 'system';
  /** Shown to the citizen and in the history */
  name: string;
  /** Written to the audit log: the staff actor (`staff:<account id> (<name>)`) or `system:<key id>` */
  auditId: string;
}

const PLATFORM = 'e-tjänstplattformen';

/**
 * A new case starts as received: the first line of its history (call inside the transaction
 * that stores the submission, which is stored as received, the column's default).
 */
export async function recordCaseReceived(db: Kysely<Database>, municipalityId: string, submissionId: string, actor?: CaseActor): Promise<void> {
  await insertStatusHistory(db, municipalityId, caseReceived(submissionId, actor));
}

/** The first line of a case's history: received, by the platform or the handler who registered it. */
export const caseReceived = (submissionId: string, actor?: CaseActor): NewStatusChange => ({
  submissionId,
  status: 'received',
  actorKind: actor ? actor.kind : 'platform',
  actorName: actor ? actor.name : PLATFORM,
});

/**
 * What handlers and back-office systems do to a case. Every change is one transaction with its
 * audit entry; a change the citizen should know of schedules a "news in your case" e-mail in it
 * (scheduleCaseNews), and the delivery worker is nudged once it is committed.
 */
export class CaseHandling {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly nudgeWorker: () => void = () => undefined,
  ) {}

  async setStatus(municipalityId: string, found: CaseRecord, status: CaseStatus, note: string | undefined, actor: CaseActor): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await insertStatusChange(trx, municipalityId, { submissionId: found.id, status, actorKind: actor.kind, actorName: actor.name, note });
      await recordAudit(trx, {
        municipalityId,
        actor: actor.auditId,
        action: 'case.status-changed',
        subjectType: 'submission',
        subjectId: found.id,
        details: { receiptNumber: found.receiptNumber, from: found.status, to: status, withNote: note !== undefined },
      });
      await scheduleCaseNews(trx, municipalityId, found);
    });
    this.nudgeWorker();
  }

  async messageCitizen(municipalityId: string, found: CaseRecord, body: string, actor: CaseActor): Promise<CaseMessage> {
    const message = await this.db.transaction().execute(async (trx) => {
      const saved = await insertMessage(trx, municipalityId, { submissionId: found.id, direction: 'to-citizen', authorKind: actor.kind, authorName: actor.name, body });
      await recordAudit(trx, { municipalityId, actor: actor.auditId, action: 'case.message-sent', subjectType: 'submission', subjectId: found.id, details: { receiptNumber: found.receiptNumber, messageId: saved.id } });
      await scheduleCaseNews(trx, municipalityId, found);
      return saved;
    });
    this.nudgeWorker();
    return message;
  }

  /** The citizen answers on Mina sidor; a closed case takes no more messages. */
  async replyAsCitizen(session: CitizenSession, found: { id: string; receiptNumber: string; status: CaseStatus }, body: string): Promise<CaseMessage> {
    if (found.status === 'closed') {
      throw conflict('case-closed', bilingual('Ärendet är avslutat och tar inte emot fler meddelanden. Kontakta kommunen om du har frågor.', 'The case is closed and takes no more messages. Contact the municipality if you have questions.'));
    }
    return this.db.transaction().execute(async (trx) => {
      const saved = await insertMessage(trx, session.municipalityId, { submissionId: found.id, direction: 'from-citizen', authorKind: 'citizen', authorName: session.person.displayName, body });
      await recordAudit(trx, {
        municipalityId: session.municipalityId,
        actor: `citizen:${session.method}:${session.person.personalIdentityNumber}`,
        action: 'case.citizen-replied',
        subjectType: 'submission',
        subjectId: found.id,
        details: { receiptNumber: found.receiptNumber, messageId: saved.id },
      });
      return saved;
    });
  }

  async assign(municipalityId: string, found: CaseRecord, assignee: { id: string; name: string } | null, actor: CaseActor): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await setAssignee(trx, municipalityId, found.id, assignee?.id ?? null);
      await recordAudit(trx, { municipalityId, actor: actor.auditId, action: 'case.assigned', subjectType: 'submission', subjectId: found.id, details: { receiptNumber: found.receiptNumber, from: found.assignee?.id ?? null, to: assignee?.id ?? null } });
    });
  }
}
