import type { BrandColours, LocalizedText } from '@etjanst/schemas';
import { useEffect, useState } from 'react';
import { getJson, segment } from './api';

/** GET /api/municipalities/:municipality/branding */
export interface MunicipalityBranding {
  municipalityId: string;
  name: LocalizedText;
  displayName: LocalizedText | null;
  hostName: string | null;
  colours: BrandColours | null;
  shownColours: BrandColours;
  logoUrl: string | null;
}

export const brandingPath = (municipality: string) => `/api/municipalities/${segment(municipality)}/branding`;

/** The colours as the platform's CSS custom properties (theme.css); the header band is the primary colour itself. */
const PROPERTIES: Array<[string, keyof BrandColours]> = [
  ['--primary', 'primary'],
  ['--primary-dark', 'primary'],
  ['--on-primary', 'onPrimary'],
  ['--focus', 'focus'],
];

/**
 * The municipality's look on its pages (undefined: no municipality, or not loaded): its colours
 * are set while they are shown; without colours of its own the platform's stay. A municipality
 * that cannot be loaded is shown in the platform's look: the page itself says what is wrong.
 */
export function useMunicipalityBranding(municipality: string | undefined): MunicipalityBranding | undefined {
  const [branding, setBranding] = useState<MunicipalityBranding>();
  useEffect(() => {
    setBranding(undefined);
    if (!municipality) return;
    const controller = new AbortController();
    getJson<MunicipalityBranding>(brandingPath(municipality), controller.signal).then(setBranding, () => undefined);
    return () => controller.abort();
  }, [municipality]);
  const colours = branding?.colours;
  useEffect(() => {
    if (!colours) return;
    const style = document.documentElement.style;
    for (const [property, key] of PROPERTIES) style.setProperty(property, colours[key]);
    return () => {
      for (const [property] of PROPERTIES) style.removeProperty(property);
    };
  }, [colours]);
  return branding;
}
