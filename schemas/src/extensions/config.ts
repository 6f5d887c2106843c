/** An npm package name (optionally scoped), as EXTENSIONS lists them. */
const PACKAGE_NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

/**
 * The EXTENSIONS setting: package names separated by commas. Read by the server (which loads
 * them) and the client build (which bundles their widgets), so both always name the same list.
 */
export function parseExtensionList(value: string | undefined): { packages: string[]; invalid: string[] } {
  const names = (value ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  return { packages: [...new Set(names.filter((n) => PACKAGE_NAME.test(n)))], invalid: names.filter((n) => !PACKAGE_NAME.test(n)) };
}

/**
 * Whether an extension package has an entry (`<package>/server`, `<package>/client`): each part
 * is optional (a connector-only package has no client part). `resolve` is the caller's
 * `import.meta.resolve`, which throws ERR_PACKAGE_PATH_NOT_EXPORTED for an entry the package's
 * `exports` does not list; any other failure (the package is missing) is thrown on.
 */
export function hasPackageEntry(resolve: (specifier: string) => string, specifier: string): boolean {
  try {
    resolve(specifier);
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') return false;
    throw error;
  }
}
