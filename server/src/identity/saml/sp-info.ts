import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ENTITY_CATEGORY, type ServiceProviderInfo } from './config.js';

const Bilingual = Type.Object({ sv: Type.String({ minLength: 1, maxLength: 500 }), en: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });
const HttpsUrl = Type.String({ pattern: '^https://[^\\s<>"]+$', maxLength: 500 });
const Contact = Type.Object(
  { company: Type.String({ minLength: 1, maxLength: 200 }), email: Type.String({ pattern: '^[^\\s@<>"]+@[^\\s@<>"]+\\.[^\\s@<>"]+$', maxLength: 200 }) },
  { additionalProperties: false },
);

/** SAML_SP_INFO_FILE: what our SP metadata says about the service and who runs it. */
export const ServiceProviderInfoSchema = Type.Object(
  {
    organization: Type.Object({ name: Bilingual, displayName: Bilingual, url: Type.Object({ sv: HttpsUrl, en: HttpsUrl }, { additionalProperties: false }) }, { additionalProperties: false }),
    contacts: Type.Object({ technical: Contact, support: Contact }, { additionalProperties: false }),
    displayName: Bilingual,
    description: Bilingual,
    logo: Type.Object(
      { url: HttpsUrl, width: Type.Integer({ minimum: 16, maximum: 1000 }), height: Type.Integer({ minimum: 16, maximum: 1000 }) },
      { additionalProperties: false },
    ),
    /** Default: loa3-pnr and public-sector-sp */
    entityCategories: Type.Optional(Type.Array(Type.String({ pattern: '^https?://\\S+$', maxLength: 300 }), { minItems: 1, maxItems: 20 })),
  },
  { additionalProperties: false },
);
type ServiceProviderInfoFile = Static<typeof ServiceProviderInfoSchema>;

/** What the platform's citizen services need: personnummer at level 3, as a public sector service. */
export const DEFAULT_ENTITY_CATEGORIES = [ENTITY_CATEGORY.loa3Pnr, ENTITY_CATEGORY.publicSectorSp];

/** The file's content, or problems named by their place in it. */
export function parseServiceProviderInfo(text: string, problems: string[], variable = 'SAML_SP_INFO_FILE'): ServiceProviderInfo | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    problems.push(`${variable} is not valid JSON`);
    return undefined;
  }
  if (!Value.Check(ServiceProviderInfoSchema, parsed)) {
    for (const error of [...Value.Errors(ServiceProviderInfoSchema, parsed)].slice(0, 5)) problems.push(`${variable}: ${error.path || '/'} ${error.message}`);
    return undefined;
  }
  const info: ServiceProviderInfoFile = parsed;
  return { ...info, entityCategories: info.entityCategories ?? DEFAULT_ENTITY_CATEGORIES };
}

/** Demo mode's description: the platform's own name and example contacts, the logo it serves itself. */
export function demoServiceProviderInfo(publicUrl: string): ServiceProviderInfo {
  const base = publicUrl.replace(/\/$/, '');
  return {
    organization: {
      name: { sv: 'E-tjänstplattformen (demo)', en: 'The e-service platform (demo)' },
      displayName: { sv: 'E-tjänster för Ekdala och Solbacka', en: 'E-services of Ekdala and Solbacka' },
      url: { sv: `${base}/`, en: `${base}/` },
    },
    contacts: {
      technical: { company: 'E-tjänstplattformen (demo)', email: 'drift@etjanst.example.se' },
      support: { company: 'E-tjänstplattformen (demo)', email: 'support@etjanst.example.se' },
    },
    displayName: { sv: 'Kommunens e-tjänster', en: 'The municipality’s e-services' },
    description: {
      sv: 'Ansök, anmäl och följ dina ärenden hos kommunen.',
      en: 'Apply, report and follow your cases with the municipality.',
    },
    logo: { url: `${base}/logo.svg`, width: 64, height: 64 },
    entityCategories: DEFAULT_ENTITY_CATEGORIES,
  };
}
