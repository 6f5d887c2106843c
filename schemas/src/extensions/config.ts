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
