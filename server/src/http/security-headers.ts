import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** The client's staff pages (the StaffLayout's routes): the designer and the administration. */
export const isStaffPage = (path: string): boolean => path === '/admin' || path.startsWith('/admin/');

/**
 * What a page of the client may load. Scripts come from this origin only, with no inline script
 * and no `eval`: citizens' pages validate with validators compiled at publish and served as
 * modules (answer-validation/). Styles too are files of the build: React sets the few styles it
 * sets through the CSSOM, which style-src does not govern. Images may be `data:` URLs (the
 * BankID QR code). No page may be framed.
 */
function pagePolicy(staff: boolean, https: boolean) {
  return helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: {
      'default-src': ["'self'"],
      // The staff pages compile the form being designed in the browser (the designer's preview
      // and settings forms use rjsf's ajv, which generates code with `new Function`).
      'script-src': staff ? ["'self'", "'unsafe-eval'"] : ["'self'"],
      'style-src': ["'self'"],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'"],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'self'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
      ...(https ? { 'upgrade-insecure-requests': [] } : {}),
    },
  });
}

/**
 * Headers on every response (helmet): nosniff, no framing, the referrer kept to this origin,
 * cross-origin isolation of windows and resources, and Strict-Transport-Security when the
 * public address is https. The Content-Security-Policy is the client's pages' own (clientPagePolicy).
 */
export function securityHeaders(publicUrl: string): RequestHandler {
  const https = new URL(publicUrl).protocol === 'https:';
  return helmet({
    contentSecurityPolicy: false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: https ? { maxAge: 365 * 24 * 60 * 60, includeSubDomains: true } : false,
  });
}

/** The Content-Security-Policy of the client's pages and files: the staff pages' one, or the citizens' stricter one. */
export function clientPagePolicy(publicUrl: string): RequestHandler {
  const https = new URL(publicUrl).protocol === 'https:';
  const citizen = pagePolicy(false, https);
  const staff = pagePolicy(true, https);
  return (req, res, next) => (isStaffPage(req.path) ? staff : citizen)(req, res, next);
}
