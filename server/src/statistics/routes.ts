import { staff } from '../http/access.js';
import { tenantOf } from '../http/context.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import { PATH_PARAMETERS, json, localized, problems } from '../openapi/operations.js';
import { municipalityStatistics, parsePeriod } from './operations.js';

const day = (name: string, description: string) => ({ name, in: 'query', description, schema: { type: 'string', format: 'date' } });
const share = { type: ['number', 'null'], minimum: 0, maximum: 1 };
const activity = {
  digital: { type: 'integer', description: 'Cases sent through the portal and complete (signed where required)' },
  paper: { type: 'integer', description: 'Cases registered from paper forms, by the day they arrived' },
  digitalShare: { ...share, description: 'digital / (digital + paper); null without cases' },
  started: { type: 'integer', description: 'Drafts created plus digital submissions sent without a draft' },
  completed: { type: 'integer', description: 'The digital cases' },
  dropOff: { type: 'integer', description: 'Drafts created in the period and never sent (deleted, expired or still saved)' },
  stillSaved: { type: 'integer', description: 'Of the drop-off, drafts still saved' },
  dropOffRate: { ...share, description: 'dropOff / started; null when nothing was started' },
};
const saved = {
  hoursSaved: { type: 'number', description: 'digital x (manual - digital minutes) / 60, one decimal' },
  sekSaved: { type: 'integer', description: 'hoursSaved x cost per hour' },
  projectedHoursPerYear: { type: 'number', description: 'The same for the expected cases per year' },
  projectedSekPerYear: { type: 'integer' },
};
const eserviceFigures = {
  type: 'object',
  properties: {
    eserviceId: { type: 'string' },
    title: localized,
    published: { type: 'boolean' },
    ...activity,
    fees: {
      type: 'object',
      description: 'Only for e-services that took fees in the period: submissions paid (by the day paid), their sum and what was recorded refunded, in kronor',
      properties: { payments: { type: 'integer' }, amountSek: { type: 'number' }, refundedSek: { type: 'number' } },
    },
    benefit: { type: 'object', description: "By the current version's benefit figures", properties: { minutesSavedPerCase: { type: 'number' }, costPerHourSek: { type: 'number' }, expectedCasesPerYear: { type: 'integer' }, ...saved } },
  },
};

/**
 * Mounted at /api/municipalities/:municipality/statistics: per e-service figures for the
 * administration (counts only, no personal data).
 */
export function statisticsRoutes(): RouteDeclaration[] {
  return [
    route(
      'get',
      '/',
      staff('municipality', 'statistics-reader', 'municipality-admin'),
      'Per e-service statistics (digital and paper cases, digital share, starts, completions, drop-off) and benefit for a period',
      async (req, res) => {
        res.json(await municipalityStatistics(tenantOf(res), parsePeriod(req.query)));
      },
      {
        tags: ['statistics'],
        operation: {
          parameters: [
            PATH_PARAMETERS.municipality,
            day('from', 'First day (Swedish time); default 1 January of the year of `to`, else of this year'),
            day('to', 'Last day, included; default 31 December of the year of `from`, else of this year'),
          ],
          responses: {
            200: json({
              type: 'object',
              properties: {
                period: { type: 'object', properties: { from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' } } },
                eservices: { type: 'array', items: eserviceFigures },
                totals: { type: 'object', properties: { ...activity, ...saved } },
              },
            }),
            ...problems(401, 403, 404, 422),
          },
        },
      },
    ),
  ];
}
