import type { Request, Response } from 'express';
import { CITIZEN, PUBLIC, staff } from '../http/access.js';
import { pathParam, positiveInteger, tenantOf } from '../http/context.js';
import { noStore } from '../http/no-store.js';
import { route, type RouteDeclaration } from '../http/route-table.js';
import { requireSession } from '../identity/sessions.js';
import { csrf, json, jsonBody, list, param, problems, query } from '../openapi/operations.js';
import { cancelBooking, dayView, findBookingField, publishedBookingField, setBlocked, holdSlot, listCitizenBookings, listFreeSlots, MAX_SLOT_DAYS, rebook, releaseSlot } from './operations.js';

const tags = ['booking'];
const fieldParam = param('field', 'Top-level field path of the booking field');

const slotSchema = {
  type: 'object',
  required: ['resource', 'start', 'end', 'date', 'time', 'free'],
  properties: {
    resource: { type: 'string' },
    start: { type: 'string', format: 'date-time', description: 'With the Stockholm offset of the day' },
    end: { type: 'string', format: 'date-time' },
    date: { type: 'string', format: 'date', description: 'Stockholm calendar day, for grouping' },
    time: { type: 'string', example: '10:30' },
    free: { type: 'integer', minimum: 1, description: 'Seats left' },
  },
};
const chosenSlot = { type: 'object', required: ['resource', 'start'], properties: { resource: { type: 'string' }, start: { type: 'string', format: 'date-time' } } };
const holdSchema = { type: 'object', properties: { ...chosenSlot.properties, end: { type: 'string', format: 'date-time' }, heldUntil: { type: 'string', format: 'date-time' } } };

const bookingOf = (req: Request, res: Response) =>
  findBookingField(tenantOf(res), pathParam(req, 'eserviceId'), positiveInteger(pathParam(req, 'version'), 'version'), pathParam(req, 'field'));
const stringQuery = (value: unknown) => (typeof value === 'string' ? value : undefined);

/**
 * Mounted at /api/municipalities/:municipality/eservices/:eserviceId/versions/:version/bookings/:field.
 * Anyone may see the free slots of a published version; a logged-in citizen of the municipality
 * holds one while finishing the form (the submission then books it, see bookingCheck).
 */
export function bookingFieldRoutes(): RouteDeclaration[] {
  return [
    route(
      'get',
      '/slots',
      PUBLIC,
      'Free slots of a booking field, by day (Stockholm time)',
      [
        noStore,
        async (req, res) => {
          const booking = await bookingOf(req, res);
          const range = { from: stringQuery(req.query.from), to: stringQuery(req.query.to), resource: stringQuery(req.query.resource) };
          res.json({ items: await listFreeSlots(tenantOf(res), booking, range, new Date()) });
        },
      ],
      {
        tags,
        operation: {
          parameters: [
            fieldParam,
            query('from', { type: 'string', format: 'date' }, 'First Stockholm day (default today)'),
            query('to', { type: 'string', format: 'date' }, `Last day, at most ${MAX_SLOT_DAYS} days on (default two weeks)`),
            query('resource', { type: 'string' }, 'Only this resource'),
          ],
          responses: { 200: json(list(slotSchema), 'Free slots in date, time and resource order'), ...problems(400, 404, 409) },
        },
      },
    ),
    route(
      'post',
      '/hold',
      CITIZEN,
      "Hold a slot for the citizen while the form is finished (the field's hold minutes); replaces an earlier hold",
      [
        noStore,
        async (req, res) => {
          const session = requireSession(res, tenantOf(res).municipalityId);
          const booking = await bookingOf(req, res);
          res.status(201).json(await holdSlot(tenantOf(res), booking, session.person.personalIdentityNumber, req.body, new Date()));
        },
      ],
      {
        tags,
        limit: 'booking-hold',
        operation: {
          parameters: [fieldParam, csrf],
          requestBody: jsonBody(chosenSlot),
          responses: { 201: json(holdSchema, 'Held until heldUntil'), ...problems(400, 401, 403, 404, 409, 422, 429) },
        },
      },
    ),
    route(
      'delete',
      '/hold',
      CITIZEN,
      "Release the citizen's hold on the field",
      [
        noStore,
        async (req, res) => {
          const session = requireSession(res, tenantOf(res).municipalityId);
          const booking = await bookingOf(req, res);
          await releaseSlot(tenantOf(res), booking, session.person.personalIdentityNumber);
          res.status(204).end();
        },
      ],
      { tags, operation: { parameters: [fieldParam, csrf], responses: { 204: { description: 'Released (or none was held)' }, ...problems(401, 403, 404) } } },
    ),
  ];
}

const text = { type: 'object', required: ['sv'], properties: { sv: { type: 'string' }, en: { type: 'string' } } };
const citizenBooking = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    eserviceId: { type: 'string' },
    version: { type: 'integer' },
    field: { type: 'string' },
    title: text,
    label: text,
    resource: { type: 'string' },
    resourceName: text,
    resources: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: text } } },
    start: { type: 'string', format: 'date-time' },
    end: { type: 'string', format: 'date-time' },
    receiptNumber: { type: 'string' },
    cancelUntil: { type: 'string', format: 'date-time', description: 'The last moment to cancel or rebook' },
    mayChange: { type: 'boolean' },
  },
};
const bookingId = param('id', 'Booking id', { type: 'string', format: 'uuid' });

/** Mounted at /api/municipalities/:municipality/bookings: a citizen's own bookings. */
export function citizenBookingRoutes(): RouteDeclaration[] {
  return [
    route(
      'get',
      '/',
      CITIZEN,
      'My bookings to come, with the deadline for cancelling or rebooking each',
      [
        noStore,
        async (_req, res) => {
          const session = requireSession(res, tenantOf(res).municipalityId);
          res.json({ items: await listCitizenBookings(tenantOf(res), session.person.personalIdentityNumber, new Date()) });
        },
      ],
      { tags, operation: { responses: { 200: json(list(citizenBooking), 'In start order'), ...problems(401, 403) } } },
    ),
    route(
      'post',
      '/:id/rebook',
      CITIZEN,
      "Move my booking to a slot I hold (the field's hold route), before the cancellation deadline",
      [
        noStore,
        async (req, res) => {
          const session = requireSession(res, tenantOf(res).municipalityId);
          res.json(await rebook(tenantOf(res), pathParam(req, 'id'), session.person.personalIdentityNumber, req.body, new Date()));
        },
      ],
      {
        tags,
        limit: 'booking-hold',
        operation: { parameters: [bookingId, csrf], requestBody: jsonBody(chosenSlot), responses: { 200: json(holdSchema, 'Booked at the new time; the old one is cancelled'), ...problems(400, 401, 403, 404, 409, 422, 429) } },
      },
    ),
    route(
      'delete',
      '/:id',
      CITIZEN,
      'Cancel my booking before its cancellation deadline',
      [
        noStore,
        async (req, res) => {
          const session = requireSession(res, tenantOf(res).municipalityId);
          await cancelBooking(tenantOf(res), pathParam(req, 'id'), session.person.personalIdentityNumber, new Date());
          res.status(204).end();
        },
      ],
      { tags, operation: { parameters: [bookingId, csrf], responses: { 204: { description: 'Cancelled; the seat is free again' }, ...problems(401, 403, 404, 409) } } },
    ),
  ];
}

const HANDLER = staff('eservice', 'handler');
const staffField = (req: Request, res: Response) => publishedBookingField(tenantOf(res), pathParam(req, 'eserviceId'), pathParam(req, 'field'));
const blockBody = jsonBody(chosenSlot);

/**
 * Mounted at /api/municipalities/:municipality/eservices/:eserviceId/bookings/:field: the handlers
 * of the department that owns the e-service see a day per resource and block or unblock slots.
 */
export function staffBookingRoutes(): RouteDeclaration[] {
  return [
    route(
      'get',
      '/day',
      HANDLER,
      "A day of the booking field's calendar per resource: every slot with its bookings, holds and whether it is blocked",
      [noStore, async (req, res) => res.json(await dayView(tenantOf(res), await staffField(req, res), req.query.date, req.query.resource, new Date()))],
      {
        tags,
        operation: {
          parameters: [fieldParam, query('date', { type: 'string', format: 'date' }, 'Stockholm day (required)'), query('resource', { type: 'string' }, 'Only this resource')],
          responses: { 200: { description: 'The day per resource' }, ...problems(400, 401, 403, 404) },
        },
      },
    ),
    route(
      'put',
      '/blocks',
      HANDLER,
      'Block a slot: no new holds (bookings already made stay)',
      [noStore, async (req, res) => res.json(await setBlocked(tenantOf(res), await staffField(req, res), req.body, true, new Date()))],
      { tags, operation: { parameters: [fieldParam], requestBody: blockBody, responses: { 200: { description: 'Blocked' }, ...problems(400, 401, 403, 404, 422) } } },
    ),
    route(
      'delete',
      '/blocks',
      HANDLER,
      'Unblock a slot',
      [noStore, async (req, res) => res.json(await setBlocked(tenantOf(res), await staffField(req, res), req.body, false, new Date()))],
      { tags, operation: { parameters: [fieldParam], requestBody: blockBody, responses: { 200: { description: 'Unblocked' }, ...problems(400, 401, 403, 404, 422) } } },
    ),
  ];
}
