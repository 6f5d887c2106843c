import type { CheckLimits, EServiceDefinition, Language } from '@etjanst/schemas';
import type { LoaderFunctionArgs } from 'react-router';
import { getJson, segment } from '../shared/api';

type Bilingual = Record<Language, string>;

export interface CatalogueRule {
  id: string;
  title: Bilingual;
  explanation: Bilingual;
  severity: 'must' | 'should';
  concerns: string;
  needs: 'definition' | 'scan';
}

export interface RuleCatalogue {
  version: string;
  history: { version: string; date: string; changes: Bilingual }[];
  rules: CatalogueRule[];
  /** This installation's limits of the configurable rules */
  limits: CheckLimits;
}

export interface StatementSection {
  id: string;
  heading: Bilingual;
  paragraphs: Bilingual[];
  items?: Bilingual[];
  links?: { href: string; text: Bilingual }[];
}

export interface AccessibilityStatement {
  eserviceId: string;
  version: number;
  title: Bilingual;
  status: 'full' | 'partial' | 'not-assessed';
  assessedAt: string | null;
  updatedAt: string;
  sections: StatementSection[];
}

/** The address of the catalogue as a document IT can attach to a procurement. */
export const CATALOGUE_DOCUMENT_URL = '/api/requirements/document';

const fetchRuleCatalogue = (signal: AbortSignal) => getJson<RuleCatalogue>('/api/requirements', signal);

export const rulesLoader = ({ request }: LoaderFunctionArgs) => fetchRuleCatalogue(request.signal);

/** The limits the publish gate judges SK-FORM-001 and SK-TXT-003 by, for the designer to judge the same way. */
export const fetchCheckLimits = async (signal: AbortSignal): Promise<CheckLimits> => (await fetchRuleCatalogue(signal)).limits;

/** The previewed definition's step validators in one language, compiled by the server for the scan. */
export const previewValidatorsPath = (token: string, language: Language): string => `/api/previews/${segment(token)}/form-validators/${language}.js`;

export const previewLoader = ({ params, request }: LoaderFunctionArgs) =>
  getJson<{ definition: EServiceDefinition }>(`/api/previews/${segment(params.token ?? '')}`, request.signal);

export const statementLoader = ({ params, request }: LoaderFunctionArgs) =>
  getJson<AccessibilityStatement>(
    `/api/municipalities/${segment(params.municipality ?? '')}/catalogue/${segment(params.eserviceId ?? '')}/accessibility-statement`,
    request.signal,
  );

/** The stable address of an e-service's accessibility statement. */
export const statementPath = (municipality: string, eserviceId: string) =>
  `/${segment(municipality)}/e-tjanster/${segment(eserviceId)}/tillganglighet`;
