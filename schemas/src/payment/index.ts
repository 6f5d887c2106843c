/**
 * A fee per e-service: `payment: { fee, description, payWithinMinutes? }` in the definition.
 *
 * Usage:
 *   payment = { fee: { kind: 'fixed', amount: 600 }, description: { sv: 'Vigselavgift', en: 'Wedding fee' } }
 *   payment = { fee: { kind: 'calculated', field: 'fee' }, description: ... }  // `fee` a calculation target
 *   feeOf(definition, answersWithCalculations) -> { kind: 'none' } | { kind: 'due', amount } | { kind: 'invalid', value }
 *   paymentProblems(definition) is part of validateDefinition.
 * The portal shows the fee on the summary; the server stores a fee-carrying submission as
 * 'awaiting-payment' and delivers it only once paid (server/src/payment/).
 */
export * from './model.js';
export * from './limits.js';
export * from './fee.js';
export { paymentProblems } from './problems.js';
