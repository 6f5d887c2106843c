import { Type, type Static } from '@sinclair/typebox';

const path = (description: string) => Type.String({ minLength: 1, description });
const LocalizedMessage = Type.Object(
  { sv: Type.String({ minLength: 1 }), en: Type.Optional(Type.String({ minLength: 1 })) },
  { additionalProperties: false, description: 'Shown at the field when the rule is broken; a wording from the labels when absent' },
);

export const ANSWER_RULE_KINDS = ['after', 'differs'] as const;
export type AnswerRuleKind = (typeof ANSWER_RULE_KINDS)[number];

/**
 * A rule between two answers, checked once both are given: `after` (a date later than the other
 * date: "end date after start date"), `differs` (not the same answer: "second choice differs from
 * the first"). The error is shown at `field`.
 */
export const AnswerRuleSchema = Type.Object(
  {
    kind: Type.Union(ANSWER_RULE_KINDS.map((k) => Type.Literal(k))),
    field: path('Field path the rule is about; its error is shown there'),
    other: path('Field path it is compared with'),
    message: Type.Optional(LocalizedMessage),
  },
  { additionalProperties: false },
);
export type AnswerRule = Static<typeof AnswerRuleSchema>;
