import type { DefinitionProblem, DuplicateTitle, EServiceDefinition } from '@etjanst/schemas';
import type { LoaderFunctionArgs } from 'react-router';
import type { AdminEService } from '../admin/adminApi';
import type { Connector } from '../admin/deliveriesApi';
import { fetchMunicipalities, getJson, postJson, putJson, segment } from '../shared/api';
import { STAFF_PAGES, staffLoader } from '../staff/access';
import type { ConnectorType } from './settings/connectors';

/** A stored draft as the designer API returns it: as last saved, valid or not. */
export interface StoredDraft extends AdminEService {
  definition: EServiceDefinition;
  /** What keeps an unfinished draft from review and publishing, as the server found it (none when valid) */
  problems: DefinitionProblem[];
  /** Other e-services of the municipality with the same title: a warning, not a refusal */
  warnings: DuplicateTitle[];
}

export interface VersionSummary {
  version: number;
  publishedAt: string;
  draftRevision: number;
}

const eservicesPath = (municipality: string) => `/api/municipalities/${segment(municipality)}/eservices`;
const eservicePath = (municipality: string, id: string) => `${eservicesPath(municipality)}/${segment(id)}`;

export const fetchDraft = (municipality: string, id: string, signal?: AbortSignal): Promise<StoredDraft> =>
  getJson(eservicePath(municipality, id), signal);

/** Saves over the revision the designer edited; someone else's newer save makes this a 412. */
export const saveDraft = (municipality: string, definition: EServiceDefinition, revision: number): Promise<StoredDraft> =>
  putJson(eservicePath(municipality, definition.id), definition, { 'If-Match': `"${revision}"` });

export const createDraft = (municipality: string, definition: EServiceDefinition): Promise<StoredDraft> =>
  postJson(eservicesPath(municipality), definition);

/** Makes a published version the draft, over the revision the designer has (a newer save by someone else makes this a 412). */
export const restoreVersion = (municipality: string, id: string, version: number, revision: number): Promise<StoredDraft> =>
  postJson(`${eservicePath(municipality, id)}/versions/${version}/restore`, undefined, { 'If-Match': `"${revision}"` });

export const fetchVersions = async (municipality: string, id: string): Promise<VersionSummary[]> =>
  (await getJson<{ items: VersionSummary[] }>(`${eservicePath(municipality, id)}/versions`)).items;

export const fetchVersion = async (municipality: string, id: string, version: number): Promise<EServiceDefinition> =>
  (await getJson<{ definition: EServiceDefinition }>(`${eservicePath(municipality, id)}/versions/${version}`)).definition;

/** Every connector the platform has, with its options schema (for the settings' forms and the browser's check). */
export const fetchConnectorTypes = async (signal: AbortSignal): Promise<ConnectorType[]> =>
  (await getJson<{ items: ConnectorType[] }>('/api/connector-types', signal)).items;

/** The e-mail domains the municipality declared its own, which SK-GDPR-005 judges e-mail delivery by. */
export const fetchMailDomains = async (municipality: string, signal: AbortSignal): Promise<string[]> =>
  (await getJson<{ domains: string[] }>(`/api/municipalities/${segment(municipality)}/mail-domains`, signal)).domains;

/** The saved draft's connectors with their last test delivery. */
export const fetchSavedConnectors = async (municipality: string, id: string, signal: AbortSignal): Promise<Connector[]> =>
  (await getJson<{ items: Connector[] }>(`${eservicePath(municipality, id)}/connectors`, signal)).items;

async function municipalityOf({ params, request }: LoaderFunctionArgs) {
  const municipality = (await fetchMunicipalities(request.signal)).find((m) => m.id === params.municipality);
  if (!municipality) throw new Response('', { status: 404 });
  return municipality;
}

/** The designer on a stored draft: for whoever may read the municipality's e-services (only approvers publish). */
export const designerLoader = staffLoader(STAFF_PAGES.eservices, async (args) => {
  const [municipality, draft] = await Promise.all([
    municipalityOf(args),
    fetchDraft(args.params.municipality ?? '', args.params.eserviceId ?? '', args.request.signal),
  ]);
  return { municipality, draft };
});

/** A new e-service: for the municipality's designers. */
export const newEServiceLoader = staffLoader(STAFF_PAGES.design, async (args) => ({ municipality: await municipalityOf(args) }));
