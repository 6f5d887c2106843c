import type { ReactNode } from 'react';

/**
 * Stands in for markdown-to-jsx's `Markdown`, which rjsf's core imports for descriptions and help
 * marked `ui:enableMarkdownInDescription` and for its own developer messages. The platform's
 * texts are plain (the theme draws descriptions and help itself, and the designer offers no
 * markdown), so the text is shown as written and the parser (30 KB gzip) stays out of the
 * citizen's page. Aliased in vite.config.ts.
 */
export function Markdown({ children }: { children?: ReactNode }) {
  return <>{children}</>;
}
