export * from './config.js';
export * from './vocabulary.js';
export * from './slots.js';
export { bookingFields, bookingProblems } from './problems.js';
