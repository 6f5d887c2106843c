import { Type, type Static } from '@sinclair/typebox';
import { bilingual, optionTexts } from '@etjanst/schemas';

/** A routing rule: when the answer at `field` equals `equals`, the case goes to this unit and/or officer. First match wins. */
const RoutingRule = Type.Object(
  {
    field: Type.String({
      minLength: 1,
      ...optionTexts({ title: bilingual('Fält (sökväg)', 'Field path'), description: bilingual('T.ex. child.schoolArea, eller preferredPreschools.0 för första valet', 'E.g. child.schoolArea, or preferredPreschools.0 for the first choice') }),
    }),
    equals: Type.Union(
      [
        Type.String(optionTexts({ title: bilingual('Text', 'Text') })),
        Type.Number(optionTexts({ title: bilingual('Tal', 'Number') })),
        Type.Boolean(optionTexts({ title: bilingual('Ja eller nej', 'Yes or no') })),
      ],
      optionTexts({ title: bilingual('Svaret är', 'The answer is') }),
    ),
    unit: Type.Optional(Type.String({ minLength: 1, ...optionTexts({ title: bilingual('Handläggande enhet', 'Handling unit') }) })),
    officer: Type.Optional(Type.String({ format: 'email', ...optionTexts({ title: bilingual('Handläggare (e-post)', 'Handling officer (e-mail)') }) })),
  },
  { additionalProperties: false },
);

export const CaseManagementOptions = Type.Object(
  {
    caseType: Type.String({ minLength: 1, ...optionTexts({ title: bilingual('Ärendetyp', 'Case type'), description: bilingual('Diariets kod för ärendetypen, t.ex. BOU-FSK', "The registry's case type code, e.g. BOU-FSK") }) }),
    unit: Type.String({ minLength: 1, ...optionTexts({ title: bilingual('Handläggande enhet', 'Handling unit'), description: bilingual('När ingen regel passar', 'When no rule matches') }) }),
    officer: Type.Optional(
      Type.String({ format: 'email', ...optionTexts({ title: bilingual('Handläggare (e-post)', 'Handling officer (e-mail)'), description: bilingual('När ingen regel passar', 'When no rule matches') }) }),
    ),
    titleTemplate: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 250,
        ...optionTexts({
          title: bilingual('Ärendemening', 'Case title'),
          description: bilingual('Platshållare: {eserviceTitle}, {receiptNumber}, {applicant}, {answers.<fältets sökväg>}', 'Placeholders: {eserviceTitle}, {receiptNumber}, {applicant}, {answers.<field path>}'),
        }),
      }),
    ),
    rules: Type.Optional(Type.Array(RoutingRule, optionTexts({ title: bilingual('Fördelningsregler', 'Routing rules'), description: bilingual('Den första regeln som passar avgör', 'The first rule that matches decides') }))),
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
