import type { EServiceAccess, EServiceDefinition, Language, LocalizedText, Topic } from '@etjanst/schemas';
import type { LoaderFunctionArgs } from 'react-router';
import { fetchMunicipalities, getJson, postJson, segment } from '../shared/api';

export interface CatalogueItem {
  eserviceId: string;
  version: number;
  title: LocalizedText;
  summary: LocalizedText;
  topic: Topic;
  access: EServiceAccess;
}

export interface PublishedEService {
  eserviceId: string;
  version: number;
  definition: EServiceDefinition;
}

export interface Receipt {
  submissionId: string;
  receiptNumber: string;
  submittedAt: string;
}

export type Answers = Record<string, unknown>;

const municipalityPath = (municipality: string) => `/api/municipalities/${segment(municipality)}`;

export async function startLoader({ request }: LoaderFunctionArgs) {
  return { municipalities: await fetchMunicipalities(request.signal) };
}

export async function catalogueLoader({ params, request }: LoaderFunctionArgs) {
  const municipality = params.municipality ?? '';
  const [municipalities, catalogue] = await Promise.all([
    fetchMunicipalities(request.signal),
    getJson<{ items: CatalogueItem[] }>(`${municipalityPath(municipality)}/catalogue`, request.signal),
  ]);
  return {
    municipality: municipalities.find((m) => m.id === municipality) ?? { id: municipality, name: { sv: municipality } },
    items: catalogue.items,
  };
}

export async function eservicePageLoader({ params, request }: LoaderFunctionArgs) {
  const path = `${municipalityPath(params.municipality ?? '')}/catalogue/${segment(params.eserviceId ?? '')}`;
  return getJson<PublishedEService>(path, request.signal);
}

export const submitAnswers = (
  municipality: string,
  { eserviceId, version }: PublishedEService,
  answers: Answers,
  language: Language,
): Promise<Receipt> =>
  postJson<Receipt>(
    `${municipalityPath(municipality)}/eservices/${segment(eserviceId)}/versions/${version}/submissions`,
    { answers, language },
  );
