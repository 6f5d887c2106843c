import type { Request } from 'express';
import type { Kysely } from 'kysely';
import { bilingual, type AuditRecord } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';
import { badRequest } from '../problems/problem.js';

/** Who, what, when, on what: every part optional, all given must match. */
export interface AuditFilter {
  /** part of the actor, any case ("staff:", an account id, a name, a personal identity number) */
  actor?: string;
  /** an action ("case.viewed") or a family of them ("case": every "case.*") */
  action?: string;
  subjectType?: string;
  subjectId?: string;
  /** from this time on */
  from?: Date;
  /** before this time */
  to?: Date;
}

export interface AuditPage {
  filter: AuditFilter;
  limit: number;
  /** the id of the last row of the previous page: rows older than it */
  cursor?: string;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;
const MAX_TEXT = 200;
const TEXT_FILTERS = ['actor', 'action', 'subjectType', 'subjectId'] as const;
const TIME_FILTERS = ['from', 'to'] as const;
const PAGING = ['limit', 'cursor'] as const;
const SCOPING = ['scope', 'municipality'] as const;
// a date, or a date and time with its zone: a time without one would be read in the server's zone
const TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

const invalid = (sv: string, en: string) => badRequest('invalid-parameter', bilingual(sv, en));

function single(query: Request['query'], name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(`”${name}” får anges en gång.`, `“${name}” may be given once.`);
  if (value.length > MAX_TEXT) throw invalid(`”${name}” får vara högst ${MAX_TEXT} tecken.`, `“${name}” may be at most ${MAX_TEXT} characters.`);
  return value;
}

function time(value: string, name: string): Date {
  const date = new Date(value);
  if (!TIME.test(value) || Number.isNaN(date.getTime())) {
    throw invalid(
      `”${name}” ska vara ett datum (2026-03-01) eller en tidpunkt med tidszon (2026-03-01T08:00:00+01:00), inte ”${value}”.`,
      `“${name}” must be a date (2026-03-01) or a time with its zone (2026-03-01T08:00:00+01:00), not “${value}”.`,
    );
  }
  return date;
}

/**
 * The search's query string, checked: the filters, and unless `paged` is false a page size
 * (1-500) and a cursor. Unknown parameters are refused rather than ignored, so a misspelt filter
 * does not silently widen the search.
 */
export function parseAuditQuery(query: Request['query'], paged = true, scoped = false): AuditPage {
  const known: readonly string[] = [...TEXT_FILTERS, ...TIME_FILTERS, ...(paged ? PAGING : []), ...(scoped ? SCOPING : [])];
  const unknown = Object.keys(query).filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw invalid(`Okänd parameter: ${unknown.join(', ')}. Möjliga: ${known.join(', ')}.`, `Unknown parameter: ${unknown.join(', ')}. Possible: ${known.join(', ')}.`);
  }
  const filter: AuditFilter = {};
  for (const name of TEXT_FILTERS) {
    const value = single(query, name)?.trim();
    if (value) filter[name] = value;
  }
  for (const name of TIME_FILTERS) {
    const value = single(query, name);
    if (value) filter[name] = time(value, name);
  }
  if (filter.from && filter.to && filter.from >= filter.to) throw invalid('”from” ska vara före ”to”.', '“from” must be before “to”.');

  const limitText = single(query, 'limit') ?? String(DEFAULT_PAGE_SIZE);
  const limit = Number(limitText);
  if (!/^\d+$/.test(limitText) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw invalid(`”limit” ska vara ett heltal 1–${MAX_PAGE_SIZE}, inte ”${limitText}”.`, `“limit” must be a whole number 1-${MAX_PAGE_SIZE}, not “${limitText}”.`);
  }
  const cursor = single(query, 'cursor');
  if (cursor !== undefined && !/^[1-9]\d{0,17}$/.test(cursor)) throw invalid(`”cursor” är ogiltig: ”${cursor}”.`, `“cursor” is not valid: “${cursor}”.`);
  return { filter, limit, ...(cursor ? { cursor } : {}) };
}

/**
 * The installation-wide search's scope (platform administrators): `scope=installation` for the
 * installation's own events, `municipality=<id>` for one municipality's, neither for every row.
 */
export async function parseAuditScope(db: Kysely<Database>, query: Request['query']): Promise<AuditScope> {
  const scope = single(query, 'scope');
  const municipality = single(query, 'municipality');
  if (scope !== undefined && scope !== 'all' && scope !== 'installation') {
    throw invalid(`”scope” ska vara all eller installation, inte ”${scope}”.`, `“scope” must be all or installation, not “${scope}”.`);
  }
  if (municipality === undefined || municipality === '') return scope === 'installation' ? 'installation' : 'all';
  if (scope === 'installation') throw invalid('Ange antingen ”scope=installation” eller ”municipality”, inte båda.', 'Give either “scope=installation” or “municipality”, not both.');
  const exists = await db.selectFrom('municipalities').select('id').where('id', '=', municipality).executeTakeFirst();
  if (!exists) throw invalid(`Kommunen ”${municipality}” finns inte.`, `The municipality “${municipality}” does not exist.`);
  return { municipalityId: municipality };
}

const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);


/** Whose rows: one municipality's, the installation's own (no municipality), or all of them (platform administrators). */
export type AuditScope = { municipalityId: string } | 'installation' | 'all';

/** One page of the log in `scope`, newest first, and the cursor of the next (null: the last page). */
export async function searchAuditLog(db: Kysely<Database>, scope: AuditScope, page: AuditPage): Promise<{ items: AuditRecord[]; nextCursor: string | null }> {
  const { filter, cursor, limit } = page;
  const rows = await db
    .selectFrom('audit_log')
    .select(['id', 'municipality_id', 'occurred_at', 'actor', 'action', 'subject_type', 'subject_id', 'details'])
    .$if(scope === 'installation', (q) => q.where('municipality_id', 'is', null))
    .$if(typeof scope === 'object', (q) => q.where('municipality_id', '=', (scope as { municipalityId: string }).municipalityId))
    .$if(filter.actor !== undefined, (q) => q.where('actor', 'ilike', `%${likeLiteral(filter.actor!)}%`))
    .$if(filter.action !== undefined, (q) => q.where((eb) => eb.or([eb('action', '=', filter.action!), eb('action', 'like', `${likeLiteral(filter.action!)}.%`)])))
    .$if(filter.subjectType !== undefined, (q) => q.where('subject_type', '=', filter.subjectType!))
    .$if(filter.subjectId !== undefined, (q) => q.where('subject_id', '=', filter.subjectId!))
    .$if(filter.from !== undefined, (q) => q.where('occurred_at', '>=', filter.from!))
    .$if(filter.to !== undefined, (q) => q.where('occurred_at', '<', filter.to!))
    .$if(cursor !== undefined, (q) => q.where('id', '<', cursor!))
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit).map((row) => ({
    id: String(row.id),
    municipalityId: row.municipality_id,
    occurredAt: row.occurred_at.toISOString(),
    actor: row.actor,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    details: row.details,
  }));
  return { items, nextCursor: rows.length > limit ? items.at(-1)!.id : null };
}

/** Every matching row, newest first, a page at a time (for the export). */
export async function* allMatching(db: Kysely<Database>, scope: AuditScope, filter: AuditFilter): AsyncGenerator<AuditRecord> {
  let cursor: string | undefined;
  do {
    const page = await searchAuditLog(db, scope, { filter, limit: 1000, ...(cursor ? { cursor } : {}) });
    yield* page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
