import { bilingual, checkableDefinitionProblems, checkDefinition, failedMustRules, type CheckReport, type ConnectorTest, type EServiceDefinition } from '@etjanst/schemas';
import { Problem } from '../problems/problem.js';
import type { BrowserScanner } from './browser-scan.js';

/** The latest test delivery per connector of an e-service (built by the delivery feature). */
export type ConnectorTestsLookup = (municipalityId: string, eserviceId: string) => Promise<Record<string, ConnectorTest>>;

export interface ChecksSettings {
  scanner: BrowserScanner;
  /** Without it no test delivery is recorded, which the should rule SK-DEL-002 reports */
  connectorTests?: ConnectorTestsLookup | undefined;
  maxFieldsPerStep?: number | undefined;
  lixThreshold?: number | undefined;
}

export type FullCheck = (input: unknown, scope?: { municipalityId: string }) => Promise<CheckReport>;

/**
 * The full check: the fast rules plus the browser scan. The one function behind the publish
 * gate, POST /api/checks and the CLI, so they give the same verdict on the same definition.
 */
export function fullCheck({ scanner, connectorTests, maxFieldsPerStep, lixThreshold }: ChecksSettings): FullCheck {
  return async (input, scope) => {
    const limits = { maxFieldsPerStep, lixThreshold };
    // an invalid definition cannot be rendered: the report says why and runs nothing else
    if (checkableDefinitionProblems(input).length > 0) return checkDefinition(input, limits);
    const definition = input as EServiceDefinition;
    const [scan, tests] = await Promise.all([
      scanner.scan(definition),
      scope && connectorTests ? connectorTests(scope.municipalityId, definition.id) : Promise.resolve(undefined),
    ]);
    return checkDefinition(definition, { ...limits, scan, ...(tests ? { connectorTests: tests } : {}) });
  };
}

/** The fast rules only (no browser scan): the report says which rules were not run. */
export const fastCheck = async (definition: EServiceDefinition): Promise<CheckReport> => checkDefinition(definition);

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
