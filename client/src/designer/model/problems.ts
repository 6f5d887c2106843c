import { fieldAt, type Definition } from './form-tree';

const unescape = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');

/** The field path inside a form-schema or uiSchema pointer: the property names, without `items` and keywords. */
function pathInSchema(segments: string[], ui: boolean): string | undefined {
  const names: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (ui) {
      if (segment !== 'items' && !segment.startsWith('ui:')) names.push(segment);
      else if (segment.startsWith('ui:')) break;
    } else if (segment === 'properties' && segments[i + 1] !== undefined) names.push(segments[++i]!);
  }
  return names.length > 0 ? names.join('.') : undefined;
}

/** Anything found at a place in the definition: a problem of the format, a requirement's finding. */
interface Located {
  pointer: string;
}

/** Which field a problem is about (undefined: the e-service as a whole, or a step). */
export function fieldOfProblem(definition: Definition, problem: Located): string | undefined {
  const segments = problem.pointer.split('/').slice(1).map(unescape);
  const [root, section, ...rest] = segments;
  if (root === 'form') {
    if (section === 'texts' || section === 'fields') return rest[0];
    if (section === 'schema') return pathInSchema(rest, false);
    if (section === 'uiSchema') return pathInSchema(rest, true);
    if (section === 'steps' && rest[1] === 'fields' && rest[2] !== undefined) {
      return definition.form.steps[Number(rest[0])]?.fields[Number(rest[2])];
    }
    // a calculation's problem shows at the calculated field, while that field exists
    if (section === 'calculations') {
      const target = definition.form.calculations?.[Number(rest[0])]?.field;
      return target && fieldAt(definition.form.schema, target) ? target : undefined;
    }
    return undefined;
  }
  if (root === 'prefill') return definition.prefill[Number(section)]?.field;
  if (root === 'signing' && section === 'coSignerFields') return definition.signing.coSignerFields?.[Number(rest[0])];
  if (root === 'receipt' && section === 'emailField') return definition.receipt.emailField;
  return undefined;
}

/** Which step a problem that is about no one field is about (a step's fields or title), by its id. */
export function stepOfProblem(definition: Definition, problem: Located): string | undefined {
  const match = /^\/form\/steps\/(\d+)(\/|$)/.exec(problem.pointer);
  return match && fieldOfProblem(definition, problem) === undefined ? definition.form.steps[Number(match[1])]?.id : undefined;
}

/** Problems grouped by field path; those about no one field under ''. */
export function problemsByField<P extends Located>(definition: Definition, problems: readonly P[]): Map<string, P[]> {
  const grouped = new Map<string, P[]>();
  for (const problem of problems) {
    const path = fieldOfProblem(definition, problem) ?? '';
    grouped.set(path, [...(grouped.get(path) ?? []), problem]);
  }
  return grouped;
}
