import type { DefinitionProblem } from '@etjanst/schemas';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../shared/i18n';
import type { UnmetRequirement } from './model';
import type { Located } from './placeInDesigner';

/** One thing to fix before the draft can be published: a problem of the format or an unmet must-requirement. */
export interface ChecklistItem extends Located {
  key: string;
  message: { sv: string; en: string };
  /** The rule of the catalogue it fails (none: the format's own problem) */
  rule?: string;
}

/** What stops publishing, in the order the designer shows it: the format's problems, then the must-requirements. */
export const checklistItems = (problems: readonly DefinitionProblem[], requirements: readonly UnmetRequirement[]): ChecklistItem[] => [
  ...problems.map((p) => ({ key: `${p.pointer} ${p.code}`, pointer: p.pointer, message: p.message })),
  ...requirements
    .filter((r) => r.severity === 'must')
    .map((r) => ({ key: `${r.rule} ${r.pointer} ${r.message.sv}`, pointer: r.pointer, concerns: r.concerns, message: r.message, rule: r.rule })),
];

interface PublishChecklistProps {
  items: readonly ChecklistItem[];
  /** Opens the tab, section and control where an item is fixed */
  onOpen: (item: ChecklistItem) => void;
}

/**
 * The must-requirements and problems still open, as tasks: each one a button that opens the
 * setting or field where it is fixed. Not a live region (it changes as one types); the count in
 * its heading and at the settings sections says what is left.
 */
export function PublishChecklist({ items, onOpen }: PublishChecklistProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  if (items.length === 0) return null;
  return (
    <section className="designer-checklist" aria-labelledby="designer-checklist-heading" data-testid="publish-checklist">
      <h2 id="designer-checklist-heading">{t('designer.checklist.title', { count: items.length })}</h2>
      <ul>
        {items.map((item) => (
          <li key={item.key}>
            <button type="button" className="btn btn-link designer-checklist-item" onClick={() => onOpen(item)}>
              {item.message[language]}
            </button>
            {item.rule && <> ({item.rule})</>}
          </li>
        ))}
      </ul>
    </section>
  );
}
