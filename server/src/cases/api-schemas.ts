import { ref } from '../openapi/operations.js';

/** OpenAPI schemas of case-handling bodies, shared by the inbox, the inbound API and Mina sidor. */
export const caseStatusSchema = { type: 'object', required: ['status'], properties: { status: ref('CaseStatus'), note: { type: 'string', maxLength: 5000 } } };
export const caseMessageSchema = { type: 'object', required: ['body'], properties: { body: { type: 'string', minLength: 1, maxLength: 5000 } } };
export const receiptNumberPath = { name: 'receiptNumber', in: 'path', required: true, description: "The case's receipt number, e.g. SOL-2026-000123", schema: { type: 'string' } };
