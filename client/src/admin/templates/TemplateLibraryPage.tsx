import { holdsRole, SLUG_PATTERN, textIn } from '@etjanst/schemas';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLoaderData, useNavigate } from 'react-router';
import type { Municipality } from '../../shared/api';
import { useLanguage } from '../../shared/i18n';
import { problemOf, type Problem } from '../../shared/problem';
import { ProblemMessage } from '../../shared/ProblemMessage';
import { ScrollableTable } from '../../shared/ScrollableTable';
import { usePageTitle } from '../../shared/usePageTitle';
import { useStaff } from '../../staff/StaffSessionProvider';
import { MUNICIPALITY_PARAM } from '../adminApi';
import { Field, fieldMessage } from '../staff/AdminForm';
import { adoptTemplate, type LibraryTemplate, type templateLibraryLoader } from './templateLibraryApi';

/**
 * The template library for a municipality's designers: the platform's templates and the
 * e-services other municipalities offer, each with where it comes from and what the adopter must
 * set up itself; adopting one makes a draft of the municipality's own and opens it in the designer.
 */
export function TemplateLibraryPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { municipality, templates } = useLoaderData<typeof templateLibraryLoader>();
  const { grants } = useStaff();
  const [adopting, setAdopting] = useState<LibraryTemplate | null>(null);
  const name = municipality ? textIn(municipality.name, language) : '';
  usePageTitle(t('templateLibrary.title', { municipality: name }));
  if (!municipality) return <p>{t('admin.noMunicipalities')}</p>;
  // a designer adopts into a department where they design
  const departments = municipality.departments.filter((d) => holdsRole(grants, 'designer', municipality.id, d.id));
  const key = (template: LibraryTemplate) => `${template.origin}/${template.id}`;
  return (
    <>
      <p>
        <Link to={`/admin?${MUNICIPALITY_PARAM}=${municipality.id}`}>{t('designer.back')}</Link>
      </p>
      <h1>{t('templateLibrary.title', { municipality: name })}</h1>
      <p>{t('templateLibrary.intro')}</p>
      {templates.length === 0 ? (
        <p>{t('templateLibrary.empty')}</p>
      ) : (
        <ScrollableTable
          caption={t('templateLibrary.caption')}
          testId="template-library"
          columns={[t('templateLibrary.columns.title'), t('templateLibrary.columns.origin'), t('templateLibrary.columns.version'), t('templateLibrary.columns.actions')]}
        >
          {templates.map((template) => (
            <tr key={key(template)} data-testid={`template-${key(template)}`}>
              <td>
                <strong>{textIn(template.title, language)}</strong>
                <br />
                {textIn(template.summary, language)}
                {template.leftOut.connectors.length > 0 && (
                  <>
                    <br />
                    {t('templateLibrary.leftOut', { connectors: template.leftOut.connectors.map((c) => `${c.id} (${c.type})`).join(', ') })}
                  </>
                )}
              </td>
              <td>{textIn(template.originName, language)}</td>
              <td>{template.version}</td>
              <td>
                {template.adoptedAs.length > 0 && (
                  <p>
                    {t('templateLibrary.adoptedAs')}{' '}
                    {template.adoptedAs.map((id, i) => (
                      <span key={id}>
                        {i > 0 && ', '}
                        <Link to={`/admin/designer/${municipality.id}/${id}`}>{id}</Link>
                      </span>
                    ))}
                  </p>
                )}
                {template.own ? (
                  t('templateLibrary.own')
                ) : (
                  departments.length > 0 && (
                    <button type="button" className="btn btn-secondary" aria-expanded={adopting !== null && key(adopting) === key(template)} onClick={() => setAdopting(template)}>
                      {t('templateLibrary.adopt')}
                      <span className="visually-hidden"> {textIn(template.title, language)}</span>
                    </button>
                  )
                )}
              </td>
            </tr>
          ))}
        </ScrollableTable>
      )}
      {adopting && <AdoptionForm key={key(adopting)} municipality={municipality} departments={departments} template={adopting} onCancel={() => setAdopting(null)} />}
    </>
  );
}

const INPUTS = { id: 'adopt-id', 'owner.department': 'adopt-department', 'owner.contact.name': 'adopt-contact-name', 'owner.contact.email': 'adopt-contact-email' } as const;

/** What sharing left out that the adopter must give: the new e-service's id, its department and its contact. */
function AdoptionForm({ municipality, departments, template, onCancel }: { municipality: Municipality; departments: Municipality['departments']; template: LibraryTemplate; onCancel: () => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const navigate = useNavigate();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const title = textIn(template.title, language);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    setBusy(true);
    setProblem(null);
    try {
      const made = await adoptTemplate(municipality.id, template, {
        id: text('id'),
        owner: { department: text('department'), contact: { name: text('contact-name'), email: text('contact-email') } },
      });
      await navigate(`/admin/designer/${municipality.id}/${made.id}`);
    } catch (error) {
      setProblem(problemOf(error));
      setBusy(false);
    }
  }

  const error = (field: keyof typeof INPUTS) => fieldMessage(problem, field, language);
  return (
    <section aria-labelledby="adopt-heading" className="note">
      <h2 id="adopt-heading" tabIndex={-1} ref={(heading) => heading?.focus()}>
        {t('templateLibrary.adoptTitle', { title })}
      </h2>
      {problem && <ProblemMessage problem={problem} />}
      <form onSubmit={(e) => void submit(e)} data-testid="adopt-form">
        <Field id={INPUTS.id} label={t('templateLibrary.id')} hint={t('templateLibrary.idHint')} error={error('id')}>
          {(props) => <input {...props} name="id" type="text" required pattern={SLUG_PATTERN} minLength={2} maxLength={64} defaultValue={template.id} />}
        </Field>
        <Field id={INPUTS['owner.department']} label={t('templateLibrary.department')} error={error('owner.department')}>
          {(props) => (
            <select {...props} name="department" required>
              {departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {textIn(d.name, language)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id={INPUTS['owner.contact.name']} label={t('templateLibrary.contactName')} error={error('owner.contact.name')}>
          {(props) => <input {...props} name="contact-name" type="text" required maxLength={200} />}
        </Field>
        <Field id={INPUTS['owner.contact.email']} label={t('templateLibrary.contactEmail')} error={error('owner.contact.email')}>
          {(props) => <input {...props} name="contact-email" type="email" required maxLength={254} autoComplete="off" />}
        </Field>
        <p className="dialog-buttons">
          <button type="submit" className="btn btn-primary" aria-disabled={busy} data-testid="adopt-submit">
            {t('templateLibrary.create')}
          </button>
          <button type="button" className="btn btn-secondary" onClick={onCancel}>
            {t('templateLibrary.cancel')}
          </button>
        </p>
      </form>
    </section>
  );
}
