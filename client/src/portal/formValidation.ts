import { describeAjvError, explainingErrors, fieldErrorMessage, loadValidators, textIn, type FieldTexts, type Language, type ValidatorModuleFactory } from '@etjanst/schemas';
import {
  replaceStringParameters,
  TranslatableString,
  type ErrorTransformer,
  type RJSFSchema,
  type RJSFValidationError,
  type ValidatorType,
} from '@rjsf/utils';
import { createPrecompiledValidator, type ValidatorFunctions } from '@rjsf/validator-ajv8';
import type { TFunction } from 'i18next';
import type { Messages } from '../shared/locales/sv';
import { sv } from '../shared/locales/sv';
import type { Answers } from './portalApi';
import { attachmentErrorsOnTheirField } from './theme/attachments';
import './theme/extensions';

/** The validator of one step's form, made for the step's schema (the root rjsf validates with). */
export type StepValidators = (schema: RJSFSchema) => ValidatorType<Answers>;

/**
 * The validators of a form's steps in one language, compiled when the version was published
 * (or, in the scan's preview, when the scan began) and served by the server as an ES module.
 * Nothing is compiled in the browser, so the page runs under a Content-Security-Policy without
 * 'unsafe-eval'; the module comes from this origin, which script-src 'self' admits. The
 * extensions are registered first (theme/extensions), so their formats are handed in.
 */
export async function importStepValidators(url: string): Promise<StepValidators> {
  const module = (await import(/* @vite-ignore */ url)) as { default: ValidatorModuleFactory };
  const functions = loadValidators(module.default) as ValidatorFunctions;
  return (schema) => createPrecompiledValidator<Answers>(functions, schema);
}

/** Field path of an rjsf error: `.children.0.name` -> `children.name`. */
const fieldPathOf = (error: RJSFValidationError): string =>
  (error.property ?? '')
    .split('.')
    .filter((part) => part !== '' && !/^\d+$/.test(part))
    .join('.');

type AjvErrorLike = Parameters<typeof describeAjvError>[0];

const placeOf = (error: RJSFValidationError) => ({ keyword: error.name ?? '', schemaPath: error.schemaPath ?? '', params: error.params ?? {} });

/**
 * Replaces rjsf's raw ajv messages with plain ones, keeping those that say what is wrong
 * (explainingErrors, as the server does): the field's own error text from the definition when it
 * has one, otherwise the shared wording for the keyword. Errors of a multi-file field's items go
 * to the field.
 */
export function plainErrorMessages(texts: Record<string, FieldTexts>, language: Language): ErrorTransformer<Answers> {
  const textsOf = new Map(Object.entries(texts));
  return (errors, uiSchema) =>
    explainingErrors(attachmentErrorsOnTheirField(errors, uiSchema), placeOf)
      .map((error) => {
        const path = fieldPathOf(error);
        const fieldTexts = textsOf.get(path);
        const label = textIn(fieldTexts?.label, language) ?? (error.title || path);
        const message =
          textIn(fieldErrorMessage(fieldTexts, error.name ?? ''), language) ??
          describeAjvError(
            { keyword: error.name ?? '', params: error.params ?? {}, instancePath: '', schemaPath: '' } as AjvErrorLike,
            label,
          )[language];
        return { ...error, message, stack: message };
      });
}

type RjsfKey = keyof Messages['rjsf'];
const KEY_OF_STRING = new Map(Object.entries(TranslatableString).map(([key, text]) => [text as string, key]));
const isTranslated = (key: string | undefined): key is RjsfKey => key !== undefined && key in sv.rjsf;

/** rjsf's own texts (buttons, error list heading) in the UI language; developer-facing ones stay English. */
export function rjsfStrings(t: TFunction): (text: TranslatableString, params?: string[]) => string {
  return (text, params) => {
    const key = KEY_OF_STRING.get(text);
    return replaceStringParameters(isTranslated(key) ? t(`rjsf.${key}`) : text, params);
  };
}
