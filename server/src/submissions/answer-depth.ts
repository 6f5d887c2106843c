import { bilingual } from '@etjanst/schemas';
import { unprocessable } from '../problems/problem.js';

/**
 * How deep answers may nest, the answers object being the first level and each object or array
 * inside one more: far beyond any form (a repeating group of addresses is four), and a bound for
 * everything that walks answers after they are accepted.
 */
export const MAX_ANSWER_DEPTH = 32;

/** Whether a parsed JSON value nests objects and arrays deeper than `limit`; iterative, so any depth is safe to ask about. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [node, depth] = next;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(node)) if (typeof child === 'object' && child !== null) pending.push([child, depth + 1]);
  }
  return false;
}

/** Refuses answers nested deeper than MAX_ANSWER_DEPTH (422 answers-too-deep), before anything validates or stores them. */
export function refuseDeepAnswers(answers: unknown): void {
  if (!nestsDeeperThan(answers, MAX_ANSWER_DEPTH)) return;
  throw unprocessable(
    'answers-too-deep',
    bilingual(
      `Svaren är för djupt nästlade: högst ${MAX_ANSWER_DEPTH} nivåer av objekt och listor tas emot.`,
      `The answers are nested too deeply: at most ${MAX_ANSWER_DEPTH} levels of objects and arrays are accepted.`,
    ),
    { maxDepth: MAX_ANSWER_DEPTH },
  );
}
