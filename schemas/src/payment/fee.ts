import { valuesAt } from '../calculations/evaluate.js';
import type { EServiceDefinition } from '../definition/format.js';
import { MAX_FEE_SEK, MIN_FEE_SEK } from './limits.js';

/** Whether an amount in kronor has at most two decimals (öre), free of floating-point tails. */
export const isWholeOre = (amount: number): boolean => Math.abs(Math.round(amount * 100) - amount * 100) < 1e-6;

export type FeeOutcome =
  | { kind: 'none' }
  | { kind: 'due'; amount: number }
  /** A calculated fee the answers do not give (missing) or that cannot be charged (below 1 kr, too large) */
  | { kind: 'invalid'; value: unknown };

/**
 * The fee the answers of an e-service owe, in kronor: none without payment settings or when a
 * calculated fee comes to 0. `answers` must carry the calculations' results (applyCalculations):
 * the server recomputes them on submission, so a tampered fee field is never charged.
 */
export function feeOf(definition: Pick<EServiceDefinition, 'payment'>, answers: unknown): FeeOutcome {
  const fee = definition.payment?.fee;
  if (!fee) return { kind: 'none' };
  const value = fee.kind === 'fixed' ? fee.amount : valuesAt(answers, fee.field)[0];
  if (value === 0) return { kind: 'none' };
  if (typeof value !== 'number' || !Number.isFinite(value) || value < MIN_FEE_SEK || value > MAX_FEE_SEK) return { kind: 'invalid', value };
  return { kind: 'due', amount: Math.round(value * 100) / 100 };
}

/** An amount as Swish and the receipt write it: two decimals with a point ("450.00"). */
export const formatAmount = (amount: number): string => amount.toFixed(2);
