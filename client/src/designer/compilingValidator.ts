import { addDateLimitKeywords } from '@etjanst/schemas';
import { customizeValidator } from '@rjsf/validator-ajv8';
import type { StepValidators } from '../portal/formValidation';
import type { Answers } from '../portal/portalApi';
import { platformFormats } from '../portal/theme/extensions';

/**
 * Draft-07 ajv with the Swedish and the extensions' formats, the date limits and only own
 * properties, as on the server, compiling each schema in the browser:
 * for the staff pages only (the designer's preview of an unpublished form, its settings forms),
 * whose Content-Security-Policy allows 'unsafe-eval' for it. Citizens' pages use the
 * validators compiled at publish (portal/formValidation).
 */
export const compilingValidator = customizeValidator<Answers>({ customFormats: platformFormats, ajvOptionsOverrides: { ownProperties: true }, extenderFn: addDateLimitKeywords });

/** The same for every step: it compiles whichever schema it is given. */
export const compilingStepValidators: StepValidators = () => compilingValidator;
