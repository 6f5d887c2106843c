import type { IncomingMessage, ServerResponse } from 'node:http';
import { bilingual } from '@etjanst/schemas';
import { unprocessable } from '../problems/problem.js';

const MAX_DEPTH = 256;
const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * JSON pointers of the object members that repeat a key earlier in the same object. JSON.parse
 * keeps the last silently, so a definition with two fields of one key would lose one without a
 * word. Malformed or too deeply nested text gives [] (JSON.parse then says what is wrong).
 */
export function duplicateKeyPointers(text: string): string[] {
  const found: string[] = [];
  let at = 0;
  const fail = (): never => {
    throw new SyntaxError('malformed JSON');
  };
  const space = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at] as string)) at++;
  };
  const string = (): string => {
    const start = at;
    at++;
    while (at < text.length && text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
    if (at >= text.length) fail();
    at++;
    return JSON.parse(text.slice(start, at)) as string;
  };
  const value = (pointer: string, depth: number): void => {
    if (depth > MAX_DEPTH) fail();
    space();
    const char = text[at];
    if (char === '{') {
      at++;
      const keys = new Set<string>();
      space();
      if (text[at] === '}') return void at++;
      for (;;) {
        space();
        if (text[at] !== '"') fail();
        const key = string();
        const member = `${pointer}/${escapePointer(key)}`;
        if (keys.has(key)) found.push(member);
        keys.add(key);
        space();
        if (text[at++] !== ':') fail();
        value(member, depth + 1);
        space();
        const next = text[at++];
        if (next === '}') return;
        if (next !== ',') fail();
      }
    }
    if (char === '[') {
      at++;
      space();
      if (text[at] === ']') return void at++;
      for (let index = 0; ; index++) {
        value(`${pointer}/${index}`, depth + 1);
        space();
        const next = text[at++];
        if (next === ']') return;
        if (next !== ',') fail();
      }
    }
    if (char === '"') return void string();
    const start = at;
    while (at < text.length && !',]} \t\n\r'.includes(text[at] as string)) at++;
    if (at === start) fail();
  };
  try {
    value('', 0);
    return found;
  } catch {
    return [];
  }
}

/**
 * express.json `verify`: refuses a JSON body that repeats a key in one object (422, naming each
 * place), before it is parsed into an object that has silently lost one of them.
 */
export function refuseDuplicateKeys(_req: IncomingMessage, _res: ServerResponse, body: Buffer): void {
  const pointers = duplicateKeyPointers(body.toString('utf8'));
  if (pointers.length === 0) return;
  throw unprocessable('duplicate-keys', bilingual('Samma nyckel förekommer två gånger i innehållet.', 'The same key appears twice in the content.'), {
    errors: pointers.map((pointer) => {
      const key = pointer.split('/').pop()?.replace(/~1/g, '/').replace(/~0/g, '~') ?? '';
      return {
        pointer,
        code: 'json.duplicate-key',
        message: bilingual(`Nyckeln ”${key}” finns två gånger (${pointer}); bara den sista skulle gälla.`, `The key “${key}” appears twice (${pointer}); only the last would count.`),
      };
    }),
  });
}
