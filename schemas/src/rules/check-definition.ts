import type { EServiceDefinition } from '../definition/format.js';
import { pick } from '../i18n/bilingual.js';
import type { Language } from '../definition/format.js';
import { DEFAULT_LIX_THRESHOLD, DEFAULT_MAX_FIELDS_PER_STEP, RULE_CATALOGUE } from './catalogue.js';
import type { AccessibilityScan, CheckOptions, Finding, ResolvedOptions, Rule, Severity } from './types.js';

export type RuleStatus = 'passed' | 'failed' | 'not-run';

export interface RuleResult {
  id: string;
  title: Rule['title'];
  severity: Severity;
  concerns: string;
  status: RuleStatus;
  findings: Finding[];
}

/** The verdict of the must-requirements on one definition. */
export interface CheckReport {
  catalogueVersion: string;
  /** failed: a must rule failed (publishing is refused) */
  verdict: 'passed' | 'failed';
  /** false when some rules were not run (the fast check has no browser scan; an invalid definition stops the rest) */
  complete: boolean;
  counts: { mustFailed: number; shouldFailed: number; notRun: number; passed: number };
  results: RuleResult[];
  /** The browser scan the scan rules were judged on, with each violation's element and WCAG criteria */
  scan?: AccessibilityScan;
}

/** The rule that the definition is valid at all: the designer shows its findings as the format's problems. */
export const DEFINITION_RULE = 'SK-DEF-001';

const resolve = (options: CheckOptions): ResolvedOptions => ({
  ...options,
  maxFieldsPerStep: options.maxFieldsPerStep ?? DEFAULT_MAX_FIELDS_PER_STEP,
  lixThreshold: options.lixThreshold ?? DEFAULT_LIX_THRESHOLD,
});

const baseOf = (rule: Rule) => ({ id: rule.id, title: rule.title, severity: rule.severity, concerns: rule.concerns });

/**
 * Every rule but the definition rule, on a definition the format already accepted (the designer
 * validates it anyway, so it need not be validated twice). Without `options.scan` the scan rules
 * are "not-run".
 */
export function checkRules(definition: EServiceDefinition, options: CheckOptions = {}): RuleResult[] {
  const resolved = resolve(options);
  return RULE_CATALOGUE.rules
    .filter((rule: Rule) => rule.id !== DEFINITION_RULE)
    .map((rule: Rule): RuleResult => {
      if (rule.needs === 'scan' && !options.scan) return { ...baseOf(rule), status: 'not-run', findings: [] };
      const findings = rule.check(definition, resolved);
      return { ...baseOf(rule), status: findings.length === 0 ? 'passed' : 'failed', findings };
    });
}

/**
 * Checks a definition against the rule catalogue. Pure: facts from outside (connector tests, the
 * browser scan) come in `options`. Without `options.scan` the scan rules are "not-run" (the
 * designer's live checklist); the publish gate, CLI and API pass a scan. The verdict is the same
 * wherever it runs because this function is the only place that decides it.
 */
export function checkDefinition(input: unknown, options: CheckOptions = {}): CheckReport {
  const rules: readonly Rule[] = RULE_CATALOGUE.rules;
  // the definition rule validates unknown input; the others may trust its shape only when it passed
  const definitionRule = rules.find((r) => r.id === DEFINITION_RULE)!;
  const formatFindings = definitionRule.check(input as EServiceDefinition, resolve(options));
  const valid = formatFindings.length === 0;
  // a pattern the platform will not run fails the rule too, but the definition can still be checked
  const definitionFindings = valid ? (options.unsafePatterns?.(input as EServiceDefinition) ?? []) : formatFindings;
  const definitionResult: RuleResult = { ...baseOf(definitionRule), status: definitionFindings.length === 0 ? 'passed' : 'failed', findings: definitionFindings };
  const others = valid ? checkRules(input as EServiceDefinition, options) : [];
  const results = rules.map(
    (rule): RuleResult =>
      rule.id === DEFINITION_RULE ? definitionResult : (others.find((r) => r.id === rule.id) ?? { ...baseOf(rule), status: 'not-run', findings: [] }),
  );
  const count = (status: RuleStatus, severity?: Severity) =>
    results.filter((r) => r.status === status && (severity === undefined || r.severity === severity)).length;
  const counts = { mustFailed: count('failed', 'must'), shouldFailed: count('failed', 'should'), notRun: count('not-run'), passed: count('passed') };
  return {
    catalogueVersion: RULE_CATALOGUE.version,
    verdict: counts.mustFailed > 0 ? 'failed' : 'passed',
    complete: counts.notRun === 0,
    counts,
    results,
    ...(options.scan && valid ? { scan: options.scan } : {}),
  };
}

/** The must rules that failed: what refuses publishing. */
export const failedMustRules = (report: CheckReport): RuleResult[] =>
  report.results.filter((r) => r.status === 'failed' && r.severity === 'must');

const MARKS = {
  sv: { passed: 'OK  ', failed: 'FEL ', warned: 'VARN', 'not-run': '--  ' },
  en: { passed: 'OK  ', failed: 'FAIL', warned: 'WARN', 'not-run': '--  ' },
} as const;

/** The report as plain text for people (the CLI). */
export function reportText(report: CheckReport, language: Language = 'sv'): string {
  const sv = language === 'sv';
  const lines = [
    sv ? `Tekniska skall-krav, version ${report.catalogueVersion}` : `Technical must-requirements, version ${report.catalogueVersion}`,
    '',
  ];
  for (const result of report.results) {
    const severity = result.severity === 'must' ? (sv ? 'skall' : 'must') : sv ? 'bör' : 'should';
    const mark = MARKS[language][result.status === 'failed' && result.severity === 'should' ? 'warned' : result.status];
    lines.push(`${mark} ${result.id} (${severity}) ${pick(result.title, language)}`);
    for (const f of result.findings) lines.push(`       ${f.pointer || '/'}: ${pick(f.message, language)}`);
  }
  const { mustFailed, shouldFailed, notRun } = report.counts;
  lines.push(
    '',
    sv
      ? `${report.verdict === 'passed' ? 'GODKÄND' : 'UNDERKÄND'}: ${mustFailed} skall-krav uppfylls inte, ${shouldFailed} varningar, ${notRun} kontroller kördes inte.`
      : `${report.verdict === 'passed' ? 'PASSED' : 'FAILED'}: ${mustFailed} must rules failed, ${shouldFailed} warnings, ${notRun} checks not run.`,
  );
  return lines.join('\n');
}
