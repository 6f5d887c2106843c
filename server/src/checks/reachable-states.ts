import {
  arrayItems,
  collectFieldPaths,
  conditionClauses,
  conditionHolds,
  conditionMode,
  isAttachmentField,
  isInRepeatingGroup,
  readFieldConditions,
  type ConditionClause,
  type EServiceDefinition,
  type FieldCondition,
  type FormStep,
  type JsonSchemaObject,
} from '@etjanst/schemas';

type Answers = Record<string, unknown>;

/**
 * Answers that make a condition hold, for the field it looks at; undefined when none can be made
 * up (the condition then stays hidden to the scan, as to the designer's preview).
 */
function satisfying({ operator, value }: ConditionClause, field: JsonSchemaObject | undefined): unknown {
  const items = field ? arrayItems(field) : undefined;
  const choices = (items ?? field)?.enum as unknown[] | undefined;
  switch (operator) {
    case 'is':
      return value;
    case 'isNot':
      if (typeof value === 'boolean') return !value;
      if (choices) return choices.find((choice) => choice !== value);
      return typeof value === 'number' ? value + 1 : `${value}x`;
    case 'contains':
      return items ? [value] : String(value);
    case 'greaterThan':
      if (items) return typeof value === 'number' ? Array.from({ length: value + 1 }, (_, i) => choices?.[i] ?? {}) : undefined;
      if (typeof value === 'number') return value + 1;
      return nextDay(String(value));
  }
}

const nextDay = (date: string) => {
  const day = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(day.getTime()) ? undefined : new Date(day.getTime() + 86_400_000).toISOString().slice(0, 10);
};

const setAt = (answers: Answers, path: string, value: unknown): Answers => {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  if (rest.length === 0) return { ...answers, [head]: value };
  const inner = answers[head];
  return { ...answers, [head]: setAt(typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? (inner as Answers) : {}, rest.join('.'), value) };
};

/**
 * The answers that show a field: its condition's clauses made to hold (all of them, or the first
 * of "any of" that can be), after those that show the fields the clauses look at.
 */
function revealing(target: string, conditions: FieldCondition[], fields: Map<string, JsonSchemaObject>, seen = new Set<string>()): Answers | undefined {
  const condition = conditions.find((c) => c.target === target);
  if (!condition) return {};
  if (seen.has(target)) return undefined; // conditions in a circle: nothing shows them
  const clauses = conditionClauses(condition.when);
  const attempts = conditionMode(condition.when) === 'all' ? [clauses] : clauses.map((clause) => [clause]);
  for (const attempt of attempts) {
    let answers: Answers | undefined = {};
    for (const clause of attempt) {
      const before = revealing(clause.field.split('.')[0]!, conditions, fields, new Set([...seen, target]));
      const value = satisfying(clause, fields.get(clause.field));
      if (!before || value === undefined) {
        answers = undefined;
        break;
      }
      answers = setAt({ ...answers, ...before }, clause.field, value);
    }
    if (answers && conditionHolds(condition.when, answers)) return answers;
  }
  return undefined;
}

/**
 * One empty row in each repeating group the step shows with these answers (not file lists, which
 * are not rows; not a hidden conditional group, whose answer the form would refuse).
 */
function withOneRow(answers: Answers, step: FormStep, fields: Map<string, JsonSchemaObject>, conditions: FieldCondition[]): Answers {
  let result = answers;
  for (const [path, schema] of fields) {
    const items = arrayItems(schema);
    if (!items || items.type !== 'object' || isAttachmentField(schema) || isInRepeatingGroup(fields, path)) continue;
    const top = path.split('.')[0]!;
    const condition = conditions.find((c) => c.target === top);
    if (!step.fields.includes(top) || (condition && !conditionHolds(condition.when, answers))) continue;
    result = setAt(result, path, [{}]);
  }
  return result;
}

/**
 * The states of a step besides its empty one that show more to the citizen: one per conditional
 * field of the step (with the answers that show it) and one with a row in each repeating group.
 * The scan renders each, so a defect in a conditional field or a group's row is found as in the
 * empty step. Each state is the step's answers; states that show nothing new are left out.
 */
export function reachableStates(definition: EServiceDefinition, step: FormStep): Answers[] {
  const { schema } = definition.form;
  const { conditions } = readFieldConditions(schema);
  // the conditional fields declared at the top level, so their group rows are found too
  const declared: JsonSchemaObject = { ...schema, properties: { ...(schema.properties as object) } };
  for (const entry of Array.isArray(schema.allOf) ? (schema.allOf as JsonSchemaObject[]) : []) {
    Object.assign(declared.properties as object, (entry.then as JsonSchemaObject | undefined)?.properties ?? {});
  }
  const fields = collectFieldPaths(declared);
  const states = [
    withOneRow({}, step, fields, conditions),
    ...conditions.filter((c) => step.fields.includes(c.target)).flatMap((c) => {
      const answers = revealing(c.target, conditions, fields);
      return answers ? [withOneRow(answers, step, fields, conditions)] : [];
    }),
  ];
  const unique = new Map(states.filter((s) => Object.keys(s).length > 0).map((s) => [JSON.stringify(s), s]));
  return [...unique.values()];
}
