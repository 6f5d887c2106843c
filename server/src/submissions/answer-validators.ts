import { compileAnswerValidator, type AnswerValidator, type EServiceDefinition } from '@etjanst/schemas';

/**
 * Compiled answer validators per published version: of submissions (compileAnswerValidator) or
 * of drafts (compileDraftAnswerValidator). A published version never changes, so a compiled
 * validator never goes stale; the bound only keeps memory in check.
 */
export class AnswerValidatorCache {
  private readonly validators = new Map<string, AnswerValidator>();
  constructor(
    private readonly compile: (definition: EServiceDefinition) => AnswerValidator = compileAnswerValidator,
    private readonly capacity = 500,
  ) {}

  get(versionKey: string, definition: EServiceDefinition): AnswerValidator {
    const cached = this.validators.get(versionKey);
    if (cached) {
      this.validators.delete(versionKey);
      this.validators.set(versionKey, cached); // most recently used last
      return cached;
    }
    const compiled = this.compile(definition);
    this.validators.set(versionKey, compiled);
    if (this.validators.size > this.capacity) {
      const oldest = this.validators.keys().next().value;
      if (oldest !== undefined) this.validators.delete(oldest);
    }
    return compiled;
  }

  get size(): number {
    return this.validators.size;
  }
}
