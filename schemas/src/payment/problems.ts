import { isCalculationTarget } from '../calculations/validate.js';
import { collectFieldPaths } from '../definition/fields.js';
import type { EServiceDefinition } from '../definition/format.js';
import { bilingual, type BilingualMessage } from '../i18n/bilingual.js';
import { isWholeOre } from './fee.js';

interface PaymentProblem {
  pointer: string;
  code: string;
  message: BilingualMessage;
}

/**
 * What the format's schema cannot say about a fee: a fixed amount has at most two decimals; a
 * calculated fee names a number field that one of the form's calculations computes (so the
 * server, not the citizen, decides the amount).
 */
export function paymentProblems(definition: EServiceDefinition): PaymentProblem[] {
  const fee = definition.payment?.fee;
  if (!fee) return [];
  if (definition.access.login !== 'eid') {
    return [{ pointer: '/payment', code: 'payment.login-required', message: bilingual('En e-tjänst med avgift kräver inloggning med e-legitimation: den sökande betalar och följer betalningen på Mina sidor.', 'An e-service with a fee requires e-ID login: the applicant pays and follows the payment on My pages.') }];
  }
  const add = (code: string, sv: string, en: string): PaymentProblem[] => [{ pointer: `/payment/fee/${fee.kind === 'fixed' ? 'amount' : 'field'}`, code, message: bilingual(sv, en) }];
  if (fee.kind === 'fixed') {
    return isWholeOre(fee.amount) ? [] : add('payment.amount-decimals', `Avgiften ${fee.amount} kr har fler än två decimaler.`, `The fee ${fee.amount} kr has more than two decimals.`);
  }
  const fields = collectFieldPaths(definition.form.schema);
  if (!fields.has(fee.field)) {
    return add('reference.unknown-field', `Avgiften ska räknas ut i fältet ”${fee.field}”, som inte finns i formuläret.`, `The fee is to be calculated in the field “${fee.field}”, which does not exist in the form.`);
  }
  const calculated = (definition.form.calculations ?? []).some((c) => c.field === fee.field);
  if (!calculated || !isCalculationTarget(fields, fee.field)) {
    return add(
      'payment.fee-not-calculated',
      `Avgiften ska komma från en beräkning: fältet ”${fee.field}” måste vara ett talfält som en beräkning fyller i.`,
      `The fee must come from a calculation: the field “${fee.field}” must be a number field that a calculation fills in.`,
    );
  }
  return [];
}
