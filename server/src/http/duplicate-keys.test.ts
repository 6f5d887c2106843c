import { describe, expect, it } from 'vitest';
import { duplicateKeyPointers } from './duplicate-keys.js';

describe('duplicate keys in JSON text', () => {
  it('names every repeated member by its JSON pointer, at any depth and in arrays', () => {
    expect(duplicateKeyPointers('{"a":1,"b":{"c":[{"d":1,"d":2}],"c":3},"a":"x"}')).toEqual(['/b/c/0/d', '/b/c', '/a']);
    expect(duplicateKeyPointers('{"a/b":1,"a\\/b":2,"~":[],"~":{}}')).toEqual(['/a~1b', '/~0']);
  });

  it('finds none in ordinary JSON, escaped quotes and scalars included', () => {
    expect(duplicateKeyPointers('{"a":"say \\"a\\":1","b":[1,2,{"a":true}],"c":null}')).toEqual([]);
    expect(duplicateKeyPointers(' [ {} , [] , -1.5e3 , "x" ] ')).toEqual([]);
    expect(duplicateKeyPointers('42')).toEqual([]);
  });

  it('leaves malformed or absurdly deep text to JSON.parse', () => {
    expect(duplicateKeyPointers('{"a":1,"a":')).toEqual([]);
    expect(duplicateKeyPointers(`${'['.repeat(10_000)}${']'.repeat(10_000)}`)).toEqual([]);
  });
});
