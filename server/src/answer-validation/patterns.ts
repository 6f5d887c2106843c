import { bilingual, formPatterns, type DefinitionProblem, type EServiceDefinition } from '@etjanst/schemas';
import type { CodeOptions } from 'ajv';
import { RE2JS } from 're2js';
import { checkSync, type Diagnostics } from 'recheck';

/**
 * Patterns from definitions (`pattern`, `patternProperties`) are a designer's code run on every
 * answer. On the server they run on RE2 (re2js, pure JavaScript), whose matching time is linear in
 * the answer, so no pattern can stall the event loop. The citizen's browser keeps native RegExp;
 * patterns that would backtrack catastrophically there, and patterns RE2 cannot express, are
 * refused when a definition is validated (patternProblems), so they are never published.
 */

/** The name generated validator code reads the engine by (ajv's `code.regExp.code`); the loader hands it in. */
export const REGEXP_MODULE = 'etjanst:linear-regexp';

/** A JavaScript (unicode) pattern as RE2 reads it; throws when RE2 cannot express it. */
function compileLinear(pattern: string): RE2JS {
  // translateRegExp would read `\k<name>` as the letters "k<name>", not as a backreference
  if (NAMED_BACKREFERENCE.test(pattern)) throw new SyntaxError('backreferences are not supported');
  return RE2JS.compile(RE2JS.translateRegExp(pattern));
}

/** An odd number of backslashes before `k<`: with the unicode flag, `\k` is only ever a backreference. */
const NAMED_BACKREFERENCE = /(?<!\\)(?:\\\\)*\\k</u;

type RegExpEngine = NonNullable<CodeOptions['regExp']>;
type RegExpLike = ReturnType<RegExpEngine>;

/** ajv's `code.regExp`: every pattern compiled on RE2. */
export const linearRegExp: RegExpEngine = Object.assign(
  (pattern: string, flags: string): RegExpLike => {
    const re = compileLinear(pattern);
    // ajv keeps one compiled pattern per key (toString), so the key must name the pattern
    return { test: (text: string) => re.test(text), toString: () => `/${pattern}/${flags}` } as RegExpLike;
  },
  { code: `require(${JSON.stringify(REGEXP_MODULE)}).linearRegExp` },
);

/** What the server's validator code requires besides the platform's helpers (loadValidators). */
export const serverRuntimeModules = { [REGEXP_MODULE]: { linearRegExp } };

// recheck's synchronous check on this thread (not in a synckit worker); read at each call
process.env.RECHECK_SYNC_BACKEND ??= 'pure';

/**
 * How long recheck may spend on one pattern. A pattern it cannot judge in time is allowed: the
 * server matches it in linear time anyway, and a verdict must not depend on how busy the machine is.
 */
const CHECK_TIMEOUT_MS = 1000;

/** Verdicts by pattern, so saving a draft again does not check its patterns again. */
const verdicts = new Map<string, Diagnostics>();
const VERDICTS_KEPT = 2000;

function backtrackingVerdict(pattern: string): Diagnostics {
  const known = verdicts.get(pattern);
  if (known) return known;
  // a fixed seed: the fuzzing checker gives the same verdict for the same pattern every time
  const verdict = checkSync(pattern, 'u', { timeout: CHECK_TIMEOUT_MS, randomSeed: 1 });
  if (verdicts.size >= VERDICTS_KEPT) verdicts.delete(verdicts.keys().next().value as string);
  verdicts.set(pattern, verdict);
  return verdict;
}

/**
 * Catastrophic: exponential, or polynomial of degree 3 or more. A quadratic pattern (the e-mail
 * preset is one) costs little on the bounded answers of a form in the browser.
 */
const isCatastrophic = (verdict: Diagnostics) =>
  verdict.status === 'vulnerable' && (verdict.complexity.type === 'exponential' || verdict.complexity.degree >= 3);

/**
 * The patterns of a definition's form the platform will not run: those RE2 cannot express
 * (backreferences, lookahead, lookbehind), and those that backtrack catastrophically in a browser.
 * Each problem points at the pattern. Patterns that are not valid JavaScript are validateDefinition's.
 */
export function patternProblems(definition: EServiceDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  for (const { pointer, field, pattern } of formPatterns(definition.form.schema)) {
    const name = field || '/';
    try {
      compileLinear(pattern);
    } catch {
      problems.push({
        pointer,
        code: 'field.pattern-not-linear',
        message: bilingual(
          `Formatet för fältet ”${name}” använder något som inte kan prövas i linjär tid (en bakåtreferens, lookahead eller lookbehind): ${pattern}`,
          `The format of the field “${name}” uses something that cannot be matched in linear time (a backreference, lookahead or lookbehind): ${pattern}`,
        ),
      });
      continue;
    }
    if (isCatastrophic(backtrackingVerdict(pattern))) {
      problems.push({
        pointer,
        code: 'field.pattern-catastrophic',
        message: bilingual(
          `Formatet för fältet ”${name}” kan låsa webbläsaren på vissa svar (upprepningar i upprepningar, katastrofal backtracking); skriv det utan nästlade eller överlappande upprepningar: ${pattern}`,
          `The format of the field “${name}” can freeze the browser on some answers (repetition within repetition, catastrophic backtracking); write it without nested or overlapping repetition: ${pattern}`,
        ),
      });
    }
  }
  return problems;
}
