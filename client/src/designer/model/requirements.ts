import type { BilingualMessage, RuleResult, Severity } from '@etjanst/schemas';

/** One place where a rule of the catalogue is not met: what the designer shows at the field, step or setting. */
export interface UnmetRequirement {
  rule: string;
  /** must: publishing is refused; should: a warning */
  severity: Severity;
  /** The part of the definition the rule is about, e.g. `/access` */
  concerns: string;
  pointer: string;
  message: BilingualMessage;
}

/** Each finding of the failed rules, with the rule it belongs to. */
export const unmetRequirements = (results: readonly RuleResult[]): UnmetRequirement[] =>
  results
    .filter((result) => result.status === 'failed')
    .flatMap((result) => result.findings.map(({ pointer, message }) => ({ rule: result.id, severity: result.severity, concerns: result.concerns, pointer, message })));
