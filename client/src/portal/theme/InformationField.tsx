import type { FieldProps, RJSFSchema } from '@rjsf/utils';
import type { Answers } from '../portalApi';
import type { PortalFormContext } from './texts';

/**
 * The catalogue's information text (`type: 'null'`, `ui:field: 'information'`): the label as a
 * heading and the help as text. It never calls onChange, so it collects no answer.
 */
export function InformationField({ schema, uiSchema, fieldPathId }: FieldProps<Answers, RJSFSchema, PortalFormContext>) {
  const text = typeof uiSchema?.['ui:help'] === 'string' ? uiSchema['ui:help'] : undefined;
  return (
    <div className="field-information" id={fieldPathId.$id}>
      {schema.title && <h3 className="field-information-heading">{schema.title}</h3>}
      {text && <p className="field-information-text">{text}</p>}
    </div>
  );
}
