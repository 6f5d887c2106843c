import { describe, expect, it } from 'vitest';
import { faultReport } from '@etjanst/schemas';
import { PREVIEW_TTL_MS, PreviewStore } from './preview-store.js';

describe('previews for the browser scan', () => {
  it('are read by their unguessable token until they expire or are deleted', () => {
    let now = 1_000_000;
    const store = new PreviewStore(() => now);
    const token = store.put(faultReport);
    expect(token).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(store.put(faultReport)).not.toBe(token);
    expect(store.get(token)).toBe(faultReport);
    expect(store.get('someone-elses-token')).toBeUndefined();
    now += PREVIEW_TTL_MS - 1;
    expect(store.get(token)).toBe(faultReport);
    now += 1;
    expect(store.get(token)).toBeUndefined();
    const second = store.put(faultReport);
    store.delete(second);
    expect(store.get(second)).toBeUndefined();
  });

  it('keep memory bounded: the oldest go first', () => {
    const store = new PreviewStore();
    const first = store.put(faultReport);
    for (let i = 0; i < 250; i++) store.put(faultReport);
    expect(store.get(first)).toBeUndefined();
  });
});
