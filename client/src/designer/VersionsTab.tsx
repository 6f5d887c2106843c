import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AlertDialog } from '../shared/AlertDialog';
import { formatDateTime } from '../shared/formatDate';
import { useLanguage } from '../shared/i18n';
import { problemOf, type Problem } from '../shared/problem';
import { ProblemMessage } from '../shared/ProblemMessage';
import { fetchVersion, fetchVersions, type VersionSummary } from './designerApi';
import { diffDefinitions, type Definition, type VersionDiff } from './model';
import { VersionDiffList } from './VersionDiffList';

const DRAFT = 'draft';

interface VersionsTabProps {
  municipality: string;
  definition: Definition;
  /** Makes a version the draft (absent for whoever may not edit it); a refusal comes back as its problem */
  onRestore?: ((version: number) => Promise<Problem | undefined>) | undefined;
  /** A save is under way: a restore now would meet it */
  busy: boolean;
}

/**
 * The published versions, and what changed between any two of them (or a version and the draft);
 * a designer can make one of them the draft again, after confirming.
 */
export function VersionsTab({ municipality, definition, onRestore, busy }: VersionsTabProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [versions, setVersions] = useState<VersionSummary[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [restoring, setRestoring] = useState<number | null>(null);
  const [refused, setRefused] = useState<Problem | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState(DRAFT);
  const [diff, setDiff] = useState<{ diff: VersionDiff; older: Definition; newer: Definition } | null>(null);

  useEffect(() => {
    fetchVersions(municipality, definition.id).then(
      (items) => {
        setVersions(items);
        if (items.length > 0) setFrom(String(items.at(-1)!.version));
      },
      (error: unknown) => setProblem(problemOf(error)),
    );
  }, [municipality, definition.id]);

  async function compare(): Promise<void> {
    setProblem(null);
    try {
      const load = (v: string) => (v === DRAFT ? Promise.resolve(definition) : fetchVersion(municipality, definition.id, Number(v)));
      const [older, newer] = await Promise.all([load(from), load(to)]);
      setDiff({ diff: diffDefinitions(older, newer), older, newer });
    } catch (error) {
      setProblem(problemOf(error));
    }
  }

  async function restore(version: number): Promise<void> {
    setRestoring(null);
    setRefused((await onRestore?.(version)) ?? null);
  }

  if (problem) return <ProblemMessage problem={problem} />;
  if (!versions) return <p>{t('app.loading')}</p>;
  if (versions.length === 0) return <p>{t('designer.versions.none')}</p>;
  const choices = [...versions.map((v) => ({ value: String(v.version), label: t('designer.versions.version', { version: v.version, date: formatDateTime(v.publishedAt, language) }) })), { value: DRAFT, label: t('designer.versions.draft') }];
  const picker = (id: string, label: string, value: string, set: (v: string) => void) => (
    <div className="form-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => set(e.target.value)}>
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <section aria-labelledby="designer-versions-heading">
      <h2 id="designer-versions-heading">{t('designer.versions.title')}</h2>
      <ul className="designer-versions">
        {versions.map((v) => (
          <li key={v.version}>
            <span id={`designer-version-${v.version}`}>{t('designer.versions.version', { version: v.version, date: formatDateTime(v.publishedAt, language) })}</span>
            {onRestore && (
              <>
                {' '}
                <button type="button" className="btn btn-small btn-secondary" aria-disabled={busy} data-testid={`restore-version-${v.version}`}
                  aria-describedby={`designer-version-${v.version}`} onClick={() => !busy && setRestoring(v.version)}>
                  {t('designer.versions.restore')}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      {refused && <ProblemMessage problem={refused} />}
      {restoring !== null && (
        <AlertDialog
          open
          closeBeforeAction
          className="designer-restore-dialog"
          testId="restore-version-dialog"
          title={t('designer.versions.restoreTitle', { version: restoring })}
          description={t('designer.versions.restoreDetail', { version: restoring })}
          onEscape={() => setRestoring(null)}
          primary={{ label: t('designer.versions.restoreCancel'), onClick: () => setRestoring(null) }}
          secondary={{ label: t('designer.versions.restoreConfirm'), onClick: () => void restore(restoring), testId: 'restore-version-confirm' }}
        />
      )}
      <div className="inline-form">
        {picker('diff-from', t('designer.versions.from'), from, setFrom)}
        {picker('diff-to', t('designer.versions.to'), to, setTo)}
        <button type="button" className="btn btn-secondary" onClick={() => void compare()} data-testid="compare-versions">
          {t('designer.versions.compare')}
        </button>
      </div>
      {diff && (
        <div role="status" data-testid="version-diff">
          <VersionDiffList diff={diff.diff} older={diff.older} newer={diff.newer} />
        </div>
      )}
    </section>
  );
}
