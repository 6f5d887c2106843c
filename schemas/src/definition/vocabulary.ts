/**
 * The definition format's vocabulary: the values its fields may take. Apart from the TypeBox
 * declarations (format.ts, which re-exports these), so a page that only needs the words (the
 * citizen's portal) does not load the format's JSON Schema and TypeBox with them.
 */
export const FORMAT_VERSION = '1.0';

export const LANGUAGES = ['sv', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Catalogue entry points ("ämnesingångar"), after Stockholm's eight. */
export const TOPICS = [
  'school',
  'building',
  'business',
  'traffic',
  'care',
  'culture',
  'politics',
  'feedback',
] as const;
export type Topic = (typeof TOPICS)[number];

export const SLUG_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$';

export const LEVELS_OF_ASSURANCE = [2, 3] as const;
export type LevelOfAssurance = (typeof LEVELS_OF_ASSURANCE)[number];

/** GDPR art. 6(1) a-f. */
export const LEGAL_BASES = [
  'consent',
  'contract',
  'legal-obligation',
  'vital-interests',
  'public-task',
  'legitimate-interests',
] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

export const CLASSIFICATIONS = ['open', 'internal', 'confidential', 'strictly-confidential'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

/** Special categories of personal data (GDPR art. 9, and offences under art. 10): a field that holds one says which. */
export const SPECIAL_CATEGORIES = [
  'health',
  'ethnic-origin',
  'political-opinions',
  'religious-beliefs',
  'trade-union-membership',
  'genetic',
  'biometric',
  'sex-life',
  'criminal-offences',
] as const;
export type SpecialCategory = (typeof SPECIAL_CATEGORIES)[number];

/** Secrecy under the Public Access to Information and Secrecy Act a field's answer falls under (OSL 26 kap.: social services). */
export const SECRECY_KINDS = ['social-services'] as const;
export type SecrecyKind = (typeof SECRECY_KINDS)[number];

export const POPULATION_REGISTER_ATTRIBUTES = [
  'personalIdentityNumber',
  'givenName',
  'surname',
  'fullName',
  'streetAddress',
  'postalCode',
  'city',
  'children',
] as const;
export type PopulationRegisterAttribute = (typeof POPULATION_REGISTER_ATTRIBUTES)[number];

/** The connector types built into the platform; extension packages (EXTENSIONS) add their own. */
export const BUILT_IN_CONNECTOR_TYPES = ['email', 'webhook', 'case-management', 'e-archive'] as const;
export type BuiltInConnectorType = (typeof BUILT_IN_CONNECTOR_TYPES)[number];
/** A built-in connector type or an extension's (any slug); `string & {}` keeps the built-in names suggested by editors. */
export type ConnectorType = BuiltInConnectorType | (string & {});
/** What a connector type looks like; which types exist is decided where the plugins are known (the server's registry). */
export const CONNECTOR_TYPE_PATTERN = '^[a-z][a-z0-9-]*$';
