import { SLUG_PATTERN, TEMPLATES, TOPICS, textIn, validateDefinition, type Topic } from '@etjanst/schemas';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLoaderData } from 'react-router';
import { MUNICIPALITY_PARAM } from '../admin/adminApi';
import { formatDateTime } from '../shared/formatDate';
import { useLanguage } from '../shared/i18n';
import { usePageTitle } from '../shared/usePageTitle';
import { Announcer } from './Announcer';
import { Designer } from './Designer';
import type { newEServiceLoader } from './designerApi';
import { emptyDefinition, fromTemplate, type Definition } from './model';
import { browserStorage, removeWorkingCopy, unsavedNewEServices } from './workingCopy';

const EMPTY = 'empty';
const IMPORT = 'import';

/** "Ny e-tjänst": start empty, from one of the example templates or from a JSON file, then design it. */
export function NewEServicePage() {
  const { municipality } = useLoaderData<typeof newEServiceLoader>();
  const [started, setStarted] = useState<Definition | null>(null);
  const designerPath = (definition: Definition) => `/admin/designer/${municipality.id}/${definition.id}`;
  if (started) {
    return (
      <Announcer>
        <Designer
          municipality={municipality}
          initial={{ definition: started, revision: null }}
          onReload={() => window.location.assign(designerPath(started))}
          // once stored, the address is the e-service's own, so a reload or a bookmark opens it (the
          // designer stays mounted with its undo history: the router is not asked to navigate)
          onCreated={() => window.history.replaceState(window.history.state, '', designerPath(started))}
        />
      </Announcer>
    );
  }
  return <StartForm municipality={municipality} onStart={setStarted} />;
}

function StartForm({ municipality, onStart }: { municipality: ReturnType<typeof useLoaderData<typeof newEServiceLoader>>['municipality']; onStart: (d: Definition) => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  usePageTitle(t('designer.new.title'));
  const [source, setSource] = useState(EMPTY);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const title = text('title-en') ? { sv: text('title-sv'), en: text('title-en') } : { sv: text('title-sv') };
    const facts = { id: text('id'), title, municipality: municipality.id, department: text('department') };
    if (source === IMPORT) {
      const file = data.get('file');
      let imported: unknown;
      try {
        imported = file instanceof File && file.size > 0 ? JSON.parse(await file.text()) : undefined;
      } catch {
        imported = undefined;
      }
      // the designer edits anything the format's structure allows; what it names wrongly it shows as problems
      const structure = imported === undefined ? [] : validateDefinition(imported).problems.filter((p) => p.code.startsWith('format.'));
      if (imported === undefined || structure.length > 0) {
        setError([t('designer.new.importInvalid'), ...structure.slice(0, 5).map((p) => p.message[language])].join(' '));
        document.getElementById('new-file')?.focus();
        return;
      }
      return onStart(imported as Definition);
    }
    const template = TEMPLATES.find((tpl) => tpl.id === source);
    onStart(
      template
        ? fromTemplate(template, facts)
        : emptyDefinition({
            ...facts,
            summary: { sv: text('summary') },
            topic: text('topic') as Topic,
            contact: { name: text('contact-name'), email: text('contact-email') },
          }),
    );
  }

  const needsFacts = source !== IMPORT;
  return (
    <>
      <p>
        <Link to={`/admin?${MUNICIPALITY_PARAM}=${municipality.id}`}>{t('designer.back')}</Link>
      </p>
      <h1>{t('designer.new.title')}</h1>
      <p>
        {t('templateLibrary.fromNew')} <Link to={`/admin/${municipality.id}/mallar`}>{t('templateLibrary.fromNewLink')}</Link>
      </p>
      <UnsavedNewEServices municipality={municipality.id} onRestore={onStart} />
      <form className="designer-new" onSubmit={(e) => void submit(e)}>
        <fieldset>
          <legend>{t('designer.new.source')}</legend>
          {[EMPTY, ...TEMPLATES.map((tpl) => tpl.id), IMPORT].map((value) => {
            const template = TEMPLATES.find((tpl) => tpl.id === value);
            return (
              <div className="form-check" key={value}>
                <input id={`new-source-${value}`} type="radio" name="source" value={value} checked={source === value} onChange={() => setSource(value)} />
                <label htmlFor={`new-source-${value}`}>
                  {template ? t('designer.new.template', { title: textIn(template.catalogue.title, language) }) : t(value === EMPTY ? 'designer.new.empty' : 'designer.new.import')}
                </label>
              </div>
            );
          })}
        </fieldset>
        {source === IMPORT && (
          <div className="form-field">
            <label htmlFor="new-file">{t('designer.new.file')}</label>
            <input id="new-file" name="file" type="file" accept="application/json,.json" required />
          </div>
        )}
        {needsFacts && (
          <>
            <div className="form-field">
              <label htmlFor="new-id">{t('designer.new.id')}</label>
              <p className="hint" id="new-id-hint">{t('designer.new.idHint')}</p>
              <input id="new-id" name="id" type="text" required pattern={SLUG_PATTERN} minLength={2} maxLength={64} aria-describedby="new-id-hint" />
            </div>
            <div className="form-field">
              <label htmlFor="new-title-sv">{t('designer.new.titleSv')}</label>
              <input id="new-title-sv" name="title-sv" type="text" required />
            </div>
            <div className="form-field">
              <label htmlFor="new-title-en">{t('designer.new.titleEn')}</label>
              <input id="new-title-en" name="title-en" type="text" />
            </div>
            <div className="form-field">
              <label htmlFor="new-department">{t('designer.new.department')}</label>
              <select id="new-department" name="department" required>
                {municipality.departments.map((d) => (
                  <option key={d.id} value={d.id}>
                    {textIn(d.name, language)}
                  </option>
                ))}
              </select>
            </div>
          </>
        )}
        {source === EMPTY && (
          <>
            <div className="form-field">
              <label htmlFor="new-summary">{t('designer.new.summary')}</label>
              <textarea id="new-summary" name="summary" rows={3} required />
            </div>
            <div className="form-field">
              <label htmlFor="new-topic">{t('designer.new.topic')}</label>
              <select id="new-topic" name="topic">
                {TOPICS.map((topic) => (
                  <option key={topic} value={topic}>
                    {t(`topics.${topic}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="form-field">
              <label htmlFor="new-contact-name">{t('designer.new.contactName')}</label>
              <input id="new-contact-name" name="contact-name" type="text" required />
            </div>
            <div className="form-field">
              <label htmlFor="new-contact-email">{t('designer.new.contactEmail')}</label>
              <input id="new-contact-email" name="contact-email" type="email" required />
            </div>
          </>
        )}
        {error && (
          <p className="problem" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn-primary">
          {t('designer.new.start')}
        </button>
      </form>
    </>
  );
}

/**
 * New e-services the server never got (they were not valid yet when the tab closed), kept in this
 * browser as working copies: each can be taken up again in the designer or discarded.
 */
function UnsavedNewEServices({ municipality, onRestore }: { municipality: string; onRestore: (d: Definition) => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [storage] = useState(browserStorage);
  const [copies, setCopies] = useState(() => (storage ? unsavedNewEServices(storage, municipality) : []));
  const heading = useRef<HTMLHeadingElement>(null);
  if (copies.length === 0) return null;
  const discard = (id: string) => {
    if (storage) removeWorkingCopy(storage, municipality, id);
    const rest = copies.filter((c) => c.definition.id !== id);
    setCopies(rest);
    // focus stays in the list while it has entries, else goes on to the start form
    if (rest.length > 0) heading.current?.focus();
    else document.getElementById(`new-source-${EMPTY}`)?.focus();
  };
  return (
    <section className="note" aria-labelledby="unsaved-new-heading" data-testid="unsaved-new-eservices">
      <h2 id="unsaved-new-heading" ref={heading} tabIndex={-1}>
        {t('designer.workingCopy.newTitle')}
      </h2>
      <p>{t('designer.workingCopy.newText')}</p>
      <ul>
        {copies.map(({ definition, savedAt }) => {
          const title = textIn(definition.catalogue.title, language) ?? definition.id;
          return (
            <li key={definition.id} data-testid={`unsaved-${definition.id}`}>
              {t('designer.workingCopy.newItem', { title, id: definition.id, time: formatDateTime(savedAt, language) })}
              <span className="dialog-buttons">
                <button type="button" className="btn btn-primary" onClick={() => onRestore(definition)}>
                  {t('designer.workingCopy.restore')}
                  <span className="visually-hidden"> {title}</span>
                </button>
                <button type="button" className="btn btn-secondary" onClick={() => discard(definition.id)}>
                  {t('designer.workingCopy.discard')}
                  <span className="visually-hidden"> {title}</span>
                </button>
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
