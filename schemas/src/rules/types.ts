import type { BilingualMessage } from '../i18n/bilingual.js';
import type { EServiceDefinition } from '../definition/format.js';
import type { ConnectorTypeFacts } from './connector-types.js';

/** must: blocks publishing; should: a warning in the report. */
export type Severity = 'must' | 'should';

/** One place where a rule is not met: a JSON pointer into the definition and what is wrong. */
export interface Finding {
  pointer: string;
  message: BilingualMessage;
  /** The place by name: the field by its label and its step, a setting by its section (set by checkDefinition) */
  where?: BilingualMessage;
}

/** The latest test delivery of a connector (from the delivery feature). */
export interface ConnectorTest {
  succeeded: boolean;
  /** When it ran (ISO 8601, or a Date from the database) */
  at: string | Date;
}

/** One problem the browser scan found on a rendered step. */
export interface ScanViolation {
  /** axe-core rule id, or one of the scan's own checks (`keyboard-unreachable`, `focus-not-visible`, `group-unnamed`, `error-not-associated`) */
  rule: string;
  /** Step id; the state is the step as opened, or after pressing Next with it empty */
  step: string;
  state: 'clean' | 'errors';
  /** The answers the scan gave the step to show a conditional field or a group's row; absent for the step as opened */
  answers?: Record<string, unknown>;
  /** CSS selector of the element */
  target: string;
  /** WCAG success criteria, e.g. "1.4.3" */
  wcag: string[];
  message: BilingualMessage;
  /** How to fix it, in Swedish and English */
  fix: BilingualMessage;
  helpUrl?: string;
}

/** What the browser scan of every step of the e-service found. */
export interface AccessibilityScan {
  scannedAt: string;
  engine: string;
  /** Pages scanned: each step clean and with errors */
  pages: number;
  violations: ScanViolation[];
}

/** Facts from outside the definition, and the configurable limits. */
export interface CheckOptions {
  /** At most this many input fields on one step (SK-FORM-001); default 12 */
  maxFieldsPerStep?: number;
  /** Highest LIX of a Swedish help text (SK-TXT-003); default 55 */
  lixThreshold?: number;
  /** The latest test delivery per connector id; absent: none recorded */
  connectorTests?: Record<string, ConnectorTest>;
  /** The connector types the platform has, by type; absent: only what the catalogue knows itself (e-mail is refused for strictly confidential) */
  connectorTypes?: Record<string, ConnectorTypeFacts>;
  /** The browser scan's result; absent: the scan rules are not run (the fast check) */
  scan?: AccessibilityScan;
  /**
   * The patterns of a valid definition's form that the platform will not run (no linear-time
   * match, or catastrophic backtracking in a browser), each at its pattern: SK-SEC-001's findings.
   * The checker is the server's (recheck, not in the browser's bundle); absent, that rule is not run.
   */
  unsafePatterns?: (definition: EServiceDefinition) => Finding[];
  /**
   * What the platform's validation refuses beyond the format (the connectors as the plugins see
   * them: an unknown type, missing options), as SK-DEF-001's findings that leave the other rules running.
   */
  platformProblems?: (definition: EServiceDefinition) => Finding[];
  /** The installation's largest attachment (SK-FILE-001); absent: not judged */
  maxAttachmentBytes?: number;
  /**
   * The e-mail domains the owning municipality's administrator declared its own (SK-GDPR-005);
   * absent or empty: the domain of the e-service's contact address stands in for them.
   */
  mailDomains?: readonly string[];
}

/** The installation's limits of the configurable rules (SK-FORM-001, SK-TXT-003), as GET /api/requirements tells them. */
export interface CheckLimits {
  maxFieldsPerStep: number;
  lixThreshold: number;
}

export type ResolvedOptions = Required<Pick<CheckOptions, 'maxFieldsPerStep' | 'lixThreshold'>> & CheckOptions;

export interface Rule {
  id: string;
  title: { sv: string; en: string };
  explanation: { sv: string; en: string };
  severity: Severity;
  /** JSON pointer of the part of the definition the rule concerns */
  concerns: string;
  /** fast: from the definition alone, live in the designer; scan: needs the browser scan */
  needs: 'definition' | 'scan';
  /** Whether the facts the rule needs were given (e.g. the server's pattern checker); absent: always */
  available?(options: ResolvedOptions): boolean;
  check(definition: EServiceDefinition, options: ResolvedOptions): Finding[];
}
