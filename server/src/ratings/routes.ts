import { RATING_COMMENT_MAX_LENGTH } from '@etjanst/schemas';
import { PUBLIC } from '../http/access.js';
import { pathParam, tenantOf } from '../http/context.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import { jsonBody, json, localized, PATH_PARAMETERS, problems } from '../openapi/operations.js';
import { STATISTICS_READERS } from '../statistics/insight-routes.js';
import { parsePeriod } from '../statistics/operations.js';
import { parseRating, rate, ratingsOf } from './operations.js';

const tags = ['ratings'];

/**
 * Mounted at .../:municipality/catalogue/:eserviceId/ratings: a citizen's grade after the receipt.
 * Public and sent without cookies, so nothing ties it to a session; counted against the abuse
 * limit. It takes the permit a submission's answer carried (ratingPermit), once.
 */
export function citizenRatingRoutes(): RouteDeclaration[] {
  return [
    route(
      'post',
      '/',
      PUBLIC,
      'Rate an e-service (1-5) with an optional short comment, once per submission; stored without anything that says who rated',
      async (req, res) => {
        await rate(tenantOf(res), parseRating(pathParam(req, 'eserviceId'), req.body));
        res.status(204).end();
      },
      {
        tags,
        limit: 'rating',
        operation: {
          parameters: [PATH_PARAMETERS.municipality, PATH_PARAMETERS.eserviceId],
          requestBody: jsonBody({
            type: 'object',
            required: ['version', 'grade', 'permit'],
            properties: {
              permit: { type: 'string', description: 'The ratingPermit of the submission\'s answer: valid for 30 days, for its e-service, once' },
              version: { type: 'integer', minimum: 1 },
              grade: { type: 'integer', minimum: 1, maximum: 5 },
              comment: { type: 'string', maxLength: RATING_COMMENT_MAX_LENGTH, description: 'Personal identity numbers, e-mail addresses and phone numbers are replaced before it is stored' },
            },
          }),
          responses: { 204: { description: 'Stored' }, ...problems(400, 403, 404, 409, 422, 429) },
        },
      },
    ),
  ];
}

/** Mounted at .../:municipality/statistics/ratings: the owner's view of the grades and comments. */
export function ratingRoutes(): RouteDeclaration[] {
  return [
    route(
      'get',
      '/',
      // the owner: those who read the municipality's statistics
      STATISTICS_READERS,
      'Grades (count, mean, per grade) and comments per e-service for a period',
      async (req, res) => {
        const period = parsePeriod(req.query);
        res.json({ period, eservices: await ratingsOf(tenantOf(res), period) });
      },
      {
        tags,
        operation: {
          parameters: [PATH_PARAMETERS.municipality],
          responses: {
            200: json({
              type: 'object',
              properties: {
                eservices: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      eserviceId: { type: 'string' },
                      title: localized,
                      count: { type: 'integer' },
                      average: { type: 'number' },
                      grades: { type: 'array', items: { type: 'integer' }, minItems: 5, maxItems: 5 },
                      comments: { type: 'array', items: { type: 'object', properties: { grade: { type: 'integer' }, comment: { type: 'string' }, ratedOn: { type: 'string', format: 'date' } } } },
                    },
                  },
                },
              },
            }),
            ...problems(401, 403, 404, 422),
          },
        },
      },
    ),
  ];
}
