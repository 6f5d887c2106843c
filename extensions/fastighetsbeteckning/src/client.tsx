import type { RJSFSchema, WidgetProps } from '@rjsf/utils';
import { extension, normalisePropertyDesignation, WIDGET } from './index.js';

/**
 * The widget: a text input that tidies spaces when the citizen leaves it, with an example as
 * placeholder. It renders through the host theme's BaseInputTemplate, so label, help, errors and
 * aria attributes are the portal's own.
 */
function PropertyDesignationWidget(props: WidgetProps<Record<string, unknown>, RJSFSchema>) {
  const { registry, options, onBlur, onChange } = props;
  const { BaseInputTemplate } = registry.templates;
  return (
    <BaseInputTemplate
      {...props}
      options={{ ...options, inputType: 'text' }}
      placeholder={props.placeholder || 'Solbacka Eken 4:12'}
      autoComplete="off"
      onBlur={(id, value) => {
        if (typeof value === 'string' && value) onChange(normalisePropertyDesignation(value));
        onBlur(id, value);
      }}
    />
  );
}

/** What the client bundles: the shared part and the React widgets by their uiSchema name. */
export const clientExtension = { ...extension, widgets: { [WIDGET]: PropertyDesignationWidget } };
