/**
 * Where to send the browser after login: a path on our own origin only. Anything else (absolute
 * URLs, protocol-relative `//host`, backslashes browsers read as slashes, control characters)
 * would make the login an open redirect, so it falls back to the start page.
 */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2000) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(value)) return '/';
  return value;
}
