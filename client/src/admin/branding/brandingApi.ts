import type { BrandColours, LocalizedText } from '@etjanst/schemas';
import type { LoaderFunctionArgs } from 'react-router';
import { deleteJson, getJson, putJson } from '../../shared/api';
import { brandingPath, type MunicipalityBranding } from '../../shared/municipalityBranding';
import { STAFF_PAGES, staffLoader } from '../../staff/access';

export interface BrandingChange {
  displayName: LocalizedText | null;
  hostName: string | null;
  colours: BrandColours | null;
}

export const brandingLoader = staffLoader(STAFF_PAGES.branding, async ({ params, request }: LoaderFunctionArgs) => ({
  branding: await getJson<MunicipalityBranding>(brandingPath(params.municipality ?? ''), request.signal),
}));

export const saveBranding = (municipality: string, change: BrandingChange) => putJson<MunicipalityBranding>(brandingPath(municipality), change);

/** The file's bytes as base64, as the logo route takes them. */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export const uploadLogo = async (municipality: string, file: File) => putJson<MunicipalityBranding>(`${brandingPath(municipality)}/logo`, { data: await base64Of(file) });

export const removeLogo = (municipality: string) => deleteJson(`${brandingPath(municipality)}/logo`);
