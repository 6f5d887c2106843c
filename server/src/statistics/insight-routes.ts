import type { Request, Response } from 'express';
import { STEP_EVENT_KINDS } from '@etjanst/schemas';
import { PUBLIC, staff } from '../http/access.js';
import { setDownloadHeaders } from '../http/file-download.js';
import { pathParam, tenantOf } from '../http/context.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import { json, jsonBody, PATH_PARAMETERS, pdf, problems, query } from '../openapi/operations.js';
import { requestLanguage } from '../problems/problem-middleware.js';
import { benefitCsv, benefitReport } from './benefit-report.js';
import { renderBenefitPdf } from './benefit-report-pdf.js';
import { monthlyStatistics, parseYear } from './monthly.js';
import { parsePeriod } from './operations.js';
import { parseStepEvent, recordStepEvent, stepDropOff } from './step-events.js';

const tags = ['statistics'];
/** Who reads a municipality's statistics, ratings and benefit report (as the statistics table's route). */
export const STATISTICS_READERS = staff('municipality', 'statistics-reader', 'municipality-admin');
const period = [query('from', { type: 'string', format: 'date' }, 'First day; default 1 January'), query('to', { type: 'string', format: 'date' }, 'Last day, included; default 31 December')];
const year = query('year', { type: 'string', pattern: '^\\d{4}$' }, 'Calendar year; default this year');

/**
 * Mounted at .../:municipality/catalogue/:eserviceId/step-events: the portal's anonymous step
 * events, sent without cookies; each adds one to a day's counter, nothing is kept per visitor.
 */
export function stepEventRoutes(): RouteDeclaration[] {
  return [
    route(
      'post',
      '/',
      PUBLIC,
      'Count a step of a form reached, or the form sent from a step (aggregated per day, no personal data)',
      async (req, res) => {
        await recordStepEvent(tenantOf(res), parseStepEvent(pathParam(req, 'eserviceId'), req.body));
        res.status(204).end();
      },
      {
        tags,
        limit: 'step-event',
        operation: {
          parameters: [PATH_PARAMETERS.municipality, PATH_PARAMETERS.eserviceId],
          requestBody: jsonBody({
            type: 'object',
            required: ['version', 'step', 'kind'],
            properties: { version: { type: 'integer', minimum: 1 }, step: { type: 'integer', minimum: 0, description: '0 for the first step' }, kind: { enum: [...STEP_EVENT_KINDS] } },
          }),
          responses: { 204: { description: 'Counted' }, ...problems(400, 404, 422, 429) },
        },
      },
    ),
  ];
}

/** Mounted at .../:municipality/statistics beside the table's route: the charts' figures and the yearly benefit report. */
export function statisticsInsightRoutes(): RouteDeclaration[] {
  const report = async (req: Request, res: Response) => benefitReport(tenantOf(res), parseYear(req.query.year));
  const fileName = (req: Request, res: Response, extension: string) =>
    `${requestLanguage(req) === 'sv' ? 'nyttorapport' : 'benefit-report'}-${tenantOf(res).municipalityId}-${parseYear(req.query.year)}.${extension}`;
  return [
    route('get', '/steps', STATISTICS_READERS, 'Starts, completions and drop-off per step, from the portal’s step events, per version', async (req, res) => {
      res.json(await stepDropOff(tenantOf(res), parsePeriod(req.query)));
    }, { tags, operation: { parameters: [PATH_PARAMETERS.municipality, ...period], responses: { 200: json({ type: 'object' }), ...problems(401, 403, 404, 422) } } }),
    route('get', '/months', STATISTICS_READERS, 'Per month of a year: cases by channel, digital share and what the digital cases saved', async (req, res) => {
      res.json(await monthlyStatistics(tenantOf(res), parseYear(req.query.year)));
    }, { tags, operation: { parameters: [PATH_PARAMETERS.municipality, year], responses: { 200: json({ type: 'object' }), ...problems(401, 403, 404, 422) } } }),
    route('get', '/benefit-report.csv', STATISTICS_READERS, 'The yearly benefit report (hours and SEK saved per department and e-service) as CSV', async (req, res) => {
      const csv = benefitCsv(await report(req, res), requestLanguage(req));
      setDownloadHeaders(res, { name: fileName(req, res, 'csv'), mediaType: 'text/csv; charset=utf-8' }).send(csv);
    }, { tags, operation: { parameters: [PATH_PARAMETERS.municipality, year], responses: { 200: { description: 'CSV', content: { 'text/csv': {} } }, ...problems(401, 403, 404, 422) } } }),
    route('get', '/benefit-report.pdf', STATISTICS_READERS, 'The yearly benefit report as a tagged PDF', async (req, res) => {
      const file = await renderBenefitPdf(await report(req, res), requestLanguage(req));
      setDownloadHeaders(res, { name: fileName(req, res, 'pdf'), mediaType: 'application/pdf', size: file.length }).send(file);
    }, { tags, operation: { parameters: [PATH_PARAMETERS.municipality, year], responses: { 200: pdf, ...problems(401, 403, 404, 422) } } }),
  ];
}
