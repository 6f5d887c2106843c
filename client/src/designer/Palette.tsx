import { fieldPalette, textIn, type PaletteGroup } from '@etjanst/schemas';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../shared/i18n';
import { DRAG_TYPE } from './FieldList';

const GROUP_ORDER: PaletteGroup[] = ['text', 'identity', 'choice', 'date', 'structure', 'other'];

interface PaletteProps {
  /** Where a click adds the field, for the buttons' names ("… to step Barnet") */
  target: string;
  onAdd: (typeId: string) => void;
}

/** The field catalogue as buttons (click or Enter adds to the current step or group) that can also be dragged. */
export function Palette({ target, onAdd }: PaletteProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const entries = fieldPalette();
  return (
    <section className="designer-palette" aria-labelledby="designer-palette-heading">
      <h2 id="designer-palette-heading">{t('designer.palette.title')}</h2>
      <p className="hint">{t('designer.palette.hint', { target })}</p>
      {GROUP_ORDER.map((group) => {
        const inGroup = entries.filter((e) => e.group === group);
        if (inGroup.length === 0) return null;
        return (
          <div key={group} role="group" aria-labelledby={`designer-palette-${group}`}>
            <h3 id={`designer-palette-${group}`}>{t(`designer.palette.groups.${group}`)}</h3>
            <ul>
              {inGroup.map((entry) => (
                <li key={entry.typeId}>
                  <button
                    type="button"
                    className="designer-palette-entry"
                    draggable
                    data-testid={`palette-${entry.typeId}`}
                    onDragStart={(event) => {
                      event.dataTransfer.setData(DRAG_TYPE, entry.typeId);
                      event.dataTransfer.effectAllowed = 'copy';
                    }}
                    onClick={() => onAdd(entry.typeId)}
                    title={textIn(entry.description, language)}
                  >
                    {textIn(entry.label, language)}
                    <span className="visually-hidden">, {t('designer.palette.addTo', { target })}</span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </section>
  );
}
