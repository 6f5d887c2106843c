import { bilingual } from '@etjanst/schemas';
import { unprocessable } from '../problems/problem.js';

/** Longest overlap a rotation may ask for: 30 days. */
export const MAX_OVERLAP_HOURS = 720;

/** The rotation body's OpenAPI schema. */
export const rotationBodySchema = {
  type: 'object',
  properties: {
    overlapHours: {
      type: 'integer',
      minimum: 0,
      maximum: MAX_OVERLAP_HOURS,
      description: 'How long the old secret still works beside the new one; default the installation\'s SECRET_ROTATION_OVERLAP_HOURS. 0 ends it at once (when it has leaked).',
    },
  },
};

/**
 * How long the old secret of a rotation still works, in seconds: the body's `overlapHours`
 * (0 ends it at once, for a secret that has leaked), else the installation's setting.
 */
export function overlapSecondsOf(body: unknown, defaultHours: number): number {
  const given = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).overlapHours : undefined;
  if (given === undefined) return defaultHours * 3600;
  if (typeof given !== 'number' || !Number.isInteger(given) || given < 0 || given > MAX_OVERLAP_HOURS) {
    throw unprocessable(
      'overlap-invalid',
      bilingual(`”overlapHours” ska vara ett heltal 0–${MAX_OVERLAP_HOURS}.`, `“overlapHours” must be a whole number 0–${MAX_OVERLAP_HOURS}.`),
      { field: 'overlapHours' },
    );
  }
  return given * 3600;
}

/** The default overlap of a rotation when the installation does not set one (SECRET_ROTATION_OVERLAP_HOURS). */
export const DEFAULT_OVERLAP_HOURS = 24;
