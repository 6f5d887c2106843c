-- The scale benchmark's data (issue #17): 10 municipalities with 4 departments each, 2 500
-- e-services in 10 000 published versions, 100 000 citizens and 1 000 000 submissions over the
-- last three years, with what the app writes beside each submission (case history, messages,
-- deliveries and their attempts, drafts, the audit log as one valid hash chain).
--
-- Run by test/bench/scale.mjs on a database of its own (bench_scale), after the app's migrations,
-- in a transaction of its own connection with the temporary table bench_templates(n, definition
-- json, answers jsonb) holding the six example e-services and their example answers (schemas/);
-- scale.mjs then counts the statistics and commits. Every table is filled set-based, one
-- INSERT ... SELECT over generate_series, in time order as rows arrive in a real installation;
-- setseed makes each seeding the same data.

-- the planner knows nothing of the temporary tables: JIT compiling would cost more than it saves
set local jit = off;
select setseed(0.17);

-- The statistics' triggers (migration 042) would look up the audit log for every draft event,
-- whose indexes are built only at the end: the statistics are counted once after the seed
-- instead, as migration 042 counts an installation's stored rows. Off in this transaction only.
alter table submissions disable trigger statistics_submission_added;
alter table audit_log disable trigger statistics_draft_event;

-- Three years up to a minute ago; version v of every e-service is current in the v-th quarter of it.
create temporary table bench_span as
select date_trunc('day', now()) - interval '3 years' as t0, now() - interval '1 minute' as t1;

-- One member of a json object replaced, its order kept (json, not jsonb: order is the form's order).
create function pg_temp.with_member(obj json, name text, replacement json) returns json language sql immutable as $$
  select json_object_agg(key, case when key = name then replacement else value end order by ord)
  from json_each(obj) with ordinality as member(key, value, ord)
$$;

-- The check digit of a personnummer or organisationsnummer (Luhn over the first nine digits).
create function pg_temp.luhn(digits text) returns text language sql immutable as $$
  select ((10 - sum(p / 10 + p % 10) % 10) % 10)::text
  from (select substr(digits, i, 1)::int * (2 - (i - 1) % 2) as p from generate_series(1, length(digits)) as i) as d
$$;

-- A time as the audit chain hashes it: ISO 8601 in UTC with milliseconds.
create function pg_temp.iso(t timestamptz) returns text language sql immutable as $$
  select to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

-- A text as a JSON string (for these texts the same as JSON.stringify).
create function pg_temp.js(value text) returns text language sql immutable as $$ select to_json(value)::text $$;

create temporary table bench_municipality (n int primary key, id text, name text, prefix text);
insert into bench_municipality values
  (0, 'solbacka', 'Solbacka', 'SOL'), (1, 'ekdala', 'Ekdala', 'EKD'), (2, 'bjorkvik', 'Björkvik', 'BJV'),
  (3, 'granhult', 'Granhult', 'GRH'), (4, 'lindmora', 'Lindmora', 'LIM'), (5, 'sjoholm', 'Sjöholm', 'SJH'),
  (6, 'askeby', 'Askeby', 'ASK'), (7, 'tallbacka', 'Tallbacka', 'TAL'), (8, 'hagavik', 'Hagavik', 'HAG'),
  (9, 'rosendal', 'Rosendal', 'ROS');

insert into municipalities (id, name, receipt_prefix, created_at)
select id, jsonb_build_object('sv', name || ' kommun', 'en', name || ' Municipality'), prefix, (select t0 from bench_span) - interval '90 days'
from bench_municipality;

-- The demo's four departments (server/src/demo/seed.ts) in every municipality.
insert into departments (municipality_id, id, name, created_at)
select m.id, d.id, jsonb_build_object('sv', d.sv, 'en', d.en), (select t0 from bench_span) - interval '90 days'
from bench_municipality m
cross join (values
  ('utbildning', 'Utbildningsförvaltningen', 'Education department'),
  ('stadsbyggnad', 'Stadsbyggnadsförvaltningen', 'City planning department'),
  ('miljo', 'Miljö- och tillståndsförvaltningen', 'Environment and licensing department'),
  ('kommunstyrelse', 'Kommunstyrelseförvaltningen', 'Municipal executive office')) as d(id, sv, en);

-- Two case handlers in each department, with their handler grant.
create temporary table bench_handler as
select gen_random_uuid() as id, m.n as municipality_n, m.id as municipality_id, d.id as department_id, k,
       (array['Karin', 'Mats', 'Lena', 'Johan', 'Eva', 'Per', 'Sara', 'Nils'])[1 + (m.n + k * 3 + length(d.id)) % 8] || ' ' || initcap(d.id) || 'sson' as name
from bench_municipality m
join departments d on d.municipality_id = m.id
cross join generate_series(0, 1) as k;
insert into staff_accounts (id, display_name, email, created_at)
select id, name, lower(replace(name, ' ', '.')) || k || '@' || municipality_id || '.example.se', (select t0 from bench_span) - interval '60 days'
from bench_handler;
insert into staff_role_grants (account_id, role, municipality_id, department_id, source, granted_by)
select id, 'handler', municipality_id, department_id, 'manual', 'seed:scale-bench' from bench_handler;

-- The six templates once: what the e-services take from them, and the definition with
-- placeholders for an e-service's own id and title.
create temporary table bench_template as
select n, answers,
       definition ->> 'id' as id,
       definition -> 'owner' ->> 'department' as department_id,
       definition -> 'delivery' -> 'connectors' -> 0 ->> 'id' as connector_id,
       definition -> 'delivery' -> 'connectors' -> 0 ->> 'type' as connector_type,
       definition -> 'access' ->> 'login' = 'eid' as eid,
       coalesce((definition -> 'signing' ->> 'required')::boolean, false) as signed,
       (definition -> 'access' ->> 'companyRepresentative')::boolean is true as company,
       definition -> 'catalogue' -> 'title' ->> 'sv' as title_sv,
       definition -> 'catalogue' -> 'title' ->> 'en' as title_en,
       pg_temp.with_member(pg_temp.with_member(definition, 'id', '"__id__"'), 'catalogue',
         pg_temp.with_member(definition -> 'catalogue', 'title', '{"sv": "__sv__", "en": "__en__"}'))::text as shape
from bench_templates;

-- 250 e-services per municipality: the six templates 42 times over (the last ones 41), each its
-- own id and title, owned by its template's department, with the municipality's contact domain.
create temporary table bench_eservice as
select m.n * 250 + e.local as n, m.n as municipality_n, m.id as municipality_id, t.n as template,
       t.id || '-' || lpad((e.local / 6 + 1)::text, 3, '0') as id,
       t.department_id, t.connector_id, t.connector_type, t.eid, t.signed, t.company, t.answers,
       replace(replace(replace(replace(replace(t.shape,
         '"__id__"', pg_temp.js(t.id || '-' || lpad((e.local / 6 + 1)::text, 3, '0'))),
         '"__sv__"', pg_temp.js(t.title_sv || ' ' || (e.local / 6 + 1))),
         '"__en__"', pg_temp.js(t.title_en || ' ' || (e.local / 6 + 1))),
         '"organisation":"solbacka"', '"organisation":' || pg_temp.js(m.id)),
         '@solbacka.example.se', '@' || m.id || '.example.se')::json as definition
from bench_municipality m
cross join generate_series(0, 249) as e(local)
join bench_template t on t.n = e.local % 6;
create unique index on bench_eservice (n);

insert into eservices (municipality_id, id, department_id, draft, revision, latest_version, published_version, published_revision, created_at, updated_at)
select municipality_id, id, department_id, definition, 4, 4, 4, 4, t0 - interval '60 days', t0 + (t1 - t0) * 3 / 4 - interval '1 day'
from bench_eservice, bench_span;

insert into eservice_versions (municipality_id, eservice_id, version, definition, draft_revision, published_at, published_by)
select e.municipality_id, e.id, v, e.definition, v,
       case when v = 1 then s.t0 - interval '30 days' else s.t0 + (s.t1 - s.t0) * (v - 1) / 4 - interval '1 day' end,
       'seed:scale-bench'
from bench_eservice e cross join generate_series(1, 4) as v, bench_span s;

-- 100 000 citizens, 10 000 in each municipality: valid personnummer (born 1940-2005), names.
create temporary table bench_citizen as
select c, (c - 1) % 10 as municipality_n,
       to_char(born, 'YYYYMMDD') || serial || pg_temp.luhn(to_char(born, 'YYMMDD') || serial) as personal_identity_number,
       (array['Anna', 'Erik', 'Maria', 'Lars', 'Karin', 'Anders', 'Eva', 'Johan', 'Sara', 'Per', 'Emma', 'Nils', 'Lena', 'Olof', 'Ida', 'Karl', 'Elin', 'Mats', 'Sofia', 'Hugo'])[1 + c % 20]
         || ' ' ||
       (array['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson', 'Pettersson', 'Jonsson', 'Jansson', 'Hansson', 'Bengtsson', 'Lindberg', 'Jakobsson', 'Magnusson', 'Lindström', 'Olofsson', 'Lindqvist', 'Lindgren'])[1 + (c / 20) % 22] as name
from generate_series(1, 100000) as c,
     lateral (select date '1940-01-01' + c % 24000 as born, lpad(((c / 24000) * 211 + 101)::text, 3, '0') as serial) as p;
create unique index on bench_citizen (c);

-- 1 000 000 submissions, spread evenly over the municipalities and the three years; within a
-- municipality some e-services are far more used than others. The fault report is anonymous;
-- 1.5 % of the others came on paper. Recent signed ones may still wait for signatures.
create temporary table bench_submission as
with drawn as (
  select i, i % 10 as municipality_n, random() as r_eservice, random() as r_time, random() as r_citizen,
         random() as r_state, random() as r_status, random() as r_other, random() as r_draft
  from generate_series(1, 1000000) as i
), placed as (
  select d.*, e.id as eservice_id, e.municipality_id, e.department_id, e.template, e.eid, e.signed, e.company, e.answers,
         e.connector_id, e.connector_type,
         date_trunc('milliseconds', s.t0 + (s.t1 - s.t0) * d.r_time) as submitted_at,
         least(4, 1 + floor(4 * d.r_time))::int as version,
         case when e.eid then 1 + d.municipality_n + 10 * floor(d.r_citizen * 10000)::int end as citizen,
         case when e.eid and d.r_other < 0.015 then 'paper' else 'digital' end as channel,
         s.t1
  from drawn d
  join bench_eservice e on e.n = d.municipality_n * 250 + floor(250 * power(d.r_eservice, 1.6))::int
  cross join bench_span s
), stated as (
  select p.*,
         case
           when channel = 'paper' or not signed then 'submitted'
           when submitted_at > t1 - interval '2 days' and r_state < 0.1 then 'awaiting-signature'
           when template = 0 and submitted_at > t1 - interval '14 days' and r_state < 0.3 then 'awaiting-co-signatures'
           when template = 0 and r_state < 0.03 then 'signature-expired'
           else 'submitted'
         end as state,
         extract(epoch from t1 - submitted_at) / 86400 as age_days
  from placed p
)
select gen_random_uuid() as id, s.*,
       case
         when state <> 'submitted' then 'received'
         when age_days > 120 then case when r_status < 0.8 then 'closed' when r_status < 0.98 then 'decided' else 'in-progress' end
         when age_days > 30 then case when r_status < 0.3 then 'closed' when r_status < 0.7 then 'decided' when r_status < 0.95 then 'in-progress' else 'more-information-needed' end
         else case when r_status < 0.5 then 'received' when r_status < 0.85 then 'in-progress' when r_status < 0.95 then 'more-information-needed' else 'decided' end
       end as case_status,
       c.personal_identity_number, c.name as applicant_name
from stated s
left join bench_citizen c on c.c = s.citizen;

-- The big tables' secondary indexes are built once their rows are in (far faster than row by
-- row), exactly as the migrations defined them; constraints' indexes stay.
create temporary table bench_index as
select pg_get_indexdef(i.indexrelid) as definition, i.indexrelid::regclass::text as name
from pg_index i
where i.indrelid in ('submissions'::regclass, 'case_status_changes'::regclass, 'deliveries'::regclass, 'delivery_attempts'::regclass, 'audit_log'::regclass)
  and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid);
do $$ declare index record; begin for index in select name from bench_index loop execute 'drop index ' || index.name; end loop; end $$;

-- The outbox's fate of each complete digital submission. Older ones are delivered (a few dead
-- after every attempt); of the last three days some are due again after failing, some in flight.
create temporary table bench_delivery as
select gen_random_uuid() as id, s.id as submission_id, s.municipality_id, s.eservice_id, s.connector_id, s.connector_type, s.submitted_at, s.t1,
       case
         when s.age_days > 3 then case when r < 0.003 then 'dead' else 'delivered' end
         when r < 0.08 then 'pending-due'
         when r < 0.12 then 'pending-later'
         when r < 0.125 then 'in-flight-expired'
         when r < 0.13 then 'in-flight'
         else 'delivered'
       end as outcome,
       r
from (select s.*, random() as r from bench_submission s where s.state = 'submitted' and s.channel = 'digital') as s;
alter table bench_delivery add column external_reference text;
update bench_delivery set external_reference = upper(left(eservice_id, 3)) || '-' || extract(year from submitted_at)::int || '-' || substr(submission_id::text, 1, 8)
where outcome = 'delivered' and connector_type = 'case-management';
create unique index on bench_delivery (submission_id);

insert into submissions (id, municipality_id, eservice_id, version, receipt_number, answers, language, submitted_at,
                         applicant_personal_identity_number, applicant_name, identity_method, loa, organisation_number,
                         state, signature_deadline, case_status, channel, assigned_to, paper_summary, external_case_number)
select s.id, s.municipality_id, s.eservice_id, s.version,
       m.prefix || '-' || extract(year from s.submitted_at)::int || '-' || lpad(row_number() over (partition by s.municipality_id, extract(year from s.submitted_at) order by s.submitted_at, s.i)::text, 6, '0'),
       case when s.channel = 'paper' then '{}'::jsonb else s.answers end,
       case when s.r_other > 0.92 then 'en' else 'sv' end,
       s.submitted_at,
       s.personal_identity_number, s.applicant_name,
       case when s.eid and s.channel = 'digital' then 'bankid' end,
       case when s.eid and s.channel = 'digital' then 3 end,
       case when s.channel = 'digital' and (s.template = 4 or (s.company and s.r_other > 0.9)) then
         '556' || lpad((s.i % 1000)::text, 3, '0') || '-' || lpad((s.i / 1000 % 1000)::text, 3, '0') || pg_temp.luhn('556' || lpad((s.i % 1000)::text, 3, '0') || lpad((s.i / 1000 % 1000)::text, 3, '0')) end,
       s.state,
       case when s.state in ('awaiting-co-signatures', 'signature-expired') then s.submitted_at + interval '14 days' end,
       s.case_status, s.channel,
       h.id,
       case when s.channel = 'paper' then 'Pappersblankett inkommen per post' end,
       d.external_reference
from bench_submission s
join bench_municipality m on m.n = s.municipality_n
left join bench_handler h on s.case_status <> 'received' and h.municipality_n = s.municipality_n and h.department_id = s.department_id and h.k = floor(s.r_status * 2)::int
left join bench_delivery d on d.submission_id = s.id
order by s.submitted_at;

insert into receipt_counters (municipality_id, year, last_number)
select municipality_id, split_part(receipt_number, '-', 2)::int, max(split_part(receipt_number, '-', 3)::int)
from submissions group by 1, 2;

-- Every case starts 'received' by the platform; a handler moved those that are further along.
insert into case_status_changes (municipality_id, submission_id, status, actor_kind, actor_name, changed_at)
select * from (
  select municipality_id, id, 'received', 'platform', 'e-tjänstplattformen', submitted_at from bench_submission
  union all
  select s.municipality_id, s.id, s.case_status, 'handler', h.name, s.submitted_at + (s.t1 - s.submitted_at) * least(1, 20 / greatest(s.age_days, 1)) * s.r_other
  from bench_submission s
  join bench_handler h on h.municipality_n = s.municipality_n and h.department_id = s.department_id and h.k = floor(s.r_status * 2)::int
  where s.case_status <> 'received'
) as change (municipality_id, submission_id, status, actor_kind, actor_name, changed_at)
order by changed_at;

-- A handler asked for more in every case waiting for it and in 3 % of the others; most citizens
-- answered, and answers of the last week are still unread.
insert into case_messages (municipality_id, submission_id, direction, author_kind, author_name, body, created_at, read_at)
select * from (
  select s.municipality_id, s.id, 'to-citizen', 'handler', h.name, 'Vi behöver en kompletterande uppgift för att kunna handlägga ärendet.',
         s.submitted_at + (s.t1 - s.submitted_at) / 3, s.submitted_at + (s.t1 - s.submitted_at) / 2
  from bench_submission s
  join bench_handler h on h.municipality_n = s.municipality_n and h.department_id = s.department_id and h.k = floor(s.r_status * 2)::int
  where s.personal_identity_number is not null and s.channel = 'digital' and s.case_status <> 'received'
    and (s.case_status = 'more-information-needed' or s.r_draft > 0.97)
  union all
  select s.municipality_id, s.id, 'from-citizen', 'citizen', s.applicant_name, 'Här kommer uppgiften ni bad om.',
         s.submitted_at + (s.t1 - s.submitted_at) / 2,
         case when s.submitted_at + (s.t1 - s.submitted_at) / 2 < s.t1 - interval '7 days' then s.submitted_at + (s.t1 - s.submitted_at) / 2 + interval '1 day' end
  from bench_submission s
  where s.personal_identity_number is not null and s.channel = 'digital' and s.case_status <> 'received'
    and (s.case_status = 'more-information-needed' or s.r_draft > 0.97) and s.r_state > 0.3
) as message (municipality_id, submission_id, direction, author_kind, author_name, body, created_at, read_at)
order by created_at;

insert into deliveries (id, municipality_id, submission_id, eservice_id, connector_id, connector_type, idempotency_key, state, attempts,
                        next_attempt_at, lease_until, claim_id, last_error, external_reference, created_at, updated_at, delivered_at)
select id, municipality_id, submission_id, eservice_id, connector_id, connector_type,
       municipality_id || ':' || submission_id || ':' || connector_id,
       case when outcome like 'pending%' then 'pending' when outcome like 'in-flight%' then 'in-flight' else outcome end,
       case outcome when 'dead' then 20 when 'delivered' then 1 else 1 + floor(r * 40)::int end,
       case outcome
         when 'pending-due' then t1 - interval '1 second' * floor(r * 3000)
         when 'pending-later' then now() + interval '1 second' * floor(r * 30000)
         else submitted_at
       end,
       case outcome when 'in-flight-expired' then t1 - interval '10 minutes' when 'in-flight' then now() + interval '4 minutes' end,
       case when outcome like 'in-flight%' then gen_random_uuid() end,
       case when outcome in ('dead', 'pending-due', 'pending-later') then 'Mottagaren svarade 503 Service Unavailable' end,
       external_reference,
       submitted_at,
       case when outcome = 'delivered' then submitted_at + interval '2 seconds' else least(submitted_at + interval '6 hours', t1) end,
       case when outcome = 'delivered' then submitted_at + interval '2 seconds' end
from bench_delivery
order by bench_delivery.submitted_at;

-- Every attempt is kept: the one that delivered, and the failed ones before a retry or the dead letter.
insert into delivery_attempts (municipality_id, delivery_id, attempt, outcome, error, finished_at)
select d.municipality_id, d.id, a,
       case when d.state = 'delivered' then 'delivered' else 'failed' end,
       case when d.state <> 'delivered' then d.last_error end,
       d.created_at + interval '1 second' * a * a * 30
from deliveries d
cross join lateral generate_series(1, case when d.state = 'in-flight' then d.attempts - 1 else d.attempts end) as a
order by 6;

-- Drafts: 60 % of the identified digital submissions were saved as a draft first (deleted once
-- sent), and 150 000 drafts were never sent: deleted by the citizen or by the cleanup after
-- expiry, those of the last 37 days still saved.
create temporary table bench_sent_draft as
select gen_random_uuid() as id, s.id as submission_id, s.municipality_id, s.eservice_id, s.version, s.personal_identity_number, s.submitted_at,
       greatest(s.submitted_at - interval '1 second' * floor(s.r_draft / 0.6 * 259200), (select t0 from bench_span)) as created_at
from bench_submission s
where s.personal_identity_number is not null and s.channel = 'digital' and s.r_draft < 0.6;

create temporary table bench_unsent as
select gen_random_uuid() as id, e.municipality_id, e.id as eservice_id, least(4, 1 + floor(4 * d.r_time))::int as version, e.answers,
       c.personal_identity_number, date_trunc('milliseconds', s.t0 + (s.t1 - s.t0) * d.r_time) as created_at, s.t1,
       case
         when s.t0 + (s.t1 - s.t0) * d.r_time > s.t1 - interval '37 days' then 'saved'
         when d.r_fate < 0.3 then 'citizen'
         else 'expired'
       end as fate,
       d.r_fate
from (select i, i % 10 as mn, random() as r_eservice, random() as r_time, random() as r_citizen, random() as r_fate from generate_series(1, 150000) as i) as d
join bench_eservice e on e.n = d.mn * 250 + floor(250 * power(d.r_eservice, 1.6))::int and e.eid
join bench_citizen c on c.c = 1 + d.mn + 10 * floor(d.r_citizen * 10000)::int
cross join bench_span s;

insert into drafts (id, municipality_id, personal_identity_number, eservice_id, version, answers, step_id, revision, created_at, updated_at, expires_at)
select id, municipality_id, personal_identity_number, eservice_id, version, answers, null, 1 + floor(r_fate * 5)::int,
       created_at, least(created_at + interval '2 hours', t1), least(created_at + interval '2 hours', t1) + interval '30 days'
from bench_unsent where fate = 'saved'
on conflict do nothing;
-- one draft per person and e-service: a start that collided was never made
delete from bench_unsent u where u.fate = 'saved' and not exists (select 1 from drafts d where d.id = u.id);

-- The audit log, in time order, as the app writes it (audit/audit-log.ts): details as canonical
-- JSON (keys sorted, audit/chain.ts), from which the jsonb column and the hash are made.
create temporary table bench_audit_row as
with events (occurred_at, municipality_id, actor, action, subject_type, subject_id, details) as (
  select s.submitted_at, s.municipality_id,
         case when s.channel = 'paper' then 'staff:' || h.id || ' (' || h.name || ')' else 'api:10.' || s.i % 250 || '.' || s.i / 250 % 250 || '.' || s.i / 62500 % 250 end,
         case when s.channel = 'paper' then 'case.paper-registered' else 'submission.received' end,
         'submission', s.id::text,
         '{"eserviceId":' || pg_temp.js(s.eservice_id) || ',"receiptNumber":' || pg_temp.js(r.receipt_number)
           || case when s.channel = 'paper' then '' else ',"state":' || pg_temp.js(case when s.signed then 'awaiting-signature' else 'submitted' end) end
           || ',"version":' || s.version || '}'
  from bench_submission s
  join submissions r on r.id = s.id
  left join bench_handler h on s.channel = 'paper' and h.municipality_n = s.municipality_n and h.department_id = s.department_id and h.k = 0
  union all
  select created_at, municipality_id, 'citizen:bankid:' || personal_identity_number, 'draft.created', 'draft', id::text,
         '{"eserviceId":' || pg_temp.js(eservice_id) || ',"version":' || version || '}'
  from bench_sent_draft
  union all
  select submitted_at + interval '200 milliseconds', municipality_id, 'citizen:bankid:' || personal_identity_number, 'draft.deleted', 'draft', id::text,
         '{"eserviceId":' || pg_temp.js(eservice_id) || ',"reason":"submitted","submissionId":' || pg_temp.js(submission_id::text) || ',"version":' || version || '}'
  from bench_sent_draft
  union all
  select created_at, municipality_id, 'citizen:bankid:' || personal_identity_number, 'draft.created', 'draft', id::text,
         '{"eserviceId":' || pg_temp.js(eservice_id) || ',"version":' || version || '}'
  from bench_unsent
  union all
  select date_trunc('milliseconds', created_at + interval '5 days' * r_fate), municipality_id, 'citizen:bankid:' || personal_identity_number, 'draft.deleted', 'draft', id::text,
         '{"eserviceId":' || pg_temp.js(eservice_id) || ',"reason":"citizen","version":' || version || '}'
  from bench_unsent where fate = 'citizen'
  union all
  select created_at + interval '37 days 1 hour', municipality_id, 'system:draft-cleanup', 'draft.deleted', 'draft', id::text,
         '{"eserviceId":' || pg_temp.js(eservice_id) || ',"expiredAt":' || pg_temp.js(pg_temp.iso(least(created_at + interval '2 hours', t1) + interval '30 days')) || ',"reason":"expired","version":' || version || '}'
  from bench_unsent where fate = 'expired'
)
select row_number() over (order by occurred_at, action, subject_id) as n, *,
       ',' || pg_temp.js(pg_temp.iso(occurred_at)) || ',' || pg_temp.js(municipality_id) || ',' || pg_temp.js(actor) || ',' || pg_temp.js(action)
         || ',' || pg_temp.js(subject_type) || ',' || pg_temp.js(subject_id) || ',' || details || ']' as canonical_tail
from events;
alter table bench_audit_row add primary key (n);
analyze bench_audit_row;

-- The hash chain, row after row from the chain's head (a recursive query: each hash needs the
-- one before it); a nested loop on the primary key keeps each step one lookup.
set local enable_hashjoin = off;
set local enable_mergejoin = off;
create temporary table bench_audit_hash as
with recursive chain (n, hash) as (
  select 0::bigint, head_hash from audit_chain
  union all
  select r.n, encode(sha256(convert_to('[' || pg_temp.js(c.hash) || r.canonical_tail, 'UTF8')), 'hex')
  from chain c join bench_audit_row r on r.n = c.n + 1
)
select n, hash from chain;
reset enable_hashjoin;
reset enable_mergejoin;
create unique index on bench_audit_hash (n);

-- sealed rows (migration 040): each with its place in the chain after the head
insert into audit_log (occurred_at, municipality_id, actor, action, subject_type, subject_id, details, chain_seq, prev_hash, hash)
select r.occurred_at, r.municipality_id, r.actor, r.action, r.subject_type, r.subject_id, r.details::jsonb, (select head_seq from audit_chain) + r.n, p.hash, h.hash
from bench_audit_row r
join bench_audit_hash h on h.n = r.n
join bench_audit_hash p on p.n = r.n - 1
order by r.n;

do $$ declare index record; begin for index in select definition from bench_index loop execute index.definition; end loop; end $$;

update audit_chain set head_id = (select max(id) from audit_log), head_hash = (select hash from bench_audit_hash order by n desc limit 1), head_seq = (select max(chain_seq) from audit_log);

alter table submissions enable trigger statistics_submission_added;
alter table audit_log enable trigger statistics_draft_event;
