import { bilingual, type EServiceDefinition } from '@etjanst/schemas';
import type { AnswerCheck } from '../submissions/operations.js';
import { unprocessable } from '../problems/problem.js';

/** A personnummer as 12 digits (ÅÅÅÅMMDDNNNN), the form sessions and BankID use. */
export const normalizePersonalIdentityNumber = (value: string) => value.replace(/[-+\s]/g, '');

function valueAt(answers: unknown, path: string): unknown {
  let value = answers;
  for (const name of path.split('.')) {
    value = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[name] : undefined;
  }
  return value;
}

/** The co-signers the answers name (definition.signing.coSignerFields), each once, as field path and 12 digits. */
export function namedCoSigners(definition: EServiceDefinition, answers: unknown): { field: string; personalIdentityNumber: string }[] {
  if (!definition.signing.required) return [];
  const seen = new Set<string>();
  return (definition.signing.coSignerFields ?? []).flatMap((field) => {
    const value = valueAt(answers, field);
    if (typeof value !== 'string' || value.trim() === '') return [];
    const personalIdentityNumber = normalizePersonalIdentityNumber(value.trim());
    if (seen.has(personalIdentityNumber)) return [];
    seen.add(personalIdentityNumber);
    return [{ field, personalIdentityNumber }];
  });
}

/**
 * The submission hook: refuses (422) answers that name the applicant as their own co-signer,
 * nobody co-signs their own application. Other hooks run first.
 */
export const coSignerCheck: AnswerCheck = async (check) => {
    const { definition, answers, applicant } = check;
    if (!applicant) return;
    const own = namedCoSigners(definition, answers).find((c) => c.personalIdentityNumber === applicant.person.personalIdentityNumber);
    if (!own) return;
    throw unprocessable(
      'cannot-co-sign-own',
      bilingual(
        'Du kan inte själv skriva under som medsökande. Ange den andra personens personnummer.',
        'You cannot sign as your own co-applicant. Enter the other person’s personal identity number.',
      ),
      {
        errors: [
          {
            field: own.field,
            message: bilingual('Det här är ditt eget personnummer. Ange den andra personens.', 'This is your own personal identity number. Enter the other person’s.'),
          },
        ],
      },
    );
};
