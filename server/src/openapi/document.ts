import { STRICTLY_CONFIDENTIAL_DELIVERY } from '@etjanst/schemas';
import type { AccessPolicy } from '../http/access.js';
import { declaredRoutes, type DeclaredRoute, type RouteGroup } from '../http/route-table.js';
import { SESSION_COOKIE } from '../identity/sessions.js';
import { STAFF_SESSION_COOKIE } from '../staff/sessions.js';
import { componentSchemas, csrf, definitionBody, idempotencyKey, json, list, localized, op, param, PATH_PARAMETERS, problems, ref, type Operation } from './operations.js';

const municipality = param('municipality', 'Municipality id (slug)');
const eservice = param('id', 'E-service id (slug)');
const version = param('version', 'Published version number', { type: 'integer', minimum: 1 });

/** Case handling: the citizen's case on Mina sidor, the platform's inbox, the inbound API, staff and keys. */
function casePaths(): Record<string, unknown> {
  const object = { type: 'object' };
  const body = (schema: object) => ({ required: true, content: { 'application/json': { schema } } });
  const status = { type: 'object', required: ['status'], properties: { status: ref('CaseStatus'), note: { type: 'string', maxLength: 5000 } } };
  const message = { type: 'object', required: ['body'], properties: { body: { type: 'string', minLength: 1, maxLength: 5000 } } };
  const id = param('id', 'Id');
  const receipt = param('receiptNumber', 'The case\'s receipt number, e.g. SOL-2026-000123');
  const department = param('department', 'Department id');
  const inbox = '/api/municipalities/{municipality}/departments/{department}/inbox';
  const inboxParams = [municipality, department];
  const filters = [
    { name: 'eservice', in: 'query', schema: { type: 'string' } },
    { name: 'status', in: 'query', schema: ref('CaseStatus') },
    { name: 'from', in: 'query', description: 'Submitted on or after (YYYY-MM-DD, Swedish time)', schema: { type: 'string', format: 'date' } },
    { name: 'to', in: 'query', description: 'Submitted on or before (YYYY-MM-DD, Swedish time)', schema: { type: 'string', format: 'date' } },
  ];
  const apiKey = [{ inboundApiKey: [] }];
  const handler = problems(401, 403);
  return {
    '/api/me/submissions/{id}/case': { get: op('My case: status, status history, messages', ['cases'], { parameters: [id], responses: { 200: json(object), ...problems(401, 404) } }) },
    '/api/me/submissions/{id}/case/messages': { post: op('Answer the case handler', ['cases'], { parameters: [id, csrf], requestBody: body(message), responses: { 201: json(ref('CaseMessage')), ...problems(401, 403, 404, 409, 422) } }) },
    '/api/me/submissions/{id}/case/messages/read': { post: op('Mark the messages to me as read', ['cases'], { parameters: [id, csrf], responses: { 200: json(object), ...problems(401, 403, 404) } }) },
    '/api/me/handler-roles': { get: op('The departments where I am a case handler', ['cases'], { responses: { 200: json(list(object)), ...problems(401) } }) },
    [`${inbox}/cases`]: {
      get: op('Inbox: the department\'s cases, filtered', ['inbox'], { parameters: [...inboxParams, ...filters], responses: { 200: json(list(object)), ...handler, ...problems(422) } }),
      post: op('Register a case that arrived on paper', ['inbox'], {
        parameters: [...inboxParams, csrf],
        requestBody: body({ type: 'object', required: ['eserviceId'], properties: { eserviceId: { type: 'string' }, receivedOn: { type: 'string', format: 'date' }, applicantName: { type: 'string' }, applicantPersonalIdentityNumber: { type: 'string' }, summary: { type: 'string' }, answers: object } }),
        responses: { 201: json(object), ...handler, ...problems(422) },
      }),
    },
    [`${inbox}/cases/export.csv`]: { get: op('The filtered list as CSV (UTF-8 with BOM, semicolons)', ['inbox'], { parameters: [...inboxParams, ...filters], responses: { 200: { description: 'CSV', content: { 'text/csv': {} } }, ...handler } }) },
    [`${inbox}/cases/export.xlsx`]: { get: op('The filtered list as XLSX', ['inbox'], { parameters: [...inboxParams, ...filters], responses: { 200: { description: 'XLSX', content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {} } }, ...handler } }) },
    [`${inbox}/cases/{receiptNumber}`]: { get: op('One case with answers, attachments, history and messages', ['inbox'], { parameters: [...inboxParams, receipt], responses: { 200: json(object), ...handler, ...problems(404) } }) },
    [`${inbox}/cases/{receiptNumber}/attachments/{attachmentId}`]: { get: op('Download an attachment of the case', ['inbox'], { parameters: [...inboxParams, receipt, param('attachmentId', 'Attachment id')], responses: { 200: { description: 'The file' }, ...handler, ...problems(404) } }) },
    [`${inbox}/cases/{receiptNumber}/status`]: { put: op('Set the case\'s status (with an optional note the citizen sees)', ['inbox'], { parameters: [...inboxParams, receipt, csrf], requestBody: body(status), responses: { 200: json(object), ...handler, ...problems(404, 422) } }) },
    [`${inbox}/cases/{receiptNumber}/messages`]: { post: op('Write to the citizen', ['inbox'], { parameters: [...inboxParams, receipt, csrf], requestBody: body(message), responses: { 201: json(ref('CaseMessage')), ...handler, ...problems(404, 422) } }) },
    [`${inbox}/cases/{receiptNumber}/messages/read`]: { post: op('Mark the citizen\'s messages as read', ['inbox'], { parameters: [...inboxParams, receipt, csrf], responses: { 200: json(object), ...handler, ...problems(404) } }) },
    [`${inbox}/cases/{receiptNumber}/assignee`]: { put: op('Assign the case to a handler of the department (null: nobody)', ['inbox'], { parameters: [...inboxParams, receipt, csrf], requestBody: body({ type: 'object', properties: { staffMemberId: { type: ['string', 'null'] } } }), responses: { 200: json(object), ...handler, ...problems(404, 422) } }) },
    [`${inbox}/handlers`]: { get: op('The department\'s case handlers (to assign to)', ['inbox'], { parameters: inboxParams, responses: { 200: json(list(object)), ...handler } }) },
    [`${inbox}/eservices`]: { get: op('The department\'s e-services (filters, paper cases)', ['inbox'], { parameters: inboxParams, responses: { 200: json(list(object)), ...handler } }) },
    '/api/municipalities/{municipality}/staff': {
      get: op('Staff register (admin; not yet behind a staff login)', ['admin'], { parameters: [municipality], responses: { 200: json(list(object)) } }),
      post: op('Add a person as handler of a department', ['admin'], { parameters: [municipality], requestBody: body({ type: 'object', required: ['departmentId', 'personalIdentityNumber', 'name', 'email'], properties: { departmentId: { type: 'string' }, personalIdentityNumber: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' }, role: { const: 'handler' } } }), responses: { 201: json(object), ...problems(422) } }),
    },
    '/api/municipalities/{municipality}/staff/{id}': { delete: op('Remove a person\'s role from the register', ['admin'], { parameters: [municipality, id], responses: { 204: { description: 'Removed' }, ...problems(404) } }) },
    '/api/municipalities/{municipality}/inbound-api-keys': {
      get: op('Back-office systems\' API keys (never the keys themselves)', ['admin'], { parameters: [municipality], responses: { 200: json(list(object)) } }),
      post: op('Create an API key for a back-office system; the key is in this response only', ['admin'], { parameters: [municipality], requestBody: body({ type: 'object', required: ['systemName'], properties: { systemName: { type: 'string' } } }), responses: { 201: json(object), ...problems(422) } }),
    },
    '/api/municipalities/{municipality}/inbound-api-keys/{id}': { delete: op('Revoke a key', ['admin'], { parameters: [municipality, id], responses: { 204: { description: 'Revoked' }, ...problems(404) } }) },
    '/api/inbound/cases/{receiptNumber}': { get: op('A case of the key\'s municipality: status, history, messages', ['inbound'], { security: apiKey, parameters: [receipt], responses: { 200: json(object), ...problems(401, 404) } }) },
    '/api/inbound/cases/{receiptNumber}/status': { put: op('Set the case\'s status; the citizen is notified by e-mail', ['inbound'], { security: apiKey, parameters: [receipt], requestBody: body(status), responses: { 200: json(object), ...problems(401, 404, 422) } }) },
    '/api/inbound/cases/{receiptNumber}/messages': { post: op('Write to the citizen; the citizen is notified by e-mail', ['inbound'], { security: apiKey, parameters: [receipt], requestBody: body(message), responses: { 201: json(ref('CaseMessage')), ...problems(401, 404, 422) } }) },
  };
}



/**
 * The frame of the OpenAPI 3.1 document served at /api/openapi.json, with /health and /ready, and
 * the operations written here for routes that do not yet carry their own: the groups still mounted
 * as routers (cases, delivery, statistics, staff register, inbox), and the e-service, checks and
 * definition routes, declared without an `operation`. Each entry goes when its route declares it.
 */
function handWrittenDocument(serverUrl: string): { paths: Record<string, Record<string, Operation>> } & Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'E-tjänstplattform API',
      version: '0.1.0',
      description:
        'API of the common e-service platform: e-service definitions (designer), the citizen catalogue and submissions. Errors are RFC 9457 problem+json with Swedish and English messages; Accept-Language chooses the language of title and detail.',
      license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
    },
    servers: [{ url: serverUrl }],
    paths: {
      ...casePaths(),
      ...checkPaths(),
      '/health': { get: op('Liveness', ['operations'], { responses: { 200: json({ type: 'object' }) } }) },
      '/ready': { get: op('Readiness (database reachable)', ['operations'], { responses: { 200: json({ type: 'object' }), ...problems(503) } }) },
      '/api/openapi.json': { get: op('This document', ['operations'], { responses: { 200: json({ type: 'object' }) } }) },
      '/api/schemas/eservice-definition.json': {
        get: op('JSON Schema of the e-service definition format', ['definitions'], { responses: { 200: json({ type: 'object' }) } }),
      },
      '/api/definitions/validate': {
        post: op('Validate a definition without storing it (for vendors and CI): the format, then its connectors against the connector types and options this installation has', ['definitions'], {
          requestBody: definitionBody,
          responses: { 200: json(ref('DefinitionValidation')), ...problems(400, 413, 415) },
        }),
      },
      '/api/municipalities/{municipality}/eservices': {
        get: op('E-services with status (designer)', ['eservices'], { parameters: [municipality], responses: { 200: json(list(ref('EServiceSummary'))), ...problems(404) } }),
        post: op('Create an e-service draft', ['eservices'], {
          parameters: [municipality],
          requestBody: definitionBody,
          responses: { 201: json(ref('EServiceDraft'), 'Created; ETag holds the revision'), ...problems(400, 404, 409, 413, 415, 422) },
        }),
      },
      '/api/municipalities/{municipality}/eservices/import': {
        post: op('Import a definition file (create, or replace the draft with ?replace=true)', ['eservices'], {
          parameters: [municipality, { name: 'replace', in: 'query', schema: { type: 'boolean' } }],
          requestBody: definitionBody,
          responses: { 200: json(ref('EServiceSummary'), 'Draft replaced'), 201: json(ref('EServiceSummary'), 'Created'), ...problems(400, 404, 409, 413, 415, 422) },
        }),
      },
      '/api/municipalities/{municipality}/eservices/{id}': {
        get: op('The draft and its status', ['eservices'], { parameters: [municipality, eservice], responses: { 200: json(ref('EServiceDraft')), ...problems(404) } }),
        put: op('Save the draft (optimistic locking with If-Match); one that is not valid yet is saved with its findings', ['eservices'], {
          parameters: [municipality, eservice, { name: 'If-Match', in: 'header', required: true, schema: { type: 'string' }, description: 'ETag of the draft as read' }],
          requestBody: definitionBody,
          responses: { 200: json(ref('EServiceDraft')), ...problems(400, 404, 412, 413, 415, 422, 428) },
        }),
      },
      '/api/municipalities/{municipality}/eservices/{id}/validate': {
        post: op('Validate the stored draft', ['eservices'], { parameters: [municipality, eservice], responses: { 200: json(ref('DefinitionValidation')), ...problems(404) } }),
      },
      '/api/municipalities/{municipality}/eservices/{id}/publish': {
        post: op('Publish the draft as a new immutable version', ['eservices'], {
          parameters: [municipality, eservice],
          description: 'Runs the full must-requirement check (browser scan included); refused with 422 must-requirements-failed while a must rule fails. The report is kept with the version.',
          responses: { 201: json({ type: 'object', properties: { version: { type: 'integer' }, publishedAt: { type: 'string', format: 'date-time' } } }), ...problems(404, 409, 422, 503) },
        }),
      },
      '/api/municipalities/{municipality}/eservices/{id}/unpublish': {
        post: op('Withdraw the e-service from the catalogue', ['eservices'], { parameters: [municipality, eservice], responses: { 200: json(ref('EServiceSummary')), ...problems(404, 409) } }),
      },
      '/api/municipalities/{municipality}/eservices/{id}/versions': {
        get: op('Published versions', ['eservices'], { parameters: [municipality, eservice], responses: { 200: json(list({ type: 'object' })), ...problems(404) } }),
      },
      '/api/municipalities/{municipality}/eservices/{id}/versions/{version}': {
        get: op('One published version', ['eservices'], { parameters: [municipality, eservice, version], responses: { 200: json(ref('PublishedEService')), ...problems(400, 404) } }),
      },
      '/api/municipalities/{municipality}/eservices/{id}/export': {
        get: op('Download the draft (or ?version=N) as a definition file', ['eservices'], {
          parameters: [municipality, eservice, { name: 'version', in: 'query', schema: { type: 'integer', minimum: 1 } }],
          responses: { 200: json(ref('EServiceDefinition')), ...problems(400, 404) },
        }),
      },
    },
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        inboundApiKey: { type: 'http', scheme: 'bearer', description: 'A back-office system\'s key (etj_…), created by the municipality\'s admin; scoped to that municipality' },
        staffSession: { type: 'apiKey', in: 'cookie', name: STAFF_SESSION_COOKIE, description: 'A staff login (SSO, OIDC, e-ID or the break-glass administrator); state-changing requests also send X-Staff-CSRF-Token, Content-Type: application/json and a same-origin Origin' },
        citizenSession: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'A citizen\'s e-ID login; state-changing requests also send X-CSRF-Token' },
      },
    },
  };
}

/** The technical must-requirements: catalogue, checking a definition, reports and accessibility statements. */
function checkPaths(): Record<string, unknown> {
  const report = { type: 'object', description: 'CheckReport: verdict, counts, per rule status and findings (JSON pointer, sv/en), and the browser scan', properties: { catalogueVersion: { type: 'string' }, verdict: { enum: ['passed', 'failed'] }, complete: { type: 'boolean' }, counts: { type: 'object' }, results: { type: 'array', items: { type: 'object' } }, scan: { type: 'object' } } };
  return {
    '/api/requirements': {
      get: op("The rule catalogue (tekniska skall-krav): version, change history, rules, and this installation's limits of the configurable rules", ['checks'], {
        responses: {
          200: json({
            type: 'object',
            required: ['version', 'history', 'rules', 'limits'],
            properties: {
              version: { type: 'string' },
              history: { type: 'array', items: { type: 'object' } },
              rules: { type: 'array', items: { type: 'object' } },
              limits: {
                type: 'object',
                description: 'SK-FORM-001: most input fields on one step; SK-TXT-003: a Swedish help text\'s LIX must be below this',
                required: ['maxFieldsPerStep', 'lixThreshold'],
                properties: { maxFieldsPerStep: { type: 'integer' }, lixThreshold: { type: 'integer' } },
              },
            },
          }),
        },
      }),
    },
    '/api/requirements/document': {
      get: op('The rule catalogue as a document to attach to a procurement', ['checks'], { responses: { 200: { description: 'HTML document', content: { 'text/html': {} } } } }),
    },
    '/api/checks': {
      post: op('Check a definition against every must-requirement (with the browser scan, as publishing does)', ['checks'], {
        parameters: [{ name: 'scan', in: 'query', description: 'false: the fast rules only, without the browser scan', schema: { type: 'boolean' } }],
        requestBody: definitionBody,
        responses: { 200: json(report), ...problems(400, 413, 415, 503) },
      }),
    },
    '/api/previews/{token}': {
      get: op('A short-lived preview of a definition being scanned (read by the scan\'s browser)', ['checks'], { parameters: [param('token', 'Preview token')], responses: { 200: json({ type: 'object' }), ...problems(404) } }),
    },
    '/api/municipalities/{municipality}/eservices/{eserviceId}/versions/{version}/check': {
      get: op('The must-requirement report kept with a published version', ['checks'], { parameters: [municipality, param('eserviceId', 'E-service id'), version], responses: { 200: json(report), ...problems(400, 404) } }),
    },
    '/api/municipalities/{municipality}/catalogue/{eserviceId}/accessibility-statement': {
      get: op('The accessibility statement (tillgänglighetsredogörelse) of the published version, in DIGG\'s structure', ['checks'], {
        parameters: [municipality, param('eserviceId', 'E-service id')],
        responses: { 200: json({ type: 'object' }), ...problems(404) },
      }),
    },
  };
}

/** Express path syntax to OpenAPI's: `:id` becomes `{id}`. */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** The policy as OpenAPI says it: security requirements and an `x-access` note with the roles. */
function accessDocument(access: AccessPolicy): Operation {
  switch (access.kind) {
    case 'staff':
      return { security: [{ staffSession: [] }], 'x-access': { kind: 'staff', roles: access.roles, scope: access.scope } };
    case 'citizen':
      return { security: [{ citizenSession: [] }], 'x-access': { kind: 'citizen' } };
    case 'applicant':
      return { security: [{}, { citizenSession: [] }], 'x-access': { kind: 'applicant', description: "Whoever the e-service's access settings admit: anonymous, or a citizen at its level of assurance" } };
    case 'credential':
      return { security: access.credential === 'inbound-api-key' ? [{ inboundApiKey: [] }] : [{}], 'x-access': { kind: 'credential', credential: access.credential } };
    default:
      return { security: [{}], 'x-access': { kind: 'public' } };
  }
}

/** Policies under which requireAccess checks the citizen session's CSRF token on a state-changing request. */
const checksCitizenCsrf = (access: AccessPolicy) =>
  access.kind !== 'staff' && !(access.kind === 'credential' && (access.credential === 'inbound-api-key' || access.credential === 'saml-protocol'));

/**
 * The operation's parameters, completed from the route: every path parameter of its full path
 * (described from PATH_PARAMETERS unless the declaration describes it), the CSRF header where
 * the access check requires it, and Idempotency-Key where the route declares `idempotent`.
 */
function parametersOf(route: DeclaredRoute, declared: unknown): unknown[] {
  const given = (Array.isArray(declared) ? declared : []) as { name: string; in: string }[];
  const has = (name: string, where: string) => given.some((p) => p.name === name && p.in === where);
  const fromPath = [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map(([, name]) => name!).filter((name) => !has(name, 'path'));
  const csrfHeader = STATE_CHANGING.has(route.method) && checksCitizenCsrf(route.access) && !has(csrf.name, 'header') ? [csrf] : [];
  const keyHeader = route.declaration?.idempotent && !has(idempotencyKey.name, 'header') ? [idempotencyKey] : [];
  return [...fromPath.map((name) => PATH_PARAMETERS[name] ?? param(name, name)), ...given, ...csrfHeader, ...keyHeader];
}

const STATE_CHANGING = new Set(['post', 'put', 'patch', 'delete']);

/**
 * The OpenAPI document of the mounted routes: every declared route is in it with its own
 * operation and its access policy, and nothing else from /api is (so it cannot list a route that
 * does not exist). Routes of groups still mounted as Express routers, and declarations without an
 * operation of their own, take the hand-written one.
 */
export function openApiDocument(serverUrl: string, groups: RouteGroup[]): Record<string, unknown> {
  const document = handWrittenDocument(serverUrl);
  const handWritten = document.paths;
  const paths: Record<string, Record<string, Operation>> = {};
  for (const [path, item] of Object.entries(handWritten)) {
    if (!path.startsWith('/api/')) paths[path] = item; // outside the API: /health, /ready
  }
  for (const declared of declaredRoutes(groups)) {
    const path = openApiPath(declared.path);
    const written = handWritten[path]?.[declared.method];
    const own = declared.declaration;
    const operation: Operation = own
      ? { ...written, summary: own.summary, ...(own.tags ? { tags: own.tags } : {}), ...own.operation }
      : { responses: { default: { description: 'See the API guide' } }, ...written };
    const parameters = parametersOf(declared, operation.parameters);
    paths[path] = { ...paths[path], [declared.method]: { ...operation, ...(parameters.length > 0 ? { parameters } : {}), ...accessDocument(declared.access) } };
  }
  return { ...document, paths };
}
