export * from './types.js';
export * from './catalogue.js';
export * from './check-definition.js';
export * from './connector-types.js';
export * from './contrast.js';
export * from './lix.js';
export * from './theme.js';
export { personalDataFields, requiredFieldPaths } from './definition-facts.js';
