/**
 * Where to send the browser after login: a path on our own origin only. Anything else (absolute
 * URLs, protocol-relative `//host`, backslashes browsers read as slashes, control characters)
 * would make the login an open redirect, so it falls back to the start page (or `fallback`).
 */
export function safeReturnPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length > 2000) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(value)) return fallback;
  return value;
}
