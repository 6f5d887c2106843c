import { STAFF_PAGES, staffLoader } from '../../staff/access';
import { deleteJson, getJson, postJson, putJson, segment } from '../../shared/api';
import { fetchGroupMappings } from '../staff/staffApi';

export type ProviderKind = 'oidc' | 'saml';

/** A staff identity provider as GET /api/staff/identity-providers lists it (never a client secret). */
export interface IdentityProvider {
  id: string;
  kind: ProviderKind;
  name: { sv: string; en: string };
  /** configuration: read-only here */
  origin: 'configuration' | 'database';
  editable: boolean;
  inEffect: boolean;
  /** `oidc:<id>` or `saml:<id>`: what group mappings name */
  loginMethod: string;
  issuer?: string;
  clientId?: string;
  groupsClaim?: string;
  /** OIDC: to register at the provider */
  redirectUri?: string;
  /** OIDC: to register too, for single logout */
  postLogoutRedirectUri?: string;
  entityId?: string;
  ssoUrl?: string;
  /** SAML: the IdP's single logout service; none: logging out stays on the platform */
  sloUrl?: string;
  signingCerts?: string[];
  nameIdFormat?: string;
  /** SAML: our metadata, for the IdP */
  spMetadataUrl?: string;
  updatedAt?: string;
  updatedBy?: string;
}

/** What the form sends: the fields of its kind; an empty client secret on replace keeps the stored one. */
export type ProviderInput = Record<string, unknown> & { kind: ProviderKind; name: { sv: string; en: string } };

const PATH = '/api/staff/identity-providers';

/** The providers, the kinds one may be added of, and the groups that give the platform administrator role: for platform administrators. */
export const identityProvidersLoader = staffLoader(STAFF_PAGES.identityProviders, async ({ request }) => {
  const [providers, mappings] = await Promise.all([getJson<{ items: IdentityProvider[]; kinds: ProviderKind[] }>(PATH, request.signal), fetchGroupMappings(null, request.signal)]);
  return { ...providers, mappings: mappings.items, mappableProviders: mappings.providers };
});

export const createProvider = (input: ProviderInput) => postJson<IdentityProvider>(PATH, input);
export const replaceProvider = (id: string, input: ProviderInput) => putJson<IdentityProvider>(`${PATH}/${segment(id)}`, input);
export const deleteProvider = (id: string) => deleteJson(`${PATH}/${segment(id)}`);

/** The PEM certificates in a text (one or several pasted after each other). */
export const pemBlocks = (text: string): string[] => text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? (text.trim() ? [text.trim()] : []);
