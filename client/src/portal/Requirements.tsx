import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { MaturityLevel, Requirements } from './portalApi';

/** "Det här behöver du": e-ID and its level, signing, organisation number. */
export function RequirementsList({ requirements, headingLevel }: { requirements: Requirements; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const headingId = useId();
  const Heading = headingLevel === 3 ? 'h3' : 'h2';
  const items = [
    requirements.login === 'eid'
      ? requirements.levelOfAssurance
        ? t('requirements.eid', { level: requirements.levelOfAssurance })
        : t('requirements.eidAnyLevel')
      : t('requirements.none'),
    ...(requirements.signing ? [t('requirements.signing')] : []),
    ...(requirements.companyRepresentative ? [t('requirements.company')] : []),
  ];
  return (
    <section className="requirements" aria-labelledby={headingId} data-testid="requirements">
      <Heading id={headingId} className="requirements-title">
        {t('requirements.title')}
      </Heading>
      <ul>
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </section>
  );
}

const MATURITY_KEYS = ['level0', 'level1', 'level2', 'level3', 'level4'] as const;

/** "Mognadsnivå N av 4" and what the level means. */
export function MaturityNote({ level }: { level: MaturityLevel }) {
  const { t } = useTranslation();
  return (
    <p className="maturity" data-testid="maturity-level">
      <span className="maturity-label">{t('maturity.label', { level })}:</span>{' '}
      {t(`maturity.${MATURITY_KEYS[level] ?? 'level0'}`)}
    </p>
  );
}
