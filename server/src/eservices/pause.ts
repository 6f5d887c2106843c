import { bilingual } from '@etjanst/schemas';
import { recordAudit } from '../audit/audit-log.js';
import type { EServiceRow } from '../db/tables.js';
import { conflict } from '../problems/problem.js';
import { optionalBody, pauseMessage } from './input.js';
import { auditSubject, eserviceNotFound, type TenantContext } from './operations.js';
import * as repository from './repository.js';

/**
 * Pausing: a published e-service stays in the catalogue with a message to citizens (why, until
 * when) but takes no submissions (503 eservice-paused) until it is resumed.
 */
export async function pauseEService(ctx: TenantContext, id: string, body: unknown): Promise<EServiceRow> {
  const message = pauseMessage(optionalBody(body).message);
  return ctx.db.transaction().execute(async (trx) => {
    const eservice = await repository.findEService(trx, ctx.municipalityId, id);
    if (!eservice) throw eserviceNotFound(id);
    if (eservice.published_version === null) {
      throw conflict('eservice-not-published', bilingual(`E-tjänsten ”${id}” är inte publicerad och kan inte pausas.`, `The e-service “${id}” is not published and cannot be paused.`));
    }
    // pausing again changes the message but keeps since when it is paused
    const row = await repository.setPause(trx, ctx.municipalityId, id, { at: eservice.paused_at ?? new Date(), message });
    await recordAudit(trx, { ...auditSubject(ctx, id), action: 'eservice.paused', details: { message } });
    return row;
  });
}

export async function resumeEService(ctx: TenantContext, id: string): Promise<EServiceRow> {
  return ctx.db.transaction().execute(async (trx) => {
    const eservice = await repository.findEService(trx, ctx.municipalityId, id);
    if (!eservice) throw eserviceNotFound(id);
    if (eservice.paused_at === null) return eservice;
    const row = await repository.setPause(trx, ctx.municipalityId, id, null);
    await recordAudit(trx, { ...auditSubject(ctx, id), action: 'eservice.resumed', details: { pausedSince: eservice.paused_at.toISOString() } });
    return row;
  });
}
