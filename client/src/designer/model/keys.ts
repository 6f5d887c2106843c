import { fieldKeyProblem, renameField } from '@etjanst/schemas';
import { refuse } from './edit-error';
import { joinPath, parentPathOf, type Definition } from './form-tree';

/**
 * Gives a field a new key, everywhere the definition uses it (renameField); refused with the
 * reason (not a valid key, or one a field beside it has). The field's new path is `pathWithKey`.
 */
export function renameFieldKey(definition: Definition, path: string, key: string): Definition {
  const problem = fieldKeyProblem(definition, path, key);
  if (problem) refuse(problem.code, problem.message.sv, problem.message.en);
  return renameField(definition, path, key);
}

/** A field's path once its key is `key`. */
export const pathWithKey = (path: string, key: string): string => joinPath(parentPathOf(path), key);
