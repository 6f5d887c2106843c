import { Type, type Static } from '@sinclair/typebox';
import { LocalizedTextSchema } from '../definition/localized-text.js';
import { DEFAULT_PAY_WITHIN_MINUTES, MAX_FEE_SEK, MIN_FEE_SEK } from './limits.js';


export const FeeSchema = Type.Union([
  Type.Object(
    { kind: Type.Literal('fixed'), amount: Type.Number({ minimum: MIN_FEE_SEK, maximum: MAX_FEE_SEK, description: 'Kronor (SEK), at most two decimals' }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('calculated'),
      field: Type.String({ minLength: 1, description: 'A calculated number field (form.calculations) whose result is the fee in kronor; 0 means no fee' }),
    },
    { additionalProperties: false },
  ),
]);
export type Fee = Static<typeof FeeSchema>;

export const PaymentSettingsSchema = Type.Object(
  {
    fee: FeeSchema,
    /** What the fee is for: shown on the summary and sent as the payment's message (Swish shows at most 50 characters) */
    description: LocalizedTextSchema,
    payWithinMinutes: Type.Optional(
      Type.Integer({ minimum: 5, maximum: 1440, description: `Minutes an unpaid submission waits for its payment before it expires and its booking is released; default ${DEFAULT_PAY_WITHIN_MINUTES}` }),
    ),
  },
  { additionalProperties: false, description: 'A fee the citizen pays after the summary; the submission is delivered only once paid' },
);
export type PaymentSettings = Static<typeof PaymentSettingsSchema>;
