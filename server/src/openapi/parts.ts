/**
 * Pieces of OpenAPI operations that route declarations and the document share: schema
 * references, JSON responses, problem+json answers, path parameters.
 */

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const json = (schema: object, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
export const jsonBody = (schema: object) => ({ required: true, content: { 'application/json': { schema } } });
export const problems = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [String(s), { description: 'Problem (RFC 9457)', content: { 'application/problem+json': { schema: ref('Problem') } } }]));
export const param = (name: string, description: string, schema: object = { type: 'string' }) => ({ name, in: 'path', required: true, description, schema });
export const list = (items: object) => ({ type: 'object', required: ['items'], properties: { items: { type: 'array', items } } });
export const localized = { type: 'object', required: ['sv'], properties: { sv: { type: 'string' }, en: { type: 'string' } } };

export const municipalityParam = param('municipality', 'Municipality id (slug)');
export const eserviceIdParam = param('eserviceId', 'E-service id');
/** The citizen session's CSRF header, sent on state-changing requests that carry the session cookie */
export const citizenCsrf = { name: 'X-CSRF-Token', in: 'header', description: "The session's CSRF token; required on state-changing requests that carry the session cookie", schema: { type: 'string' } };
