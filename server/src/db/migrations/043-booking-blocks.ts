import { sql, type Kysely } from 'kysely';

/**
 * A handler can block a slot of a booking field (the officiant is away, the room is taken): the
 * slot's row in `booking_slots` says since when and by whom. A blocked slot offers no seat to new
 * holds; bookings already made stay (the handler contacts those citizens).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('booking_slots').addColumn('blocked_at', 'timestamptz').addColumn('blocked_by', 'text').execute();
  await sql`create index booking_slots_blocked on booking_slots (municipality_id, eservice_id, field, starts_at) where blocked_at is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('booking_slots_blocked').execute();
  await db.schema.alterTable('booking_slots').dropColumn('blocked_at').dropColumn('blocked_by').execute();
}
