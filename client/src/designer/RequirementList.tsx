import { useTranslation } from 'react-i18next';
import { useLanguage } from '../shared/i18n';
import type { UnmetRequirement } from './model';

interface RequirementListProps {
  requirements: readonly UnmetRequirement[];
  /** What the list is: must-requirements that stop publishing, or warnings */
  heading: string;
  testId: string;
}

/**
 * Findings of the rule catalogue where they are fixed (a field, a step, a settings section), each
 * with its rule id so IT and the designer speak of the same requirement. Not a live region: it
 * changes with every pause in typing, and the field list's counts tell that it is there.
 */
export function RequirementList({ requirements, heading, testId }: RequirementListProps) {
  const language = useLanguage();
  if (requirements.length === 0) return null;
  return (
    <div className="designer-unmet" data-testid={testId}>
      <p>{heading}</p>
      <ul>
        {requirements.map(({ rule, pointer, message }) => (
          <li key={rule + pointer + message[language]}>
            {message[language]} ({rule})
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The must-requirements not met, then the should-requirements (warnings), each list under its heading. */
export function UnmetRequirements({ requirements, testId }: { requirements: readonly UnmetRequirement[]; testId: string }) {
  const { t } = useTranslation();
  return (
    <>
      {(['must', 'should'] as const).map((severity) => (
        <RequirementList key={severity} requirements={requirements.filter((r) => r.severity === severity)} heading={t(`designer.requirements.${severity}`)} testId={`${testId}-${severity}`} />
      ))}
    </>
  );
}
