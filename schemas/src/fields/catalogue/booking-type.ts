import type { BookingConfig } from '../../booking/config.js';
import { defaultBookingConfig } from '../../booking/vocabulary.js';
import type { JsonSchemaObject } from '../../definition/format.js';
import { COMMON_PROPERTIES, defaultErrorMessage, leaf, property, readCommon, withDefined } from './common.js';
import type { FieldTypeDefinition } from './types.js';

/** The answer to a booking field: which resource, from when (ISO 8601 with offset). */
export function bookingAnswerSchema(config: BookingConfig): JsonSchemaObject {
  return {
    type: 'object',
    properties: {
      resource: { type: 'string', enum: [...new Set(config.resources.map((r) => r.id))] },
      start: { type: 'string', format: 'date-time' },
    },
    required: ['resource', 'start'],
    additionalProperties: false,
  };
}

const RESOURCE_TEXTS = { label: { sv: 'Resurs', en: 'Resource' }, errorMessage: defaultErrorMessage({ sv: 'Resurs', en: 'Resource' }, true) };
const START_TEXTS = { label: { sv: 'Tid', en: 'Time' }, errorMessage: defaultErrorMessage({ sv: 'Tid', en: 'Time' }, true) };

/**
 * A time slot with a resource (an officiant, a room). The slots themselves follow from
 * `form.fields[path].booking` (see booking/slots); the server holds and books them.
 */
export const booking: FieldTypeDefinition = {
  id: 'booking',
  palette: {
    label: { sv: 'Tidsbokning', en: 'Booking' },
    description: { sv: 'En ledig tid hos en resurs, t.ex. en vigselförrättare', en: 'A free time slot with a resource, e.g. an officiant' },
    group: 'date',
  },
  properties: [...COMMON_PROPERTIES, property('booking', 'booking', true)],
  defaults: () => ({ label: { sv: 'Välj tid', en: 'Choose a time' }, required: true, booking: defaultBookingConfig() }),
  build: (p) => {
    const config = p.booking ?? defaultBookingConfig();
    const built = leaf(p, bookingAnswerSchema(config));
    return {
      ...built,
      texts: {
        ...built.texts,
        // both parts are required in the answer, so each has an error message (SK-TXT-002)
        resource: { ...RESOURCE_TEXTS, options: Object.fromEntries(config.resources.map((r) => [r.id, r.name])) },
        start: START_TEXTS,
      },
      settings: { '': { booking: config } },
    };
  },
  read: (source) => withDefined({ ...readCommon(source), prefill: undefined, booking: source.settings['']?.booking }),
  matches: (schema) => {
    const properties = schema.properties as Record<string, JsonSchemaObject> | undefined;
    return schema.type === 'object' && !!properties && Object.keys(properties).sort().join(',') === 'resource,start' && properties.start?.format === 'date-time';
  },
};
