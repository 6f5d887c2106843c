import { textIn } from '@etjanst/schemas';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchTemplateOrigin, fetchTemplateVersion, markTemplateReviewed, type TemplateOrigin as Origin } from '../admin/templates/templateLibraryApi';
import { useLanguage } from '../shared/i18n';
import { problemOf, type Problem } from '../shared/problem';
import { ProblemMessage } from '../shared/ProblemMessage';
import { useLoad } from '../shared/useLoad';
import { useAnnounce } from './Announcer';
import type { Apply } from './Designer';
import { fieldLabel } from './labels';
import { diffDefinitions, takeOverField, type Definition, type VersionDiff } from './model';

interface Changes {
  older: Definition;
  newer: Definition;
  diff: VersionDiff;
}

/**
 * For an e-service made from a template: where it came from and, when the template has a version
 * its designers have not gone through, a notice with the template's changes since, field by
 * field, each of which can be taken over into the draft (saved with it, undone with Ctrl+Z).
 * Going through ends with marking the version as gone through: the notice then goes.
 */
export function TemplateOrigin({ municipality, eserviceId, apply, readOnly }: { municipality: string; eserviceId: string; apply: Apply; readOnly: boolean }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [loaded, reload] = useLoad(`${municipality}/${eserviceId}`, (signal) => fetchTemplateOrigin(municipality, eserviceId, signal));
  const [changes, setChanges] = useState<Changes | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [reviewed, setReviewed] = useState<number | null>(null);
  if (loaded.state !== 'ready' || !loaded.value) return null;
  const origin = loaded.value;
  const originName = origin.originName ? textIn(origin.originName, language) : origin.origin;
  // marked as looked through: the notice goes at once, not when the origin has been fetched again
  const newerVersion = origin.newerVersion && !(reviewed !== null && origin.latestVersion !== null && reviewed >= origin.latestVersion);
  const summary =
    origin.latestVersion === null ? t('templateOrigin.withdrawn', { id: origin.id }) : t('templateOrigin.madeFrom', { id: origin.id, origin: originName, version: origin.adoptedVersion });

  async function show(from: Origin): Promise<void> {
    setProblem(null);
    try {
      const [older, newer] = await Promise.all([from.reviewedVersion, from.latestVersion!].map(async (v) => (await fetchTemplateVersion(municipality, from.origin, from.id, v)).definition));
      setChanges({ older: older!, newer: newer!, diff: diffDefinitions(older!, newer!) });
    } catch (error) {
      setProblem(problemOf(error));
    }
  }

  async function markReviewed(version: number): Promise<void> {
    try {
      await markTemplateReviewed(municipality, eserviceId, version);
      setChanges(null);
      setReviewed(version);
      reload();
    } catch (error) {
      setProblem(problemOf(error));
    }
  }

  return (
    <section className={newerVersion ? 'notice' : undefined} aria-labelledby="template-origin" data-testid="template-origin">
      <p id="template-origin">{summary}</p>
      {reviewed !== null && (
        <p role="status" data-testid="template-reviewed">
          {t('templateOrigin.reviewed', { version: reviewed })}
        </p>
      )}
      {newerVersion && (
        <>
          <p data-testid="template-newer">{t('templateOrigin.newer', { origin: originName, latest: origin.latestVersion, reviewed: origin.reviewedVersion })}</p>
          <button type="button" className="btn btn-secondary" aria-expanded={changes !== null} onClick={() => (changes ? setChanges(null) : void show(origin))} data-testid="template-show-changes">
            {changes ? t('templateOrigin.hide') : t('templateOrigin.show')}
          </button>
          {problem && <ProblemMessage problem={problem} />}
          {changes && (
            <TemplateChanges
              changes={changes}
              from={origin.reviewedVersion}
              to={origin.latestVersion!}
              apply={readOnly ? undefined : apply}
              onReviewed={readOnly ? undefined : () => void markReviewed(origin.latestVersion!)}
            />
          )}
        </>
      )}
    </section>
  );
}

/** The template's changed, added and removed fields, each with its take-over; the rest named, to take over by hand. */
function TemplateChanges({ changes, from, to, apply, onReviewed }: { changes: Changes; from: number; to: number; apply: Apply | undefined; onReviewed: (() => void) | undefined }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const announce = useAnnounce();
  const [taken, setTaken] = useState<Set<string>>(new Set());
  const [refusal, setRefusal] = useState<{ path: string; message: string } | null>(null);
  const { diff, older, newer } = changes;
  const fields = [
    ...diff.changed.map((c) => ({ path: c.path, what: t('templateOrigin.changed', { aspects: c.aspects.map((a) => t(`designer.versions.aspects.${a}`)).join(', ') }), label: fieldLabel(newer, c.path, language) })),
    ...diff.added.map((path) => ({ path, what: t('templateOrigin.added'), label: fieldLabel(newer, path, language) })),
    ...diff.removed.map((path) => ({ path, what: t('templateOrigin.removed'), label: fieldLabel(older, path, language) })),
  ];
  const byHand = [
    ...diff.form.map((part) => t(`designer.versions.formParts.${part}`)),
    ...diff.settings.map((section) => t([`designer.settings.titles.${section}`, `designer.versions.sections.${section}`] as unknown as 'designer.versions.title')),
  ];

  function takeOver(path: string, label: string): void {
    const error = apply?.((draft) => takeOverField(draft, newer, path));
    if (error) {
      setRefusal({ path, message: error.messages[language] });
      return;
    }
    setRefusal(null);
    setTaken((before) => new Set(before).add(path));
    announce(t('templateOrigin.tookOver', { field: label }));
  }

  return (
    <div data-testid="template-changes">
      <h2>{t('templateOrigin.heading', { from, to })}</h2>
      {fields.length === 0 ? (
        <p>{t('templateOrigin.none')}</p>
      ) : (
        <ul>
          {fields.map(({ path, what, label }) => (
            <li key={path} data-testid={`template-change-${path}`}>
              <span id={`template-change-${path}`}>
                {label} ({path}): {what}
              </span>{' '}
              {apply &&
                (taken.has(path) ? (
                  <span>{t('templateOrigin.takenOver')}</span>
                ) : (
                  <button type="button" className="btn btn-small btn-secondary" aria-describedby={`template-change-${path}`} onClick={() => takeOver(path, label)} data-testid={`take-over-${path}`}>
                    {t('templateOrigin.takeOver')}
                  </button>
                ))}
              {refusal?.path === path && (
                <p className="field-error" role="alert">
                  {refusal.message}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      {byHand.length > 0 && <p>{t('templateOrigin.byHand', { parts: byHand.join(', ') })}</p>}
      {onReviewed && (
        <button type="button" className="btn btn-primary" onClick={onReviewed} data-testid="template-mark-reviewed">
          {t('templateOrigin.markReviewed', { version: to })}
        </button>
      )}
    </div>
  );
}
