import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { EServiceDefinition } from '@etjanst/schemas';
import { cookieOptions, randomToken, readCookie, requireSession, type SessionSettings } from '../identity/sessions.js';
import { requireAssurance } from '../identity/assurance.js';
import type { AttachmentOwner } from './repository.js';

/**
 * An anonymous e-service's uploads belong to the browser that made them: the first upload gets a
 * random upload token (in the response and an httpOnly cookie), and only requests that carry it
 * (cookie, or the X-Upload-Token header) can read, delete or submit those attachments. Only its
 * SHA-256 is stored.
 */
export const UPLOAD_COOKIE = 'etjanst_upload';
export const UPLOAD_TOKEN_HEADER = 'x-upload-token';
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const hashUploadToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** The upload token the request carries, if it is well-formed. */
export function uploadTokenOf(req: Request): string | undefined {
  const token = req.get(UPLOAD_TOKEN_HEADER) ?? readCookie(req, UPLOAD_COOKIE);
  return token !== undefined && TOKEN.test(token) ? token : undefined;
}

/** The cookie lives under the municipality's e-services, where uploads and submissions are. */
export function setUploadCookie(res: Response, municipalityId: string, token: string, settings: SessionSettings): void {
  res.cookie(UPLOAD_COOKIE, token, { ...cookieOptions(settings, settings.absoluteSeconds), path: `/api/municipalities/${municipalityId}/eservices` });
}

/**
 * Who may upload to an e-service: for e-ID e-services the logged-in person (at the e-service's
 * level of assurance, as for submitting); for anonymous ones the browser's upload token, created
 * when the browser has none (the cookie is renewed either way).
 */
export function uploaderOf(
  req: Request,
  res: Response,
  municipalityId: string,
  definition: EServiceDefinition,
  settings: SessionSettings,
): { owner: AttachmentOwner; uploadToken?: string } {
  if (definition.access.login === 'eid') {
    const session = requireSession(res, municipalityId);
    requireAssurance(session, definition);
    return { owner: { personalIdentityNumber: session.person.personalIdentityNumber } };
  }
  const token = uploadTokenOf(req) ?? randomToken();
  setUploadCookie(res, municipalityId, token, settings);
  return { owner: { tokenHash: hashUploadToken(token) }, uploadToken: token };
}

/** Who is asking to read or delete an attachment; undefined when nobody could own one. */
export function requesterOf(req: Request, res: Response, municipalityId: string, definition: EServiceDefinition): AttachmentOwner | undefined {
  if (definition.access.login === 'eid') {
    return { personalIdentityNumber: requireSession(res, municipalityId).person.personalIdentityNumber };
  }
  const token = uploadTokenOf(req);
  return token ? { tokenHash: hashUploadToken(token) } : undefined;
}
