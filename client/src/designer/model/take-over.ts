import { collectFieldPaths, fieldLabel, formulaInputs, validateDefinition } from '@etjanst/schemas';
import { setFieldCalculation } from './calculations';
import { deleteField, isRequired, setRequiredOn } from './fields';
import { refuse } from './edit-error';
import { containerOf, copy, fieldAt, isUnder, nameOf, parentPathOf, removeUi, uiNodeAt, type Definition } from './form-tree';

/** Of a record keyed by field path, the draft's entries less the field's, with the newer version's for the field. */
function withEntriesOf<T>(draft: Record<string, T> | undefined, newer: Record<string, T> | undefined, path: string): Record<string, T> {
  const kept = Object.entries(draft ?? {}).filter(([key]) => !isUnder(key, path));
  const taken = Object.entries(newer ?? {}).filter(([key]) => isUnder(key, path));
  return Object.fromEntries([...kept, ...taken.map(([key, value]) => [key, copy(value)] as const)]);
}

/** Of a list, the draft's items less the field's, with the newer version's for the field after them. */
function withItemsOf<T>(draft: readonly T[], newer: readonly T[], ofField: (item: T) => boolean): T[] {
  return [...draft.filter((item) => !ofField(item)), ...newer.filter(ofField).map(copy)];
}

const quoted = (definition: Definition, paths: string[], language: 'sv' | 'en') =>
  paths.map((p) => (language === 'sv' ? `”${fieldLabel(definition, p, 'sv')}” (${p})` : `“${fieldLabel(definition, p, 'en')}” (${p})`)).join(', ');

/**
 * Takes over what the definition keeps outside the field but the designer edits as the field's
 * own (the property panel, the catalogue's field properties): its prefill from the population
 * register, its being a co-signer's personnummer, its calculated value and the answer rules shown
 * at it. Its booking settings sit in form.fields and came with the field. A calculation or rule
 * that reads a field the draft does not have is refused, naming that field, to take over first:
 * adding the other field as a side effect would change more than the designer chose.
 */
function takeOverSettings(next: Definition, newer: Definition, path: string): Definition {
  const ofField = (field: string) => isUnder(field, path);
  next.prefill = withItemsOf(next.prefill, newer.prefill, (mapping) => ofField(mapping.field));
  const coSigners = withItemsOf(next.signing.coSignerFields ?? [], newer.signing.coSignerFields ?? [], ofField);
  if (coSigners.length > 0) next.signing.coSignerFields = coSigners;
  else delete next.signing.coSignerFields;

  const calculations = (newer.form.calculations ?? []).filter((c) => ofField(c.field));
  const rules = (newer.form.answerRules ?? []).filter((rule) => ofField(rule.field));
  const fields = collectFieldPaths(next.form.schema);
  const read = [...calculations.flatMap((c) => formulaInputs(c.formula).map((input) => input.path)), ...rules.map((rule) => rule.other)];
  const missing = [...new Set(read)].filter((field) => !fields.has(field));
  if (missing.length > 0) {
    refuse(
      'take-over-needs-fields',
      `Fältet ”${fieldLabel(newer, path, 'sv')}” räknas ut från eller jämförs i mallen med ${quoted(newer, missing, 'sv')}, som inte finns i utkastet. Ta över ${missing.length === 1 ? 'det fältet' : 'de fälten'} först.`,
      `In the template, the field “${fieldLabel(newer, path, 'en')}” is calculated from or compared with ${quoted(newer, missing, 'en')}, which the draft does not have. Take ${missing.length === 1 ? 'that field' : 'those fields'} over first.`,
    );
  }
  let taken = next;
  for (const gone of (next.form.calculations ?? []).filter((c) => ofField(c.field) && !calculations.some((n) => n.field === c.field))) {
    taken = setFieldCalculation(taken, gone.field, undefined);
  }
  // checked as the designer setting it is: inputs of the right kind, computed in reading order
  for (const calculation of calculations) taken = setFieldCalculation(taken, calculation.field, calculation.formula);
  const answerRules = withItemsOf(taken.form.answerRules ?? [], rules, (rule) => ofField(rule.field));
  if (answerRules.length > 0) taken.form.answerRules = answerRules;
  else delete taken.form.answerRules;
  return taken;
}

/**
 * Refuses a take-over that would make the draft invalid where it was not (another field's
 * condition, rule or calculation that no longer fits the field as the template has it): the server
 * would keep such a draft only as unfinished. Problems the draft already had do not count.
 */
function refuseNewProblems(draft: Definition, taken: Definition, newer: Definition, path: string): void {
  const key = (p: { code: string; message: { sv: string } }) => `${p.code} ${p.message.sv}`;
  const before = new Set(validateDefinition(draft).problems.map(key));
  const added = validateDefinition(taken).problems.filter((p) => !before.has(key(p)));
  if (added.length === 0) return;
  const more = (sv: boolean) => (added.length === 1 ? '' : sv ? ` (och ${added.length - 1} fel till)` : ` (and ${added.length - 1} more)`);
  refuse(
    'take-over-invalid',
    `Ändringen av ”${fieldLabel(newer, path, 'sv')}” kan inte tas över: ${added[0]!.message.sv}${more(true)}`,
    `The change of “${fieldLabel(newer, path, 'en')}” cannot be taken over: ${added[0]!.message.en}${more(false)}`,
  );
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
 * newer version's (schema with its children, required, uiSchema, texts, settings, booking) where
 * it stands, with what the definition keeps of it elsewhere (takeOverSettings: prefill, co-signer,
 * calculated value, answer rules); a field the template added is added, a top-level one on the
 * step of the same id; a field the template removed is deleted as the designer deletes one
 * (refused while a condition or calculation needs it). A field the template shows under a
 * condition is not added here: its condition would not come with it. What would leave the draft
 * invalid is refused with the reason (refuseNewProblems), the draft unchanged.
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
  const taken = takeOverSettings(next, newer, path);
  refuseNewProblems(draft, taken, newer, path);
  return taken;
}
