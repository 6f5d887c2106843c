import { describeAjvError, explainingErrors, textIn, type FieldTexts, type Language } from '@etjanst/schemas';
import {
  replaceStringParameters,
  TranslatableString,
  type ErrorTransformer,
  type RJSFValidationError,
} from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';
import type { TFunction } from 'i18next';
import type { Messages } from '../shared/locales/sv';
import { sv } from '../shared/locales/sv';
import type { Answers } from './portalApi';
import { attachmentErrorsOnTheirField } from './theme/attachments';
import { platformFormats } from './theme/extensions';

/** Draft-07 ajv with the Swedish and the extensions' formats and only own properties, as on the server. */
export const validator = customizeValidator<Answers>({ customFormats: platformFormats, ajvOptionsOverrides: { ownProperties: true } });

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
          textIn(fieldTexts?.errorMessage, language) ??
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
