import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { DEFAULT_LIX_THRESHOLD, DEFAULT_MAX_FIELDS_PER_STEP, definitionFormatJsonSchema, type EServiceDefinition } from '@etjanst/schemas';
import { formValidatorRoutes } from './answer-validation/routes.js';
import { AnswerValidators } from './answer-validation/validators.js';
import { catalogueRoutes } from './catalogue/routes.js';
import { citizenCaseRoutes } from './cases/citizen-routes.js';
import { inboundKeyRoutes } from './cases/inbound-keys.js';
import { inboundRoutes } from './cases/inbound-routes.js';
import { inboxRoutes } from './cases/inbox-routes.js';
import { CaseHandling } from './cases/operations.js';
import { attachmentRouteGroup } from './attachments/routes.js';
import { auditRoutes } from './audit/routes.js';
import { blankFormRoutes } from './blank-forms/routes.js';
import { brandingRoutes, ownHostStartPage } from './branding/routes.js';
import { loadMailDomains } from './mail-domains/mail-domains.js';
import { mailDomainRoutes } from './mail-domains/routes.js';
import { costSharingRoutes } from './cost-sharing/routes.js';
import { DEFAULT_ATTACHMENT_MAX_BYTES } from './attachments/settings.js';
import { attachmentsCheck, attachmentSubmissionScope } from './attachments/submission-check.js';
import { DEFAULT_SCAN_QUEUE, type Config } from './config.js';
import { BrowserScanner } from './checks/browser-scan.js';
import { fastCheckWith, fullCheck } from './checks/full-check.js';
import { assessVersion, type PublishedVersionRef } from './checks/assessment.js';
import { PreviewStore } from './checks/preview-store.js';
import { checksRoutes, tenantChecksRoutes } from './checks/routes.js';
import type { DatabaseHandle } from './db/database.js';
import { latestConnectorTests } from './delivery/connector-tests.js';
import { createMissingSecrets } from './delivery/connector-secrets.js';
import { ConnectorRegistry, installOutboundPolicy } from './delivery/plugins.js';
import { attachmentLinkRoutes, connectorRoutes, connectorTypeRoutes, deliveryAdminRoutes } from './delivery/routes.js';
import { unconfiguredDeliverySettings, type DeliverySettings } from './delivery/settings.js';
import type { DeliveryWorker } from './delivery/worker.js';
import { DraftCleanup } from './drafts/cleanup.js';
import { DEFAULT_DRAFT_TTL_DAYS } from './drafts/operations.js';
import { deletingDraftAfterSubmission, draftRoutes } from './drafts/routes.js';
import { validateForPlatform } from './eservices/operations.js';
import type { PublishCheck } from './eservices/operations.js';
import { loadEServiceDepartments } from './eservices/owner-scope.js';
import { eserviceRoutes } from './eservices/routes.js';
import { EServiceSchedule } from './eservices/schedule.js';
import { healthRoutes } from './health/routes.js';
import { tenantScope } from './http/context.js';
import { refuseDuplicateKeys } from './http/duplicate-keys.js';
import { idempotencyKeys } from './idempotency/idempotent-handler.js';
import type { LoginMethodPlugin } from './identity/login-method.js';
import { loginMethodListRoutes } from './identity/login-method-routes.js';
import { sessionRoutes } from './identity/session-routes.js';
import { loadSession, type SessionSettings } from './identity/sessions.js';
import { PUBLIC } from './http/access.js';
import { mountRouteGroups, route, type RouteGroup } from './http/route-table.js';
import { DEFAULT_OVERLAP_HOURS } from './http/secret-rotation.js';
import { clientPagePolicy, securityHeaders } from './http/security-headers.js';
import { DEFAULT_TRUST_PROXY } from './http/trust-proxy.js';
import { DEFAULT_STAFF_SESSION_SETTINGS, loadStaffSession, type StaffSessionSettings } from './staff/sessions.js';
import { staffSessionRoutes } from './staff/session-routes.js';
import { staffLoginMethodRoutes, type StaffLoginMethod } from './staff/login-methods.js';
import { staffRegisterRoutes } from './staff/register/routes.js';
import { groupMappingRoutes, platformGroupMappingRoutes } from './staff/group-mappings/routes.js';
import { IdentityProviderCatalogue } from './staff/identity-providers/catalogue.js';
import { identityProviderRoutes } from './staff/identity-providers/routes.js';
import { municipalityRoutes } from './municipalities/routes.js';
import { myPagesRoutes } from './my-pages/routes.js';
import { openApiDocument } from './openapi/document.js';
import { installationMessageRoutes, municipalityMessageRoutes } from './operating-messages/routes.js';
import { contactDetailsRoutes } from './prefill/contact-details.js';
import { prefillRoutes } from './prefill/routes.js';
import { PrefillService, type PrefillDependencies } from './prefill/service.js';
import { prefilledFieldsCheck } from './prefill/submission-check.js';
import { apiNotFound, problemHandler, requireJsonBody } from './problems/problem-middleware.js';
import { expiredReceiptLinksAfterSubmission, receiptLinkWithSubmission, receiptTokenRoutes } from './receipts/routes.js';
import { signingFeature, type SigningOptions } from './signing/feature.js';
import { RateLimiter } from './rate-limits/limiter.js';
import type { RateLimitName } from './rate-limits/limits.js';
import { PHONE_IDENTIFICATION, PHONE_SIGNING, phoneOrderRoutes } from './contact-centre/phone-orders.js';
import { bankIdClientOf } from './identity/bankid/plugin.js';
import { statisticsRoutes } from './statistics/routes.js';
import { statisticsInsightRoutes, stepEventRoutes } from './statistics/insight-routes.js';
import { citizenRatingRoutes, ratingRoutes } from './ratings/routes.js';
import { ratingPermitWithSubmission } from './ratings/permits.js';
import { submissionRoutes } from './submissions/routes.js';
import { templateLibraryRoutes, templateOfferRoutes } from './template-library/routes.js';
import { bookingCheck } from './booking/operations.js';
import { bookingFieldRoutes, citizenBookingRoutes, staffBookingRoutes } from './booking/routes.js';
import { paymentFeature } from './payment/feature.js';
import type { PaymentProvider } from './payment/provider.js';

export interface AppDependencies {
  config: Pick<Config, 'bodyLimitBytes' | 'clientDir' | 'publicUrl'> &
    Partial<Pick<Config, 'trustProxy' | 'draftTtlDays' | 'attachmentMaxBytes' | 'coSignDays' | 'secretRotationOverlapHours' | 'rateLimits'>> & { checks?: Partial<Config['checks']> | undefined };
  database: DatabaseHandle;
  logger: Logger;
  identity: {
    sessions: SessionSettings;
    loginMethods: LoginMethodPlugin[];
    staffSessions?: StaffSessionSettings | undefined;
    /** How staff log in (SSO, OIDC, e-ID, the local break-glass administrator) */
    staffLoginMethods?: StaffLoginMethod[] | undefined;
  };
  /** Prefill sources (population register); without it nothing is prefilled from registers and locked fields are not checked */
  prefill?: PrefillDependencies | undefined;
  /** Signing (BankID sign orders, co-signers); defaults: the BankID login's client, 14 days for co-signers */
  signing?: SigningOptions | undefined;
  /** Delivery to back-office systems: connector settings and the in-process worker, if this process runs one */
  delivery?: { settings: DeliverySettings; worker?: DeliveryWorker | undefined } | undefined;
  /** Background jobs started and stopped by the process that runs the app */
  jobs?: { draftCleanup?: DraftCleanup } | undefined;
  /** Fees: the payment provider (Swish commerce or its simulator); without one, fee-carrying submissions wait unpaid */
  payment?: { provider: PaymentProvider | undefined } | undefined;
  /** The must-requirement checks: whether browser scans are cached by definition (default true) */
  checks?: { cacheScans?: boolean | undefined } | undefined;
}

/** Wires the features into one Express app; no logic lives here. */
export function createApp({ config, database, logger, identity, prefill, signing, delivery, jobs, checks, payment }: AppDependencies): Express {
  const app = express();
  const { db } = database;
  const checkSettings = { maxFieldsPerStep: config.checks?.maxFieldsPerStep ?? DEFAULT_MAX_FIELDS_PER_STEP, lixThreshold: config.checks?.lixThreshold ?? DEFAULT_LIX_THRESHOLD };
  const previews = new PreviewStore();
  const scanner = new BrowserScanner({
    clientDir: config.clientDir,
    baseUrl: () => config.checks?.scanBaseUrl ?? config.publicUrl,
    previews,
    chromium: { path: config.checks?.chromiumPath },
    logger,
    cache: checks?.cacheScans ?? true,
    maxQueued: config.checks?.scanQueue ?? DEFAULT_SCAN_QUEUE,
  });
  // the rule "last test delivery succeeded" reads the delivery feature's stored test results
  const connectorTests = (municipalityId: string, eserviceId: string) => latestConnectorTests(db, municipalityId, eserviceId);
  const connectors = new ConnectorRegistry();
  // SK-GDPR-003 judges each connector by what its type's plugin declares
  const installationFacts = {
    ...checkSettings,
    connectorTypes: () => connectors.typeFacts(),
    connectorProblems: (definition: EServiceDefinition) => connectors.definitionProblems(definition),
    maxAttachmentBytes: config.attachmentMaxBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES,
  };
  const check = fullCheck({ scanner, connectorTests, mailDomains: (municipalityId) => loadMailDomains(db, municipalityId), ...installationFacts });
  const publishCheck: PublishCheck = (definition, municipalityId) => check(definition, { municipalityId });
  // scheduled publishing and unpublishing: the timer belongs to whoever runs the app (main starts and stops it)
  app.locals.eserviceSchedule = new EServiceSchedule(db, logger, publishCheck);
  // the demo's versions were published before the server listened, so without a scan (main runs this)
  app.locals.versionAssessment = (ref: PublishedVersionRef) => assessVersion(db, check, ref);
  const prefillService = new PrefillService(db, logger, prefill ?? { sources: [] });

  // the timer belongs to whoever runs the app (main starts and stops it); on access it cleans up too
  const draftCleanup = jobs?.draftCleanup ?? new DraftCleanup(db, logger);
  const validators = new AnswerValidators(db);
  const deliverySettings = delivery?.settings ?? unconfiguredDeliverySettings(config.publicUrl);
  installOutboundPolicy(deliverySettings.outbound);
  const nudgeWorker = () => delivery?.worker?.nudge();
  const caseHandling = new CaseHandling(db, nudgeWorker);
  const nudgeAfterSubmission = async () => {
    nudgeWorker(); // the outbox rows are committed: deliver now rather than at the next poll
  };
  const signatures = signingFeature({ db, logger, loginMethods: identity.loginMethods, nudgeWorker, signing: { coSignDays: config.coSignDays, ...signing } });
  const payments = paymentFeature({ db, logger, provider: payment?.provider, publicUrl: config.publicUrl, nudgeWorker });
  // the expiry timer belongs to whoever runs the app (main starts and stops it); tests run a pass with their own `now`
  app.locals.paymentExpiry = payments.expiry;
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy ?? DEFAULT_TRUST_PROXY);
  app.use(
    pinoHttp({
      logger,
      autoLogging: { ignore: (req) => req.url === '/health' },
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(securityHeaders(config.publicUrl));
  app.use(healthRoutes(database));

  const api = express.Router();
  const staffSessions: StaffSessionSettings = identity.staffSessions ?? { ...DEFAULT_STAFF_SESSION_SETTINGS, secureCookies: identity.sessions.secureCookies };
  const staffLoginMethods = identity.staffLoginMethods ?? [];
  // the staff identity providers: the SSO methods' configured ones and those stored by platform administrators
  const identityProviders = new IdentityProviderCatalogue(db, staffLoginMethods);
  // how long a rotated webhook secret or inbound API key still works beside the new one
  const overlapHours = config.secretRotationOverlapHours ?? DEFAULT_OVERLAP_HOURS;
  // Mounted before the JSON body parser and session loading. Cross-site posts and other servers'
  // calls of logins (SAML ACS and SLO, OIDC callback) are not JSON; the raw file is the body of
  // an upload, which streams it itself (and loads the session and tenant for its access check).
  const earlyGroups: RouteGroup[] = [
    ...staffLoginMethods.flatMap((m) => m.protocolRoutes ?? []),
    ...identity.loginMethods.flatMap((m) => (m.protocolRoutes ? [{ prefix: `/${m.protocolRoutes.path}`, routes: m.protocolRoutes.routes }] : [])),
    attachmentRouteGroup({ db, sessions: identity.sessions, maxBytes: config.attachmentMaxBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES }),
  ];
  // abuse limits are off unless configured (main always configures them; tests turn them on where they test them)
  const rateLimiter = new RateLimiter(db, config.rateLimits ?? { enabled: false });
  const rateLimit = (name: RateLimitName) => rateLimiter.limit(name);
  // retries with an Idempotency-Key get the first response (the routes declare which: `idempotent`)
  const idempotency = idempotencyKeys(db);
  mountRouteGroups(api, earlyGroups, { rateLimit, idempotency });
  api.use(
    requireJsonBody,
    express.json({ limit: config.bodyLimitBytes, strict: false, verify: refuseDuplicateKeys }),
    loadSession(db, identity.sessions),
    loadStaffSession(db, staffSessions),
  );
  const tenant = '/municipalities/:municipality';
  // designers and approvers hold their roles per department: e-service routes check the owner's
  const eserviceOwners = loadEServiceDepartments(db);
  // tenant routes work inside one existing municipality, resolved before any access check
  api.use(tenant, tenantScope(db));
  api.use(`${tenant}/eservices/:eserviceId/versions/:version/submissions`, attachmentSubmissionScope);
  const routeGroups: RouteGroup[] = [
    {
      prefix: '',
      routes: [
        route('get', '/openapi.json', PUBLIC, 'This document', (_req, res) => {
          res.json(openApiDocument(config.publicUrl, [...earlyGroups, ...routeGroups]));
        }),
        route('get', '/schemas/eservice-definition.json', PUBLIC, 'The e-service definition format (JSON Schema)', (_req, res) => {
          res.json(definitionFormatJsonSchema());
        }),
        route('post', '/definitions/validate', PUBLIC, 'Validate a definition against the format and the platform', (req, res) => {
          const { valid, problems } = validateForPlatform(req.body);
          res.json({ valid, problems });
        }),
      ],
    },
    { prefix: '', routes: checksRoutes({ check, fastCheck: fastCheckWith(installationFacts), previews, limits: checkSettings }) },
    { prefix: '/staff/session', routes: staffSessionRoutes({ db, settings: staffSessions, methods: staffLoginMethods }) },
    staffLoginMethodRoutes(staffLoginMethods),
    ...staffLoginMethods.flatMap((m) => m.routes),
    { prefix: '/staff/group-mappings', routes: platformGroupMappingRoutes({ db, catalogue: identityProviders, settings: staffSessions }) },
    { prefix: '/staff/identity-providers', routes: identityProviderRoutes({ db, catalogue: identityProviders, publicUrl: config.publicUrl, settings: staffSessions, sealingKey: deliverySettings.secret }) },
    { prefix: '/municipalities', routes: municipalityRoutes(db) },
    { prefix: '/session', routes: sessionRoutes({ db, sessions: identity.sessions }) },
    { prefix: '/me/contact-details', routes: contactDetailsRoutes(db) },
    { prefix: '/me/drafts', routes: draftRoutes({ db, ttlDays: config.draftTtlDays ?? DEFAULT_DRAFT_TTL_DAYS, validators, cleanup: draftCleanup }) },
    { prefix: '/me/submissions/:id/signatures', routes: signatures.routes },
    { prefix: '/me/submissions/:id/case', routes: citizenCaseRoutes(db, caseHandling) },
    { prefix: '/me/submissions/:id/payment', routes: payments.citizenRoutes },
    { prefix: '/payments/callbacks', routes: payments.callbackRoutes },
    { prefix: '/payments/refund-callbacks', routes: payments.refundCallbackRoutes },
    { prefix: '/me', routes: myPagesRoutes(db) },
    { prefix: '/receipts', routes: receiptTokenRoutes(db) },
    { prefix: '/inbound', routes: inboundRoutes(db, caseHandling) },
    { prefix: '/delivery/attachments', routes: attachmentLinkRoutes(db, deliverySettings) },
    { prefix: '/connector-types', routes: connectorTypeRoutes(connectors) },
    { prefix: `${tenant}/login`, routes: loginMethodListRoutes(identity.loginMethods) },
    ...identity.loginMethods.map((method) => ({ prefix: `${tenant}/login/${method.tenantRoutes.path}`, routes: method.tenantRoutes.routes })),
    { prefix: tenant, routes: tenantChecksRoutes() },
    { prefix: '', routes: auditRoutes(db) },
    { prefix: `${tenant}/catalogue`, routes: catalogueRoutes() },
    { prefix: `${tenant}/catalogue/:eserviceId/ratings`, routes: citizenRatingRoutes() },
    { prefix: `${tenant}/catalogue/:eserviceId/step-events`, routes: stepEventRoutes() },
    {
      prefix: `${tenant}/eservices/:eserviceId/versions/:version/submissions`,
      routes: submissionRoutes({
        validators,
        checks: [...(prefill ? [prefilledFieldsCheck(prefillService, logger)] : []), attachmentsCheck(db), signatures.coSignerCheck, bookingCheck],
        storedAlongside: [receiptLinkWithSubmission, ratingPermitWithSubmission],
        afterCommit: [deletingDraftAfterSubmission(db, logger), expiredReceiptLinksAfterSubmission(db), nudgeAfterSubmission],
      }),
    },
    { prefix: `${tenant}/eservices/:eserviceId/versions/:version/prefill`, routes: prefillRoutes(prefillService) },
    { prefix: `${tenant}/eservices/:eserviceId/versions/:version/bookings/:field`, routes: bookingFieldRoutes() },
    { prefix: `${tenant}/bookings`, routes: citizenBookingRoutes() },
    { prefix: `${tenant}/eservices/:eserviceId/bookings/:field`, routes: staffBookingRoutes(), before: [eserviceOwners] },
    { prefix: `${tenant}/eservices/:eserviceId/versions/:version/form-validators`, routes: formValidatorRoutes(validators) },
    { prefix: `${tenant}/deliveries`, routes: deliveryAdminRoutes({ nudge: nudgeWorker }) },
    {
      prefix: `${tenant}/eservices/:eserviceId/connectors`,
      routes: connectorRoutes({ registry: connectors, settings: deliverySettings, logger, staffSessions, overlapHours }),
      before: [eserviceOwners],
    },
    { prefix: `${tenant}/staff`, routes: staffRegisterRoutes({ db, settings: staffSessions }) },
    { prefix: `${tenant}/group-mappings`, routes: groupMappingRoutes({ db, catalogue: identityProviders, settings: staffSessions }) },
    { prefix: `${tenant}/statistics`, routes: statisticsRoutes() },
    { prefix: `${tenant}/branding`, routes: brandingRoutes(db, { publicUrl: config.publicUrl }) },
    { prefix: `${tenant}/mail-domains`, routes: mailDomainRoutes(db) },
    { prefix: `${tenant}/statistics`, routes: statisticsInsightRoutes() },
    { prefix: `${tenant}/statistics/ratings`, routes: ratingRoutes() },
    { prefix: `${tenant}/inbound-api-keys`, routes: inboundKeyRoutes(db, { staffSessions, overlapHours }) },
    { prefix: `${tenant}/eservices/:eserviceId/versions/:version/blank-form`, routes: blankFormRoutes() },
    { prefix: `${tenant}/templates`, routes: templateLibraryRoutes(), before: [eserviceOwners] },
    { prefix: `${tenant}/eservices`, routes: templateOfferRoutes(), before: [eserviceOwners] },
    {
      prefix: `${tenant}/eservices`,
      routes: eserviceRoutes({
        publishCheck,
        newSigningSecrets: (ctx, definition) => createMissingSecrets(ctx.db, deliverySettings.secret, connectors, ctx.municipalityId, definition),
      }),
      before: [eserviceOwners],
    },
    { prefix: '/operating-messages', routes: installationMessageRoutes(db) },
    { prefix: '/cost-sharing', routes: costSharingRoutes(db) },
    { prefix: `${tenant}/operating-messages`, routes: municipalityMessageRoutes(db) },
    { prefix: `${tenant}/departments/:department/inbox/cases/:receiptNumber/refund`, routes: payments.refundRoutes },
    { prefix: `${tenant}/departments/:department/inbox`, routes: inboxRoutes(db, caseHandling, validators) },
    ...[PHONE_IDENTIFICATION, PHONE_SIGNING].map((kind) => ({
      prefix: `${tenant}/contact-centre/${kind.path}`,
      routes: phoneOrderRoutes({ db, client: bankIdClientOf(identity.loginMethods) }, kind),
    })),
  ];
  mountRouteGroups(api, routeGroups, { publicOrigin: new URL(config.publicUrl).origin, rateLimit, idempotency });
  api.use(apiNotFound);
  // the access-matrix test reads every route from here
  app.locals.routeGroups = [...earlyGroups, ...routeGroups];
  app.use('/api', api);
  // a municipality's own host name opens on its catalogue
  app.use(ownHostStartPage(db));

  if (config.clientDir && existsSync(path.join(config.clientDir, 'index.html'))) {
    const clientDir = config.clientDir;
    app.use(clientPagePolicy(config.publicUrl));
    app.use(express.static(clientDir, { index: false, maxAge: '1h' }));
    // Client-side routes: every other GET gets the single-page app.
    app.get('/{*path}', (_req, res) => {
      res.sendFile(path.join(clientDir, 'index.html'), { maxAge: 0 });
    });
  }
  app.use(problemHandler);
  return app;
}
