/**
 * Stands in for the `ajv-i18n` package in the client bundle (see vite.config.ts): the same
 * shape as its index, with only the two languages the UI has.
 */
import en from 'ajv-i18n/localize/en';
import sv from 'ajv-i18n/localize/sv';

export default { sv, en };
