import { faultReport, preschoolPlace } from '@etjanst/schemas';
import { describe, expect, it } from 'vitest';
import type { Definition } from './model';
import {
  readWorkingCopy,
  removeWorkingCopy,
  serverMovedOn,
  unsavedNewEServices,
  unsavedWorkingCopy,
  workingCopyKey,
  writeWorkingCopy,
  type WorkingCopy,
  type WorkingCopyStorage,
} from './workingCopy';

/** localStorage's behaviour over a Map; `full` makes it refuse writes as a full storage does. */
class MemoryStorage implements WorkingCopyStorage {
  readonly items = new Map<string, string>();
  full = false;
  get length() {
    return this.items.size;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    if (this.full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.items.set(key, String(value));
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

const preschool = (): Definition => structuredClone(preschoolPlace);
const copyOf = (definition: Definition, baseRevision: number | null, savedAt = '2026-03-01T10:15:00.000Z'): WorkingCopy => ({ definition, baseRevision, savedAt });
/** The definition with its top-level keys in another order, as the server's JSONB gives it back. */
const reordered = (definition: Definition): Definition => Object.fromEntries(Object.entries(definition).reverse()) as Definition;

describe('the designer’s working copy in the browser', () => {
  it('is kept per municipality and e-service and read back as written', () => {
    const storage = new MemoryStorage();
    const edited = preschool();
    edited.catalogue.title.sv = 'Förskoleplats (ändrad)';
    expect(writeWorkingCopy(storage, 'solbacka', copyOf(edited, 4))).toBe(true);
    expect(readWorkingCopy(storage, 'solbacka', 'forskoleplats')).toEqual(copyOf(edited, 4));
    expect(readWorkingCopy(storage, 'ekdala', 'forskoleplats')).toBeNull();
    expect(readWorkingCopy(storage, 'solbacka', 'felanmalan')).toBeNull();
    expect([...storage.items.keys()]).toEqual([workingCopyKey('solbacka', 'forskoleplats')]);
    removeWorkingCopy(storage, 'solbacka', 'forskoleplats');
    expect(storage.length).toBe(0);
  });

  it('is offered only when it differs from the draft the designer opens, key order aside', () => {
    const storage = new MemoryStorage();
    const server = preschool();
    writeWorkingCopy(storage, 'solbacka', copyOf(JSON.parse(JSON.stringify(server)) as Definition, 4));
    expect(unsavedWorkingCopy(storage, 'solbacka', { definition: reordered(server), revision: 4 })).toBeNull();

    const edited = preschool();
    edited.form.texts['child.givenName']!.label.sv = '';
    writeWorkingCopy(storage, 'solbacka', copyOf(edited, 4));
    const offered = unsavedWorkingCopy(storage, 'solbacka', { definition: reordered(server), revision: 4 });
    expect(offered?.definition).toEqual(edited);
    expect(serverMovedOn(offered!, { definition: server, revision: 4 })).toBe(false);
    // someone saved the draft after the copy's changes began: restoring it meets the 412
    expect(serverMovedOn(offered!, { definition: server, revision: 5 })).toBe(true);
  });

  it('of an e-service never stored is offered to a designer that opens it new, and listed among the unsaved new ones', () => {
    const storage = new MemoryStorage();
    const started = preschool();
    writeWorkingCopy(storage, 'solbacka', copyOf(started, null, '2026-03-01T09:00:00.000Z'));
    const later = { ...structuredClone(faultReport), id: 'felanmalan-ny' } as Definition;
    writeWorkingCopy(storage, 'solbacka', copyOf(later, null, '2026-03-02T09:00:00.000Z'));
    writeWorkingCopy(storage, 'solbacka', copyOf(structuredClone(faultReport), 3)); // stored on the server: not new
    writeWorkingCopy(storage, 'ekdala', copyOf(preschool(), null)); // another municipality's
    storage.setItem('etjanst.language', 'en'); // someone else's key

    expect(unsavedNewEServices(storage, 'solbacka').map((c) => c.definition.id)).toEqual(['felanmalan-ny', 'forskoleplats']);
    const fresh = { ...preschool(), form: { ...preschool().form, steps: [] } } as Definition;
    expect(serverMovedOn(unsavedWorkingCopy(storage, 'solbacka', { definition: fresh, revision: null })!, { definition: fresh, revision: null })).toBe(false);
    // the e-service was created since (another tab): the new copy would meet the server's refusal
    expect(serverMovedOn(readWorkingCopy(storage, 'solbacka', 'forskoleplats')!, { definition: fresh, revision: 1 })).toBe(true);
  });

  it('ignores what is not a working copy of the e-service, and survives a storage that refuses', () => {
    const storage = new MemoryStorage();
    const key = workingCopyKey('solbacka', 'forskoleplats');
    for (const stored of [
      '{ not json',
      JSON.stringify({ definition: { ...preschool(), id: 'felanmalan' }, baseRevision: 1, savedAt: '2026-03-01T10:15:00.000Z' }),
      JSON.stringify({ definition: preschool(), baseRevision: '1', savedAt: '2026-03-01T10:15:00.000Z' }),
      JSON.stringify({ definition: preschool(), baseRevision: 1, savedAt: 'yesterday' }),
      JSON.stringify({ definition: { id: 'forskoleplats' }, baseRevision: 1, savedAt: '2026-03-01T10:15:00.000Z' }),
    ]) {
      storage.setItem(key, stored);
      expect(readWorkingCopy(storage, 'solbacka', 'forskoleplats')).toBeNull();
    }
    expect(unsavedNewEServices(storage, 'solbacka')).toEqual([]);

    storage.full = true;
    expect(writeWorkingCopy(storage, 'solbacka', copyOf(preschool(), 1))).toBe(false);
    const blocked: WorkingCopyStorage = {
      length: 1,
      key: () => {
        throw new DOMException('blocked', 'SecurityError');
      },
      getItem: () => {
        throw new DOMException('blocked', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('blocked', 'SecurityError');
      },
      removeItem: () => {
        throw new DOMException('blocked', 'SecurityError');
      },
    };
    expect(readWorkingCopy(blocked, 'solbacka', 'forskoleplats')).toBeNull();
    expect(writeWorkingCopy(blocked, 'solbacka', copyOf(preschool(), 1))).toBe(false);
    expect(() => removeWorkingCopy(blocked, 'solbacka', 'forskoleplats')).not.toThrow();
    expect(unsavedNewEServices(blocked, 'solbacka')).toEqual([]);
  });
});
