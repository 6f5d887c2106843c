export * from './colours.js';
export * from './cost-split.js';
