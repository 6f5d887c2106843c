import { createHash, createHmac, hkdfSync } from 'node:crypto';
import type { Request, Response } from 'express';
import type { InboundSystem } from '../cases/inbound-keys.js';
import { openBytes, sealBytes } from '../crypto/sealed-bytes.js';
import type { TenantContext } from '../eservices/operations.js';
import type { AccessPolicy } from '../http/access.js';
import { sessionOf } from '../identity/sessions.js';
import { staffOf } from '../staff/sessions.js';

/** What a retry gets again: the first response's status, the headers it needs, and its JSON body. */
export interface RememberedResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: unknown;
}

/**
 * One request under an Idempotency-Key, as the store knows it. Nothing the caller sent is stored
 * in clear: the row is found by a hash of scope and key, the request is compared by an HMAC, and
 * the response is sealed under a key derived from the Idempotency-Key, so a copy of the database
 * yields neither the responses (receipt links, upload tokens, a draft's answers) nor the keys.
 */
export interface IdempotentRequest {
  keyHash: string;
  fingerprint: string;
  seal(response: RememberedResponse): Buffer;
  open(sealed: Uint8Array): RememberedResponse;
}

/**
 * Who is asking, so that one caller's key never finds another's response: the inbound API key,
 * the staff account, the citizen (municipality and person), or an anonymous caller of the
 * municipality, who is told apart by the key alone (at least 16 characters, e.g. a UUID).
 */
export function callerScope(res: Response, access: AccessPolicy): string {
  const staff = staffOf(res);
  if (access.kind === 'staff' && staff) return `staff:${staff.account.id}`;
  const system = res.locals.inboundSystem as InboundSystem | undefined;
  if (access.kind === 'credential' && system) return `inbound-api-key:${system.municipalityId}:${system.keyId}`;
  const citizen = sessionOf(res);
  if (citizen) return `citizen:${citizen.municipalityId}:${citizen.person.personalIdentityNumber}`;
  return `anonymous:${(res.locals.tenant as TenantContext | undefined)?.municipalityId ?? ''}`;
}

/**
 * What makes two requests the same: method, address with query, the request headers that change
 * what it does, and the parsed JSON body (so spacing does not count). An upload's body is a raw
 * stream read by its handler: its type, length and file name stand for it.
 */
export function requestFingerprintInput(req: Request): string {
  const body = req.body === undefined ? `raw ${req.get('content-type') ?? ''} ${req.get('content-length') ?? ''}` : JSON.stringify(req.body);
  return [req.method, req.originalUrl, req.get('if-match') ?? '', req.get('x-file-name') ?? '', body].join('\n');
}

export function idempotentRequest(key: string, scope: string, fingerprintInput: string): IdempotentRequest {
  const keyHash = createHash('sha256').update(`${scope}\n${key}`).digest('hex');
  const secrets = Buffer.from(hkdfSync('sha256', key, scope, 'etjanst idempotency-key v1', 64));
  const sealingKey = secrets.subarray(0, 32);
  // the row's hash is the authenticated data: a sealed response cannot be moved to another key
  const aad = Buffer.from(keyHash);
  return {
    keyHash,
    fingerprint: createHmac('sha256', secrets.subarray(32)).update(fingerprintInput).digest('hex'),
    seal: (response) => sealBytes(sealingKey, aad, Buffer.from(JSON.stringify(response))),
    open: (sealed) => JSON.parse(openBytes(sealingKey, aad, sealed).toString('utf8')) as RememberedResponse,
  };
}
