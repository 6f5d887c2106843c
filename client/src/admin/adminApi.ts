import type { DuplicateTitle, LocalizedText, MaturityLevel } from '@etjanst/schemas';
import { fetchMunicipalities, getJson, postJson, segment } from '../shared/api';
import { municipalitiesFor, STAFF_PAGES, staffLoader } from '../staff/access';

export type EServiceStatus = 'draft' | 'published' | 'unpublished';

export interface AdminEService {
  id: string;
  title: LocalizedText;
  status: EServiceStatus;
  publishedVersion: number | null;
  latestVersion: number;
  revision: number;
  /** The draft has changes that the published version lacks. */
  unpublishedChanges: boolean;
  updatedAt: string;
  /** SKL maturity level (0-4) derived from the draft's configuration */
  maturityLevel: MaturityLevel;
  /** The department that owns it (designers and approvers hold their roles per department) */
  departmentId: string;
  /** The latest save is not valid yet: saved with its findings, refused at review and publishing */
  unfinished: boolean;
  /** The person may publish it without a review (an approver where the four-eyes rule is off) */
  mayPublishDirectly: boolean;
}

/** The query parameter naming the municipality being administered. */
export const MUNICIPALITY_PARAM = 'kommun';

const eservicesPath = (municipality: string) => `/api/municipalities/${segment(municipality)}/eservices`;
const eservicePath = (municipality: string, id: string) => `${eservicesPath(municipality)}/${segment(id)}`;

/** Any staff member may come here; the e-services only of the municipalities where they may read them. */
export const adminLoader = staffLoader(STAFF_PAGES.start, async ({ request }, staff) => {
  const municipalities = municipalitiesFor(await fetchMunicipalities(request.signal), staff.grants, STAFF_PAGES.eservices);
  const wanted = new URL(request.url).searchParams.get(MUNICIPALITY_PARAM);
  const selected = municipalities.find((m) => m.id === wanted) ?? municipalities[0];
  const eservices = selected
    ? (await getJson<{ items: AdminEService[] }>(eservicesPath(selected.id), request.signal)).items
    : [];
  return { municipalities, selected, eservices };
});

export const publishEService = (municipality: string, id: string): Promise<{ version: number }> =>
  postJson(`${eservicePath(municipality, id)}/publish`);

export const unpublishEService = (municipality: string, id: string): Promise<unknown> =>
  postJson(`${eservicePath(municipality, id)}/unpublish`);

export const exportUrl = (municipality: string, id: string): string => `${eservicePath(municipality, id)}/export`;

/** Imports a definition; `warnings` names other e-services with the same title (imported all the same). */
export const importDefinition = (municipality: string, definition: unknown, replace: boolean): Promise<{ warnings: DuplicateTitle[] }> =>
  postJson(`${eservicesPath(municipality)}/import${replace ? '?replace=true' : ''}`, definition);
