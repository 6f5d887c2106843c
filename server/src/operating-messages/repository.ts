import type { Kysely } from 'kysely';
import type { LocalizedText } from '@etjanst/schemas';
import type { Database, OperatingMessageKind } from '../db/tables.js';

/** A notice as staff and citizens see it. */
export interface OperatingMessage {
  id: string;
  /** null: the whole installation */
  municipalityId: string | null;
  /** set: this one e-service of the municipality */
  eserviceId: string | null;
  kind: OperatingMessageKind;
  title: LocalizedText;
  body: LocalizedText;
  startsAt: Date;
  endsAt: Date;
  createdBy: string;
  withdrawnAt: Date | null;
}

export type NewOperatingMessage = Omit<OperatingMessage, 'id' | 'withdrawnAt'>;

const COLUMNS = ['id', 'municipality_id', 'eservice_id', 'kind', 'title', 'body', 'starts_at', 'ends_at', 'created_by', 'withdrawn_at'] as const;
type Row = Pick<Database['operating_messages'], 'municipality_id' | 'eservice_id' | 'kind' | 'starts_at' | 'ends_at' | 'created_by' | 'withdrawn_at'> & {
  id: string;
  title: LocalizedText;
  body: LocalizedText;
};
const toMessage = (r: Row): OperatingMessage => ({
  id: r.id,
  municipalityId: r.municipality_id,
  eserviceId: r.eservice_id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  createdBy: r.created_by,
  withdrawnAt: r.withdrawn_at,
});

export async function insertOperatingMessage(db: Kysely<Database>, message: NewOperatingMessage): Promise<OperatingMessage> {
  const row = await db
    .insertInto('operating_messages')
    .values({
      municipality_id: message.municipalityId,
      eservice_id: message.eserviceId,
      kind: message.kind,
      title: message.title,
      body: message.body,
      starts_at: message.startsAt,
      ends_at: message.endsAt,
      created_by: message.createdBy,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toMessage(row);
}

/**
 * The messages staff manage at one scope that have not ended: the installation's (null) or one
 * municipality's, its e-services' included. Ended and withdrawn ones are history, not listed.
 */
export async function listCurrentAndComing(db: Kysely<Database>, municipalityId: string | null, now: Date): Promise<OperatingMessage[]> {
  const rows = await db
    .selectFrom('operating_messages')
    .select(COLUMNS)
    .where((eb) => (municipalityId === null ? eb('municipality_id', 'is', null) : eb('municipality_id', '=', municipalityId)))
    .where('ends_at', '>', now)
    .where('withdrawn_at', 'is', null)
    .orderBy('starts_at')
    .execute();
  return rows.map(toMessage);
}

/** What a citizen sees now on a municipality's pages, or on one e-service's page. */
export async function listInForce(db: Kysely<Database>, municipalityId: string, eserviceId: string | undefined, now: Date): Promise<OperatingMessage[]> {
  const rows = await db
    .selectFrom('operating_messages')
    .select(COLUMNS)
    .where('starts_at', '<=', now)
    .where('ends_at', '>', now)
    .where('withdrawn_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('municipality_id', 'is', null),
        eb.and([eb('municipality_id', '=', municipalityId), eb('eservice_id', 'is', null)]),
        ...(eserviceId === undefined ? [] : [eb.and([eb('municipality_id', '=', municipalityId), eb('eservice_id', '=', eserviceId)])]),
      ]),
    )
    // disruptions before maintenance, then the newest first
    .orderBy('kind')
    .orderBy('starts_at', 'desc')
    .execute();
  return rows.map(toMessage);
}

/** Withdraws a message at its scope; undefined when there is none there (or it was withdrawn). */
export async function withdrawOperatingMessage(db: Kysely<Database>, municipalityId: string | null, id: string, now: Date): Promise<OperatingMessage | undefined> {
  const row = await db
    .updateTable('operating_messages')
    .set({ withdrawn_at: now })
    .where('id', '=', id)
    .where((eb) => (municipalityId === null ? eb('municipality_id', 'is', null) : eb('municipality_id', '=', municipalityId)))
    .where('withdrawn_at', 'is', null)
    .returning(COLUMNS)
    .executeTakeFirst();
  return row && toMessage(row);
}
