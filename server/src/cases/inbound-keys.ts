import { createHash, randomBytes } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Kysely } from 'kysely';
import { bilingual, isUuid } from '@etjanst/schemas';
import { recordAudit } from '../audit/audit-log.js';
import type { Database } from '../db/tables.js';
import { staff } from '../http/access.js';
import { pathParam, tenantOf } from '../http/context.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import { overlapSecondsOf, rotationBodySchema } from '../http/secret-rotation.js';
import { PATH_PARAMETERS, json, jsonBody, list, param, problems } from '../openapi/operations.js';
import { notFound, Problem, unprocessable } from '../problems/problem.js';
import { requireRecentLogin } from '../staff/recent-login.js';
import type { StaffSessionSettings } from '../staff/sessions.js';
import { objectBody } from './status.js';

/** A back-office system's key as the admin sees it (never the key itself after creation). */
export interface InboundApiKey {
  id: string;
  systemName: string;
  keyPrefix: string;
  createdAt: Date;
  revokedAt: Date | null;
  /** When the key was last rotated */
  rotatedAt: Date | null;
  /** Until when the key before the last rotation is still accepted (null: it is not) */
  previousValidUntil: Date | null;
}

/** The system a valid key belongs to, set on the request by requireInboundKey. */
export interface InboundSystem {
  keyId: string;
  municipalityId: string;
  systemName: string;
}

const KEY_PREFIX = 'etj_';
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const KEY_COLUMNS = ['id', 'system_name', 'key_prefix', 'created_at', 'revoked_at', 'rotated_at', 'previous_valid_until'] as const;
const toKey = (r: { id: string; system_name: string; key_prefix: string; created_at: Date; revoked_at: Date | null; rotated_at: Date | null; previous_valid_until: Date | null }): InboundApiKey => ({
  id: r.id,
  systemName: r.system_name,
  keyPrefix: r.key_prefix,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
  rotatedAt: r.rotated_at,
  previousValidUntil: r.previous_valid_until !== null && r.previous_valid_until > new Date() ? r.previous_valid_until : null,
});

const newKey = () => {
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, key_hash: sha256(key), key_prefix: key.slice(0, KEY_PREFIX.length + 6) };
};

/** Creates a key for one system of one municipality; the key is returned here and never again (only its hash is kept). */
export async function createInboundApiKey(db: Kysely<Database>, municipalityId: string, systemName: string): Promise<{ key: string; record: InboundApiKey }> {
  const { key, ...stored } = newKey();
  const row = await db
    .insertInto('inbound_api_keys')
    .values({ municipality_id: municipalityId, system_name: systemName, ...stored })
    .returning(KEY_COLUMNS)
    .executeTakeFirstOrThrow();
  return { key, record: toKey(row) };
}

/**
 * A new key for a system, returned here and never again: the current key is still accepted
 * until `now + overlapSeconds`, so the system can switch without a failed call; a key still in
 * its overlap from an earlier rotation is refused from now on. A revoked key is not rotated.
 */
export async function rotateInboundApiKey(db: Kysely<Database>, municipalityId: string, id: string, overlapSeconds: number, now = new Date()): Promise<{ key: string; record: InboundApiKey } | undefined> {
  const { key, ...stored } = newKey();
  const validUntil = overlapSeconds > 0 ? new Date(now.getTime() + overlapSeconds * 1000) : null;
  const row = await db
    .updateTable('inbound_api_keys')
    .set((eb) => ({ ...stored, previous_key_hash: validUntil ? eb.ref('key_hash') : null, previous_valid_until: validUntil, rotated_at: now }))
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning(KEY_COLUMNS)
    .executeTakeFirst();
  return row && { key, record: toKey(row) };
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

/** The system behind a key, if the key is known and not revoked: its current key, or the previous one during a rotation's overlap. */
export async function findInboundSystem(db: Kysely<Database>, key: string, now = new Date()): Promise<InboundSystem | undefined> {
  const hash = sha256(key);
  const row = await db
    .selectFrom('inbound_api_keys')
    .select(['id', 'municipality_id', 'system_name'])
    .where((eb) => eb.or([eb('key_hash', '=', hash), eb.and([eb('previous_key_hash', '=', hash), eb('previous_valid_until', '>', now)])]))
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

const keySchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    systemName: { type: 'string' },
    keyPrefix: { type: 'string', description: 'The first characters of the key, to tell keys apart' },
    createdAt: { type: 'string', format: 'date-time' },
    revokedAt: { type: ['string', 'null'], format: 'date-time' },
    rotatedAt: { type: ['string', 'null'], format: 'date-time' },
    previousValidUntil: { type: ['string', 'null'], format: 'date-time', description: 'Until when the key before the last rotation is still accepted' },
  },
};
const withKey = { allOf: [keySchema, { type: 'object', required: ['key'], properties: { key: { type: 'string', description: 'The key (etj_…); shown in this answer only' } } }] };

export interface InboundKeyRouteOptions {
  /** The staff sessions' settings: creating and rotating a key ask for a recent login */
  staffSessions: Pick<StaffSessionSettings, 'reauthenticateSeconds'>;
  /** How long a rotated key is still accepted, unless the request says otherwise */
  overlapHours: number;
}

/**
 * Mounted at /api/municipalities/:municipality/inbound-api-keys (municipality administrators):
 * create a key for a back-office system, list keys (never the keys), rotate one, revoke one. A
 * key is shown once, in the answer that made it; only its hash is kept.
 */
export function inboundKeyRoutes(db: Kysely<Database>, { staffSessions, overlapHours }: InboundKeyRouteOptions): RouteDeclaration[] {
  const ADMIN = staff('municipality', 'municipality-admin');
  const TAGS = ['admin'];
  const keyId = param('id', 'Key id (UUID)', { type: 'string', format: 'uuid' });
  const keyNotFound = () => notFound(bilingual('API-nyckeln', 'The API key'));
  const recentLogin = requireRecentLogin(staffSessions);
  return [
    route(
      'get',
      '/',
      ADMIN,
      "Back-office systems' API keys (never the keys themselves)",
      async (_req, res) => {
        res.json({ items: await listInboundApiKeys(db, tenantOf(res).municipalityId) });
      },
      { tags: TAGS, operation: { parameters: [PATH_PARAMETERS.municipality], responses: { 200: json(list(keySchema)), ...problems(401, 403) } } },
    ),

    route(
      'post',
      '/',
      ADMIN,
      'Create an API key for a back-office system; the key is in this response only',
      [
        recentLogin,
        async (req, res) => {
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
        },
      ],
      {
        tags: TAGS,
        operation: {
          description: 'Requires a recent login (else 401 reauthentication-required).',
          parameters: [PATH_PARAMETERS.municipality],
          requestBody: jsonBody({ type: 'object', required: ['systemName'], properties: { systemName: { type: 'string', maxLength: 200 } } }),
          responses: { 201: json(withKey, 'Created; the key is shown this once'), ...problems(401, 403, 422) },
        },
      },
    ),

    route(
      'post',
      '/:id/rotate',
      ADMIN,
      'A new key for the system, in this response only; the old one still works for the overlap',
      [
        recentLogin,
        async (req, res) => {
          const ctx = tenantOf(res);
          const id = pathParam(req, 'id');
          const overlapSeconds = overlapSecondsOf(req.body, overlapHours);
          const rotated =
            isUuid(id) &&
            (await db.transaction().execute(async (trx) => {
              const result = await rotateInboundApiKey(trx, ctx.municipalityId, id, overlapSeconds);
              if (result) await recordAudit(trx, { municipalityId: ctx.municipalityId, actor: ctx.actor, action: 'inbound-api-key.rotated', subjectType: 'inbound-api-key', subjectId: id, details: { previousValidUntil: result.record.previousValidUntil } });
              return result;
            }));
          if (!rotated) throw keyNotFound();
          res.set('Cache-Control', 'no-store').json({ ...rotated.record, key: rotated.key });
        },
      ],
      {
        tags: TAGS,
        operation: {
          description:
            'Requires a recent login (else 401 reauthentication-required). The old key is accepted beside the new one until `previousValidUntil` (SECRET_ROTATION_OVERLAP_HOURS, or `overlapHours`), then refused. A revoked key cannot be rotated (404).',
          parameters: [PATH_PARAMETERS.municipality, keyId],
          requestBody: { ...jsonBody(rotationBodySchema), required: false },
          responses: { 200: json(withKey, 'The new key, shown this once'), ...problems(401, 403, 404, 422) },
        },
      },
    ),

    route(
      'delete',
      '/:id',
      ADMIN,
      'Revoke a key (and its previous key, if still in its overlap)',
      async (req, res) => {
        const ctx = tenantOf(res);
        const id = pathParam(req, 'id');
        const revoked =
          isUuid(id) &&
          (await db.transaction().execute(async (trx) => {
            const done = await revokeInboundApiKey(trx, ctx.municipalityId, id);
            if (done) await recordAudit(trx, { municipalityId: ctx.municipalityId, actor: ctx.actor, action: 'inbound-api-key.revoked', subjectType: 'inbound-api-key', subjectId: id });
            return done;
          }));
        if (!revoked) throw keyNotFound();
        res.status(204).end();
      },
      { tags: TAGS, operation: { parameters: [PATH_PARAMETERS.municipality, keyId], responses: { 204: { description: 'Revoked' }, ...problems(401, 403, 404) } } },
    ),
  ];
}
