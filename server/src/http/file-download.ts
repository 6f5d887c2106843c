import type { Response } from 'express';

/** A citizen's file as it is sent: its name, its type (as found in the content) and, when known, its size. */
export interface DownloadedFile {
  name: string;
  mediaType: string;
  size?: number;
}

/** The page a file could turn into, were a browser to render it, runs with no origin, scripts or loads. */
export const DOWNLOAD_CSP = "sandbox; default-src 'none'";

/**
 * The headers of every download of a citizen's file (an attachment, a receipt PDF), wherever it
 * is served: saved, never shown in the platform's origin (Content-Disposition: attachment, with
 * an RFC 6266 filename and filename* made by Express's res.attachment); taken as the type found
 * in its content, never sniffed (nosniff); sandboxed should a browser render it anyway; and never
 * cached, since it holds personal data.
 */
export function setDownloadHeaders(res: Response, file: DownloadedFile): Response {
  return res
    .attachment(file.name) // sets a type from the name's extension, so before .type
    .type(file.mediaType)
    .set({
      ...(file.size === undefined ? {} : { 'Content-Length': String(file.size) }),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': DOWNLOAD_CSP,
      'Cache-Control': 'private, no-store',
    });
}
