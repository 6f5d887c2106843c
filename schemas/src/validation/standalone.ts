import type { Format } from 'ajv';
import equalModule from 'ajv/dist/runtime/equal.js';
import ucs2lengthModule from 'ajv/dist/runtime/ucs2length.js';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { extensionFormats } from '../extensions/extension.js';
import { SWEDISH_FORMATS } from '../fields/formats.js';
import { answerDates, DATES_MODULE } from './date-offset.js';

/**
 * Validators are compiled once, when a version is published, into standalone code (ajv's
 * `standaloneCode`) that the server and the portal load as an ES module: nothing is compiled
 * with `new Function` at run time, so the portal's Content-Security-Policy needs no 'unsafe-eval'.
 *
 * The module is ajv's CommonJS output wrapped in a factory (`validatorModule`). Its `require`
 * calls name ajv's run-time helpers and the platform's formats; the loader hands them in
 * (`loadValidators`), so the same code runs in Node and in the browser, which could not resolve
 * a bare module name.
 */

/** The name the generated code reads the formats by (ajv's `code.formats`). */
export const FORMATS_MODULE = 'etjanst:answer-formats';

/**
 * Every format answers are validated by, as ajv format definitions: the standard ones
 * (ajv-formats, with the `compare` its formatMinimum/formatMaximum keywords use), the Swedish
 * ones and the extensions'. `createAjv` registers exactly these; the generated code reads them
 * by name at run time, so one format's rule can change without generating code again.
 */
export function answerFormats(): Record<string, Format> {
  const platform = Object.entries({ ...SWEDISH_FORMATS, ...extensionFormats() }).map(([name, validate]) => [name, { type: 'string', validate }] as const);
  return { ...(fullFormats as Record<string, Format>), ...Object.fromEntries(platform) };
}

/** A CommonJS module's default export: Node hands over `exports` ({ default }), bundlers the function. */
const cjsDefault = (imported: unknown): unknown =>
  typeof imported === 'function' ? imported : (imported as { default: unknown }).default;

/** What generated code may require: ajv's run-time helpers it uses, the formats and the date limits' today. */
function runtimeModules(): Record<string, unknown> {
  return {
    'ajv/dist/runtime/equal': { default: cjsDefault(equalModule) },
    'ajv/dist/runtime/ucs2length': { default: cjsDefault(ucs2lengthModule) },
    [FORMATS_MODULE]: answerFormats(),
    [DATES_MODULE]: answerDates(),
  };
}

/** The factory a validator module exports: the CommonJS module's exports, given its `require`. */
export type ValidatorModuleFactory = (require: (name: string) => unknown) => unknown;

/**
 * Wraps ajv's standalone output (CommonJS, `code.esm` off) as an ES module whose default export
 * is a factory taking `require`. Each part runs in its own block, so several ajv outputs (one per
 * form step) can share one module without their names (`validate10`, `schema11`) colliding.
 */
export function validatorModule(parts: readonly string[]): string {
  const blocks = parts.map((code) => `{\n${code}\n}`).join('\n');
  return `export default function validators(require) {\nconst module = { exports: {} };\nconst exports = module.exports;\n${blocks}\nreturn module.exports;\n}\n`;
}

/**
 * Runs a validator module's factory with the platform's run-time helpers and formats, and what
 * else the code was generated to require (the server's regular expression engine).
 */
export function loadValidators(factory: ValidatorModuleFactory, more: Record<string, unknown> = {}): unknown {
  const modules = { ...runtimeModules(), ...more };
  return factory((name) => {
    if (!Object.hasOwn(modules, name)) throw new Error(`validator code requires "${name}", which the platform does not hand in`);
    return modules[name];
  });
}
