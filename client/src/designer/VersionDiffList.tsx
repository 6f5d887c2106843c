import { useTranslation } from 'react-i18next';
import { useLanguage } from '../shared/i18n';
import { fieldLabel } from './labels';
import { differsInAnything, type Definition, type SettingSection, type VersionDiff } from './model';

/**
 * What a newer definition changes compared with an older one: fields added, removed and changed
 * (each by its label and path, with what of it changed), the form's steps, conditions and
 * calculations, and the settings sections.
 */
export function VersionDiffList({ diff, older, newer }: { diff: VersionDiff; older: Definition; newer: Definition }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const aspectNames = (aspects: string[]) => aspects.map((a) => t(`designer.versions.aspects.${a as 'label'}`)).join(', ');
  const sectionName = (section: SettingSection) => t([`designer.settings.titles.${section}`, `designer.versions.sections.${section}`] as unknown as 'designer.versions.title');
  if (!differsInAnything(diff)) return <p>{t('designer.versions.same')}</p>;
  return (
    <dl>
      {diff.added.length > 0 && (<><dt>{t('designer.versions.added')}</dt>{diff.added.map((p) => <dd key={p}>{fieldLabel(newer, p, language)} ({p})</dd>)}</>)}
      {diff.removed.length > 0 && (<><dt>{t('designer.versions.removed')}</dt>{diff.removed.map((p) => <dd key={p}>{fieldLabel(older, p, language)} ({p})</dd>)}</>)}
      {diff.changed.length > 0 && (<><dt>{t('designer.versions.changed')}</dt>{diff.changed.map((c) => <dd key={c.path}>{fieldLabel(newer, c.path, language)} ({c.path}): {aspectNames(c.aspects)}</dd>)}</>)}
      {diff.form.length > 0 && (<><dt>{t('designer.versions.form')}</dt>{diff.form.map((part) => <dd key={part}>{t(`designer.versions.formParts.${part}`)}</dd>)}</>)}
      {diff.settings.length > 0 && (<><dt>{t('designer.versions.settings')}</dt>{diff.settings.map((section) => <dd key={section}>{sectionName(section)}</dd>)}</>)}
    </dl>
  );
}
