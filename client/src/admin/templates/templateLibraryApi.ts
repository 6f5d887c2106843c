import type { DeliveryConnector, EServiceDefinition, LocalizedText, Topic } from '@etjanst/schemas';
import type { LoaderFunctionArgs } from 'react-router';
import { deleteJson, fetchMunicipalities, getJson, postJson, putJson, segment } from '../../shared/api';
import { STAFF_PAGES, staffLoader } from '../../staff/access';

/** One template of the library, as the server lists it (server/src/template-library/). */
export interface LibraryTemplate {
  /** The offering municipality, or "platform" for the platform's own */
  origin: string;
  originName: LocalizedText;
  id: string;
  title: LocalizedText;
  summary: LocalizedText;
  topic: Topic;
  version: number;
  offeredAt: string | null;
  own: boolean;
  leftOut: { connectors: Pick<DeliveryConnector, 'id' | 'type'>[] };
  adoptedAs: string[];
}

export interface TemplateVersion {
  origin: string;
  originName: LocalizedText;
  id: string;
  version: number;
  definition: EServiceDefinition;
}

/** Where an adopted e-service came from (null: it was not made from a template). */
export interface TemplateOrigin {
  origin: string;
  originName: LocalizedText | null;
  id: string;
  adoptedVersion: number;
  reviewedVersion: number;
  latestVersion: number | null;
  newerVersion: boolean;
}

export interface TemplateOffer {
  offered: boolean;
  offeredAt: string | null;
  version: number | null;
  adoptions: number;
}

export interface Adoption {
  id: string;
  owner: { department: string; contact: { name: string; email: string } };
}

const tenant = (municipality: string) => `/api/municipalities/${segment(municipality)}`;
const templatePath = (municipality: string, origin: string, id: string) => `${tenant(municipality)}/templates/${segment(origin)}/${segment(id)}`;
const eservicePath = (municipality: string, id: string) => `${tenant(municipality)}/eservices/${segment(id)}`;

/** The library page: the municipality and its library. */
export const templateLibraryLoader = staffLoader(STAFF_PAGES.eservices, async ({ params, request }: LoaderFunctionArgs) => {
  const id = params.municipality ?? '';
  const [municipalities, library] = await Promise.all([fetchMunicipalities(request.signal), getJson<{ items: LibraryTemplate[] }>(`${tenant(id)}/templates`, request.signal)]);
  return { municipality: municipalities.find((m) => m.id === id), templates: library.items };
});

export const adoptTemplate = (municipality: string, template: Pick<LibraryTemplate, 'origin' | 'id'>, adoption: Adoption) =>
  postJson<{ id: string }>(`${templatePath(municipality, template.origin, template.id)}/adoptions`, adoption);

export const fetchTemplateVersion = (municipality: string, origin: string, id: string, version: number) =>
  getJson<TemplateVersion>(`${templatePath(municipality, origin, id)}/versions/${version}`);

export const fetchTemplateOrigin = async (municipality: string, eserviceId: string, signal?: AbortSignal) =>
  (await getJson<{ origin: TemplateOrigin | null }>(`${eservicePath(municipality, eserviceId)}/origin`, signal)).origin;

export const markTemplateReviewed = async (municipality: string, eserviceId: string, version: number) =>
  (await postJson<{ origin: TemplateOrigin }>(`${eservicePath(municipality, eserviceId)}/origin/reviewed`, { version })).origin;

export const fetchTemplateOffer = (municipality: string, eserviceId: string, signal?: AbortSignal) => getJson<TemplateOffer>(`${eservicePath(municipality, eserviceId)}/template-offer`, signal);
export const offerTemplate = (municipality: string, eserviceId: string) => putJson<TemplateOffer>(`${eservicePath(municipality, eserviceId)}/template-offer`);
export const withdrawTemplate = (municipality: string, eserviceId: string) => deleteJson<TemplateOffer>(`${eservicePath(municipality, eserviceId)}/template-offer`);
