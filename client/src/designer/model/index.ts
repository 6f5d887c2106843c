export * from './edit-error';
export * from './fields';
export * from './steps';
export * from './history';
export * from './diff';
export type { Definition } from './form-tree';
export * from './problems';
export * from './new-definition';
export * from './conditions';
