import { bilingual, checkRules, validateDefinition, type CheckOptions, type DefinitionProblem, type DuplicateTitle } from '@etjanst/schemas';
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { problemOf, type Problem } from '../shared/problem';
import { createDraft, restoreVersion as restoreVersionOnServer, saveDraft, type StoredDraft } from './designerApi';
import { useSettled } from './useSettled';
import { useWorkingCopy } from './useWorkingCopy';
import {
  canRedo,
  canUndo,
  DesignerEditError,
  record,
  redo,
  startHistory,
  undo,
  type Definition,
  type History,
  unmetRequirements,
} from './model';

/** How long typing must pause before the draft is saved. */
export const AUTOSAVE_DELAY_MS = 800;
/** How long typing must pause before the definition is checked (a 300-field check takes longer than a keystroke may). */
export const CHECK_DELAY_MS = 250;


export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving'; definition: Definition }
  /** Someone else saved since we loaded: only reloading helps */
  | { kind: 'conflict'; problem: Problem }
  /** Refused or unreachable: tried again after the next edit */
  | { kind: 'failed'; problem: Problem; definition: Definition };

/** What the server has of the draft, and what it says of it. */
export interface Stored {
  revision: number;
  definition: Definition;
  /** The server's findings when it saved the draft unfinished (none when valid) */
  problems: DefinitionProblem[];
  /** Whether this person may publish it without a review */
  mayPublishDirectly: boolean;
  /** Other e-services of the municipality with the same title, as the server found them */
  warnings: DuplicateTitle[];
}

interface State {
  history: History<Definition>;
  /** What the server has (null: not created yet) */
  stored: Stored | null;
  save: SaveState;
}

type Action =
  | { type: 'edit'; definition: Definition; key?: string }
  | { type: 'undo' }
  | { type: 'redo' }
  /** A working copy back in the editor; `basedOn`: an older revision its save must name (If-Match), so it meets the 412 */
  | { type: 'restore'; definition: Definition; basedOn?: number | null }
  | { type: 'saving'; definition: Definition }
  | { type: 'saved'; stored: Stored }
  /** The server made a published version the draft: shown as an edit, so undo takes it back (and saves that) */
  | { type: 'version-restored'; stored: Stored }
  | { type: 'save-failed'; problem: Problem; definition: Definition };

function reducer(state: State, action: Action): State {
  switch (action.type) {
    case 'edit':
      return { ...state, history: record(state.history, action.definition, action.key) };
    case 'undo':
      return { ...state, history: undo(state.history) };
    case 'redo':
      return { ...state, history: redo(state.history) };
    case 'restore': {
      const history = record(state.history, action.definition);
      if (action.basedOn === undefined) return { ...state, history };
      // what the server had stays what the restored copy differs from, so it is saved
      const before = state.stored?.definition ?? state.history.present;
      const stored = action.basedOn === null ? null : { problems: [], mayPublishDirectly: false, warnings: [], ...state.stored, revision: action.basedOn, definition: before };
      return { ...state, history, stored };
    }
    case 'saving':
      return { ...state, save: { kind: 'saving', definition: action.definition } };
    case 'saved':
      return { ...state, stored: action.stored, save: { kind: 'idle' } };
    case 'version-restored':
      return { ...state, history: record(state.history, action.stored.definition), stored: action.stored, save: { kind: 'idle' } };
    case 'save-failed':
      return {
        ...state,
        save:
          action.problem.status === 412
            ? { kind: 'conflict', problem: action.problem }
            : { kind: 'failed', problem: action.problem, definition: action.definition },
      };
  }
}

/** An edit of the definition: a pure model function, refused with a DesignerEditError. */
export type Edit = (definition: Definition) => Definition;

/** Problems of a valid definition that the format alone does not show (e.g. connector options, by their plugins' schemas). */
export type MoreProblems = (definition: Definition) => DefinitionProblem[];
const NONE: MoreProblems = () => [];
const NO_FACTS: CheckOptions = {};
const NO_PROBLEMS: DefinitionProblem[] = [];
/** What an edit gets in a read-only designer (its controls are not there to begin with; a form's own defaults are not edits) */
const READ_ONLY = new DesignerEditError('read-only', bilingual('Du kan inte ändra det här utkastet.', 'You cannot change this draft.'));

/** Who uses the designer: `readOnly` views a draft without editing it (no saves, no working copy). */
export interface DesignerOptions {
  moreProblems?: MoreProblems;
  checkOptions?: CheckOptions;
  readOnly?: boolean;
}

const storedOf = (draft: StoredDraft, definition: Definition = draft.definition): Stored => ({
  revision: draft.revision,
  definition,
  problems: draft.problems,
  mayPublishDirectly: draft.mayPublishDirectly,
  warnings: draft.warnings,
});

/** Problems once each: the server's findings repeat most of the designer's own. */
const distinct = (problems: DefinitionProblem[]) => [...new Map(problems.map((p) => [`${p.pointer} ${p.code}`, p])).values()];

/**
 * The designer's state: the definition with its undo history, and the draft on the server.
 * Autosaves after a pause (PUT with If-Match), valid or not: the server keeps an unfinished
 * draft with its findings, which are shown with the designer's own. A new e-service is created
 * only once valid. A stale revision stops saving. What the server does not have yet is also kept
 * in the browser (useWorkingCopy). `checkOptions`: the facts from outside the definition the
 * publish gate also passes the rules (the connector types).
 */
export function useDesigner(
  municipality: string,
  initial: StoredDraft | { definition: Definition; revision: null },
  { moreProblems = NONE, checkOptions = NO_FACTS, readOnly = false }: DesignerOptions = {},
) {
  const [state, dispatch] = useReducer(reducer, initial, (draft) => ({
    history: startHistory(draft.definition),
    stored: draft.revision === null ? null : storedOf(draft),
    save: { kind: 'idle' } as SaveState,
  }));
  const definition = state.history.present;
  const checked = useSettled(definition, CHECK_DELAY_MS);
  const validation = useMemo(() => {
    const result = validateDefinition(checked);
    const more = result.valid ? moreProblems(result.definition) : [];
    // the catalogue's rules are judged once the format accepts the definition; until then its problems are what to fix
    const results = result.valid ? checkRules(result.definition, checkOptions) : [];
    const requirements = unmetRequirements(results);
    // the rules judged here: what the publish gate found by the others (the scan) only it can say is fixed
    const judged = new Set(results.filter((r) => r.status !== 'not-run').map((r) => r.id));
    return { valid: result.valid && more.length === 0, problems: [...result.problems, ...more], requirements, judged };
  }, [checked, moreProblems, checkOptions]);
  // what the server found in the draft as saved counts too (e.g. a department this municipality lacks)
  const serverFindings = state.stored?.definition === definition ? state.stored.problems : NO_PROBLEMS;
  const problems = useMemo(() => distinct([...validation.problems, ...serverFindings]), [validation.problems, serverFindings]);
  const dirty = state.stored?.definition !== definition;
  const stateRef = useRef(state);
  stateRef.current = state;
  const workingCopy = useWorkingCopy(
    municipality,
    initial,
    { definition, dirty, revision: state.stored?.revision ?? null },
    useCallback((restored: Definition, basedOn?: number | null) => dispatch({ type: 'restore', definition: restored, basedOn }), []),
    !readOnly,
  );

  const apply = useCallback((edit: Edit, key?: string): DesignerEditError | undefined => {
    if (readOnly) return READ_ONLY;
    try {
      dispatch({ type: 'edit', definition: edit(stateRef.current.history.present), key });
      return undefined;
    } catch (error) {
      if (error instanceof DesignerEditError) return error;
      throw error;
    }
  }, [readOnly]);

  const blocked =
    state.save.kind === 'conflict' ||
    state.save.kind === 'saving' ||
    (state.save.kind === 'failed' && state.save.definition === definition);
  // a stored draft is saved unfinished too; creating an e-service waits until its definition is valid
  const saveable = !readOnly && dirty && !blocked && checked === definition && (state.stored !== null || validation.valid);
  useEffect(() => {
    if (!saveable) return;
    const timer = setTimeout(() => {
      const { stored } = stateRef.current;
      dispatch({ type: 'saving', definition });
      (stored ? saveDraft(municipality, definition, stored.revision) : createDraft(municipality, definition)).then(
        (saved) => dispatch({ type: 'saved', stored: storedOf(saved, definition) }),
        (error: unknown) => dispatch({ type: 'save-failed', problem: problemOf(error), definition }),
      );
    }, AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [saveable, definition, municipality]);

  // leaving with changes the server does not have yet asks first
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  /** Makes a published version the draft on the server, then the one on screen; refused with the server's problem. */
  const restoreVersion = useCallback(
    async (version: number): Promise<Problem | undefined> => {
      const { stored, history } = stateRef.current;
      if (readOnly || !stored) throw new Error('Only a stored draft that may be edited has versions to restore');
      try {
        const saved = await restoreVersionOnServer(municipality, history.present.id, version, stored.revision);
        dispatch({ type: 'version-restored', stored: storedOf(saved) });
        return undefined;
      } catch (error) {
        const problem = problemOf(error);
        // someone saved since: as for a save, only reloading helps
        if (problem.status === 412) dispatch({ type: 'save-failed', problem, definition: history.present });
        return problem;
      }
    },
    [municipality, readOnly],
  );

  return {
    definition,
    /** The designer's own findings and the server's on the draft as saved */
    problems,
    /** The server's findings on the draft saved unfinished, while it is the one on screen */
    serverFindings,
    readOnly,
    /** The rule catalogue's findings on the checked definition, without the browser scan's */
    requirements: validation.requirements,
    /** The rules the designer judged on the checked definition (none while the format refuses it) */
    judgedRules: validation.judged as ReadonlySet<string>,
    dirty,
    save: state.save,
    stored: state.stored,
    apply,
    undo: useCallback(() => dispatch({ type: 'undo' }), []),
    redo: useCallback(() => dispatch({ type: 'redo' }), []),
    restoreVersion,
    canUndo: canUndo(state.history),
    canRedo: canRedo(state.history),
    workingCopy,
  };
}

export type DesignerController = ReturnType<typeof useDesigner>;
