import { textIn, type Language } from '@etjanst/schemas';
import { useTranslation } from 'react-i18next';
import { fieldProperties, type Definition } from './model';

const TEXT_BOXES = new Set(['short-text', 'email', 'phone', 'personnummer', 'organisationsnummer', 'postal-code', 'number', 'co-signer-request']);
export const GROUP_TYPES = new Set(['group', 'repeating-group']);

/**
 * A field drawn as the citizen sees it in the portal (its label, required mark, help text and a
 * still picture of its control, with the portal's classes), for the canvas. It is a picture, not a
 * control: it sits inside the field's select button and is hidden from assistive technology, which
 * gets the button's own name instead.
 */
export function FieldRendering({ definition, path, language }: { definition: Definition; path: string; language: Language }) {
  const { t } = useTranslation();
  const read = fieldProperties(definition, path);
  const label = textIn(definition.form.texts[path]?.label, language) || path;
  const help = textIn(definition.form.texts[path]?.help, language);
  const typeId = read?.typeId;
  const properties = read?.properties;
  const required = properties?.required === true;
  const options = (properties?.options ?? []).map((o) => textIn(o.label, language) ?? o.value);
  const mark = required && <span className="required-mark"> *</span>;
  const control = (() => {
    switch (typeId) {
      case 'long-text':
        return <span className="form-control designer-rendering-textarea" />;
      case 'date':
        return <span className="form-control designer-rendering-short">{t('designer.canvas.datePlaceholder')}</span>;
      case 'date-range':
        return (
          <span className="designer-rendering-row">
            <span className="form-control designer-rendering-short">{t('designer.canvas.datePlaceholder')}</span>
            <span className="form-control designer-rendering-short">{t('designer.canvas.datePlaceholder')}</span>
          </span>
        );
      case 'single-choice':
        return properties?.display === 'dropdown' ? (
          <span className="form-control">{options[0] ?? ''} ▾</span>
        ) : (
          <Choices marker="○" texts={options} />
        );
      case 'multiple-choice':
        return <Choices marker="☐" texts={options} />;
      case 'yes-no':
        return <Choices marker="○" texts={[textIn(definition.form.texts[path]?.options?.true, language) ?? t('designer.canvas.yes'), textIn(definition.form.texts[path]?.options?.false, language) ?? t('designer.canvas.no')]} inline />;
      case 'file-upload':
        return <span className="btn btn-secondary designer-rendering-file">{t('designer.canvas.chooseFile')}</span>;
      case 'address':
        return (
          <>
            {[t('designer.canvas.street'), t('designer.canvas.postalCode'), t('designer.canvas.city')].map((part) => (
              <span key={part} className="designer-rendering-part">
                <span className="field-label">{part}</span>
                <span className="form-control" />
              </span>
            ))}
          </>
        );
      case 'consent':
      case 'information':
      case 'group':
      case 'repeating-group':
        return null;
      default:
        return <span className={`form-control${typeId && TEXT_BOXES.has(typeId) && typeId !== 'short-text' ? ' designer-rendering-short' : ''}`} />;
    }
  })();
  // a group's label is its legend; a consent's label stands beside its box
  const caption =
    typeId && GROUP_TYPES.has(typeId) ? (
      <span className="field-object-legend">
        {label}
        {mark}
      </span>
    ) : typeId === 'consent' ? (
      <span className="designer-rendering-choice">
        ☐ <span className="field-label">{label}{mark}</span>
      </span>
    ) : (
      <span className="field-label">
        {label}
        {mark}
      </span>
    );
  return (
    <span className="designer-rendering" aria-hidden="true">
      {caption}
      {help && <span className="field-help">{help}</span>}
      {control}
    </span>
  );
}

function Choices({ marker, texts, inline }: { marker: string; texts: string[]; inline?: boolean }) {
  return (
    <span className={`designer-rendering-choices${inline ? ' is-inline' : ''}`}>
      {texts.map((text, index) => (
        <span key={index} className="designer-rendering-choice">
          {marker} {text}
        </span>
      ))}
    </span>
  );
}
