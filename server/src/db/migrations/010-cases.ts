import { sql, type Kysely } from 'kysely';

/**
 * Case handling: every submission is a case with a status (history kept row by row), messages
 * between the case handler (or a back-office system) and the citizen, an assignee, and a channel
 * (a paper case is registered by a handler so the statistics' digital share is true). Handlers
 * come from the staff register; back-office systems call the inbound API with hashed keys.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('staff_members')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('department_id', 'text', (c) => c.notNull())
    .addColumn('personal_identity_number', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('handler')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addForeignKeyConstraint('staff_members_department_fk', ['municipality_id', 'department_id'], 'departments', ['municipality_id', 'id'])
    .addUniqueConstraint('staff_members_one_role_per_department', ['municipality_id', 'department_id', 'personal_identity_number', 'role'])
    .execute();
  await db.schema.createIndex('staff_members_by_person').on('staff_members').columns(['municipality_id', 'personal_identity_number']).execute();

  await db.schema
    .alterTable('submissions')
    .addColumn('case_status', 'text', (c) =>
      c.notNull().defaultTo('received').check(sql`case_status in ('received', 'in-progress', 'more-information-needed', 'decided', 'closed')`),
    )
    .execute();
  await db.schema
    .alterTable('submissions')
    .addColumn('channel', 'text', (c) => c.notNull().defaultTo('digital').check(sql`channel in ('digital', 'paper')`))
    .execute();
  await db.schema.alterTable('submissions').addColumn('assigned_to', 'uuid', (c) => c.references('staff_members.id').onDelete('set null')).execute();
  await db.schema.alterTable('submissions').addColumn('paper_summary', 'text').execute();
  await db.schema.createIndex('submissions_inbox').on('submissions').columns(['municipality_id', 'eservice_id', 'case_status', 'submitted_at']).execute();
  await db.schema.createIndex('submissions_by_receipt_number').on('submissions').columns(['municipality_id', 'receipt_number']).unique().execute();

  await db.schema
    .createTable('case_status_changes')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('submission_id', 'uuid', (c) => c.notNull().references('submissions.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('received', 'in-progress', 'more-information-needed', 'decided', 'closed')`))
    .addColumn('actor_kind', 'text', (c) => c.notNull().check(sql`actor_kind in ('platform', 'handler', 'system')`))
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .execute();
  await db.schema.createIndex('case_status_changes_by_case').on('case_status_changes').columns(['municipality_id', 'submission_id', 'changed_at']).execute();

  await db.schema
    .createTable('case_messages')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('submission_id', 'uuid', (c) => c.notNull().references('submissions.id'))
    .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('to-citizen', 'from-citizen')`))
    .addColumn('author_kind', 'text', (c) => c.notNull().check(sql`author_kind in ('handler', 'system', 'citizen')`))
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .addColumn('read_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('case_messages_by_case').on('case_messages').columns(['municipality_id', 'submission_id', 'created_at']).execute();

  await db.schema
    .createTable('inbound_api_keys')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('system_name', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('key_prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('revoked_at', 'timestamptz')
    .execute();

  // "News in your case" e-mails and their delivery: queued, retried with backoff, sent or failed for good.
  await db.schema
    .createTable('case_notifications')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('submission_id', 'uuid', (c) => c.notNull().references('submissions.id'))
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('queued').check(sql`status in ('queued', 'sent', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('case_notifications_due').on('case_notifications').columns(['status', 'next_attempt_at']).execute();

  // Cases that exist already start where new ones do: received, by the platform.
  await sql`insert into case_status_changes (municipality_id, submission_id, status, actor_kind, actor_name, changed_at)
            select municipality_id, id, 'received', 'platform', 'e-tjänstplattformen', submitted_at from submissions`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('case_notifications').execute();
  await db.schema.dropTable('inbound_api_keys').execute();
  await db.schema.dropTable('case_messages').execute();
  await db.schema.dropTable('case_status_changes').execute();
  await db.schema.dropIndex('submissions_by_receipt_number').execute();
  await db.schema.dropIndex('submissions_inbox').execute();
  for (const column of ['paper_summary', 'assigned_to', 'channel', 'case_status']) {
    await db.schema.alterTable('submissions').dropColumn(column).execute();
  }
  await db.schema.dropTable('staff_members').execute();
}
