import { expect } from 'vitest';

/** The file name a browser takes from Content-Disposition (RFC 6266: filename* before filename). */
export function dispositionFileName(disposition: string): string | undefined {
  const encoded = /;\s*filename\*=UTF-8''([^;\s]+)/i.exec(disposition)?.[1];
  if (encoded) return decodeURIComponent(encoded);
  const plain = /;\s*filename=(?:"((?:[^"\\]|\\.)*)"|([^;\s"]+))/i.exec(disposition);
  return plain?.[1]?.replace(/\\(.)/g, '$1') ?? plain?.[2];
}

/**
 * What every download of a citizen's file carries: saved under its name (never shown inline),
 * never sniffed, sandboxed should a browser render it, never cached.
 */
export function expectSafeDownload(headers: Headers, name: string): void {
  const disposition = headers.get('content-disposition') ?? '';
  expect(disposition).toMatch(/^attachment;/);
  expect(dispositionFileName(disposition)).toBe(name);
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
  expect(headers.get('cache-control')).toMatch(/no-store/);
}
