import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const schemasSource = fileURLToPath(new URL('./schemas/src/index.ts', import.meta.url));
// an extension's server part imports the connector contract from the server: the same module the tested server code uses
const serverExtensionSource = fileURLToPath(new URL('./server/src/extensions/api.ts', import.meta.url));
const alias = { '@etjanst/schemas': schemasSource, '@etjanst/server/extension': serverExtensionSource };
/** One migrated PGlite the test databases of the server and e2e projects start as copies of */
const pgliteTemplate = fileURLToPath(new URL('./test/pglite-template.ts', import.meta.url));

/**
 * One run, several projects. The server's storage suite runs on embedded PGlite always, and a
 * second time on a PostgreSQL server when TEST_DATABASE_URL is set (.ci/run sets it when one answers).
 */
const postgres = process.env.TEST_DATABASE_URL;

const serverOnPglite = { globalSetup: [pgliteTemplate], environment: 'node' as const, testTimeout: 30_000, hookTimeout: 60_000, env: { TEST_DATABASE: 'pglite' } };
/**
 * Server tests run in the browser journeys' process so that both processes end at about the same
 * time: the publish check's browser scans, and three long ones that need no PostgreSQL run.
 */
const SERVER_BESIDE_BROWSER_TESTS = [
  'server/src/checks/checks.test.ts',
  'server/src/checks/chromium.test.ts',
  'server/src/http/access-matrix.test.ts',
  'server/src/answer-validation/answer-validation.test.ts',
  'server/src/staff/local-admin/cli.test.ts',
];

export default defineConfig({
  resolve: { alias },
  test: {
    // every core (vitest's default leaves one free, which on a 2-core machine ran the whole suite
    // one file at a time); the browser journeys still run one after another (fileParallelism below)
    maxWorkers: availableParallelism(),
    projects: [
      // the rule catalogue's first check in a file compiles the definition's schema: seconds on a loaded machine
      { resolve: { alias }, test: { name: 'schemas', include: ['schemas/src/**/*.test.ts', 'extensions/*/src/**/*.test.ts'], environment: 'node', testTimeout: 20_000 } },
      // the client's pure modules (the designer's editing model); components are tested in the browser (e2e)
      { resolve: { alias }, test: { name: 'client', include: ['client/src/**/*.test.ts'], environment: 'node' } },
      { resolve: { alias }, test: { name: 'server', include: ['server/src/**/*.test.ts'], exclude: [...configDefaults.exclude, ...SERVER_BESIDE_BROWSER_TESTS], ...serverOnPglite } },
      // test/run-tests.mjs runs these in the browser journeys' process, which would otherwise idle while the rest runs
      { resolve: { alias }, test: { name: 'server-beside-browser', include: SERVER_BESIDE_BROWSER_TESTS, ...serverOnPglite } },
      ...(postgres
        ? [
            {
              resolve: { alias },
              test: {
                name: 'server-postgres',
                // the tests whose outcome can depend on the database server: storage, transactions,
                // concurrency, several connections. Protocols (SAML, OIDC, BankID), access rules,
                // validation and rendering are named *.test.ts and run on PGlite only: PGlite is the
                // same PostgreSQL engine, so a second run of them would only double the slowest minutes
                include: ['server/src/**/*.db.test.ts', 'server/src/**/*.api.test.ts'],
                environment: 'node' as const,
                testTimeout: 30_000,
                hookTimeout: 60_000,
                env: { TEST_DATABASE: 'postgres', TEST_DATABASE_URL: postgres },
              },
            },
          ]
        : []),
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: [pgliteTemplate],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // one after another in one worker that keeps its modules: each file would otherwise load
          // the whole app again (about 6 s a file); every file starts its own app and database.
          // A one-worker project runs as a group of its own, after the others (vitest's rule)
          isolate: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
