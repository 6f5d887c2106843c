import { deepEquals } from '@rjsf/utils';
import type { Definition } from './model';

/**
 * The designer's working copy in the browser: the definition as it is on screen, kept between
 * the server's saves, so that an invalid draft (which the server does not take yet), a brand-new
 * e-service or the last changes before the autosave survive a closed tab or a crashed browser.
 * One copy per municipality and e-service; gone once the server has the same definition.
 */
export interface WorkingCopy {
  definition: Definition;
  /** The server's revision the changes build on; null for an e-service not created yet */
  baseRevision: number | null;
  /** When it was written (ISO 8601) */
  savedAt: string;
}

/** The part of the Web Storage API used here (localStorage in the browser, a stand-in in tests). */
export type WorkingCopyStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

const PREFIX = 'etjanst.designer.working-copy';

export const workingCopyKey = (municipality: string, eserviceId: string): string => `${PREFIX}:${municipality}:${eserviceId}`;

/** The browser's localStorage, or null where it is blocked (then nothing is kept). */
export function browserStorage(): WorkingCopyStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A stored text as a working copy of this e-service, or null when it is not one (unreadable, another e-service's). */
function parseWorkingCopy(text: string | null, eserviceId: string): WorkingCopy | null {
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(value) || !isRecord(value.definition) || value.definition.id !== eserviceId) return null;
  if (!isRecord(value.definition.catalogue) || !isRecord(value.definition.form)) return null;
  const { baseRevision, savedAt } = value;
  if (!(baseRevision === null || Number.isInteger(baseRevision)) || typeof savedAt !== 'string' || Number.isNaN(Date.parse(savedAt))) return null;
  return { definition: value.definition as unknown as Definition, baseRevision: baseRevision as number | null, savedAt };
}

export function readWorkingCopy(storage: WorkingCopyStorage, municipality: string, eserviceId: string): WorkingCopy | null {
  try {
    return parseWorkingCopy(storage.getItem(workingCopyKey(municipality, eserviceId)), eserviceId);
  } catch {
    return null;
  }
}

/** False when the browser refuses (storage full or blocked): the beforeunload warning is then the only guard. */
export function writeWorkingCopy(storage: WorkingCopyStorage, municipality: string, copy: WorkingCopy): boolean {
  try {
    storage.setItem(workingCopyKey(municipality, copy.definition.id), JSON.stringify(copy));
    return true;
  } catch {
    return false;
  }
}

export function removeWorkingCopy(storage: WorkingCopyStorage, municipality: string, eserviceId: string): void {
  try {
    storage.removeItem(workingCopyKey(municipality, eserviceId));
  } catch {
    // blocked storage holds nothing to remove
  }
}

/** What the designer opens with: the server's draft (revision null: not created yet). */
export interface OpenedDraft {
  definition: Definition;
  revision: number | null;
}

/**
 * A working copy to offer when the designer opens: one whose definition differs from what it
 * opens with (key order aside: the server's JSON comes back reordered). Null when there is none
 * or it holds nothing new.
 */
export function unsavedWorkingCopy(storage: WorkingCopyStorage, municipality: string, opened: OpenedDraft): WorkingCopy | null {
  const copy = readWorkingCopy(storage, municipality, opened.definition.id);
  return copy && !deepEquals(copy.definition, opened.definition) ? copy : null;
}

/** Whether the server's draft was saved again after the copy's changes began: saving them then meets the 412. */
export const serverMovedOn = (copy: WorkingCopy, opened: OpenedDraft): boolean => copy.baseRevision !== opened.revision;

/** The municipality's new e-services the server never got (none of their versions was valid yet), newest first. */
export function unsavedNewEServices(storage: WorkingCopyStorage, municipality: string): WorkingCopy[] {
  const prefix = workingCopyKey(municipality, '');
  const copies: WorkingCopy[] = [];
  try {
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (!key?.startsWith(prefix)) continue;
      const copy = readWorkingCopy(storage, municipality, key.slice(prefix.length));
      if (copy?.baseRevision === null) copies.push(copy);
    }
  } catch {
    return [];
  }
  return copies.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}
