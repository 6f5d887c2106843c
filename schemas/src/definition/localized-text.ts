import { Type, type Static } from '@sinclair/typebox';

const nonEmpty = (description: string) => Type.String({ minLength: 1, description });

/** Its own module so parts of the format declared elsewhere (booking) can use it without an import cycle. */
export const LocalizedTextSchema = Type.Object(
  { sv: nonEmpty('Swedish text'), en: Type.Optional(nonEmpty('English text')) },
  { additionalProperties: false, description: 'A text in Swedish (always) and English' },
);
export type LocalizedText = Static<typeof LocalizedTextSchema>;
