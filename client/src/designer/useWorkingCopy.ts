import { useEffect, useState } from 'react';
import type { Definition } from './model';
import {
  browserStorage,
  removeWorkingCopy,
  serverMovedOn,
  unsavedWorkingCopy,
  writeWorkingCopy,
  type OpenedDraft,
  type WorkingCopy,
} from './workingCopy';

/** How long edits must pause before the working copy is written (hiding the page writes it at once). */
export const WORKING_COPY_DELAY_MS = 300;

/** A working copy found on opening, and whether the server's draft was saved again since it began. */
export interface WorkingCopyOffer {
  copy: WorkingCopy;
  movedOn: boolean;
}

interface Editing {
  definition: Definition;
  /** Whether the server lacks the definition on screen */
  dirty: boolean;
  /** The server's revision the definition builds on (null: not created yet) */
  revision: number | null;
}

/**
 * Keeps the designer's working copy in localStorage: written after each change the server does
 * not have, removed once it has it. A copy found on opening that differs from the server's draft
 * is offered first; until the designer restores or discards it, it is left untouched. A
 * read-only designer (`enabled` false) neither offers nor touches one.
 */
export function useWorkingCopy(
  municipality: string,
  opened: OpenedDraft,
  { definition, dirty, revision }: Editing,
  restore: (definition: Definition, basedOn?: number | null) => void,
  enabled = true,
) {
  const [storage] = useState(() => (enabled ? browserStorage() : null));
  const [offer, setOffer] = useState<WorkingCopyOffer | null>(() => {
    const copy = storage && unsavedWorkingCopy(storage, municipality, opened);
    return copy ? { copy, movedOn: serverMovedOn(copy, opened) } : null;
  });

  useEffect(() => {
    if (!storage || offer) return;
    if (!dirty) return removeWorkingCopy(storage, municipality, definition.id);
    let written = false;
    const write = () => {
      written ||= writeWorkingCopy(storage, municipality, { definition, baseRevision: revision, savedAt: new Date().toISOString() });
    };
    const timer = setTimeout(write, WORKING_COPY_DELAY_MS);
    // closing the tab within the pause still keeps the last change
    window.addEventListener('pagehide', write);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('pagehide', write);
    };
  }, [storage, offer, municipality, definition, dirty, revision]);

  return {
    offer,
    /** Into the editor as an undoable change; a copy the server moved on from is saved over its own base revision, so it meets the 412 */
    restore: () => {
      if (!offer) return;
      restore(offer.copy.definition, offer.movedOn ? offer.copy.baseRevision : undefined);
      setOffer(null);
    },
    discard: () => {
      if (!offer) return;
      if (storage) removeWorkingCopy(storage, municipality, offer.copy.definition.id);
      setOffer(null);
    },
  };
}
