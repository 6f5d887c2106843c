import { assembleForm, TEMPLATES, type EServiceDefinition } from '../../schemas/src/index.js';
import { templateFor } from '../../server/src/demo/seed.js';

/**
 * A fault report (no login) whose one step, "barn", is a repeating group `children` (name,
 * required; hours) of up to 100 rows; `rows`, when given, are the group's default answers.
 */
export function longGroupEService(rows?: { name?: string }[]): EServiceDefinition {
  const { form } = assembleForm([
    {
      id: 'barn',
      title: { sv: 'Barnen', en: 'The children' },
      fields: [
        {
          key: 'children',
          typeId: 'repeating-group',
          properties: {
            label: { sv: 'Barn i gruppen', en: 'Children in the group' },
            required: true,
            minItems: 1,
            maxItems: 100,
            children: [
              { key: 'name', typeId: 'short-text', properties: { label: { sv: 'Namn', en: 'Name' }, required: true, maxLength: 100 } },
              { key: 'hours', typeId: 'number', properties: { label: { sv: 'Timmar', en: 'Hours' }, minimum: 0, maximum: 50 } },
            ],
          },
        },
      ],
    },
  ]);
  if (rows) (form.schema.properties as Record<string, { default?: unknown }>)['children']!.default = rows;
  const definition = templateFor(TEMPLATES.find((t) => t.id === 'felanmalan')!, 'solbacka');
  return { ...definition, id: 'barnlista', catalogue: { ...definition.catalogue, title: { sv: 'Barnlista', en: 'List of children' } }, form, receipt: { email: false, includeAnswers: true } };
}
