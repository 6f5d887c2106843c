import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { bilingual } from '@etjanst/schemas';
import { badRequest, Problem } from '../problems/problem.js';
import { DOCX, ODT, SNIFF_BYTES, sniffPrefix, sniffZipDocument, TYPE_NAMES } from './media-types.js';

export interface ReceivedFile {
  bytes: Buffer;
  size: number;
  /** hex */
  sha256: string;
  /** sniffed from the content */
  mediaType: string;
}

export interface ReceiveRules {
  maxBytes: number;
  accept: readonly string[];
}

const megabytes = (bytes: number) => (bytes / (1024 * 1024)).toLocaleString('sv-SE', { maximumFractionDigits: 1 });

export const fileTooLarge = (maxBytes: number) =>
  new Problem(
    413,
    'attachment-too-large',
    bilingual('Filen är för stor', 'The file is too large'),
    bilingual(`Filen får vara högst ${megabytes(maxBytes)} MB.`, `The file may be at most ${megabytes(maxBytes).replace(',', '.')} MB.`),
    { maxBytes },
  );

export const typeNotAllowed = (accept: readonly string[]) => {
  const names = accept.map((t) => TYPE_NAMES[t] ?? t).join(', ');
  return new Problem(
    415,
    'attachment-type-not-allowed',
    bilingual('Filtypen är inte tillåten', 'The file type is not allowed'),
    bilingual(`Filen är inte av en tillåten typ. Tillåtna filtyper: ${names}.`, `The file is not of an allowed type. Allowed file types: ${names}.`),
    { accept },
  );
};

/**
 * Reads an upload's raw body as it streams in: counts the bytes and stops at the limit (never
 * holding more than the limit plus one chunk), hashes them, and recognises the type from the
 * first bytes, stopping as soon as they show a type the field does not take. On a refusal the
 * rest of the body is left unread; the caller closes the connection.
 */
export function receiveFile(req: IncomingMessage, rules: ReceiveRules): Promise<ReceivedFile> {
  return new Promise<ReceivedFile>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const hash = createHash('sha256');
    let size = 0;
    let prefixChecked = false;
    let settled = false;
    const officeAllowed = rules.accept.includes(DOCX) || rules.accept.includes(ODT);

    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onGone);
      req.off('close', onClose);
      outcome();
    };
    const refuse = (problem: Problem) => finish(() => {
      req.pause();
      chunks.length = 0;
      reject(problem);
    });

    /** The prefix decides PDF, PNG and JPEG; a ZIP is only let through when an office type is accepted. */
    const checkPrefix = (head: Buffer): boolean => {
      prefixChecked = true;
      const type = sniffPrefix(head);
      const allowed = type === 'zip' ? officeAllowed : type !== undefined && rules.accept.includes(type);
      if (!allowed) refuse(typeNotAllowed(rules.accept));
      return allowed;
    };

    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > rules.maxBytes) return refuse(fileTooLarge(rules.maxBytes));
      hash.update(chunk);
      chunks.push(chunk);
      if (!prefixChecked && size >= SNIFF_BYTES) checkPrefix(Buffer.concat(chunks));
    };
    const onEnd = () => {
      if (size === 0) {
        return refuse(badRequest('attachment-empty', bilingual('Filen är tom. Välj en annan fil.', 'The file is empty. Choose another file.')));
      }
      const bytes = Buffer.concat(chunks, size);
      if (!prefixChecked && !checkPrefix(bytes)) return;
      let mediaType: string | undefined = sniffPrefix(bytes);
      if (mediaType === 'zip') {
        const document = sniffZipDocument(bytes);
        if (!document || !rules.accept.includes(document)) return refuse(typeNotAllowed(rules.accept));
        mediaType = document;
      }
      if (!mediaType) return refuse(typeNotAllowed(rules.accept));
      const sha256 = hash.digest('hex');
      const sniffed = mediaType;
      finish(() => resolve({ bytes, size, sha256, mediaType: sniffed }));
    };
    const onGone = (error: Error) => finish(() => reject(error));
    const onClose = () => finish(() => reject(new Error('the client closed the connection during the upload')));

    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onGone);
    req.on('close', onClose);
  });
}
