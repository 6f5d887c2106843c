import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { definitionFormatJsonSchema, validateDefinition } from '@etjanst/schemas';
import { catalogueRoutes } from './catalogue/routes.js';
import { attachmentRoutes } from './attachments/routes.js';
import { blankFormRoutes } from './blank-forms/routes.js';
import { DEFAULT_ATTACHMENT_MAX_BYTES } from './attachments/settings.js';
import { attachmentsCheck, attachmentSubmissionScope, linkAttachmentsAfter } from './attachments/submission-check.js';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/database.js';
import { DraftCleanup } from './drafts/cleanup.js';
import { DEFAULT_DRAFT_TTL_DAYS } from './drafts/operations.js';
import { deletingDraftAfterSubmission, draftRoutes } from './drafts/routes.js';
import { eserviceRoutes } from './eservices/routes.js';
import { healthRoutes } from './health/routes.js';
import { tenantScope } from './http/context.js';
import { refuseDuplicateKeys } from './http/duplicate-keys.js';
import type { LoginMethodPlugin } from './identity/login-method.js';
import { loginMethodListRoutes } from './identity/login-method-routes.js';
import { sessionRoutes } from './identity/session-routes.js';
import { loadSession, requireCsrfToken, type SessionSettings } from './identity/sessions.js';
import { municipalityRoutes } from './municipalities/routes.js';
import { myPagesRoutes } from './my-pages/routes.js';
import { openApiDocument } from './openapi/document.js';
import { contactDetailsRoutes } from './prefill/contact-details.js';
import { prefillRoutes } from './prefill/routes.js';
import { PrefillService, type PrefillDependencies } from './prefill/service.js';
import { prefilledFieldsCheck } from './prefill/submission-check.js';
import { apiNotFound, problemHandler, requireJsonBody } from './problems/problem-middleware.js';
import type { ReceiptMailer } from './receipts/mail.js';
import { receiptAfterSubmission, receiptTokenRoutes } from './receipts/routes.js';
import { signingFeature, type SigningOptions } from './signing/feature.js';
import { AnswerValidatorCache } from './submissions/answer-validators.js';
import { submissionRoutes } from './submissions/routes.js';

export interface AppDependencies {
  config: Pick<Config, 'bodyLimitBytes' | 'clientDir' | 'publicUrl'> & Partial<Pick<Config, 'draftTtlDays' | 'attachmentMaxBytes' | 'coSignDays'>>;
  database: DatabaseHandle;
  logger: Logger;
  identity: { sessions: SessionSettings; loginMethods: LoginMethodPlugin[] };
  /** Prefill sources (population register); without it nothing is prefilled from registers and locked fields are not checked */
  prefill?: PrefillDependencies | undefined;
  /** Sends receipts by e-mail; without it no receipt e-mails are queued */
  receiptMailer?: ReceiptMailer | undefined;
  /** Signing (BankID sign orders, co-signers); defaults: the BankID login's client, 14 days for co-signers */
  signing?: SigningOptions | undefined;
  /** Background jobs started and stopped by the process that runs the app */
  jobs?: { draftCleanup?: DraftCleanup } | undefined;
}

/** Wires the features into one Express app; no logic lives here. */
export function createApp({ config, database, logger, identity, receiptMailer, prefill, signing, jobs }: AppDependencies): Express {
  const app = express();
  const { db } = database;
  const prefillService = new PrefillService(db, logger, prefill ?? { sources: [] });
  const signatures = signingFeature({ db, logger, loginMethods: identity.loginMethods, receiptMailer, signing: { coSignDays: config.coSignDays, ...signing } });
  // the timer belongs to whoever runs the app (main starts and stops it); on access it cleans up too
  const draftCleanup = jobs?.draftCleanup ?? new DraftCleanup(db, logger);
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
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
  app.use((_req, res, next) => {
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'same-origin', 'X-Frame-Options': 'DENY' });
    next();
  });
  app.use(healthRoutes(database));

  for (const method of identity.loginMethods) {
    if (method.protocolRouter) app.use(`/api/${method.protocolRouter.path}`, method.protocolRouter.router);
  }

  const api = express.Router();
  // The raw file is the body of an upload: mounted before the JSON body parser, streams it itself.
  api.use('/municipalities/:municipality/eservices/:eserviceId/versions/:version/attachments', attachmentRoutes({ db, sessions: identity.sessions, maxBytes: config.attachmentMaxBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES }));
  api.use(
    requireJsonBody,
    express.json({ limit: config.bodyLimitBytes, strict: false, verify: refuseDuplicateKeys }),
    loadSession(db, identity.sessions),
    requireCsrfToken,
  );
  api.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument(config.publicUrl, new Set(identity.loginMethods.map((m) => m.kind))));
  });
  api.get('/schemas/eservice-definition.json', (_req, res) => {
    res.json(definitionFormatJsonSchema());
  });
  api.post('/definitions/validate', (req, res) => {
    const { valid, problems } = validateDefinition(req.body);
    res.json({ valid, problems });
  });
  api.use('/municipalities', municipalityRoutes(db));
  const tenant = '/municipalities/:municipality';
  api.use('/session', sessionRoutes({ db, sessions: identity.sessions }));
  api.use('/me/contact-details', contactDetailsRoutes(db));
  api.use('/me/drafts', draftRoutes({ db, ttlDays: config.draftTtlDays ?? DEFAULT_DRAFT_TTL_DAYS, cleanup: draftCleanup }));
  api.use('/me/submissions/:id/signatures', signatures.routes);
  api.use('/me', myPagesRoutes(db));
  api.use('/receipts', receiptTokenRoutes(db));
  api.use(tenant, tenantScope(db));
  api.use(`${tenant}/login`, loginMethodListRoutes(identity.loginMethods));
  for (const method of identity.loginMethods) {
    api.use(`${tenant}/login/${method.tenantRouter.path}`, method.tenantRouter.router);
  }
  api.use(`${tenant}/catalogue`, catalogueRoutes());
  api.use(
    `${tenant}/eservices/:eserviceId/versions/:version/submissions`,
    attachmentSubmissionScope,
    submissionRoutes({
      validators: new AnswerValidatorCache(),
      checks: [...(prefill ? [prefilledFieldsCheck(prefillService, logger)] : []), attachmentsCheck(db), signatures.coSignerCheck],
      afterCommit: [linkAttachmentsAfter(db, logger), deletingDraftAfterSubmission(db, logger), receiptAfterSubmission({ db, mailer: receiptMailer, logger })],
    }),
  );
  api.use(`${tenant}/eservices/:eserviceId/versions/:version/prefill`, prefillRoutes(prefillService));
  api.use(`${tenant}/eservices/:eserviceId/versions/:version/blank-form`, blankFormRoutes());
  api.use(`${tenant}/eservices`, eserviceRoutes());
  api.use(apiNotFound);
  app.use('/api', api);

  if (config.clientDir && existsSync(path.join(config.clientDir, 'index.html'))) {
    const clientDir = config.clientDir;
    app.use(express.static(clientDir, { index: false, maxAge: '1h' }));
    // Client-side routes: every other GET gets the single-page app.
    app.get('/{*path}', (_req, res) => {
      res.sendFile(path.join(clientDir, 'index.html'), { maxAge: 0 });
    });
  }
  app.use(problemHandler);
  return app;
}
