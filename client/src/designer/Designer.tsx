import { connectorTypeFacts, holdsRole, textIn, type SettingsSection } from '@etjanst/schemas';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { exportUrl, MUNICIPALITY_PARAM, publishEService } from '../admin/adminApi';
import { fetchCheckLimits } from '../requirements/requirementsApi';
import type { Municipality } from '../shared/api';
import { useLanguage } from '../shared/i18n';
import { problemOf, type Problem, type ProblemFieldError } from '../shared/problem';
import { useLoad } from '../shared/useLoad';
import { ProblemMessage } from '../shared/ProblemMessage';
import { usePageTitle } from '../shared/usePageTitle';
import { mayIn, STAFF_PAGES } from '../staff/access';
import { useStaff } from '../staff/StaffSessionProvider';
import { DesignerReview } from '../review/DesignerReview';
import { useAnnounce } from './Announcer';
import { fetchConnectorTypes, fetchMailDomains, type StoredDraft } from './designerApi';
import { PublishedContext } from './FieldKeyInput';
import { FormPreview, FormTab } from './FormTab';
import type { DesignerEditError, Definition } from './model';
import { focusPlace, placeInDesigner } from './placeInDesigner';
import { checklistItems, PublishChecklist, type ChecklistItem } from './PublishChecklist';
import { connectorProblems } from './settings/connectors';
import { SettingsTab } from './SettingsTab';
import { TemplateOfferPanel } from './TemplateOfferPanel';
import { TemplateOrigin } from './TemplateOrigin';
import { currentTitleWarnings } from './titleWarnings';
import { useDesigner, type DesignerController, type Edit } from './useDesigner';
import { VersionsTab } from './VersionsTab';
import { WorkingCopyDialog } from './WorkingCopyDialog';
import './designer.css';

/** Applies an edit (a pure model function); a refused edit returns its reason instead. */
export type Apply = (edit: Edit, key?: string) => DesignerEditError | undefined;

const TABS = ['form', 'settings', 'versions'] as const;
type Tab = (typeof TABS)[number];

interface DesignerProps {
  municipality: Municipality;
  initial: StoredDraft | { definition: Definition; revision: null };
  /** Loads the draft again from the server (after a concurrent save) */
  onReload: () => void;
  /** A new e-service was stored on the server for the first time */
  onCreated?: () => void;
}

/**
 * The form designer for one e-service: toolbar (undo, redo, save state, publish), then form,
 * settings or versions. Whoever does not design for the e-service's department (an approver,
 * an administrator) gets it read-only: the preview, the settings disabled, no saving.
 */
export function Designer({ municipality, initial, onReload, onCreated }: DesignerProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const announce = useAnnounce();
  // the connectors' options are checked in the browser with their plugins' schemas, as the server checks them
  const [connectorTypes] = useLoad('all', fetchConnectorTypes);
  const types = connectorTypes.state === 'ready' ? connectorTypes.value : undefined;
  const checkConnectors = useCallback((d: Definition) => connectorProblems(d, types), [types]);
  // the rules judge by this installation's facts, as the publish gate does: each connector by
  // its type's declaration (SK-GDPR-003), steps and help texts by its limits (SK-FORM-001, SK-TXT-003)
  const [limits] = useLoad('all', fetchCheckLimits);
  const installationLimits = limits.state === 'ready' ? limits.value : undefined;
  // and e-mail delivery by the domains the municipality declared its own (SK-GDPR-005)
  const [mailDomains] = useLoad(municipality.id, (signal) => fetchMailDomains(municipality.id, signal));
  const declaredDomains = mailDomains.state === 'ready' ? mailDomains.value : undefined;
  const checkOptions = useMemo(
    () => ({ ...installationLimits, ...(types ? { connectorTypes: connectorTypeFacts(types) } : {}), ...(declaredDomains ? { mailDomains: declaredDomains } : {}) }),
    [types, installationLimits, declaredDomains],
  );
  const { grants } = useStaff();
  // a new e-service is made by a designer (the page asks for the role); a stored one is edited by its department's designers
  const departmentId = initial.revision === null ? initial.definition.owner.department : initial.departmentId;
  const mayDesign = initial.revision === null ? mayIn(grants, STAFF_PAGES.design, municipality.id) : holdsRole(grants, 'designer', municipality.id, departmentId);
  const designer = useDesigner(municipality.id, initial, { moreProblems: checkConnectors, checkOptions, readOnly: !mayDesign });
  const { definition } = designer;
  const created = initial.revision === null && designer.stored !== null;
  useEffect(() => {
    if (created) onCreated?.();
  }, [created, onCreated]);
  const [tab, setTab] = useState<Tab>('form');
  const [section, setSection] = useState<SettingsSection>('catalogue');
  const [choose, setChoose] = useState<{ stepId?: string; field?: string }>();
  const [published, setPublished] = useState<{ version: number } | { problem: Problem } | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [restoredVersion, setRestoredVersion] = useState<number | null>(null);
  const checklist = useMemo(() => checklistItems(designer.problems, designer.requirements), [designer.problems, designer.requirements]);
  const department = municipality.departments.find((d) => d.id === departmentId);
  const titleWarnings = useMemo(() => currentTitleWarnings(designer.stored?.warnings ?? [], definition.catalogue?.title), [designer.stored, definition.catalogue]);
  const hasPublishedVersions = (initial.revision !== null && initial.latestVersion > 0) || (published !== null && 'version' in published);
  const heading = useRef<HTMLHeadingElement>(null);
  const title = textIn(definition.catalogue.title, language) ?? definition.id;
  usePageTitle(t('designer.pageTitle', { title }));
  useUndoKeys(designer, announce, t('designer.undone'), t('designer.redone'));

  // the publish gate scans the form in a browser: 4–15 s, announced and shown on the busy button meanwhile
  async function publish(): Promise<void> {
    setPublished(null);
    setPublishing(true);
    announce(t('designer.checking'));
    try {
      setPublished(await publishEService(municipality.id, definition.id));
    } catch (error) {
      setPublished({ problem: problemOf(error) });
    } finally {
      setPublishing(false);
    }
  }

  /** Opens the tab, step, field or settings section where a checklist item is fixed, and focuses its control. */
  function open(item: ChecklistItem): void {
    const place = placeInDesigner(definition, item);
    setTab(place.tab);
    if (place.tab === 'settings') setSection(place.section);
    else setChoose({ stepId: place.stepId, field: place.field });
    focusPlace(place.focus);
  }

  /** Makes a published version the draft, then shows it on the form with a word that undo takes it back. */
  async function restoreVersion(version: number): Promise<Problem | undefined> {
    const problem = await designer.restoreVersion(version);
    if (problem) return problem;
    setRestoredVersion(version);
    setTab('form');
    announce(t('designer.versions.restored', { version }));
    heading.current?.focus();
    return undefined;
  }

  // a refusal's findings that the designer judges itself leave the refusal as they are fixed; the scan's stay until the next attempt
  const refusal = published && 'problem' in published ? published.problem : undefined;
  const openNow = new Set(checklist.map((item) => `${item.pointer} ${item.message.sv}`));
  const stillRefused = (error: ProblemFieldError & { code?: string }) =>
    !(error.code && designer.judgedRules.has(error.code)) || openNow.has(`${error.pointer} ${error.message.sv}`);
  const refusedNow = refusal?.errors ? refusal.errors.filter(stillRefused) : undefined;

  return (
    <div className="designer">
      <p>
        <Link to={`/admin?${MUNICIPALITY_PARAM}=${municipality.id}`}>{t('designer.back')}</Link>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        {t('designer.pageTitle', { title })}
      </h1>
      {designer.workingCopy.offer && (
        <WorkingCopyDialog
          offer={designer.workingCopy.offer}
          onRestore={() => {
            designer.workingCopy.restore();
            announce(t('designer.workingCopy.restored'));
            heading.current?.focus();
          }}
          onDiscard={() => {
            designer.workingCopy.discard();
            announce(t('designer.workingCopy.discarded'));
            heading.current?.focus();
          }}
        />
      )}
      {designer.readOnly && (
        <p className="notice" data-testid="read-only">
          {t('designer.readOnly', { department: (department && textIn(department.name, language)) ?? departmentId })}
        </p>
      )}
      <div className="designer-toolbar" role="toolbar" aria-label={t('designer.toolbar')}>
        {!designer.readOnly && (
          <>
            <button type="button" className="btn btn-secondary" aria-disabled={!designer.canUndo} aria-keyshortcuts="Control+Z" data-testid="undo"
              onClick={() => designer.canUndo && (designer.undo(), announce(t('designer.undone')))}>
              {t('designer.undo')}
            </button>
            <button type="button" className="btn btn-secondary" aria-disabled={!designer.canRedo} aria-keyshortcuts="Control+Y Control+Shift+Z" data-testid="redo"
              onClick={() => designer.canRedo && (designer.redo(), announce(t('designer.redone')))}>
              {t('designer.redo')}
            </button>
            <SaveStatus designer={designer} />
          </>
        )}
        {/* only where the server publishes without a review; elsewhere the draft is sent for review below */}
        {designer.stored?.mayPublishDirectly && (
          <button type="button" className="btn btn-primary" data-testid="publish" aria-disabled={designer.dirty || publishing} aria-busy={publishing}
            onClick={() => !designer.dirty && !publishing && void publish()}>
            {publishing ? t('designer.checking') : t('designer.publish')}
          </button>
        )}
        {designer.stored && (
          <a className="btn btn-secondary" href={exportUrl(municipality.id, definition.id)} download>
            {t('designer.export')}
          </a>
        )}
      </div>
      {designer.stored && (
        <DesignerReview municipality={municipality.id} eserviceId={definition.id} mayDesign={mayDesign} saved={!designer.dirty} />
      )}
      {designer.stored && <TemplateOrigin municipality={municipality.id} eserviceId={definition.id} apply={designer.apply} readOnly={designer.readOnly} />}
      {designer.save.kind === 'conflict' && (
        <div className="problem" role="alert" data-testid="conflict">
          <p className="problem-title">{designer.save.problem.messages[language].title}</p>
          <p>{designer.save.problem.messages[language].detail}</p>
          <button type="button" className="btn btn-primary" onClick={onReload}>
            {t('designer.reload')}
          </button>
        </div>
      )}
      {designer.save.kind === 'failed' && <ProblemMessage problem={designer.save.problem} />}
      {refusal && (refusedNow?.length === 0 ? (
        <p className="notice" role="status" data-testid="refusal-fixed">{t('designer.refusalFixed')}</p>
      ) : (
        <ProblemMessage problem={refusedNow ? { ...refusal, errors: refusedNow } : refusal} />
      ))}
      {published && 'version' in published && (
        <p className="notice notice-success" role="status" data-testid="published">
          {t('designer.published', { version: published.version })}{' '}
          <Link to={`/${municipality.id}/e-tjanster/${definition.id}`}>{t('designer.openLive')}</Link>
        </p>
      )}
      {titleWarnings.length > 0 && (
        <div className="notice" role="status" data-testid="title-warnings">
          <ul>
            {titleWarnings.map((w) => (
              <li key={`${w.language} ${w.eserviceId}`}>{w.message[language]}</li>
            ))}
          </ul>
        </div>
      )}
      {restoredVersion !== null && (
        <p className="notice" role="status" data-testid="version-restored">
          {t('designer.versions.restored', { version: restoredVersion })}
        </p>
      )}
      {!designer.readOnly && <PublishChecklist items={checklist} onOpen={open} />}
      <div className="designer-tabs" role="group" aria-label={t('designer.views')}>
        {TABS.map((name) => (
          <button key={name} type="button" className="btn btn-secondary" aria-pressed={tab === name} onClick={() => (setTab(name), setChoose(undefined))} data-testid={`tab-${name}`}>
            {t(`designer.tabs.${name}`)}
          </button>
        ))}
      </div>
      {tab === 'form' &&
        (designer.readOnly ? (
          <FormPreview definition={definition} problems={designer.problems} requirements={designer.requirements} />
        ) : (
          <PublishedContext.Provider value={hasPublishedVersions}>
            <FormTab definition={definition} problems={designer.problems} requirements={designer.requirements} apply={designer.apply} choose={choose} />
          </PublishedContext.Provider>
        ))}
      {tab === 'settings' && (
        // the server's connectors are those of a valid draft: an unfinished one has none to test yet
        <SettingsTab municipality={municipality.id} definition={definition} section={section} onSection={setSection} saved={designer.stored?.problems.length === 0 ? designer.stored.definition : null} problems={designer.problems}
          serverFindings={designer.serverFindings} requirements={designer.requirements} save={designer.save} connectorTypes={connectorTypes} apply={designer.apply} readOnly={designer.readOnly} />
      )}
      {tab === 'versions' && (
        <>
          <VersionsTab municipality={municipality.id} definition={definition} busy={designer.save.kind === 'saving'}
            onRestore={designer.readOnly || !designer.stored ? undefined : restoreVersion} />
          {designer.stored && hasPublishedVersions && (
            <TemplateOfferPanel municipality={municipality.id} eserviceId={definition.id}
              mayOffer={(['designer', 'approver'] as const).some((role) => holdsRole(grants, role, municipality.id, departmentId)) || holdsRole(grants, 'municipality-admin', municipality.id)} />
          )}
        </>
      )}
    </div>
  );
}

function SaveStatus({ designer }: { designer: DesignerController }) {
  const { t } = useTranslation();
  const { save, dirty, problems, stored } = designer;
  const text =
    save.kind === 'saving'
      ? t('designer.save.saving')
      : save.kind === 'conflict'
        ? t('designer.save.conflict')
        : save.kind === 'failed'
          ? t('designer.save.failed')
          : !dirty
            ? stored && stored.problems.length > 0
              ? t('designer.save.savedUnfinished', { revision: stored.revision, count: stored.problems.length })
              : t('designer.save.saved', { revision: stored?.revision ?? 0 })
            : !stored && problems.length > 0
              ? t('designer.save.invalid', { count: problems.length })
              : t('designer.save.pending');
  return (
    <span className="designer-save-status" role="status" data-testid="save-status" data-state={save.kind === 'idle' ? (dirty ? 'dirty' : 'saved') : save.kind}>
      {text}
    </span>
  );
}

/**
 * Ctrl+Z undoes, Ctrl+Y and Ctrl+Shift+Z redo, anywhere in the designer (also while typing: our
 * history, not the input's). Keys typed in the preview stay in its frame's document: the citizen's view keeps its own undo.
 */
function useUndoKeys(designer: DesignerController, announce: (m: string) => void, undone: string, redone: string) {
  const { undo, redo, canUndo, canRedo } = designer;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) {
        event.preventDefault();
        if (canUndo) {
          undo();
          announce(undone);
        }
      } else if (key === 'y' || (key === 'z' && event.shiftKey)) {
        event.preventDefault();
        if (canRedo) {
          redo();
          announce(redone);
        }
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [undo, redo, canUndo, canRedo, announce, undone, redone]);
}
