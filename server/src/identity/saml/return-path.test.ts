import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './return-path.js';

describe('safeReturnPath', () => {
  it('keeps a path on our own origin', () => {
    expect(safeReturnPath('/solbacka/e-tjanster/bygglov?steg=2#svar')).toBe('/solbacka/e-tjanster/bygglov?steg=2#svar');
  });

  it.each([undefined, '', 'solbacka', 'https://evil.example/', '//evil.example/x', '/\\evil.example', '/a\nb', ['/a'], `/${'a'.repeat(2001)}`])(
    'sends %j to the start page',
    (value) => {
      expect(safeReturnPath(value)).toBe('/');
    },
  );
});
