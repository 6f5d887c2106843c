import { checkRules, validateDefinition, type CheckOptions, type DefinitionProblem } from '@etjanst/schemas';
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { problemOf, type Problem } from '../shared/problem';
import { createDraft, saveDraft, type StoredDraft } from './designerApi';
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

interface State {
  history: History<Definition>;
  /** What the server has (null: not created yet) */
  stored: { revision: number; definition: Definition } | null;
  save: SaveState;
}

type Action =
  | { type: 'edit'; definition: Definition; key?: string }
  | { type: 'undo' }
  | { type: 'redo' }
  /** A working copy back in the editor; `basedOn`: an older revision its save must name (If-Match), so it meets the 412 */
  | { type: 'restore'; definition: Definition; basedOn?: number | null }
  | { type: 'saving'; definition: Definition }
  | { type: 'saved'; revision: number; definition: Definition }
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
      return { ...state, history, stored: action.basedOn === null ? null : { revision: action.basedOn, definition: before } };
    }
    case 'saving':
      return { ...state, save: { kind: 'saving', definition: action.definition } };
    case 'saved':
      return { ...state, stored: { revision: action.revision, definition: action.definition }, save: { kind: 'idle' } };
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

/**
 * The designer's state: the definition with its undo history, and the draft on the server.
 * Autosaves a valid definition after a pause (PUT with If-Match, or creates it the first time);
 * an invalid one waits, its problems shown at the fields; a stale revision stops saving. What the
 * server does not have yet is also kept in the browser (useWorkingCopy). `checkOptions`: the
 * facts from outside the definition the publish gate also passes the rules (the connector types).
 */
export function useDesigner(
  municipality: string,
  initial: StoredDraft | { definition: Definition; revision: null },
  moreProblems: MoreProblems = NONE,
  checkOptions: CheckOptions = NO_FACTS,
) {
  const [state, dispatch] = useReducer(reducer, initial, (draft) => ({
    history: startHistory(draft.definition),
    stored: draft.revision === null ? null : { revision: draft.revision, definition: draft.definition },
    save: { kind: 'idle' } as SaveState,
  }));
  const definition = state.history.present;
  const checked = useSettled(definition, CHECK_DELAY_MS);
  const validation = useMemo(() => {
    const result = validateDefinition(checked);
    const more = result.valid ? moreProblems(result.definition) : [];
    // the catalogue's rules are judged once the format accepts the definition; until then its problems are what to fix
    const requirements = result.valid ? unmetRequirements(checkRules(result.definition, checkOptions)) : [];
    return { valid: result.valid && more.length === 0, problems: [...result.problems, ...more], requirements };
  }, [checked, moreProblems, checkOptions]);
  const problems: DefinitionProblem[] = validation.problems;
  const dirty = state.stored?.definition !== definition;
  const stateRef = useRef(state);
  stateRef.current = state;
  const workingCopy = useWorkingCopy(
    municipality,
    initial,
    { definition, dirty, revision: state.stored?.revision ?? null },
    useCallback((restored: Definition, basedOn?: number | null) => dispatch({ type: 'restore', definition: restored, basedOn }), []),
  );

  const apply = useCallback((edit: Edit, key?: string): DesignerEditError | undefined => {
    try {
      dispatch({ type: 'edit', definition: edit(stateRef.current.history.present), key });
      return undefined;
    } catch (error) {
      if (error instanceof DesignerEditError) return error;
      throw error;
    }
  }, []);

  const blocked =
    state.save.kind === 'conflict' ||
    state.save.kind === 'saving' ||
    (state.save.kind === 'failed' && state.save.definition === definition);
  const saveable = dirty && !blocked && checked === definition && validation.valid;
  useEffect(() => {
    if (!saveable) return;
    const timer = setTimeout(() => {
      const { stored } = stateRef.current;
      dispatch({ type: 'saving', definition });
      (stored ? saveDraft(municipality, definition, stored.revision) : createDraft(municipality, definition)).then(
        (saved) => dispatch({ type: 'saved', revision: saved.revision, definition }),
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

  return {
    definition,
    problems,
    /** The rule catalogue's findings on the checked definition, without the browser scan's */
    requirements: validation.requirements,
    dirty,
    save: state.save,
    stored: state.stored,
    apply,
    undo: useCallback(() => dispatch({ type: 'undo' }), []),
    redo: useCallback(() => dispatch({ type: 'redo' }), []),
    canUndo: canUndo(state.history),
    canRedo: canRedo(state.history),
    workingCopy,
  };
}

export type DesignerController = ReturnType<typeof useDesigner>;
