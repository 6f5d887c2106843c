import type { EServiceDefinition } from '../definition/format.js';
import type { Language } from '../definition/format.js';
import { DEFAULT_LIX_THRESHOLD, DEFAULT_MAX_FIELDS_PER_STEP, RULE_CATALOGUE } from './catalogue.js';
import { bilingual, pick, type BilingualMessage } from '../i18n/bilingual.js';
import { placeOf, placeText, stepName } from '../definition/places.js';
import type { AccessibilityScan, CheckOptions, Finding, ResolvedOptions, Rule, Severity } from './types.js';

export type RuleStatus = 'passed' | 'failed' | 'not-run';

export interface RuleResult {
  id: string;
  title: Rule['title'];
  severity: Severity;
  concerns: string;
  status: RuleStatus;
  findings: Finding[];
  /** Why a rule was not run: the scan did not run, or the definition is too broken for it */
  reason?: BilingualMessage;
}

/** The verdict of the must-requirements on one definition. */
export interface CheckReport {
  catalogueVersion: string;
  /** failed: a must rule failed (publishing is refused) */
  verdict: 'passed' | 'failed';
  /** false when some rules were not run (the fast check has no browser scan; an invalid definition stops the rules that need its shape): not fully checked */
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

const NOT_RUN_REASONS = {
  scan: bilingual('Kräver granskningen i webbläsare, som inte kördes.', 'Needs the browser scan, which did not run.'),
  facts: bilingual('Kräver en kontroll som bara servern gör.', 'Needs a check only the server makes.'),
  invalid: bilingual(`Kunde inte köras på en ogiltig definition; se ${DEFINITION_RULE}.`, `Could not run on an invalid definition; see ${DEFINITION_RULE}.`),
};

const notRun = (rule: Rule, reason: BilingualMessage): RuleResult => ({ ...baseOf(rule), status: 'not-run', findings: [], reason });

/** One rule's result, or not-run when what it needs was not given. */
function runRule(rule: Rule, definition: EServiceDefinition, options: CheckOptions, resolved: ResolvedOptions): RuleResult {
  if (rule.needs === 'scan' && !options.scan) return notRun(rule, NOT_RUN_REASONS.scan);
  if (rule.available?.(resolved) === false) return notRun(rule, NOT_RUN_REASONS.facts);
  return resultOf(rule, definition, rule.check(definition, resolved));
}

/** A rule's result from its findings, each named by its place too. */
const resultOf = (rule: Rule, input: unknown, findings: Finding[]): RuleResult => ({
  ...baseOf(rule),
  status: findings.length === 0 ? 'passed' : 'failed',
  findings: findings.map((f) => ({ ...f, ...withWhere(input, f) })),
});

/**
 * Every rule but the definition rule, on a definition the format already accepted (the designer
 * validates it anyway, so it need not be validated twice). Without `options.scan` the scan rules
 * are "not-run".
 */
export function checkRules(definition: EServiceDefinition, options: CheckOptions = {}): RuleResult[] {
  const resolved = resolve(options);
  return RULE_CATALOGUE.rules.filter((rule: Rule) => rule.id !== DEFINITION_RULE).map((rule: Rule) => runRule(rule, definition, options, resolved));
}

/**
 * The rules that can run on an invalid definition: each one that reads only parts that are there
 * (one that stumbles on a missing or malformed part is not run). Neither the scan nor the
 * server's checkers (the rules with `available`) are handed it.
 */
function rulesOnInvalid(input: unknown, options: CheckOptions): RuleResult[] {
  const resolved = resolve(options);
  const object = typeof input === 'object' && input !== null && !Array.isArray(input);
  return RULE_CATALOGUE.rules
    .filter((rule: Rule) => rule.id !== DEFINITION_RULE)
    .map((rule: Rule) => {
      if (!object || rule.needs === 'scan' || rule.available) return notRun(rule, NOT_RUN_REASONS.invalid);
      try {
        return runRule(rule, input as EServiceDefinition, options, resolved);
      } catch {
        return notRun(rule, NOT_RUN_REASONS.invalid);
      }
    });
}

/** `”Barnets namn” i steg 2 ”Barnet”`: where a finding is, by name, for a reader who does not read pointers. */
function whereOf(input: unknown, pointer: string): BilingualMessage | undefined {
  const place = placeOf(input, pointer);
  if (!place) return undefined;
  const field = /^\/form\/(?:texts|fields|uiSchema)\/([^/]+)/.exec(pointer)?.[1] ?? /^\/form\/schema\/properties\/([^/]+)/.exec(pointer)?.[1];
  const top = field?.replace(/~1/g, '/').replace(/~0/g, '~').split('.')[0];
  const steps = (input as { form?: { steps?: { fields?: unknown }[] } }).form?.steps;
  const step = top === undefined || !Array.isArray(steps) ? -1 : steps.findIndex((s) => Array.isArray(s?.fields) && s.fields.includes(top));
  const name = (language: Language) => (field === undefined ? placeText(place, language) : language === 'sv' ? `”${place.name.sv}”` : `“${place.name.en}”`);
  return bilingual(
    step >= 0 ? `${name('sv')} i ${stepName(input, step, 'sv')}` : name('sv'),
    step >= 0 ? `${name('en')} on ${stepName(input, step, 'en')}` : name('en'),
  );
}

/**
 * Checks a definition against the rule catalogue. Pure: facts from outside (connector tests, the
 * browser scan) come in `options`. Without `options.scan` the scan rules are "not-run" (the
 * designer's live checklist); the publish gate, CLI and API pass a scan. The verdict is the same
 * wherever it runs because this function is the only place that decides it. An invalid
 * definition still gets every rule that can run, beside what makes it invalid.
 */
export function checkDefinition(input: unknown, options: CheckOptions = {}): CheckReport {
  const rules: readonly Rule[] = RULE_CATALOGUE.rules;
  // the definition rule validates unknown input; the others may trust its shape only when it passed
  const definitionRule = rules.find((r) => r.id === DEFINITION_RULE)!;
  const formatFindings = definitionRule.check(input as EServiceDefinition, resolve(options));
  const valid = formatFindings.length === 0;
  // what the platform refuses beyond the format (connectors) fails the rule too, but the definition can still be checked
  const definitionFindings = valid ? (options.platformProblems?.(input as EServiceDefinition) ?? []) : formatFindings;
  const definitionResult = resultOf(definitionRule, input, definitionFindings);
  const others = valid ? checkRules(input as EServiceDefinition, options) : rulesOnInvalid(input, options);
  const results = rules.map((rule): RuleResult => (rule.id === DEFINITION_RULE ? definitionResult : others.find((r) => r.id === rule.id)!));
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

const withWhere = (input: unknown, f: Finding) => {
  if (f.where) return {};
  const where = whereOf(input, f.pointer);
  return where ? { where } : {};
};

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
    if (result.status === 'not-run' && result.reason) lines.push(`       ${pick(result.reason, language)}`);
    for (const f of result.findings) lines.push(`       ${f.where ? `${pick(f.where, language)} (${f.pointer || '/'})` : f.pointer || '/'}: ${pick(f.message, language)}`);
  }
  const { mustFailed, shouldFailed, notRun } = report.counts;
  lines.push(
    '',
    sv
      ? `${report.verdict === 'passed' ? 'GODKÄND' : 'UNDERKÄND'}: ${mustFailed} skall-krav uppfylls inte, ${shouldFailed} varningar, ${notRun} kontroller kördes inte.`
      : `${report.verdict === 'passed' ? 'PASSED' : 'FAILED'}: ${mustFailed} must rules failed, ${shouldFailed} warnings, ${notRun} checks not run.`,
  );
  if (!report.complete) {
    lines.push(
      sv
        ? `INTE FULLSTÄNDIGT KONTROLLERAD: ${notRun} kontroller kördes inte, så ${report.verdict === 'passed' ? 'godkänd gäller bara de kontroller som kördes' : 'fler fel kan finnas'}.`
        : `NOT FULLY CHECKED: ${notRun} checks did not run, so ${report.verdict === 'passed' ? 'passed holds only for the checks that ran' : 'there may be more failures'}.`,
    );
  }
  return lines.join('\n');
}
