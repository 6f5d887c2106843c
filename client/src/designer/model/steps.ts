import type { LocalizedText } from '@etjanst/schemas';
import { refuse } from './edit-error';
import { copy, type Definition } from './form-tree';

const FOLD: Record<string, string> = { å: 'a', ä: 'a', ö: 'o', é: 'e', ü: 'u' };

/** A step id (slug) from a title: lower case a–z and digits joined by hyphens; `fallback` prefixes one too short. */
export function slugOf(title: string, fallback = 'steg'): string {
  const slug = title
    .toLowerCase()
    .replace(/[åäöéü]/g, (c) => FOLD[c] ?? c)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug.length >= 2 ? slug : `${fallback}${slug}`;
}

function freeStepId(definition: Definition, title: string): string {
  const base = slugOf(title);
  const taken = new Set(definition.form.steps.map((s) => s.id));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

const stepIndex = (definition: Definition, id: string): number => {
  const index = definition.form.steps.findIndex((s) => s.id === id);
  if (index < 0) refuse('step-unknown', `Steget ”${id}” finns inte.`, `The step “${id}” does not exist.`);
  return index;
};

const requireTitle = (title: LocalizedText) => {
  if (!title.sv.trim()) refuse('step-title-empty', 'Steget behöver en rubrik på svenska.', 'The step needs a Swedish title.');
};

/** Adds an empty step (its first field comes next) at an index, default last; returns its id. */
export function addStep(definition: Definition, title: LocalizedText, index = definition.form.steps.length): { definition: Definition; id: string } {
  requireTitle(title);
  const id = freeStepId(definition, title.sv);
  const next = copy(definition);
  next.form.steps.splice(Math.max(0, Math.min(index, next.form.steps.length)), 0, { id, title: copy(title), fields: [] });
  return { definition: next, id };
}

/** A new title; the id stays, since drafts and answers may already name it. */
export function renameStep(definition: Definition, id: string, title: LocalizedText): Definition {
  requireTitle(title);
  const index = stepIndex(definition, id);
  const next = copy(definition);
  next.form.steps[index]!.title = copy(title);
  return next;
}

export function moveStep(definition: Definition, id: string, toIndex: number): Definition {
  const index = stepIndex(definition, id);
  const next = copy(definition);
  const [step] = next.form.steps.splice(index, 1);
  next.form.steps.splice(Math.max(0, Math.min(toIndex, next.form.steps.length)), 0, step!);
  return next;
}

/** Deletes an empty step; a step with fields is refused, so that no field is lost by accident. */
export function deleteStep(definition: Definition, id: string): Definition {
  const index = stepIndex(definition, id);
  const step = definition.form.steps[index]!;
  if (definition.form.steps.length === 1) refuse('step-last', 'E-tjänsten måste ha minst ett steg.', 'The e-service must have at least one step.');
  if (step.fields.length > 0) {
    refuse('step-has-fields', `Steget ”${step.title.sv}” har ${step.fields.length} fält. Flytta eller ta bort dem först.`, `The step “${step.title.en ?? step.title.sv}” has ${step.fields.length} fields. Move or delete them first.`);
  }
  const next = copy(definition);
  next.form.steps.splice(index, 1);
  return next;
}
