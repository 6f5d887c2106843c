import type { JsonSchemaObject, LocalizedText } from '../definition/format.js';
import type { ConditionOperator } from './clauses.js';

/** How the designer says each operator ("visa när <fält> <är> <värde>"). */
export const OPERATOR_LABELS: Record<ConditionOperator, LocalizedText> = {
  is: { sv: 'är', en: 'is' },
  isNot: { sv: 'är inte', en: 'is not' },
  contains: { sv: 'innehåller', en: 'contains' },
  greaterThan: { sv: 'är större än', en: 'is greater than' },
};

/**
 * The operators that mean something for a field, by its schema: a choice list can contain a
 * value, a repeating group can have more rows than a number, a date can be later than another.
 * The designer offers only these; an empty list means the field cannot drive a condition.
 */
export function conditionOperatorsFor(schema: JsonSchemaObject): ConditionOperator[] {
  const items = schema.type === 'array' && typeof schema.items === 'object' ? (schema.items as JsonSchemaObject) : undefined;
  if (items) return items.type === 'object' ? ['greaterThan'] : ['contains', 'greaterThan'];
  switch (schema.type) {
    case 'number':
    case 'integer':
      return ['is', 'isNot', 'greaterThan'];
    case 'boolean':
      return schema.const === undefined ? ['is', 'isNot'] : [];
    case 'string':
      if (Array.isArray(schema.enum)) return ['is', 'isNot'];
      if (schema.format === 'date') return ['is', 'isNot', 'greaterThan'];
      return schema.format === 'attachment-id' ? [] : ['is', 'isNot', 'contains'];
    default:
      return [];
  }
}
