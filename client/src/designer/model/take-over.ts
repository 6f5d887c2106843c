import { deleteField, isRequired, setRequiredOn } from './fields';
import { refuse } from './edit-error';
import { containerOf, copy, fieldAt, isUnder, nameOf, parentPathOf, removeUi, uiNodeAt, type Definition } from './form-tree';

/** Of a record keyed by field path, the draft's entries less the field's, with the newer version's for the field. */
function withEntriesOf<T>(draft: Record<string, T> | undefined, newer: Record<string, T> | undefined, path: string): Record<string, T> {
  const kept = Object.entries(draft ?? {}).filter(([key]) => !isUnder(key, path));
  const taken = Object.entries(newer ?? {}).filter(([key]) => isUnder(key, path));
  return Object.fromEntries([...kept, ...taken.map(([key, value]) => [key, copy(value)] as const)]);
}

/** Puts a top-level field the template added on the step of the same id (else the last), after the field it follows there. */
function placeOnStep(draft: Definition, newer: Definition, name: string): void {
  const newerStep = newer.form.steps.find((s) => s.fields.includes(name));
  const step = draft.form.steps.find((s) => s.id === newerStep?.id) ?? draft.form.steps.at(-1)!;
  const before = newerStep?.fields.slice(0, newerStep.fields.indexOf(name)).reverse().find((f) => step.fields.includes(f));
  step.fields.splice(before ? step.fields.indexOf(before) + 1 : 0, 0, name);
}

/**
 * Takes one field's change from a template's newer version into a draft made from it, leaving
 * the rest of the draft (the adopter's own changes) as it is: a field both have becomes the
 * newer version's (schema with its children, required, uiSchema, texts, settings) where it
 * stands; a field the template added is added, a top-level one on the step of the same id; a
 * field the template removed is deleted as the designer deletes one (refused while a condition
 * or calculation needs it). A field the template shows under a condition is not added here:
 * its condition would not come with it.
 */
export function takeOverField(draft: Definition, newer: Definition, path: string): Definition {
  const source = fieldAt(newer.form.schema, path);
  const existing = fieldAt(draft.form.schema, path);
  if (!source) return existing ? deleteField(draft, path) : draft;
  const next = copy(draft);
  const name = nameOf(path);
  if (!existing) {
    if (source.declarer !== source.container) {
      refuse('field-conditional', `Fältet ”${path}” visas under ett villkor i mallen. Lägg till det och villkoret själv.`, `The field “${path}” is shown under a condition in the template. Add it and the condition yourself.`);
    }
    const container = containerOf(next.form.schema, parentPathOf(path));
    if (!container) refuse('group-unknown', `Gruppen ”${parentPathOf(path)}” finns inte i utkastet.`, `The group “${parentPathOf(path)}” does not exist in the draft.`);
    container!.properties = { ...(container!.properties as object), [name]: {} };
    if (parentPathOf(path) === '') placeOnStep(next, newer, name);
  }
  const at = fieldAt(next.form.schema, path)!;
  removeUi(next.form, path);
  at.declarer.properties[name] = copy(source.schema);
  setRequiredOn(at.declarer, name, isRequired(newer, path));
  const ui = uiNodeAt(newer.form, path, false);
  if (ui) Object.assign(uiNodeAt(next.form, path, true)!, copy(ui));
  next.form.texts = withEntriesOf(next.form.texts, newer.form.texts, path);
  const fields = withEntriesOf(next.form.fields, newer.form.fields, path);
  if (Object.keys(fields).length > 0 || next.form.fields) next.form.fields = fields;
  return next;
}
