import type { GroupMapping, StaffRole } from '@etjanst/schemas';
import type { LoaderFunctionArgs } from 'react-router';
import { STAFF_PAGES, staffLoader } from '../../staff/access';
import { deleteJson, fetchMunicipalities, getJson, postJson, segment } from '../../shared/api';

export type { GroupMapping };

export interface StaffGrant {
  id: string;
  role: StaffRole;
  /** null: every department (or a role without departments) */
  departmentId: string | null;
  /** 'group': given by the identity provider's group at each login, changed there */
  source: 'manual' | 'group';
}

export interface StaffMember {
  id: string;
  name: string;
  email: string | null;
  personalIdentityNumber: string | null;
  grants: StaffGrant[];
}

export interface NewGrant {
  personalIdentityNumber: string;
  name: string;
  email: string;
  role: StaffRole;
  departmentId?: string;
}

const staffPath = (municipality: string) => `/api/municipalities/${segment(municipality)}/staff`;

export const fetchStaff = async (municipality: string, signal?: AbortSignal): Promise<StaffMember[]> =>
  (await getJson<{ items: StaffMember[] }>(staffPath(municipality), signal)).items;


/** An identity provider a mapping may name. */
export interface MappableProvider {
  provider: string;
  kind: 'oidc' | 'saml';
  name: { sv: string; en: string };
  inEffect: boolean;
}

export interface NewGroupMapping {
  provider: string;
  group: string;
  role: StaffRole;
  departmentId?: string;
}

/** A municipality's group mappings, or (null) the installation's, which give the platform administrator role */
const mappingsPath = (municipality: string | null) => (municipality === null ? '/api/staff/group-mappings' : `/api/municipalities/${segment(municipality)}/group-mappings`);

export const fetchGroupMappings = (municipality: string | null, signal?: AbortSignal) => getJson<{ items: GroupMapping[]; providers: MappableProvider[] }>(mappingsPath(municipality), signal);

/** The municipality (for its name and departments), its staff register and its group mappings: for its administrators. */
export const staffRegisterLoader = staffLoader(STAFF_PAGES.staffRegister, async ({ params, request }: LoaderFunctionArgs) => {
  const id = params.municipality ?? '';
  const [municipalities, staff, mappings] = await Promise.all([
    fetchMunicipalities(request.signal),
    fetchStaff(id, request.signal),
    fetchGroupMappings(id, request.signal),
  ]);
  return { municipality: municipalities.find((m) => m.id === id), staff, mappings: mappings.items, providers: mappings.providers };
});

export const addGroupMapping = (municipality: string | null, mapping: NewGroupMapping) => postJson<GroupMapping>(mappingsPath(municipality), mapping);

export const removeGroupMapping = (municipality: string | null, id: string) => deleteJson(`${mappingsPath(municipality)}/${segment(id)}`);

export const grantRole = (municipality: string, grant: NewGrant) => postJson<StaffMember>(staffPath(municipality), grant);

export const removeGrant = (municipality: string, accountId: string, grantId: string) =>
  deleteJson(`${staffPath(municipality)}/${segment(accountId)}/grants/${segment(grantId)}`);
