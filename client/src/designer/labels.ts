import { fieldType, textIn, type EServiceDefinition, type Language } from '@etjanst/schemas';
import { fieldProperties, type Definition } from './model';

/** A field's label in the designer's language (its name when it has none yet). */
export const fieldLabel = (definition: EServiceDefinition, path: string, language: Language): string =>
  textIn(definition.form.texts[path]?.label, language) || path.split('.').at(-1) || path;

/** A field's label with its groups' labels before it ("Barn › Timmar"), for a field chosen from the whole form. */
export const fieldPathLabel = (definition: EServiceDefinition, path: string, language: Language): string =>
  path
    .split('.')
    .map((_, i, names) => fieldLabel(definition, names.slice(0, i + 1).join('.'), language))
    .join(' › ');

/**
 * The catalogue type name of a field, e.g. "Kort text": the type the designer recorded, else the
 * one its shape matches (templates and imports), which costs a walk of the form per field.
 */
export function fieldTypeLabel(definition: Definition, path: string, language: Language): string | undefined {
  const recorded = definition.form.fields?.[path]?.fieldType;
  const typeId = recorded && fieldType(recorded) ? recorded : fieldProperties(definition, path)?.typeId;
  const type = typeId ? fieldType(typeId) : undefined;
  return type ? textIn(type.palette.label, language) : undefined;
}

export const stepTitle = (definition: EServiceDefinition, stepId: string, language: Language): string =>
  textIn(definition.form.steps.find((s) => s.id === stepId)?.title, language) ?? stepId;
