import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { hasPackageEntry, parseExtensionList } from '@etjanst/schemas';

const fromHere = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** Modules of the packages (or of the paths inside them) named */
const vendor = (packages: string[]): RegExp => new RegExp(`node_modules[\\\\/](?:${packages.join('|')})(?:[\\\\/]|$)`);

/**
 * Vendor chunks, cached apart from the app code. 'forms' (rjsf and what validators compiled at
 * publish run with) loads only with the e-service page; the admin area is a lazy chunk of its own.
 * ajv's compiler and rjsf's compiling validator are in no group: only the staff pages' chunks
 * (the designer's preview) import them, so they stay out of what a citizen's page loads.
 */
const VENDOR_GROUPS = [
  {
    name: 'react',
    priority: 3,
    packages: ['react', 'react-dom', 'scheduler', 'react-router', 'cookie', 'set-cookie-parser'],
  },
  {
    name: 'i18n',
    priority: 2,
    packages: ['i18next', 'react-i18next', 'html-parse-stringify', 'void-elements', 'use-sync-external-store'],
  },
  {
    name: 'forms',
    priority: 1,
    packages: [
      '@rjsf[\\\\/](?:core|utils)',
      '@x0k',
      'ajv[\\\\/]dist[\\\\/]runtime',
      'ajv-formats[\\\\/]dist[\\\\/]formats\\.js',
      'ajv-i18n',
      'fast-deep-equal',
      'fast-equals',
      'fast-uri', // @rjsf/utils resolves $refs with it
      'jsonpointer',
      'react-is',
    ],
  },
];

const EXTENSIONS_MODULE = 'virtual:etjanst-extensions';

/**
 * `virtual:etjanst-extensions`: the client part (`<package>/client`, its `clientExtension`) of
 * each package EXTENSIONS names when the client is built: the setting the server loads them by.
 * A package without a client part (a connector is server-only) adds nothing; a missing one stops the build.
 */
function platformExtensions(): Plugin {
  const { packages: named, invalid } = parseExtensionList(process.env.EXTENSIONS);
  if (invalid.length > 0) throw new Error(`EXTENSIONS must list npm package names separated by commas, got ${invalid.join(', ')}`);
  const packages = named.filter((name) => hasPackageEntry((s) => import.meta.resolve(s), `${name}/client`));
  return {
    name: 'etjanst-extensions',
    resolveId: (source) => (source === EXTENSIONS_MODULE ? `\0${EXTENSIONS_MODULE}` : undefined),
    load: (id) =>
      id === `\0${EXTENSIONS_MODULE}`
        ? [
            ...packages.map((name, i) => `import { clientExtension as extension${i} } from ${JSON.stringify(`${name}/client`)};`),
            `export const clientExtensions = [${packages.map((_, i) => `extension${i}`).join(', ')}];`,
          ].join('\n')
        : undefined,
  };
}

export default defineConfig({
  plugins: [react(), platformExtensions()],
  resolve: {
    alias: [
      // the client bundles the shared TypeScript source
      { find: /^@etjanst\/schemas$/, replacement: fromHere('../schemas/src/index.ts') },
      // the UI has two languages: bundle ajv-i18n's Swedish and English, not all of its 23
      { find: /^ajv-i18n$/, replacement: fromHere('src/shared/ajv-i18n-sv-en.ts') },
      // rjsf's markdown renderer: the platform's form texts are plain (src/portal/theme/plainMarkdown.tsx)
      { find: /^markdown-to-jsx\/react$/, replacement: fromHere('src/portal/theme/plainMarkdown.tsx') },
    ],
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // no polyfill: a browser without modulepreload (Safari 16, Firefox before 115) loads the same modules, unpreloaded
    modulePreload: { polyfill: false },
    rolldownOptions: {
      // The shared schemas source has no side effects: modules the client does not use (the
      // definition checker, the server's ajv setup, templates) stay out of the bundle.
      treeshake: {
        moduleSideEffects: [{ test: /[\\/]schemas[\\/]src[\\/]/, sideEffects: false }],
      },
      output: {
        codeSplitting: {
          groups: VENDOR_GROUPS.map(({ name, priority, packages }) => ({ name, priority, test: vendor(packages) })),
        },
      },
    },
  },
});
