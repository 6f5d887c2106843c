import type { EServiceDefinition, EServiceTheme } from '../definition/format.js';

/** The platform's colours (client/src/shared/theme.css); an e-service's theme overrides some. */
export const DEFAULT_THEME: Required<EServiceTheme> = {
  text: '#1b1b1b',
  background: '#ffffff',
  primary: '#0b4f8a',
  error: '#b3261e',
};

export const themeOf = (definition: EServiceDefinition): Required<EServiceTheme> => ({ ...DEFAULT_THEME, ...definition.theme });
