import { sql, type Kysely } from 'kysely';

/** The counted figures, in the order both tables hold them. */
const FIGURES = ['digital', 'paper', 'sent_without_draft', 'drafts_created', 'drafts_not_sent', 'drafts_still_saved'] as const;

/**
 * Statistics kept as events happen (issue #17: a municipality's year took 0.25 s at a million
 * submissions when derived from submissions and the audit log on each request). Triggers append
 * a signed increment per change to `statistics_increments` (per municipality, e-service and
 * Swedish calendar day: the day a case arrived, the day a draft was started), in the writing
 * statement's own transaction; a housekeeping pass folds them into `statistics_totals`
 * (statistics/totals.ts). The statistics read totals plus the increments not yet folded, so the
 * figures are exact at any moment. The meaning is the one the old queries had:
 * - a submission counts as digital once it is 'submitted' (signed where signing is required),
 *   as paper when registered from paper, and as sent without a draft when digital and no draft
 *   deletion names it;
 * - a draft started (audit `draft.created`) counts as created, not sent and still saved until a
 *   deletion of it is recorded (`draft.deleted`); a deletion because it was submitted makes it sent.
 * Audit retention, which deletes old audit rows, no longer changes past years' figures.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const figureColumns = sql.raw(FIGURES.map((f) => `${f} integer not null default 0`).join(', '));
  await sql`create table statistics_increments (
    id bigserial primary key,
    municipality_id text not null,
    eservice_id text not null,
    day date not null,
    ${figureColumns})`.execute(db);
  await sql`create index statistics_increments_by_day on statistics_increments (municipality_id, day)`.execute(db);
  await sql`create table statistics_totals (
    municipality_id text not null,
    eservice_id text not null,
    day date not null,
    ${figureColumns},
    -- covering: a municipality's period is read from the index alone
    primary key (municipality_id, day, eservice_id) include (${sql.raw(FIGURES.join(', '))}))`.execute(db);
  // a deletion finds the draft's start (its day and e-service) by the draft's id
  await sql`create index audit_log_draft_creations on audit_log (municipality_id, subject_id) include (occurred_at, details) where action = 'draft.created'`.execute(db);

  await sql`create function statistics_day(at timestamptz) returns date language sql stable as $$ select (at at time zone 'Europe/Stockholm')::date $$`.execute(db);

  // a submission's contribution; sign -1 takes back what an earlier state of the row added
  await sql`create function statistics_count_submission(s submissions, sign integer, inserted boolean) returns void language plpgsql as $$
    declare
      -- no deletion names a row just inserted: no lookup on the submission's own path
      from_draft boolean := not inserted and exists (select 1 from audit_log a where a.municipality_id = s.municipality_id and a.action = 'draft.deleted' and a.details ->> 'submissionId' = s.id::text);
    begin
      insert into statistics_increments (municipality_id, eservice_id, day, digital, paper, sent_without_draft)
      select s.municipality_id, s.eservice_id, statistics_day(s.submitted_at),
        sign * (s.channel = 'digital' and s.state = 'submitted')::int, sign * (s.channel = 'paper')::int, sign * (s.channel = 'digital' and not from_draft)::int
      where s.channel = 'paper' or s.channel = 'digital';
    end $$`.execute(db);
  await sql`create function statistics_submission_changed() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') then perform statistics_count_submission(old, -1, false); end if;
      if tg_op in ('INSERT', 'UPDATE') then perform statistics_count_submission(new, 1, tg_op = 'INSERT'); end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger statistics_submission_added after insert or delete on submissions for each row execute function statistics_submission_changed()`.execute(db);
  await sql`create trigger statistics_submission_updated after update of state, channel, submitted_at, eservice_id on submissions for each row
    when ((old.state, old.channel, old.submitted_at, old.eservice_id) is distinct from (new.state, new.channel, new.submitted_at, new.eservice_id))
    execute function statistics_submission_changed()`.execute(db);

  await sql`create function statistics_draft_event() returns trigger language plpgsql as $$
    declare
      deleted_before boolean;
      sent_before boolean;
      sent_now boolean;
      submission_id text := new.details ->> 'submissionId';
    begin
      if new.municipality_id is null then return null; end if;
      if new.action = 'draft.created' then
        insert into statistics_increments (municipality_id, eservice_id, day, drafts_created, drafts_not_sent, drafts_still_saved)
        select new.municipality_id, new.details ->> 'eserviceId', statistics_day(new.occurred_at), 1, 1, 1 where new.details ->> 'eserviceId' is not null;
        return null;
      end if;
      -- draft.deleted: the first recorded deletion ends "still saved"; the first that says submitted ends "not sent"
      if new.subject_type = 'draft' then
        select count(*) > 0, coalesce(bool_or(a.details ->> 'reason' = 'submitted'), false) into deleted_before, sent_before
          from audit_log a where a.municipality_id = new.municipality_id and a.action = 'draft.deleted' and a.subject_type = 'draft' and a.subject_id = new.subject_id and a.id <> new.id;
        sent_now := sent_before or coalesce(new.details ->> 'reason' = 'submitted', false);
        insert into statistics_increments (municipality_id, eservice_id, day, drafts_not_sent, drafts_still_saved)
        select c.municipality_id, c.details ->> 'eserviceId', statistics_day(c.occurred_at), -(sent_now and not sent_before)::int, -(not deleted_before)::int
          from audit_log c where c.municipality_id = new.municipality_id and c.action = 'draft.created' and c.subject_id = new.subject_id
          and c.details ->> 'eserviceId' is not null and (not deleted_before or (sent_now and not sent_before));
      end if;
      -- the submission it became was sent from a draft, counted once however many deletions name it
      if submission_id ~ '^[0-9a-fA-F-]{36}$' and not exists (select 1 from audit_log a where a.municipality_id = new.municipality_id and a.action = 'draft.deleted' and a.details ->> 'submissionId' = submission_id and a.id <> new.id) then
        insert into statistics_increments (municipality_id, eservice_id, day, sent_without_draft)
        select s.municipality_id, s.eservice_id, statistics_day(s.submitted_at), -1
          from submissions s where s.municipality_id = new.municipality_id and s.id = submission_id::uuid and s.channel = 'digital';
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger statistics_draft_event after insert on audit_log for each row
    when (new.action in ('draft.created', 'draft.deleted')) execute function statistics_draft_event()`.execute(db);

  await countStoredStatistics(db);
}

/**
 * What is already stored, counted the way the statistics used to count it: by this migration,
 * and by the scale bench's seed (test/bench/scale-seed.sql), which writes its rows with the
 * triggers off and counts them once afterwards.
 */
export async function countStoredStatistics(db: Kysely<unknown>): Promise<void> {
  await sql`insert into statistics_totals (municipality_id, eservice_id, day, digital, paper, sent_without_draft)
    select s.municipality_id, s.eservice_id, statistics_day(s.submitted_at),
      count(*) filter (where s.channel = 'digital' and s.state = 'submitted'),
      count(*) filter (where s.channel = 'paper'),
      count(*) filter (where s.channel = 'digital' and d.submission_id is null)
    from submissions s
    left join (select distinct municipality_id, details ->> 'submissionId' as submission_id from audit_log where action = 'draft.deleted' and details ->> 'submissionId' is not null) d
      on d.municipality_id = s.municipality_id and d.submission_id = s.id::text
    group by 1, 2, 3`.execute(db);
  await sql`insert into statistics_totals (municipality_id, eservice_id, day, drafts_created, drafts_not_sent, drafts_still_saved)
    select c.municipality_id, c.details ->> 'eserviceId', statistics_day(c.occurred_at),
      count(*), count(*) filter (where d.sent is not true), count(*) filter (where d.subject_id is null)
    from audit_log c
    left join (select municipality_id, subject_id, bool_or(details ->> 'reason' = 'submitted') as sent from audit_log
      where action = 'draft.deleted' and subject_type = 'draft' group by 1, 2) d on d.municipality_id = c.municipality_id and d.subject_id = c.subject_id
    where c.action = 'draft.created' and c.municipality_id is not null and c.details ->> 'eserviceId' is not null
    group by 1, 2, 3
    on conflict (municipality_id, day, eservice_id) do update set
      drafts_created = excluded.drafts_created, drafts_not_sent = excluded.drafts_not_sent, drafts_still_saved = excluded.drafts_still_saved`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger statistics_draft_event on audit_log`.execute(db);
  await sql`drop trigger statistics_submission_updated on submissions`.execute(db);
  await sql`drop trigger statistics_submission_added on submissions`.execute(db);
  await sql`drop function statistics_draft_event()`.execute(db);
  await sql`drop function statistics_submission_changed()`.execute(db);
  await sql`drop function statistics_count_submission(submissions, integer, boolean)`.execute(db);
  await sql`drop function statistics_day(timestamptz)`.execute(db);
  await sql`drop index audit_log_draft_creations`.execute(db);
  await sql`drop table statistics_totals`.execute(db);
  await sql`drop table statistics_increments`.execute(db);
}
