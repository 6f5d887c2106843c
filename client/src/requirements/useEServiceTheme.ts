import type { EServiceTheme } from '@etjanst/schemas';
import { useEffect } from 'react';

/** The theme's colours as the platform's CSS custom properties (shared/theme.css), while the page is shown. */
const PROPERTIES: Record<keyof EServiceTheme, string> = {
  text: '--text',
  background: '--background',
  primary: '--primary',
  error: '--error',
};

/** Shows an e-service in its own colours; the must-requirements check their contrast before publishing. */
export function useEServiceTheme(theme: EServiceTheme | undefined): void {
  useEffect(() => {
    if (!theme) return;
    const style = document.documentElement.style;
    const set = Object.entries(theme).filter(([key, value]) => value && key in PROPERTIES) as [keyof EServiceTheme, string][];
    for (const [key, value] of set) style.setProperty(PROPERTIES[key], value);
    return () => {
      for (const [key] of set) style.removeProperty(PROPERTIES[key]);
    };
  }, [theme]);
}
