import { definitionFormatJsonSchema } from '@etjanst/schemas';
import { KEY_LENGTH } from '../idempotency/key.js';
import { KEY_LIFETIME_HOURS } from '../idempotency/repository.js';

/**
 * Pieces of OpenAPI 3.1 operations for the route declarations' `operation` (parameters,
 * requestBody, responses) and the component schemas they refer to. The document
 * (openapi/document.ts) adds what the declaration says itself: summary, tags, access, and the
 * path parameters and CSRF header a declaration does not describe.
 */
export type Operation = Record<string, unknown>;

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
/** A JSON response */
export const json = (schema: object, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
/** RFC 9457 problem responses, by status */
export const problems = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [String(s), { description: 'Problem (RFC 9457)', content: { 'application/problem+json': { schema: ref('Problem') } } }]));
/** A path parameter; one the declaration leaves out is added by the document (see PATH_PARAMETERS) */
export const param = (name: string, description: string, schema: object = { type: 'string' }) => ({ name, in: 'path', required: true, description, schema });
export const query = (name: string, schema: object, description?: string) => ({ name, in: 'query', schema, ...(description ? { description } : {}) });
/** A required JSON request body */
export const jsonBody = (schema: object) => ({ required: true, content: { 'application/json': { schema } } });
/** An operation as the hand-written part of the document writes it (outside /api) */
export const op = (summary: string, tags: string[], rest: Operation): Operation => ({ summary, tags, ...rest });
/** The `{ items: [...] }` envelope of every list */
export const list = (items: object) => ({ type: 'object', required: ['items'], properties: { items: { type: 'array', items } } });
export const object = { type: 'object' };
export const localized = { type: 'object', required: ['sv'], properties: { sv: { type: 'string' }, en: { type: 'string' } } };
export const pdf = { description: 'PDF', content: { 'application/pdf': {} } };
export const definitionBody = jsonBody(ref('EServiceDefinition'));

/** Path parameters as the document describes them when a declaration does not. */
export const PATH_PARAMETERS: Record<string, ReturnType<typeof param>> = {
  municipality: param('municipality', 'Municipality id (slug)'),
  eserviceId: param('eserviceId', 'E-service id (slug)'),
  version: param('version', 'Published version number', { type: 'integer', minimum: 1 }),
  department: param('department', 'Department id'),
};

/** The citizen session's CSRF token, which state-changing requests carrying the session cookie send */
export const csrf = { name: 'X-CSRF-Token', in: 'header', description: "The session's CSRF token; required on state-changing requests that carry the session cookie", schema: { type: 'string' } };

/** The Idempotency-Key request header of the routes that declare `idempotent` (draft-ietf-httpapi-idempotency-key-header) */
export const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  description:
    `Optional. A key of the caller's own for this request, as an RFC 8941 string of ${KEY_LENGTH.min}–${KEY_LENGTH.max} visible ASCII characters, e.g. "8e03978e-40d5-43e8-bc93-6894a57f9324". A retry with the same key and the same request within ${KEY_LIFETIME_HOURS} hours gets the first successful response again (with \`Idempotent-Replayed: true\`) instead of a second effect; other content under the key is refused (422 \`idempotency-key-reused\`), and a retry while the first still runs gets 409 \`idempotency-key-in-flight\` with Retry-After. A request that failed is not remembered; a malformed key is 400 \`idempotency-key-invalid\`.`,
  schema: { type: 'string', minLength: 18, maxLength: 512 },
};

export function componentSchemas(): Record<string, unknown> {
  return {
    EServiceDefinition: definitionFormatJsonSchema(),
    LocalizedText: localized,
    Problem: {
      type: 'object',
      required: ['type', 'title', 'status', 'code', 'messages'],
      properties: {
        type: { type: 'string' },
        title: { type: 'string' },
        status: { type: 'integer' },
        detail: { type: 'string' },
        instance: { type: 'string' },
        code: { type: 'string' },
        messages: {
          type: 'object',
          properties: { sv: { type: 'object' }, en: { type: 'object' } },
        },
        errors: {
          type: 'array',
          items: { type: 'object', properties: { pointer: { type: 'string' }, code: { type: 'string' }, field: { type: 'string' }, message: ref('LocalizedText') } },
        },
      },
    },
    DefinitionValidation: {
      type: 'object',
      properties: { valid: { type: 'boolean' }, problems: { type: 'array', items: { type: 'object' } } },
    },
    Municipality: {
      type: 'object',
      properties: { id: { type: 'string' }, name: ref('LocalizedText'), departments: { type: 'array', items: { type: 'object' } } },
    },
    EServiceSummary: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        title: ref('LocalizedText'),
        departmentId: { type: 'string' },
        status: { enum: ['draft', 'published', 'unpublished'] },
        publishedVersion: { type: ['integer', 'null'] },
        latestVersion: { type: 'integer' },
        revision: { type: 'integer' },
        unpublishedChanges: { type: 'boolean' },
        updatedAt: { type: 'string', format: 'date-time' },
        maturityLevel: { type: 'integer', minimum: 0, maximum: 4, description: "SKL maturity level of the draft's configuration" },
        unfinished: { type: 'boolean', description: 'The latest save is not valid yet: it is kept with its findings, and review and publishing refuse it until it is' },
        mayPublishDirectly: { type: 'boolean', description: 'In the list and the draft: the person asking may publish without a review (an approver where the four-eyes rule is off)' },
        warnings: {
          type: 'array',
          description: 'In the draft and the answer to an import: other e-services of the municipality with the same title in a language (case and whitespace aside); a warning, not a refusal',
          items: {
            type: 'object',
            properties: { code: { const: 'title-duplicate' }, language: { enum: ['sv', 'en'] }, title: { type: 'string' }, eserviceId: { type: 'string' }, message: ref('LocalizedText') },
          },
        },
      },
    },
    EServiceDraft: {
      allOf: [
        ref('EServiceSummary'),
        {
          type: 'object',
          properties: {
            definition: { ...ref('EServiceDefinition'), description: 'The draft as last saved; when `unfinished`, it may not be valid' },
            problems: { type: 'array', items: { type: 'object' }, description: 'The findings of an unfinished draft (pointer, code, message); empty when valid' },
          },
        },
      ],
    },
    CatalogueItem: {
      type: 'object',
      properties: { eserviceId: { type: 'string' }, version: { type: 'integer' }, title: ref('LocalizedText'), summary: ref('LocalizedText'), topic: { type: 'string' }, access: { type: 'object' }, mostUsedRank: { type: 'integer', minimum: 1, description: 'Among the most used e-services of the last year: 1 for the most used; absent otherwise' } },
    },
    PublishedEService: { type: 'object', properties: { eserviceId: { type: 'string' }, version: { type: 'integer' }, definition: ref('EServiceDefinition') } },
    CaseStatus: { enum: ['received', 'in-progress', 'more-information-needed', 'decided', 'closed'] },
    CaseMessage: {
      type: 'object',
      properties: {
        id: { type: 'string', format: 'uuid' },
        direction: { enum: ['to-citizen', 'from-citizen'] },
        authorKind: { enum: ['handler', 'system', 'citizen'] },
        authorName: { type: 'string' },
        body: { type: 'string' },
        createdAt: { type: 'string', format: 'date-time' },
        readAt: { type: ['string', 'null'], format: 'date-time' },
      },
    },
    Receipt: {
      type: 'object',
      properties: {
        submissionId: { type: 'string', format: 'uuid' },
        receiptNumber: { type: 'string' },
        submittedAt: { type: 'string', format: 'date-time' },
        ratingPermit: { type: 'string', description: 'Sent with a rating of the e-service (POST .../catalogue/{eserviceId}/ratings): once, within 30 days; stored only as a hash, not tied to the submission' },
      },
    },
  };
}
