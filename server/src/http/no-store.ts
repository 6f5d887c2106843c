import type { RequestHandler } from 'express';

/** Answers with personal data or secrets are not kept by browsers or proxies. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};
