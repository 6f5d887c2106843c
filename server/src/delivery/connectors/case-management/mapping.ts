import { Type, type Static } from '@sinclair/typebox';

/** A routing rule: when the answer at `field` equals `equals`, the case goes to this unit and/or officer. First match wins. */
const RoutingRule = Type.Object(
  {
    field: Type.String({ minLength: 1, title: 'Field path', description: 'E.g. child.schoolArea, or preferredPreschools.0 for the first choice' }),
    equals: Type.Union([Type.String(), Type.Number(), Type.Boolean()], { title: 'Answer' }),
    unit: Type.Optional(Type.String({ minLength: 1, title: 'Handling unit' })),
    officer: Type.Optional(Type.String({ format: 'email', title: 'Handling officer (e-mail)' })),
  },
  { additionalProperties: false },
);

export const CaseManagementOptions = Type.Object(
  {
    caseType: Type.String({ minLength: 1, title: 'Case type', description: 'The registry\'s case type code, e.g. BOU-FSK' }),
    unit: Type.String({ minLength: 1, title: 'Handling unit', description: 'When no rule matches' }),
    officer: Type.Optional(Type.String({ format: 'email', title: 'Handling officer (e-mail)', description: 'When no rule matches' })),
    titleTemplate: Type.Optional(
      Type.String({ minLength: 1, maxLength: 250, title: 'Case title', description: 'Placeholders: {eserviceTitle}, {receiptNumber}, {applicant}, {answers.<field path>}' }),
    ),
    rules: Type.Optional(Type.Array(RoutingRule, { title: 'Routing rules' })),
  },
  { additionalProperties: false },
);
export type CaseManagementOptions = Static<typeof CaseManagementOptions>;

export const DEFAULT_TITLE_TEMPLATE = '{eserviceTitle} – {receiptNumber}';

/** The answer at a dotted field path, e.g. `child.schoolArea`; a number picks a list item (`preferredPreschools.0`, the first choice). */
export function answerAt(answers: unknown, path: string): unknown {
  let value = answers;
  for (const name of path.split('.')) {
    if (Array.isArray(value)) value = /^\d+$/.test(name) ? value[Number(name)] : undefined;
    else value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
  }
  return value;
}

/** Fills a title template; a placeholder without a value becomes empty and spaces are tidied. */
export function caseTitle(template: string, values: { eserviceTitle: string; receiptNumber: string; applicant: string | undefined; answers: unknown }): string {
  return template
    .replace(/\{([A-Za-z0-9_.]+)\}/g, (_, name: string) => {
      const value = name.startsWith('answers.') ? answerAt(values.answers, name.slice('answers.'.length)) : (values as unknown as Record<string, unknown>)[name];
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
    })
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 250);
}

/** Who handles the case: the first rule whose answer matches, else the defaults. */
export function routeCase(options: CaseManagementOptions, answers: unknown): { unit: string; officer: string | undefined } {
  const rule = options.rules?.find((r) => answerAt(answers, r.field) === r.equals);
  return { unit: rule?.unit ?? options.unit, officer: rule?.officer ?? options.officer };
}
