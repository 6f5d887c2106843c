import { Ajv, type Options } from 'ajv';
import addFormatsModule, { type FormatsPluginOptions } from 'ajv-formats';
import { addDateLimitKeywords } from './date-limits.js';
import { answerFormats } from './standalone.js';

type AddFormats = (ajv: Ajv, options?: FormatsPluginOptions) => Ajv;
// ajv-formats is CommonJS: Node hands over the function, some bundlers a { default } wrapper.
const addFormats: AddFormats =
  typeof addFormatsModule === 'function'
    ? (addFormatsModule as unknown as AddFormats)
    : (addFormatsModule as unknown as { default: AddFormats }).default;

/**
 * An ajv (draft-07) with the standard, the Swedish and the extensions' formats (`answerFormats`,
 * which standalone validator code is handed at run time), ajv-formats' formatMinimum/Maximum and
 * the date limits relative to the day of applying (date-limits).
 */
export function createAjv(options: Options = {}): Ajv {
  // Unknown keywords and formats are errors (they are typos in a form); type and required
  // strictness would refuse ordinary conditional forms, so they stay off. Only own properties
  // count, so a field named `constructor` or `toString` is not found on Object.prototype.
  const ajv = new Ajv({
    allErrors: true,
    ownProperties: true,
    strictSchema: true,
    strictNumbers: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    ...options,
  });
  addFormats(ajv, { keywords: true, formats: [] });
  for (const [name, format] of Object.entries(answerFormats())) ajv.addFormat(name, format);
  return addDateLimitKeywords(ajv);
}
