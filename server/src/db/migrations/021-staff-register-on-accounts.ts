import { sql, type Kysely } from 'kysely';

/**
 * The staff register moves onto staff accounts: each person of staff_members becomes one account
 * (one per personal identity number) with an e-ID login (the number) and a handler grant per
 * department, cases assigned to a register entry are assigned to the account, and staff_members
 * goes. BankID orders of a staff login belong to no municipality, as staff accounts do.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table bankid_orders alter column municipality_id drop not null`.execute(db);
  // only a login may be a staff one; a signature is always given in a municipality's e-service
  await sql`alter table bankid_orders add constraint bankid_orders_tenant check (municipality_id is not null or kind = 'auth')`.execute(db);

  // the newest entry's name and e-mail for a person in several departments or municipalities
  await sql`
    with people as (
      select distinct on (personal_identity_number) personal_identity_number, name, email
      from staff_members m
      where not exists (select 1 from staff_logins l where l.provider = 'e-id' and l.subject = m.personal_identity_number)
      order by personal_identity_number, created_at desc
    ), created as (
      insert into staff_accounts (display_name, email, personal_identity_number)
      select name, email, personal_identity_number from people
      returning id, personal_identity_number
    )
    insert into staff_logins (provider, subject, account_id)
    select 'e-id', personal_identity_number, id from created`.execute(db);
  await sql`
    insert into staff_role_grants (account_id, role, municipality_id, department_id, source, granted_by)
    select l.account_id, m.role, m.municipality_id, m.department_id, 'manual', 'migration'
    from staff_members m join staff_logins l on l.provider = 'e-id' and l.subject = m.personal_identity_number
    on conflict do nothing`.execute(db);

  await sql`alter table submissions drop constraint submissions_assigned_to_fkey`.execute(db);
  await sql`
    update submissions s set assigned_to = l.account_id
    from staff_members m join staff_logins l on l.provider = 'e-id' and l.subject = m.personal_identity_number
    where s.assigned_to = m.id`.execute(db);
  await sql`alter table submissions add constraint submissions_assigned_to_fkey foreign key (assigned_to) references staff_accounts (id) on delete set null`.execute(db);
  await db.schema.dropTable('staff_members').execute();
}

/** Back to the register: each e-ID account's manual handler grant in a department becomes an entry again. */
export async function down(db: Kysely<unknown>): Promise<void> {
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
  await sql`
    insert into staff_members (municipality_id, department_id, personal_identity_number, name, email, role)
    select g.municipality_id, g.department_id, l.subject, a.display_name, coalesce(a.email, ''), 'handler'
    from staff_role_grants g
    join staff_accounts a on a.id = g.account_id
    join staff_logins l on l.account_id = a.id and l.provider = 'e-id'
    where g.role = 'handler' and g.department_id is not null and g.source = 'manual'
    on conflict do nothing`.execute(db);

  await sql`alter table submissions drop constraint submissions_assigned_to_fkey`.execute(db);
  // the entry of the case's own department; an assignee without one is unassigned
  await sql`
    update submissions s set assigned_to = (
      select m.id from staff_members m
      join staff_logins l on l.provider = 'e-id' and l.subject = m.personal_identity_number
      join eservices e on e.municipality_id = s.municipality_id and e.id = s.eservice_id
      where l.account_id = s.assigned_to and m.municipality_id = s.municipality_id and m.department_id = e.department_id
    )
    where s.assigned_to is not null`.execute(db);
  await sql`alter table submissions add constraint submissions_assigned_to_fkey foreign key (assigned_to) references staff_members (id) on delete set null`.execute(db);

  await sql`delete from bankid_orders where municipality_id is null`.execute(db);
  await sql`alter table bankid_orders drop constraint bankid_orders_tenant`.execute(db);
  await sql`alter table bankid_orders alter column municipality_id set not null`.execute(db);
}
