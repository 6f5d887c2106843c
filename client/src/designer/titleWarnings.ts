import { comparableTitle, type DuplicateTitle, type LocalizedText } from '@etjanst/schemas';

/**
 * The server's warnings of e-services with the same title that still concern the title on screen:
 * a title changed since the last save has none until the save answers again (an unfinished draft may have no title).
 */
export function currentTitleWarnings(warnings: readonly DuplicateTitle[], title: LocalizedText | undefined): DuplicateTitle[] {
  return warnings.filter((warning) => {
    const own = title?.[warning.language];
    return own !== undefined && comparableTitle(own) === comparableTitle(warning.title);
  });
}
