import { registerExtension, type PlatformExtension } from '@etjanst/schemas';

/**
 * Loads the configured extension packages (EXTENSIONS) and registers what they add: field types
 * for the catalogue and formats for the answer validator (every ajv createAjv makes). Runs once
 * at start-up, before the app takes requests; a package that is missing or malformed stops the
 * start with a message naming it. Connector plugins (issue #7) are to be loaded the same way.
 */
export async function loadExtensions(packages: readonly string[], load: (name: string) => Promise<unknown> = (name) => import(name)): Promise<PlatformExtension[]> {
  const loaded: PlatformExtension[] = [];
  for (const name of packages) {
    let module: unknown;
    try {
      module = await load(name);
    } catch (error) {
      throw new Error(`Extension package "${name}" (EXTENSIONS) cannot be loaded: ${error instanceof Error ? error.message : String(error)}`);
    }
    const extension = (module as { extension?: PlatformExtension } | undefined)?.extension;
    if (!extension) throw new Error(`Extension package "${name}" (EXTENSIONS) exports no "extension"`);
    registerExtension(extension);
    loaded.push(extension);
  }
  return loaded;
}
