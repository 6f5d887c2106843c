import { sql, type Kysely } from 'kysely';

/**
 * Booking fields (schemas/src/booking): a seat of a slot is held by a citizen while the form is
 * finished, then booked with the submission, or cancelled. `booking_slots` has one row per slot
 * anyone has tried to take: holding or booking a seat locks that row first, so seats of one slot
 * are counted and taken one transaction at a time and a slot never gets more than its capacity.
 * Slots belong to the e-service, not a version: a new version books the same calendar.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('booking_slots')
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('eservice_id', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('booking_slots_pk', ['municipality_id', 'eservice_id', 'field', 'resource', 'starts_at'])
    .execute();
  await db.schema
    .createTable('booking_seats')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('municipality_id', 'text', (c) => c.notNull())
    .addColumn('eservice_id', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('personal_identity_number', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('held', 'booked', 'cancelled')`))
    .addColumn('held_until', 'timestamptz')
    .addColumn('submission_id', 'uuid', (c) => c.references('submissions.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('cancelled_at', 'timestamptz')
    .addForeignKeyConstraint('booking_seats_slot_fk', ['municipality_id', 'eservice_id', 'field', 'resource', 'starts_at'], 'booking_slots', [
      'municipality_id',
      'eservice_id',
      'field',
      'resource',
      'starts_at',
    ])
    .execute();
  await db.schema.createIndex('booking_seats_by_slot').on('booking_seats').columns(['municipality_id', 'eservice_id', 'field', 'starts_at']).execute();
  // a citizen holds at most one slot of a booking field at a time: choosing another releases the first
  await sql`create unique index booking_seats_one_hold on booking_seats (municipality_id, eservice_id, field, personal_identity_number) where state = 'held'`.execute(db);
  await sql`create index booking_seats_by_submission on booking_seats (submission_id) where submission_id is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('booking_seats').execute();
  await db.schema.dropTable('booking_slots').execute();
}
