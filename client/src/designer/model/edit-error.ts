import { bilingual, type BilingualMessage } from '@etjanst/schemas';

/** An edit the model refuses, with the reason to show the designer. */
export class DesignerEditError extends Error {
  constructor(
    readonly code: string,
    readonly messages: BilingualMessage,
  ) {
    super(messages.en);
    this.name = 'DesignerEditError';
  }
}

export const refuse = (code: string, sv: string, en: string): never => {
  throw new DesignerEditError(code, bilingual(sv, en));
};
