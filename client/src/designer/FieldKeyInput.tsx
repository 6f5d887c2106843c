import { fieldKeyProblem } from '@etjanst/schemas';
import { createContext, useContext, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../shared/i18n';
import { useAnnounce } from './Announcer';
import type { Apply } from './Designer';
import { pathWithKey, renameFieldKey, type Definition } from './model';
import { nameOf } from './model/form-tree';

/** Whether the e-service has published versions: their answers keep the keys they were given under. */
export const PublishedContext = createContext(false);

interface FieldKeyInputProps {
  definition: Definition;
  path: string;
  apply: Apply;
  /** The field's path after its key changed */
  onRenamed: (path: string) => void;
}

/**
 * The field's key (its answer's name), renamed everywhere the definition uses it once the
 * designer leaves the box or presses Enter; Escape goes back. A key that is not valid or that a
 * field beside it has is named at the box as it is typed, and not taken.
 */
export function FieldKeyInput({ definition, path, apply, onRenamed }: FieldKeyInputProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const announce = useAnnounce();
  const published = useContext(PublishedContext);
  const current = nameOf(path);
  const [text, setText] = useState(current);
  useEffect(() => setText(nameOf(path)), [path]);
  const problem = text === current ? undefined : fieldKeyProblem(definition, path, text);
  const id = 'designer-prop-key';

  function commit(): void {
    if (text === current || problem) return;
    const refused = apply((d) => renameFieldKey(d, path, text));
    if (refused) return;
    onRenamed(pathWithKey(path, text));
    announce(t('designer.properties.keyRenamed', { from: current, to: text }));
  }

  return (
    <div className="form-field designer-key">
      <label htmlFor={id}>{t('designer.properties.keyLabel')}</label>
      <p className="hint" id={`${id}-hint`}>
        {t('designer.properties.keyHint')}
      </p>
      {published && (
        <p className="hint" id={`${id}-published`} data-testid="key-published">
          {t('designer.properties.keyPublished', { key: current })}
        </p>
      )}
      <input
        id={id}
        type="text"
        spellCheck={false}
        autoComplete="off"
        value={text}
        aria-invalid={problem ? true : undefined}
        aria-describedby={[`${id}-hint`, published && `${id}-published`, problem && `${id}-error`].filter(Boolean).join(' ')}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit();
          } else if (e.key === 'Escape') setText(current);
        }}
        data-testid="prop-key"
      />
      {problem && (
        <p className="field-error" id={`${id}-error`} data-testid="prop-key-error">
          {problem.message[language]}
        </p>
      )}
    </div>
  );
}
