import {
  bilingual,
  checkableDefinitionProblems,
  checkDefinition,
  failedMustRules,
  type CheckOptions,
  type CheckReport,
  type ConnectorTest,
  type ConnectorTypeFacts,
  type DefinitionProblem,
  type EServiceDefinition,
} from '@etjanst/schemas';
import { patternProblems } from '../answer-validation/patterns.js';
import { ConnectorRegistry } from '../delivery/plugins.js';
import { Problem } from '../problems/problem.js';
import type { BrowserScanner } from './browser-scan.js';

/** The latest test delivery per connector of an e-service (built by the delivery feature). */
export type ConnectorTestsLookup = (municipalityId: string, eserviceId: string) => Promise<Record<string, ConnectorTest>>;

/** What every check of this installation tells the rules besides the definition. */
export interface InstallationFacts {
  /** What each connector type's plugin declares (SK-GDPR-003); asked at each check, since extensions install theirs at start-up */
  connectorTypes: () => Record<string, ConnectorTypeFacts>;
  /** What the connector plugins refuse in a definition (unknown type, missing options), as POST /api/definitions/validate does; absent: this process's plugins */
  connectorProblems?: ((definition: EServiceDefinition) => DefinitionProblem[]) | undefined;
  maxFieldsPerStep?: number | undefined;
  lixThreshold?: number | undefined;
  /** The installation's largest attachment (SK-FILE-001) */
  maxAttachmentBytes?: number | undefined;
}

export interface ChecksSettings extends InstallationFacts {
  scanner: BrowserScanner;
  /** Without it no test delivery is recorded, which the should rule SK-DEL-002 reports */
  connectorTests?: ConnectorTestsLookup | undefined;
  /** The e-mail domains the municipality declared its own (SK-GDPR-005); without it, each contact address's domain */
  mailDomains?: ((municipalityId: string) => Promise<string[]>) | undefined;
}

export type FullCheck = (input: unknown, scope?: { municipalityId: string }) => Promise<CheckReport>;
export type FastCheck = (input: unknown) => CheckReport;

const asFindings = (problems: readonly DefinitionProblem[]) => problems.map(({ pointer, message }) => ({ pointer, message }));

const processConnectors = new ConnectorRegistry();

const installationOptions = ({ connectorTypes, connectorProblems, maxFieldsPerStep, lixThreshold, maxAttachmentBytes }: InstallationFacts): CheckOptions => ({
  maxFieldsPerStep,
  lixThreshold,
  ...(maxAttachmentBytes !== undefined ? { maxAttachmentBytes } : {}),
  connectorTypes: connectorTypes(),
  // what saving and publishing refuse beyond the format (validateForPlatform): the patterns as SK-SEC-001's findings, the connectors as SK-DEF-001's
  unsafePatterns: (definition) => asFindings(patternProblems(definition)),
  platformProblems: (definition) => asFindings((connectorProblems ?? ((d) => processConnectors.definitionProblems(d)))(definition)),
});

/**
 * The full check: the fast rules plus the browser scan. The one function behind the publish
 * gate, POST /api/checks and the CLI, so they give the same verdict on the same definition.
 */
export function fullCheck(settings: ChecksSettings): FullCheck {
  const { scanner, connectorTests, mailDomains } = settings;
  return async (input, scope) => {
    const options = { ...installationOptions(settings), ...(scope && mailDomains ? { mailDomains: await mailDomains(scope.municipalityId) } : {}) };
    // an invalid definition cannot be rendered: the report says why and runs nothing else
    if (checkableDefinitionProblems(input).length > 0) return checkDefinition(input, options);
    const definition = input as EServiceDefinition;
    const [scan, tests] = await Promise.all([
      scanner.scan(definition),
      scope && connectorTests ? connectorTests(scope.municipalityId, definition.id) : Promise.resolve(undefined),
    ]);
    return checkDefinition(definition, { ...options, scan, ...(tests ? { connectorTests: tests } : {}) });
  };
}

/** The fast rules only (no browser scan), with the installation's facts: the report says which rules were not run. */
export const fastCheckWith =
  (facts: InstallationFacts): FastCheck =>
  (input) =>
    checkDefinition(input, installationOptions(facts));

const processFastCheck = fastCheckWith({ connectorTypes: () => processConnectors.typeFacts() });

/** The fast rules with this process's connector plugins and the default limits, for publishing before the server listens (the demo seed). */
export const fastCheck = async (definition: EServiceDefinition): Promise<CheckReport> => processFastCheck(definition);

/** Publishing is refused while a must rule fails: 422 listing the failing rules and their findings. */
export function refuseFailedMustRules(report: CheckReport, definition: EServiceDefinition): void {
  const failed = failedMustRules(report);
  if (failed.length === 0) return;
  throw new Problem(
    422,
    'must-requirements-failed',
    bilingual('Skall-kraven uppfylls inte', 'The must-requirements are not met'),
    bilingual(
      `E-tjänsten ”${definition.id}” kan inte publiceras: ${failed.map((r) => r.id).join(', ')} uppfylls inte.`,
      `The e-service “${definition.id}” cannot be published: ${failed.map((r) => r.id).join(', ')} not met.`,
    ),
    {
      failedRules: failed.map(({ id, title, findings }) => ({ id, title, findings })),
      errors: failed.flatMap((r) => r.findings.map((f) => ({ pointer: f.pointer, code: r.id, message: f.message }))),
      report,
    },
  );
}
