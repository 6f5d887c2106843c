import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { sql, type Kysely } from 'kysely';
import { bilingual } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';
import { sessionOf } from '../identity/sessions.js';
import { Problem } from '../problems/problem.js';
import { staffOf } from '../staff/sessions.js';
import type { RateLimitName, RateLimitRule, RateLimitSettings } from './limits.js';

interface WindowCount {
  hits: number;
  secondsLeft: number;
}

/**
 * Counts one hit on a key in its current fixed window, in one statement: every app instance
 * shares the count, and two hits at once cannot both see the old value.
 */
async function countHit(db: Kysely<Database>, key: string, seconds: number): Promise<WindowCount> {
  const { rows } = await sql<{ hits: number; seconds_left: number }>`
    insert into rate_limit_counters as c (key, window_started_at, window_seconds, hits)
    values (${key}, now(), ${seconds}, 1)
    on conflict (key) do update set
      hits = case when c.window_started_at + make_interval(secs => c.window_seconds) <= now() then 1 else c.hits + 1 end,
      window_started_at = case when c.window_started_at + make_interval(secs => c.window_seconds) <= now() then now() else c.window_started_at end
    returning hits, ceil(extract(epoch from (window_started_at + make_interval(secs => window_seconds) - now())))::int as seconds_left`.execute(db);
  const row = rows[0]!;
  return { hits: row.hits, secondsLeft: Math.max(1, row.seconds_left) };
}

/** Windows that ended a while ago; their rows would only be reused, so they go. */
async function sweepEndedWindows(db: Kysely<Database>): Promise<void> {
  await sql`delete from rate_limit_counters where window_started_at + make_interval(secs => window_seconds) < now() - interval '1 minute'`.execute(db);
}

// Keys hold no address or personal identity number in clear: a row lives for one window only,
// and the digest is enough to count by.
const digest = (value: string) => createHash('sha256').update(value).digest('base64url').slice(0, 22);

interface Counted {
  policy: 'address' | 'identity';
  rule: RateLimitRule;
  count: WindowCount;
}

export class RateLimiter {
  private lastSweep = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly settings: RateLimitSettings,
  ) {}

  /**
   * Express middleware for one limit: counts the caller's address and, when logged in, their
   * identity; over either limit it answers 429 with Retry-After. Every answer carries the
   * RateLimit-Policy and RateLimit fields (draft-ietf-httpapi-ratelimit-headers).
   */
  limit(name: RateLimitName): RequestHandler {
    return async (req, res, next) => {
      if (!this.settings.enabled) return next();
      const limit = this.settings.limits[name];
      const identity = staffOf(res)?.account.id ?? sessionOf(res)?.person.personalIdentityNumber;
      const counted: Counted[] = [{ policy: 'address', rule: limit.perAddress, count: await this.hit(name, 'address', req.ip ?? 'unknown', limit.perAddress) }];
      if (identity !== undefined && limit.perIdentity) {
        counted.push({ policy: 'identity', rule: limit.perIdentity, count: await this.hit(name, 'identity', identity, limit.perIdentity) });
      }
      res.set('RateLimit-Policy', counted.map((c) => `"${c.policy}";q=${c.rule.points};w=${c.rule.seconds}`).join(', '));
      res.set('RateLimit', counted.map((c) => `"${c.policy}";r=${Math.max(0, c.rule.points - c.count.hits)};t=${c.count.secondsLeft}`).join(', '));
      const exceeded = counted.filter((c) => c.count.hits > c.rule.points);
      if (exceeded.length === 0) return next();
      const retryAfter = Math.max(...exceeded.map((c) => c.count.secondsLeft));
      throw new Problem(
        429,
        'rate-limited',
        bilingual('För många försök', 'Too many requests'),
        bilingual(`Du har gjort för många försök på kort tid. Vänta ${retryAfter} sekunder och försök igen.`, `You have made too many attempts in a short time. Wait ${retryAfter} seconds and try again.`),
        { retryAfterSeconds: retryAfter },
      );
    };
  }

  private async hit(name: RateLimitName, policy: Counted['policy'], who: string, rule: RateLimitRule): Promise<WindowCount> {
    const now = Date.now();
    if (now - this.lastSweep > 60_000) {
      this.lastSweep = now;
      await sweepEndedWindows(this.db);
    }
    return countHit(this.db, `${name}:${policy}:${rule.seconds}:${digest(who)}`, rule.seconds);
  }
}
