import {
  arrayItems,
  isJsonObject,
  objectProperties,
  conditionClauses,
  conditionMode,
  isRankedChoice,
  readFieldConditions,
  textIn,
  type Condition,
  type ConditionClause,
  type EServiceDefinition,
  type JsonSchemaObject,
  type Language,
} from '@etjanst/schemas';

/** One thing on the paper form: how it is filled in decides what is drawn. */
export type BlankItem =
  | { kind: 'line' | 'box' | 'checkbox' | 'attachment'; label: string; help?: string; note?: string; required: boolean; lines?: number }
  | { kind: 'choices'; label: string; help?: string; note?: string; required: boolean; options: string[]; multiple: boolean }
  | { kind: 'information'; label: string; help?: string }
  | { kind: 'group'; label: string; help?: string; note?: string; required: boolean; items: BlankItem[] };

export interface BlankForm {
  language: Language;
  municipalityName: string;
  title: string;
  summary: string;
  contact: { name: string; email: string; phone?: string };
  steps: { title: string; note?: string; items: BlankItem[] }[];
}

const WORDS = {
  sv: {
    yes: 'Ja',
    no: 'Nej',
    chooseOne: 'Välj ett alternativ.',
    chooseMany: 'Välj ett eller flera alternativ.',
    rank: 'Numrera alternativen i den ordning du önskar dem (1, 2, 3 …).',
    attachment: (types: string) => `Bifoga som bilaga${types ? ` (${types})` : ''}.`,
    onlyWhen: (what: string) => `Fyll bara i om ${what}.`,
    stepOnlyWhen: (what: string) => `Fyll bara i det här avsnittet om ${what}.`,
    clause: (field: string, what: string) => `”${field}” ${what}`,
    all: ' och ',
    any: ' eller ',
    is: (v: string) => `är ”${v}”`,
    isNot: (v: string) => `inte är ”${v}”`,
    contains: (v: string) => `innehåller ”${v}”`,
    greaterThan: (v: string) => `är mer än ${v}`,
    row: (noun: string, n: number) => `${noun} ${n}`,
    rowNoun: 'Rad',
    moreRows: 'Behöver du fler rader? Fortsätt på ett eget papper.',
    calculated: 'Räknas ut av kommunen.',
  },
  en: {
    yes: 'Yes',
    no: 'No',
    chooseOne: 'Choose one option.',
    chooseMany: 'Choose one or more options.',
    rank: 'Number the options in the order you prefer them (1, 2, 3 …).',
    attachment: (types: string) => `Enclose as an attachment${types ? ` (${types})` : ''}.`,
    onlyWhen: (what: string) => `Only fill in if ${what}.`,
    stepOnlyWhen: (what: string) => `Only fill in this section if ${what}.`,
    clause: (field: string, what: string) => `“${field}” ${what}`,
    all: ' and ',
    any: ' or ',
    is: (v: string) => `is “${v}”`,
    isNot: (v: string) => `is not “${v}”`,
    contains: (v: string) => `contains “${v}”`,
    greaterThan: (v: string) => `is more than ${v}`,
    row: (noun: string, n: number) => `${noun} ${n}`,
    rowNoun: 'Row',
    moreRows: 'Need more rows? Continue on a separate sheet.',
    calculated: 'Calculated by the municipality.',
  },
} as const;

const FILE_TYPE_NAMES: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
  'application/vnd.oasis.opendocument.text': 'ODT',
};

/**
 * The blank form of one e-service version as it goes on paper, in one language: every step,
 * every field with its label, help text and choice options, and a note where a condition or a
 * calculation decides. Pure; rendering is renderBlankFormPdf's job.
 */
export function blankFormContent(definition: EServiceDefinition, municipalityName: string, requested: Language): BlankForm {
  const language: Language = definition.languages.includes(requested) ? requested : 'sv';
  const words = WORDS[language];
  const { form } = definition;
  const text = (value: Parameters<typeof textIn>[0]) => textIn(value, language);
  const labelOf = (path: string) => text(form.texts[path]?.label) ?? path;
  const calculated = new Set((form.calculations ?? []).map((c) => c.field));
  const conditionOf = new Map(readFieldConditions(form.schema).conditions.map((c) => [c.target, c.when]));

  const describeClause = (clause: ConditionClause): string => {
    const options = form.texts[clause.field]?.options;
    const value =
      typeof clause.value === 'boolean'
        ? clause.value ? words.yes : words.no
        : (text(options?.[String(clause.value)]) ?? String(clause.value));
    return words.clause(labelOf(clause.field), words[clause.operator](value));
  };
  /** "”Skola” är ”Ek” och ”Brådskande” är ”Ja”": the clauses joined by and / or */
  const describe = (condition: Condition): string =>
    conditionClauses(condition).map(describeClause).join(words[conditionMode(condition)]);

  const item = (path: string, schema: JsonSchemaObject, ui: JsonSchemaObject, required: boolean): BlankItem => {
    const texts = form.texts[path];
    const label = labelOf(path);
    const help = text(texts?.help);
    const condition = conditionOf.get(path);
    const notes = [condition ? words.onlyWhen(describe(condition)) : undefined];
    const base = { label, ...(help ? { help } : {}), required };
    const withNote = (extra?: string) => {
      const note = [...notes, extra].filter(Boolean).join(' ');
      return note ? { note } : {};
    };
    if (schema.type === 'null') return { kind: 'information', label, ...(help ? { help } : {}) };
    if (calculated.has(path)) return { kind: 'line', ...base, required: false, ...withNote(words.calculated) };
    const optionLabel = (value: unknown) => text(texts?.options?.[String(value)]) ?? String(value);
    if (schema.type === 'boolean') {
      if (schema.const === true) return { kind: 'checkbox', ...base, ...withNote() };
      const yesNo = (value: boolean) => text(texts?.options?.[String(value)]) ?? (value ? words.yes : words.no);
      return { kind: 'choices', ...base, options: [yesNo(true), yesNo(false)], multiple: false, ...withNote(words.chooseOne) };
    }
    if (Array.isArray(schema.enum)) return { kind: 'choices', ...base, options: schema.enum.map(optionLabel), multiple: false, ...withNote(words.chooseOne) };
    const items = arrayItems(schema);
    if (items && Array.isArray(items.enum)) {
      const note = isRankedChoice(form, path) ? words.rank : words.chooseMany;
      return { kind: 'choices', ...base, options: items.enum.map(optionLabel), multiple: true, ...withNote(note) };
    }
    if (schema.format === 'attachment-id' || items?.format === 'attachment-id') {
      const accept = isJsonObject(ui['ui:options']) && Array.isArray(ui['ui:options'].accept) ? ui['ui:options'].accept : [];
      const types = accept.map((t) => FILE_TYPE_NAMES[String(t)] ?? String(t)).join(', ');
      return { kind: 'attachment', ...base, ...withNote(words.attachment(types)) };
    }
    if (items && items.type === 'object') {
      const rows = Math.max(2, Math.min(typeof schema.maxItems === 'number' ? schema.maxItems : 3, typeof schema.minItems === 'number' ? Math.max(schema.minItems, 2) : 2));
      const itemUi = isJsonObject(ui.items) ? ui.items : {};
      const noun = nounOf(ui, language) ?? words.rowNoun;
      const row = (n: number): BlankItem => ({ kind: 'group', label: words.row(noun, n), required: false, items: children(path, items, itemUi) });
      return { kind: 'group', ...base, ...withNote(words.moreRows), items: Array.from({ length: rows }, (_, i) => row(i + 1)) };
    }
    if (schema.type === 'object') return { kind: 'group', ...base, ...withNote(), items: children(path, schema, ui) };
    if (ui['ui:widget'] === 'textarea') {
      const rows = isJsonObject(ui['ui:options']) && typeof ui['ui:options'].rows === 'number' ? ui['ui:options'].rows : 4;
      return { kind: 'box', ...base, lines: rows, ...withNote() };
    }
    return { kind: 'line', ...base, ...withNote() };
  };

  const children = (path: string, node: JsonSchemaObject, ui: JsonSchemaObject): BlankItem[] => {
    const required = new Set(Array.isArray(node.required) ? node.required.map(String) : []);
    return [...objectProperties(node)].map(([name, child]) =>
      item(`${path}.${name}`, child, isJsonObject(ui[name]) ? ui[name] : {}, required.has(name)),
    );
  };

  const topLevel = objectProperties(form.schema);
  const requiredTop = requiredAnywhere(form.schema);
  return {
    language,
    municipalityName,
    title: text(definition.catalogue.title) ?? definition.id,
    summary: text(definition.catalogue.summary) ?? '',
    contact: definition.owner.contact,
    steps: form.steps.map((step) => ({
      title: text(step.title) ?? step.id,
      ...(step.showWhen ? { note: words.stepOnlyWhen(describe(step.showWhen)) } : {}),
      items: step.fields.flatMap((name) => {
        const schema = topLevel.get(name);
        const ui = isJsonObject(form.uiSchema[name]) ? form.uiSchema[name] : {};
        return schema ? [item(name, schema, ui, requiredTop.has(name))] : [];
      }),
    })),
  };
}

/** Names required at the top level or in a condition's `then` (required when shown). */
function requiredAnywhere(schema: JsonSchemaObject): Set<string> {
  const names = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  for (const part of Array.isArray(schema.allOf) ? schema.allOf : []) {
    const then = isJsonObject(part) && isJsonObject(part.then) ? part.then : undefined;
    for (const name of Array.isArray(then?.required) ? then.required : []) names.add(String(name));
  }
  return names;
}

function nounOf(ui: JsonSchemaObject, language: Language): string | undefined {
  const noun = isJsonObject(ui['ui:options']) ? ui['ui:options'].itemNoun : undefined;
  if (typeof noun === 'string') return capitalize(noun);
  if (isJsonObject(noun)) return capitalize(String(noun[language] ?? noun.sv));
  return undefined;
}

const capitalize = (text: string) => text.charAt(0).toLocaleUpperCase('sv') + text.slice(1);
