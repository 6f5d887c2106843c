import { useTranslation } from 'react-i18next';
import { useLanguage } from '../shared/i18n';
import { fieldLabel } from './labels';
import type { Definition, VersionDiff } from './model';

/** The fields a newer definition adds, removes and changes compared with an older one, each by its label and path. */
export function VersionDiffList({ diff, older, newer }: { diff: VersionDiff; older: Definition; newer: Definition }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const aspectNames = (aspects: string[]) => aspects.map((a) => t(`designer.versions.aspects.${a as 'label'}`)).join(', ');
  if (diff.added.length + diff.removed.length + diff.changed.length === 0) return <p>{t('designer.versions.same')}</p>;
  return (
    <dl>
      {diff.added.length > 0 && (<><dt>{t('designer.versions.added')}</dt>{diff.added.map((p) => <dd key={p}>{fieldLabel(newer, p, language)} ({p})</dd>)}</>)}
      {diff.removed.length > 0 && (<><dt>{t('designer.versions.removed')}</dt>{diff.removed.map((p) => <dd key={p}>{fieldLabel(older, p, language)} ({p})</dd>)}</>)}
      {diff.changed.length > 0 && (<><dt>{t('designer.versions.changed')}</dt>{diff.changed.map((c) => <dd key={c.path}>{fieldLabel(newer, c.path, language)} ({c.path}): {aspectNames(c.aspects)}</dd>)}</>)}
    </dl>
  );
}
