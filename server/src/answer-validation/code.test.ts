import { describe, expect, it } from 'vitest';
import { answerFormats, EXAMPLE_ANSWERS, loadValidators, localizedForm, stepSchema, TEMPLATES } from '@etjanst/schemas';
import { getDefaultFormState, retrieveSchema, type RJSFSchema } from '@rjsf/utils';
import { createPrecompiledValidator, customizeValidator, type ValidatorFunctions } from '@rjsf/validator-ajv8';
import { formValidatorCode } from './code.js';
import { importValidatorModule } from './validators.js';

/** rjsf's validator compiling in the browser, as the portal did and the designer's preview still does. */
const compiling = customizeValidator({ customFormats: answerFormats() as never, ajvOptionsOverrides: { ownProperties: true } });

describe('the portal’s precompiled step validators', () => {
  for (const template of TEMPLATES) {
    it(`judge ${template.id}'s steps as rjsf's compiling validator does, in every language and in what rjsf asks of them`, async () => {
      const examples = (EXAMPLE_ANSWERS as Record<string, Record<string, unknown> | undefined>)[template.id] ?? {};
      for (const language of template.languages) {
        const functions = loadValidators(await importValidatorModule(formValidatorCode(template, language))) as ValidatorFunctions;
        const form = localizedForm(template, language);
        for (const step of form.steps) {
          const schema = stepSchema(form, step) as RJSFSchema;
          const precompiled = createPrecompiledValidator(functions, schema);
          const answers = Object.fromEntries(step.fields.filter((field) => field in examples).map((field) => [field, examples[field]]));
          for (const data of [{}, answers]) {
            const where = `${language} ${step.id} ${data === answers ? 'answered' : 'empty'}`;
            expect(precompiled.validateFormData(data, schema).errors, where).toEqual(compiling.validateFormData(data, schema).errors);
            // rjsf resolves conditions and defaults with the validator too: each of those schemas is precompiled
            expect(retrieveSchema(precompiled, schema, schema, data), where).toEqual(retrieveSchema(compiling, schema, schema, data));
            expect(getDefaultFormState(precompiled, schema, data, schema), where).toEqual(getDefaultFormState(compiling, schema, data, schema));
          }
        }
      }
    });
  }
});
