import { pipeline } from 'node:stream/promises';
import type { Request, RequestHandler, Response } from 'express';
import type { Kysely } from 'kysely';
import { bilingual, isUuid, type EServiceDefinition } from '@etjanst/schemas';
import type { Database } from '../db/tables.js';
import { APPLICANT } from '../http/access.js';
import { pathParam, positiveInteger, tenantOf, tenantScope } from '../http/context.js';
import { setDownloadHeaders } from '../http/file-download.js';
import { route, type RouteDeclaration, type RouteGroup } from '../http/route-table.js';
import { loadSession, type SessionSettings } from '../identity/sessions.js';
import { json, object, param, problems, query } from '../openapi/operations.js';
import { badRequest, conflict, notFound } from '../problems/problem.js';
import { attachmentFields, type AttachmentField } from './fields.js';
import { nameForType } from './media-types.js';
import { fileTooLarge, receiveFile } from './receive.js';
import { requesterOf, uploaderOf } from './owner.js';
import { findOpenVersion } from '../eservices/open-version.js';
import { deleteUnsubmittedAttachment, findAttachment, insertAttachment, openAttachmentContent, sameOwner, type AttachmentInfo } from './repository.js';

export interface AttachmentRouteOptions {
  db: Kysely<Database>;
  sessions: SessionSettings;
  /** The largest file any field takes (ATTACHMENT_MAX_BYTES) */
  maxBytes: number;
}


const attachmentNotFound = () => notFound(bilingual('Bilagan', 'The attachment'));

/**
 * The X-File-Name header (percent-encoded) as a plain file name without folders, control
 * characters or trailing dots and spaces (Windows drops those, which would undo nameForType).
 */
function fileName(req: Request): string {
  const header = req.get('x-file-name');
  let name = '';
  if (header) {
    try {
      name = decodeURIComponent(header);
    } catch {
      throw badRequest('attachment-name-invalid', bilingual('Filnamnet ska skickas procentkodat i X-File-Name.', 'Send the file name percent-encoded in X-File-Name.'));
    }
  }
  name = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200).replace(/[. ]+$/, '');
  return name || 'bilaga';
}

/** Where attachments live, under /api: mounted before the JSON body parser (see attachmentRouteGroup). */
const ATTACHMENTS_PREFIX = '/municipalities/:municipality/eservices/:eserviceId/versions/:version/attachments';

/**
 * Attachment files: upload, download and delete, by whoever the e-service admits (APPLICANT);
 * the owner is the session's person or, without a login, the holder of the upload token.
 */
function attachmentRoutes({ sessions, maxBytes: globalMaxBytes }: AttachmentRouteOptions): RouteDeclaration[] {
  async function versionOf(req: Request, res: Response, open: boolean): Promise<{ eserviceId: string; version: number; definition: EServiceDefinition }> {
    const ctx = tenantOf(res);
    const eserviceId = pathParam(req, 'eserviceId');
    const version = positiveInteger(pathParam(req, 'version'), 'version');
    const { pinned } = await findOpenVersion(ctx.db, ctx.municipalityId, eserviceId, version, { mustBeOpen: open });
    return { eserviceId, version, definition: pinned.definition };
  }

  /** The attachment when the requester owns it and it belongs to this version; otherwise 404, whoever asks. */
  async function ownAttachment(req: Request, res: Response): Promise<AttachmentInfo> {
    const ctx = tenantOf(res);
    const { eserviceId, version, definition } = await versionOf(req, res, false);
    const requester = requesterOf(req, res, ctx.municipalityId, definition);
    const id = pathParam(req, 'attachmentId');
    const attachment = requester && isUuid(id) ? await findAttachment(ctx.db, ctx.municipalityId, id) : undefined;
    if (!attachment || !requester || attachment.eserviceId !== eserviceId || attachment.version !== version || !sameOwner(attachment.owner, requester)) {
      throw attachmentNotFound();
    }
    return attachment;
  }

  const upload: RequestHandler = async (req, res) => {
    try {
      const ctx = tenantOf(res);
      const { eserviceId, version, definition } = await versionOf(req, res, true);
      const fieldPath = typeof req.query.field === 'string' ? req.query.field : '';
      const field: AttachmentField | undefined = attachmentFields(definition).get(fieldPath);
      if (!field) {
        throw badRequest(
          'attachment-field-unknown',
          bilingual(`”${fieldPath}” är inget bilagefält i e-tjänsten. Ange fältet med ?field=.`, `“${fieldPath}” is not an attachment field of the e-service. Name the field with ?field=.`),
        );
      }
      const { owner, uploadToken } = uploaderOf(req, res, ctx.municipalityId, definition, sessions);
      const maxBytes = Math.min(field.maxBytes ?? globalMaxBytes, globalMaxBytes);
      const declared = Number(req.get('content-length') ?? NaN);
      if (Number.isFinite(declared) && declared > maxBytes) throw fileTooLarge(maxBytes);
      const file = await receiveFile(req, { maxBytes, accept: field.accept });
      const name = nameForType(fileName(req), file.mediaType);
      const stored = await insertAttachment(
        ctx.db,
        ctx.municipalityId,
        { eserviceId, version, fieldPath, owner, originalName: name, mediaType: file.mediaType, size: file.size, sha256: file.sha256 },
        file.bytes,
      );
      res
        .status(201)
        .location(`${req.baseUrl}${req.path.replace(/\/$/, '')}/${stored.id}`)
        .json({ attachmentId: stored.id, name, mediaType: stored.mediaType, size: stored.size, sha256: stored.sha256, ...(uploadToken ? { uploadToken } : {}) });
    } catch (error) {
      // A refused upload's body is left unread: close the connection rather than read it to the end.
      if (!req.complete) res.set('Connection', 'close');
      throw error;
    }
  };

  const download: RequestHandler = async (req, res) => {
    const ctx = tenantOf(res);
    const attachment = await ownAttachment(req, res);
    const content = await openAttachmentContent(ctx.db, ctx.municipalityId, attachment.id);
    if (!content) throw attachmentNotFound();
    setDownloadHeaders(res.status(200), { name: attachment.originalName, mediaType: attachment.mediaType, size: attachment.size }).set('ETag', `"${attachment.sha256}"`);
    await pipeline(content, res);
  };

  const remove: RequestHandler = async (req, res) => {
    const ctx = tenantOf(res);
    const attachment = await ownAttachment(req, res);
    if (attachment.submissionId !== null || !(await deleteUnsubmittedAttachment(ctx.db, ctx.municipalityId, attachment.id))) {
      throw conflict('attachment-submitted', bilingual('Bilagan hör till en inskickad ansökan och kan inte tas bort.', 'The attachment belongs to a submitted application and cannot be deleted.'));
    }
    res.status(204).end();
  };

  const attachmentId = param('attachmentId', 'Attachment id (UUID)');
  const tags = ['attachments'];
  return [
    route('post', '/', APPLICANT, 'Upload a file to an attachment field (raw body, streamed; type checked by content)', upload, {
      tags,
      limit: 'upload',
      idempotent: 'reserved',
      operation: {
        parameters: [query('field', { type: 'string' }, 'The attachment field (its path in the definition)'), { name: 'X-File-Name', in: 'header', description: 'The file name, percent-encoded', schema: { type: 'string' } }],
        requestBody: { required: true, content: { 'application/octet-stream': {} } },
        responses: { 201: json(object, 'Stored, under the given name with the ending of the type found in the content added when it had another; without a login the response carries the upload token that owns it'), ...problems(400, 401, 403, 404, 409, 413, 415, 422, 429, 503, 507) },
      },
    }),
    route('get', '/:attachmentId', APPLICANT, 'Download my attachment', download, {
      tags,
      operation: { parameters: [attachmentId], responses: { 200: { description: 'The file' }, ...problems(401, 404) } },
    }),
    route('delete', '/:attachmentId', APPLICANT, 'Delete my attachment before submitting', remove, {
      tags,
      operation: { parameters: [attachmentId], responses: { 204: { description: 'Deleted' }, ...problems(401, 403, 404, 409) } },
    }),
  ];
}

/**
 * The attachment routes with what they need before their access check, since they are mounted
 * before the API's JSON body parser and session loading (the upload's body is the raw file, read
 * as a stream): the citizen's session, so the check sees it (and its CSRF token), and the tenant.
 */
export function attachmentRouteGroup(options: AttachmentRouteOptions): RouteGroup {
  return { prefix: ATTACHMENTS_PREFIX, before: [loadSession(options.db, options.sessions), tenantScope(options.db)], routes: attachmentRoutes(options) };
}
