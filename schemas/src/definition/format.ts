import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { AnswerRuleSchema } from '../answer-rules/model.js';
import { BookingConfigSchema } from '../booking/config.js';
import { CalculationSchema } from '../calculations/model.js';
import { PaymentSettingsSchema } from '../payment/model.js';
import { LocalizedTextSchema } from './localized-text.js';
import { ConditionSchema } from '../conditions/model.js';
import { FORMAT_VERSION, LANGUAGES, TOPICS, SLUG_PATTERN, LEGAL_BASES, CLASSIFICATIONS, POPULATION_REGISTER_ATTRIBUTES, BUILT_IN_CONNECTOR_TYPES, CONNECTOR_TYPE_PATTERN, SPECIAL_CATEGORIES, SECRECY_KINDS } from './vocabulary.js';
import type { ConnectorType, Language } from './vocabulary.js';

/**
 * The e-service definition format. The TypeBox declarations below are the single source:
 * they are the JSON Schema (draft-07, the draft @rjsf/validator-ajv8 uses) and, through
 * `Static`, the TypeScript types. Designer, portal, server and checker all read this.
 */
export { FORMAT_VERSION, LANGUAGES, TOPICS, SLUG_PATTERN, LEVELS_OF_ASSURANCE, LEGAL_BASES, CLASSIFICATIONS, POPULATION_REGISTER_ATTRIBUTES, BUILT_IN_CONNECTOR_TYPES, CONNECTOR_TYPE_PATTERN, SPECIAL_CATEGORIES, SECRECY_KINDS } from './vocabulary.js';
export type { Language, Topic, LevelOfAssurance, LegalBasis, Classification, PopulationRegisterAttribute, BuiltInConnectorType, ConnectorType, SpecialCategory, SecrecyKind } from './vocabulary.js';

const nonEmpty = (description: string) => Type.String({ minLength: 1, description });

export { LocalizedTextSchema, type LocalizedText } from './localized-text.js';

const Slug = (description: string) =>
  Type.String({ pattern: SLUG_PATTERN, minLength: 2, maxLength: 64, description });

const CatalogueSchema = Type.Object(
  {
    title: LocalizedTextSchema,
    summary: LocalizedTextSchema,
    topic: Type.Union(
      TOPICS.map((t) => Type.Literal(t)),
      { description: 'Catalogue entry point' },
    ),
    keywords: Type.Optional(Type.Array(nonEmpty('Search word'), { maxItems: 30 })),
  },
  { additionalProperties: false },
);

const ContactSchema = Type.Object(
  {
    name: nonEmpty('Who answers questions about the e-service'),
    email: Type.String({ format: 'email' }),
    phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9 ()-]{5,20}$' })),
  },
  { additionalProperties: false },
);

const OwnerSchema = Type.Object(
  {
    organisation: Slug('Owning municipality (slug)'),
    department: Slug('Owning department (slug)'),
    contact: ContactSchema,
  },
  { additionalProperties: false },
);

const AccessSchema = Type.Union([
  Type.Object(
    {
      login: Type.Literal('none'),
    },
    { additionalProperties: false, description: 'Anonymous e-service: no personal data may be asked for' },
  ),
  Type.Object(
    {
      login: Type.Literal('eid'),
      levelOfAssurance: Type.Union([Type.Literal(2), Type.Literal(3)]),
      companyRepresentative: Type.Boolean({
        description: 'A representative may apply on behalf of an organisation number',
      }),
    },
    { additionalProperties: false },
  ),
]);

const PersonalDataSchema = Type.Object(
  {
    collectsPersonalData: Type.Boolean(),
    purpose: Type.Optional(LocalizedTextSchema),
    legalBasis: Type.Optional(Type.Union(LEGAL_BASES.map((b) => Type.Literal(b)))),
    retention: Type.Optional(
      Type.Object(
        {
          period: Type.String({
            pattern: '^P(?:\\d+Y)?(?:\\d+M)?(?:\\d+D)?$',
            minLength: 2,
            description:
              'ISO 8601 duration longer than zero, e.g. P2Y: how long a submission is kept after it is sent; then the retention job anonymises it (once any e-archive delivery succeeded)',
          }),
          description: Type.Optional(LocalizedTextSchema),
        },
        { additionalProperties: false },
      ),
    ),
    classification: Type.Union(CLASSIFICATIONS.map((c) => Type.Literal(c))),
    /** Why personal data is collected without e-ID at level of assurance 3 (must-requirement SK-GDPR-001) */
    justification: Type.Optional(LocalizedTextSchema),
  },
  { additionalProperties: false },
);

/** Texts of one form field, keyed in `form.texts` by its field path (see fieldPaths). */
export const FieldTextsSchema = Type.Object(
  {
    label: LocalizedTextSchema,
    help: Type.Optional(LocalizedTextSchema),
    errorMessage: Type.Optional(LocalizedTextSchema),
    options: Type.Optional(
      Type.Record(Type.String(), LocalizedTextSchema, { description: 'Label per enum value' }),
    ),
  },
  { additionalProperties: false },
);
export type FieldTexts = Static<typeof FieldTextsSchema>;

/**
 * Designer metadata of one field, keyed in `form.fields` by its field path. Shared by the
 * designer (which catalogue type made the field), the must-requirement rules (personal data)
 * and the portal. Never changes what an answer must look like: that is the form schema's job.
 */
export const FieldSettingsSchema = Type.Object(
  {
    fieldType: Type.Optional(Type.String({ minLength: 1, description: 'Field catalogue type id that made this field' })),
    personalData: Type.Optional(
      Type.Boolean({ description: 'The answer is personal data (GDPR), e.g. free text about a person' }),
    ),
    specialCategory: Type.Optional(
      Type.Union(SPECIAL_CATEGORIES.map((c) => Type.Literal(c)), { description: 'The answer is a special category of personal data (GDPR art. 9, offences art. 10), e.g. health' }),
    ),
    secrecy: Type.Optional(
      Type.Union(SECRECY_KINDS.map((k) => Type.Literal(k)), { description: 'The answer falls under secrecy (OSL), e.g. social-services (26 kap.)' }),
    ),
    booking: Type.Optional(BookingConfigSchema),
  },
  { additionalProperties: false },
);
export type FieldSettings = Static<typeof FieldSettingsSchema>;

const StepSchema = Type.Object(
  {
    id: Slug('Step id'),
    title: LocalizedTextSchema,
    fields: Type.Array(Type.String({ minLength: 1 }), {
      minItems: 1,
      description: 'Top-level property names shown on this step, in order',
    }),
    /** shown only when the condition holds; otherwise its fields are neither required nor accepted */
    showWhen: Type.Optional(ConditionSchema),
  },
  { additionalProperties: false },
);
export type FormStep = Static<typeof StepSchema>;

/** A JSON Schema (draft-07) object; its validity is checked by validateDefinition. */
export type JsonSchemaObject = { [keyword: string]: unknown };
const JsonObject = (description: string) =>
  Type.Unsafe<JsonSchemaObject>(Type.Object({}, { additionalProperties: true, description }));

const FormSchema = Type.Object(
  {
    schema: Type.Unsafe<JsonSchemaObject>(
      Type.Object(
        {
          type: Type.Literal('object'),
          properties: Type.Record(Type.String(), Type.Any()),
        },
        {
          additionalProperties: true,
          description: 'JSON Schema draft-07 of the answers; conditions as if/then/else in allOf, or dependencies',
        },
      ),
    ),
    uiSchema: JsonObject('rjsf uiSchema: widgets and options, no human texts'),
    texts: Type.Record(Type.String(), FieldTextsSchema, {
      description: 'Labels, help and error texts per field path',
    }),
    steps: Type.Array(StepSchema, { minItems: 1 }),
    fields: Type.Optional(
      Type.Record(Type.String(), FieldSettingsSchema, { description: 'Designer metadata per field path' }),
    ),
    calculations: Type.Optional(
      Type.Array(CalculationSchema, { description: 'Values computed from other answers, in order' }),
    ),
    answerRules: Type.Optional(
      Type.Array(AnswerRuleSchema, { maxItems: 100, description: 'Rules between two answers (a date after another, two answers that differ)' }),
    ),
  },
  { additionalProperties: false },
);

const PrefillSchema = Type.Object(
  {
    field: Type.String({ minLength: 1, description: 'Field path to fill' }),
    source: Type.Literal('population-register'),
    attribute: Type.Union(POPULATION_REGISTER_ATTRIBUTES.map((a) => Type.Literal(a))),
    editable: Type.Boolean({ description: 'May the citizen correct the prefilled value' }),
  },
  { additionalProperties: false },
);

const SigningSchema = Type.Object(
  {
    required: Type.Boolean(),
    text: Type.Optional(LocalizedTextSchema),
    coSignerFields: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        description: 'Field paths holding the personal identity numbers of required co-signers',
      }),
    ),
  },
  { additionalProperties: false },
);

const ReceiptSchema = Type.Object(
  {
    email: Type.Boolean({ description: 'Send the receipt by e-mail' }),
    emailField: Type.Optional(Type.String({ minLength: 1, description: 'Field path of the e-mail address' })),
    message: Type.Optional(LocalizedTextSchema),
    includeAnswers: Type.Boolean(),
  },
  { additionalProperties: false },
);

const DeliverySchema = Type.Object(
  {
    connectors: Type.Array(
      Type.Object(
        {
          id: Slug('Connector instance id'),
          type: Type.Unsafe<ConnectorType>(
            Type.String({
              pattern: CONNECTOR_TYPE_PATTERN,
              maxLength: 64,
              examples: [...BUILT_IN_CONNECTOR_TYPES],
              description: `Connector plugin type: built in (${BUILT_IN_CONNECTOR_TYPES.join(', ')}) or added by an extension package; the server refuses a type it has no plugin for`,
            }),
          ),
          options: JsonObject('Options validated by the connector plugin'),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/** Colours of the portal for this e-service; unset ones are the platform's (DEFAULT_THEME). */
const HexColour = (description: string) => Type.Optional(Type.String({ pattern: '^#[0-9a-fA-F]{6}$', description }));
const ThemeSchema = Type.Object(
  {
    text: HexColour('Body text'),
    background: HexColour('Page background'),
    primary: HexColour('Links, buttons and headings accent'),
    error: HexColour('Error texts'),
  },
  { additionalProperties: false },
);
export type EServiceTheme = Static<typeof ThemeSchema>;

/** What the accessibility statement (tillgänglighetsredogörelse) needs beyond the scan. */
const AccessibilitySchema = Type.Object(
  {
    feedback: Type.Object(
      {
        email: Type.String({ format: 'email', description: 'Where users report accessibility problems' }),
        phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9 ()-]{5,20}$' })),
      },
      { additionalProperties: false },
    ),
    nonAccessibleContent: Type.Optional(
      Type.Array(
        Type.Object(
          {
            description: LocalizedTextSchema,
            reason: LocalizedTextSchema,
          },
          { additionalProperties: false, description: 'Known content that is not accessible, and why (e.g. disproportionate burden)' },
        ),
      ),
    ),
  },
  { additionalProperties: false },
);
export type EServiceAccessibility = Static<typeof AccessibilitySchema>;

const BenefitSchema = Type.Object(
  {
    manualMinutesPerCase: Type.Number({ minimum: 0 }),
    digitalMinutesPerCase: Type.Number({ minimum: 0 }),
    costPerHourSek: Type.Number({ minimum: 0 }),
    expectedCasesPerYear: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);

export const EServiceDefinitionSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    formatVersion: Type.Literal(FORMAT_VERSION),
    id: Slug('Stable id of the e-service'),
    languages: Type.Array(Type.Union(LANGUAGES.map((l) => Type.Literal(l))), {
      minItems: 1,
      uniqueItems: true,
      description: 'Enabled languages; Swedish is required',
      contains: Type.Literal('sv'),
    }),
    catalogue: CatalogueSchema,
    owner: OwnerSchema,
    access: AccessSchema,
    personalData: PersonalDataSchema,
    form: FormSchema,
    prefill: Type.Array(PrefillSchema),
    signing: SigningSchema,
    receipt: ReceiptSchema,
    delivery: DeliverySchema,
    benefit: BenefitSchema,
    theme: Type.Optional(ThemeSchema),
    accessibility: Type.Optional(AccessibilitySchema),
    payment: Type.Optional(PaymentSettingsSchema),
  },
  {
    additionalProperties: false,
    $id: 'urn:etjanst:eservice-definition:1.0',
    title: 'E-service definition',
  },
);

export type EServiceDefinition = Static<typeof EServiceDefinitionSchema>;
export type EServiceAccess = EServiceDefinition['access'];
export type DeliveryConnector = EServiceDefinition['delivery']['connectors'][number];

/** Plain JSON (no TypeBox symbols) of the format, for publishing at a URL and for other tools. */
export function definitionFormatJsonSchema(): Record<string, unknown> {
  return JSON.parse(JSON.stringify(EServiceDefinitionSchema as TSchema)) as Record<string, unknown>;
}
