import { createHash, randomBytes } from 'node:crypto';
import { Router, type RequestHandler, type Response } from 'express';
import type { Kysely } from 'kysely';
import { bilingual, isUuid } from '@etjanst/schemas';
import { recordAudit } from '../audit/audit-log.js';
import type { Database } from '../db/tables.js';
import { pathParam, tenantOf } from '../http/context.js';
import { notFound, Problem, unprocessable } from '../problems/problem.js';
import { objectBody } from './status.js';

/** A back-office system's key as the admin sees it (never the key itself after creation). */
export interface InboundApiKey {
  id: string;
  systemName: string;
  keyPrefix: string;
  createdAt: Date;
  revokedAt: Date | null;
}

/** The system a valid key belongs to, set on the request by requireInboundKey. */
export interface InboundSystem {
  keyId: string;
  municipalityId: string;
  systemName: string;
}

const KEY_PREFIX = 'etj_';
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const KEY_COLUMNS = ['id', 'system_name', 'key_prefix', 'created_at', 'revoked_at'] as const;
const toKey = (r: { id: string; system_name: string; key_prefix: string; created_at: Date; revoked_at: Date | null }): InboundApiKey => ({
  id: r.id,
  systemName: r.system_name,
  keyPrefix: r.key_prefix,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

/** Creates a key for one system of one municipality; the key is returned here and never again. */
export async function createInboundApiKey(db: Kysely<Database>, municipalityId: string, systemName: string): Promise<{ key: string; record: InboundApiKey }> {
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const row = await db
    .insertInto('inbound_api_keys')
    .values({ municipality_id: municipalityId, system_name: systemName, key_hash: sha256(key), key_prefix: key.slice(0, KEY_PREFIX.length + 6) })
    .returning(KEY_COLUMNS)
    .executeTakeFirstOrThrow();
  return { key, record: toKey(row) };
}

export async function listInboundApiKeys(db: Kysely<Database>, municipalityId: string): Promise<InboundApiKey[]> {
  const rows = await db.selectFrom('inbound_api_keys').select(KEY_COLUMNS).where('municipality_id', '=', municipalityId).orderBy('created_at').execute();
  return rows.map(toKey);
}

export async function revokeInboundApiKey(db: Kysely<Database>, municipalityId: string, id: string): Promise<boolean> {
  const result = await db
    .updateTable('inbound_api_keys')
    .set({ revoked_at: new Date() })
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The system behind a key, if the key is known and not revoked. */
export async function findInboundSystem(db: Kysely<Database>, key: string): Promise<InboundSystem | undefined> {
  const row = await db
    .selectFrom('inbound_api_keys')
    .select(['id', 'municipality_id', 'system_name'])
    .where('key_hash', '=', sha256(key))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row && { keyId: row.id, municipalityId: row.municipality_id, systemName: row.system_name };
}

const keyRequired = () =>
  new Problem(
    401,
    'api-key-invalid',
    bilingual('API-nyckel saknas eller är fel', 'Missing or wrong API key'),
    bilingual('Skicka systemets API-nyckel som ”Authorization: Bearer <nyckel>”. Nyckeln kan vara återkallad.', 'Send the system’s API key as “Authorization: Bearer <key>”. The key may have been revoked.'),
  );

/** The inbound API's authentication: `Authorization: Bearer etj_…`, a known key that is not revoked. */
export function requireInboundKey(db: Kysely<Database>): RequestHandler {
  return async (req, res, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    const system = match?.[1] ? await findInboundSystem(db, match[1]) : undefined;
    if (!system) {
      res.set('WWW-Authenticate', 'Bearer realm="inbound"');
      throw keyRequired();
    }
    res.locals.inboundSystem = system;
    next();
  };
}

export const inboundSystemOf = (res: Response): InboundSystem => res.locals.inboundSystem as InboundSystem;

/**
 * Mounted at /api/municipalities/:municipality/inbound-api-keys (admin API): create a key for a
 * back-office system (shown once), list keys, revoke one. Not behind a staff login yet, like
 * the other admin endpoints.
 */
export function inboundKeyRoutes(db: Kysely<Database>): Router {
  const router = Router({ mergeParams: true });
  router.get('/', async (_req, res) => {
    res.json({ items: await listInboundApiKeys(db, tenantOf(res).municipalityId) });
  });
  router.post('/', async (req, res) => {
    const ctx = tenantOf(res);
    const { systemName } = objectBody(req.body);
    if (typeof systemName !== 'string' || systemName.trim().length === 0 || systemName.length > 200) {
      throw unprocessable('system-name-invalid', bilingual('Ange systemets namn (högst 200 tecken).', 'Give the system’s name (at most 200 characters).'), { field: 'systemName' });
    }
    const created = await db.transaction().execute(async (trx) => {
      const result = await createInboundApiKey(trx, ctx.municipalityId, systemName.trim());
      await recordAudit(trx, { municipalityId: ctx.municipalityId, actor: ctx.actor, action: 'inbound-api-key.created', subjectType: 'inbound-api-key', subjectId: result.record.id, details: { systemName: result.record.systemName } });
      return result;
    });
    res.status(201).set('Cache-Control', 'no-store').json({ ...created.record, key: created.key });
  });
  router.delete('/:id', async (req, res) => {
    const ctx = tenantOf(res);
    const id = pathParam(req, 'id');
    const revoked =
      isUuid(id) &&
      (await db.transaction().execute(async (trx) => {
        const done = await revokeInboundApiKey(trx, ctx.municipalityId, id);
        if (done) await recordAudit(trx, { municipalityId: ctx.municipalityId, actor: ctx.actor, action: 'inbound-api-key.revoked', subjectType: 'inbound-api-key', subjectId: id });
        return done;
      }));
    if (!revoked) throw notFound(bilingual('API-nyckeln', 'The API key'));
    res.status(204).end();
  });
  return router;
}
