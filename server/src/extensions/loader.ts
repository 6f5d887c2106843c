import { hasPackageEntry, registerExtension, type PlatformExtension } from '@etjanst/schemas';
import type { ConnectorPlugin } from '../delivery/connector.js';
import { installConnectorPlugins } from '../delivery/plugins.js';
import type { ServerExtension } from './api.js';

/** A package the server loaded: its shared part and the connectors its server part brought. */
export interface LoadedExtension {
  packageName: string;
  extension: PlatformExtension;
  connectors: readonly ConnectorPlugin[];
}

/** Imports one entry of a package (`name`, `name/server`); undefined when the package does not export that entry. */
export type ImportEntry = (specifier: string) => Promise<unknown>;

/** Node's import; an entry the package's `exports` does not list is absent (the optional `/server`). */
const importEntry: ImportEntry = async (specifier) => (hasPackageEntry((s) => import.meta.resolve(s), specifier) ? import(specifier) : undefined);

/**
 * Loads the configured extension packages (EXTENSIONS) and registers what they add: from the
 * main export `extension`, field types for the catalogue and formats for the answer validator
 * (every ajv createAjv makes); from `<package>/server`, when the package has it,
 * `serverExtension`'s delivery connectors for every connector registry of this process. Runs once
 * at start-up (server, `npm run worker`, the check CLI), before any request or delivery; a
 * package that is missing, malformed or collides stops the start with a message naming it.
 */
export async function loadExtensions(packages: readonly string[], load: ImportEntry = importEntry): Promise<LoadedExtension[]> {
  const loaded: LoadedExtension[] = [];
  for (const name of packages) {
    const stop = (problem: string) => new Error(`Extension package "${name}" (EXTENSIONS) ${problem}`);
    const entry = async (specifier: string) => {
      try {
        return await load(specifier);
      } catch (error) {
        throw stop(`cannot be loaded: ${specifier}: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    const extension = ((await entry(name)) as { extension?: PlatformExtension } | undefined)?.extension;
    if (!extension) throw stop('exports no "extension"');
    try {
      registerExtension(extension);
    } catch (error) {
      throw stop(`cannot be registered: ${error instanceof Error ? error.message : String(error)}`);
    }
    const server = await entry(`${name}/server`);
    const serverExtension = (server as { serverExtension?: ServerExtension } | undefined)?.serverExtension;
    if (server !== undefined && !serverExtension) throw stop('has a "/server" entry that exports no "serverExtension"');
    const connectors = serverExtension?.connectors ?? [];
    if (!Array.isArray(connectors)) throw stop('has a "serverExtension" whose "connectors" is not a list');
    installConnectorPlugins(name, connectors);
    loaded.push({ packageName: name, extension, connectors });
  }
  return loaded;
}

/** For the start-up log line: the packages and the connector types they added. */
export const loadedSummary = (loaded: readonly LoadedExtension[]) => ({
  extensions: loaded.map((e) => e.packageName),
  connectors: loaded.flatMap((e) => e.connectors.map((c) => c.type)),
});
