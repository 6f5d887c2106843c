import type { Request, RequestHandler, Response } from 'express';
import type { Kysely } from 'kysely';
import { bilingual, isUuid, SLUG_PATTERN } from '@etjanst/schemas';
import { recordAudit } from '../audit/audit-log.js';
import type { Database } from '../db/tables.js';
import { staff, type AccessPolicy } from '../http/access.js';
import { pathParam, tenantOf } from '../http/context.js';
import { setDownloadHeaders } from '../http/file-download.js';
import { route, type HttpMethod, type RouteDeclaration } from '../http/route-table.js';
import { openAttachmentContent } from '../attachments/repository.js';
import { notFound, unprocessable } from '../problems/problem.js';
import { requestLanguage } from '../problems/problem-middleware.js';
import { answerSections, languageOf, loadReceiptSource, withCurrentBookings } from '../receipts/content.js';
import type { AnswerValidators } from '../answer-validation/validators.js';
import { caseNotFound, caseSummaryJson, historyJson, messagesJson, receiptNumberParam } from './case-view.js';
import { casesCsv, casesXlsx } from './export.js';
import type { CaseActor, CaseHandling } from './operations.js';
import { parseDay, parsePaperCase, registerPaperCase } from './paper.js';
import { findCaseByReceiptNumber, listCaseAttachments, listCases, listMessages, listStatusChanges, markMessagesRead, type CaseFilter } from './repository.js';
import { handlersOf } from '../staff/register/register.js';
import { staffOf } from '../staff/sessions.js';
import { objectBody, optionalText, parseCaseStatus, parseText } from './status.js';

const SLUG = new RegExp(SLUG_PATTERN);

/** The inbox list shows this many of the newest matching cases; a narrower filter or an export shows the rest. */
export const INBOX_PAGE_SIZE = 500;

/** The list's filters from the query string: eservice, status, from, to (days, Swedish time). */
export function parseCaseFilter(query: Request['query'], departmentId: string): CaseFilter {
  const one = (name: string): string | undefined => {
    const value = query[name];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string') throw unprocessable('filter-invalid', bilingual(`Filtret ”${name}” får bara anges en gång.`, `The filter “${name}” may be given only once.`), { field: name });
    return value;
  };
  const eservice = one('eservice');
  if (eservice !== undefined && !SLUG.test(eservice)) throw unprocessable('filter-invalid', bilingual('Okänd e-tjänst i filtret.', 'Unknown e-service in the filter.'), { field: 'eservice' });
  const status = one('status');
  const from = one('from');
  const to = one('to');
  return {
    departmentId,
    eserviceId: eservice,
    status: status === undefined ? undefined : parseCaseStatus(status),
    from: from === undefined ? undefined : parseDay(from, 'from'),
    to: to === undefined ? undefined : parseDay(to, 'to'),
  };
}

/** Only a case handler of the `:department` (or of every department of the municipality) gets in. */
const HANDLER: AccessPolicy = staff('department', 'handler');

/** The staff member as the citizen and the history see them, and as the audit log names them. */
const handlerActor = (res: Response): CaseActor => ({ kind: 'handler', name: staffOf(res)!.account.displayName, auditId: tenantOf(res).actor });

/** Case data is personal data: never kept by a cache. */
const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

const inboxRoute = (method: HttpMethod, path: string, summary: string, handler: RequestHandler): RouteDeclaration =>
  route(method, path, HANDLER, summary, [noStore, handler], { tags: ['inbox'] });

/**
 * Mounted at /api/municipalities/:municipality/departments/:department/inbox: the platform's own
 * inbox for e-services without a back-office system (maturity level 2), for the department's case
 * handlers on a staff login. Everything a handler does is in the audit log.
 */
export function inboxRoutes(db: Kysely<Database>, handling: CaseHandling, validators: AnswerValidators): RouteDeclaration[] {
  const departmentCase = async (req: Request, res: Response) => {
    const { municipalityId } = tenantOf(res);
    const found = await findCaseByReceiptNumber(db, municipalityId, receiptNumberParam(pathParam(req, 'receiptNumber')), pathParam(req, 'department'));
    if (!found) throw caseNotFound();
    return { municipalityId, found };
  };

  /** Every export is in the audit log: it takes personal data out of the platform. */
  const filteredForExport = async (req: Request, res: Response, format: 'csv' | 'xlsx') => {
    const { municipalityId } = tenantOf(res);
    const filter = parseCaseFilter(req.query, pathParam(req, 'department'));
    const cases = await listCases(db, municipalityId, filter);
    await recordAudit(db, { municipalityId, actor: handlerActor(res).auditId, action: 'case.exported', subjectType: 'municipality', subjectId: municipalityId, details: { format, filter, count: cases.length } });
    return cases;
  };

  return [
    inboxRoute('get', '/eservices', 'The department\'s e-services (filters, paper cases)', async (req, res) => {
      const { municipalityId } = tenantOf(res);
      const rows = await db
        .selectFrom('eservices')
        .select(['id', 'draft', 'published_version'])
        .where('municipality_id', '=', municipalityId)
        .where('department_id', '=', pathParam(req, 'department'))
        .orderBy('id')
        .execute();
      res.json({ items: rows.map((r) => ({ id: r.id, title: r.draft.catalogue.title, published: r.published_version !== null })) });
    }),

    inboxRoute('get', '/handlers', 'The department\'s case handlers (to assign to)', async (req, res) => {
      res.json({ items: await handlersOf(db, tenantOf(res).municipalityId, pathParam(req, 'department')) });
    }),

    inboxRoute('get', '/cases', 'Inbox: the department\'s cases, filtered', async (req, res) => {
      const filter = parseCaseFilter(req.query, pathParam(req, 'department'));
      const cases = await listCases(db, tenantOf(res).municipalityId, { ...filter, limit: INBOX_PAGE_SIZE + 1 });
      res.json({ items: cases.slice(0, INBOX_PAGE_SIZE).map(caseSummaryJson), truncated: cases.length > INBOX_PAGE_SIZE });
    }),

    inboxRoute('get', '/cases/export.csv', 'The filtered list as CSV (UTF-8 with BOM, semicolons)', async (req, res) => {
      const cases = await filteredForExport(req, res, 'csv');
      res.set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="arenden-${pathParam(req, 'department')}.csv"` }).send(casesCsv(cases, requestLanguage(req)));
    }),

    inboxRoute('get', '/cases/export.xlsx', 'The filtered list as XLSX', async (req, res) => {
      const cases = await filteredForExport(req, res, 'xlsx');
      res
        .set({ 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Content-Disposition': `attachment; filename="arenden-${pathParam(req, 'department')}.xlsx"` })
        .send(await casesXlsx(cases, requestLanguage(req)));
    }),

    inboxRoute('post', '/cases', 'Register a case that arrived on paper', async (req, res) => {
      const paper = parsePaperCase(req.body);
      const created = await registerPaperCase(tenantOf(res), pathParam(req, 'department'), paper, handlerActor(res), validators);
      const found = await findCaseByReceiptNumber(db, tenantOf(res).municipalityId, created.receiptNumber);
      res.status(201).json(found && caseSummaryJson(found));
    }),

    inboxRoute('get', '/cases/:receiptNumber', 'One case with answers, attachments, history and messages', async (req, res) => {
      const { municipalityId, found } = await departmentCase(req, res);
      const [source, history, messages, attachments] = await Promise.all([
        loadReceiptSource(db, municipalityId, found.id),
        listStatusChanges(db, municipalityId, found.id),
        listMessages(db, municipalityId, found.id),
        listCaseAttachments(db, municipalityId, found.id),
      ]);
      if (!source) throw caseNotFound();
      const language = requestLanguage(req);
      await recordAudit(db, { municipalityId, actor: handlerActor(res).auditId, action: 'case.viewed', subjectType: 'submission', subjectId: found.id, details: { receiptNumber: found.receiptNumber } });
      res.json({
        ...caseSummaryJson(found),
        applicantPersonalIdentityNumber: found.applicantPersonalIdentityNumber,
        organisationNumber: found.organisationNumber,
        paperSummary: found.paperSummary,
        answerLanguage: languageOf(source.submission.language),
        // as submitted (and signed); the sections and `bookings` show each booking as it stands now
        answers: source.submission.answers,
        sections: answerSections(source.definition, withCurrentBookings(source.submission.answers, source.bookings), language, source.bookings),
        bookings: source.bookings ?? [],
        attachments: attachments.map((a) => ({ ...a, url: `/api/municipalities/${municipalityId}/departments/${pathParam(req, 'department')}/inbox/cases/${found.receiptNumber}/attachments/${a.id}` })),
        history: historyJson(history),
        messages: messagesJson(messages),
      });
    }),

    inboxRoute('get', '/cases/:receiptNumber/attachments/:attachmentId', 'Download an attachment of the case', async (req, res) => {
      const { municipalityId, found } = await departmentCase(req, res);
      const attachmentId = pathParam(req, 'attachmentId');
      const attachment = isUuid(attachmentId) ? (await listCaseAttachments(db, municipalityId, found.id)).find((a) => a.id === attachmentId) : undefined;
      const content = attachment && (await openAttachmentContent(db, municipalityId, attachment.id));
      if (!attachment || !content) throw notFound(bilingual('Bilagan', 'The attachment'));
      setDownloadHeaders(res, attachment);
      content.pipe(res);
    }),

    inboxRoute('put', '/cases/:receiptNumber/status', 'Set the case\'s status (with an optional note the citizen sees)', async (req, res) => {
      const body = objectBody(req.body);
      const { municipalityId, found } = await departmentCase(req, res);
      const status = parseCaseStatus(body.status);
      await handling.setStatus(municipalityId, found, status, optionalText(body.note, 'note'), handlerActor(res));
      res.json({ receiptNumber: found.receiptNumber, status });
    }),

    inboxRoute('post', '/cases/:receiptNumber/messages', 'Write to the citizen', async (req, res) => {
      const body = objectBody(req.body);
      const { municipalityId, found } = await departmentCase(req, res);
      const message = await handling.messageCitizen(municipalityId, found, parseText(body.body, 'body'), handlerActor(res));
      res.status(201).json(messagesJson([message])[0]);
    }),

    inboxRoute('post', '/cases/:receiptNumber/messages/read', 'Mark the citizen\'s messages as read', async (req, res) => {
      const { municipalityId, found } = await departmentCase(req, res);
      res.json({ marked: await markMessagesRead(db, municipalityId, found.id, 'from-citizen') });
    }),

    /** `staffMemberId` is the staff account of a handler of the department; null: nobody. */
    inboxRoute('put', '/cases/:receiptNumber/assignee', 'Assign the case to a handler of the department (null: nobody)', async (req, res) => {
      const { staffMemberId } = objectBody(req.body);
      const { municipalityId, found } = await departmentCase(req, res);
      let assignee: { id: string; name: string } | null = null;
      if (staffMemberId !== null) {
        const colleague = typeof staffMemberId === 'string' ? (await handlersOf(db, municipalityId, pathParam(req, 'department'))).find((s) => s.id === staffMemberId) : undefined;
        if (!colleague) throw unprocessable('assignee-unknown', bilingual('Den valda personen är inte handläggare på förvaltningen.', 'The chosen person is not a case handler in this department.'), { field: 'staffMemberId' });
        assignee = { id: colleague.id, name: colleague.name };
      }
      await handling.assign(municipalityId, found, assignee, handlerActor(res));
      res.json({ receiptNumber: found.receiptNumber, assignee });
    }),
  ];
}
