import { textIn } from '@etjanst/schemas';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLoaderData, useRevalidator } from 'react-router';
import { formatDateTime } from '../../shared/formatDate';
import { useLanguage } from '../../shared/i18n';
import { problemOf, type Problem } from '../../shared/problem';
import { ScrollableTable } from '../../shared/ScrollableTable';
import { usePageTitle } from '../../shared/usePageTitle';
import { ErrorSummary, Field, fieldMessage } from '../staff/AdminForm';
import {
  instantOf,
  localInputOf,
  NOTICE_KINDS,
  postOperatingMessage,
  withdrawOperatingMessage,
  type NoticeKind,
  type OperatingMessage,
  type operatingMessagesLoader,
} from './operatingMessagesApi';

/** The API's field names and the inputs that hold them. */
const INPUT_IDS = {
  kind: 'notice-kind',
  eserviceId: 'notice-eservice',
  'title.sv': 'notice-title-sv',
  'title.en': 'notice-title-en',
  'body.sv': 'notice-body-sv',
  'body.en': 'notice-body-en',
  startsAt: 'notice-starts-at',
  endsAt: 'notice-ends-at',
};
type InputName = keyof typeof INPUT_IDS;

const HOUR = 3600 * 1000;
const emptyForm = (): Record<InputName, string> => {
  const now = new Date();
  return { kind: 'disruption', eserviceId: '', 'title.sv': '', 'title.en': '', 'body.sv': '', 'body.en': '', startsAt: localInputOf(now), endsAt: localInputOf(new Date(now.getTime() + 2 * HOUR)) };
};

/**
 * The municipality's operating messages (disruptions, planned maintenance) for its
 * administrators: those in force or coming, posting one for all its pages or one e-service, and
 * withdrawing one. Times are entered in the browser's time zone.
 */
export function OperatingMessagesPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { municipality, messages, eservices } = useLoaderData<typeof operatingMessagesLoader>();
  const revalidator = useRevalidator();
  const [form, setForm] = useState(emptyForm);
  const [formProblem, setFormProblem] = useState<Problem | null>(null);
  const [listProblem, setListProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const listHeading = useRef<HTMLHeadingElement>(null);
  const name = municipality ? textIn(municipality.name, language) : '';
  usePageTitle(t('adminNotices.title', { municipality: name }));
  if (!municipality) return <p>{t('admin.noMunicipalities')}</p>;
  const m = municipality.id;

  const eserviceName = (id: string) => {
    const eservice = eservices.find((e) => e.id === id);
    return (eservice && textIn(eservice.title, language)) ?? id;
  };

  async function post(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFormProblem(null);
    setNotice('');
    try {
      const posted = await postOperatingMessage(m, {
        kind: form.kind as NoticeKind,
        title: { sv: form['title.sv'], en: form['title.en'] },
        body: { sv: form['body.sv'], en: form['body.en'] },
        startsAt: instantOf(form.startsAt),
        endsAt: instantOf(form.endsAt),
        eserviceId: form.eserviceId || undefined,
      });
      setForm(emptyForm());
      // said once the list shows it, so the status and the list agree
      await revalidator.revalidate();
      setNotice(t('adminNotices.posted', { title: posted.title[language] }));
    } catch (error) {
      setFormProblem(problemOf(error));
    }
    setBusy(false);
  }

  async function withdraw(message: OperatingMessage) {
    setBusy(true);
    setListProblem(null);
    setNotice('');
    try {
      await withdrawOperatingMessage(m, message.id);
      await revalidator.revalidate();
      setNotice(t('adminNotices.withdrawn', { title: message.title[language] }));
      // the pressed button is gone: continue from the list
      listHeading.current?.focus();
    } catch (error) {
      setListProblem(problemOf(error));
    }
    setBusy(false);
  }

  const error = (field: InputName) => fieldMessage(formProblem, field, language);
  const input = (field: InputName) => ({
    value: form[field],
    onChange: (event: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: event.target.value })),
  });

  return (
    <>
      <h1>{t('adminNotices.title', { municipality: name })}</h1>
      <p>{t('adminNotices.intro')}</p>
      <p role="status" className={notice ? 'notice' : 'visually-hidden'} data-testid="notices-notice">
        {notice}
      </p>
      <section aria-labelledby="notices-list-heading">
        <h2 id="notices-list-heading" ref={listHeading} tabIndex={-1}>
          {t('adminNotices.listTitle')}
        </h2>
        {listProblem && <ErrorSummary problem={listProblem} inputIds={{}} />}
        {messages.length === 0 ? (
          <p>{t('adminNotices.empty')}</p>
        ) : (
          <ScrollableTable
            label={t('adminNotices.tableScroll')}
            testId="notices-table"
            columns={[t('adminNotices.heading'), t('adminNotices.kind'), t('adminNotices.where'), t('adminNotices.startsAt'), t('adminNotices.endsAt'), t('admin.actions')]}
          >
            {messages.map((message) => (
              <tr key={message.id}>
                <th scope="row">{message.title[language]}</th>
                <td>{t(`operatingMessages.${message.kind}`)}</td>
                <td>{message.eserviceId ? eserviceName(message.eserviceId) : t('adminNotices.everyPage')}</td>
                <td>{formatDateTime(message.startsAt, language)}</td>
                <td>{formatDateTime(message.endsAt, language)}</td>
                <td>
                  <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => void withdraw(message)}>
                    {t('adminNotices.withdraw')}
                    <span className="visually-hidden"> {message.title[language]}</span>
                  </button>
                </td>
              </tr>
            ))}
          </ScrollableTable>
        )}
      </section>
      <section aria-labelledby="notices-add-heading">
        <h2 id="notices-add-heading">{t('adminNotices.addTitle')}</h2>
        {formProblem && <ErrorSummary problem={formProblem} inputIds={INPUT_IDS} />}
        <form noValidate onSubmit={(event) => void post(event)} aria-labelledby="notices-add-heading">
          <Field id={INPUT_IDS.kind} label={t('adminNotices.kind')} error={error('kind')}>
            {(props) => (
              <select {...props} {...input('kind')}>
                {NOTICE_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`operatingMessages.${kind}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id={INPUT_IDS.eserviceId} label={t('adminNotices.where')} hint={t('adminNotices.whereHint')} error={error('eserviceId')}>
            {(props) => (
              <select {...props} {...input('eserviceId')}>
                <option value="">{t('adminNotices.everyPage')}</option>
                {eservices.map((e) => (
                  <option key={e.id} value={e.id}>
                    {textIn(e.title, language) ?? e.id}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id={INPUT_IDS['title.sv']} label={t('adminNotices.titleSv')} error={error('title.sv')}>
            {(props) => <input {...props} className="form-control" lang="sv" maxLength={120} {...input('title.sv')} />}
          </Field>
          <Field id={INPUT_IDS['title.en']} label={t('adminNotices.titleEn')} error={error('title.en')}>
            {(props) => <input {...props} className="form-control" lang="en" maxLength={120} {...input('title.en')} />}
          </Field>
          <Field id={INPUT_IDS['body.sv']} label={t('adminNotices.bodySv')} error={error('body.sv')}>
            {(props) => <textarea {...props} className="form-control" lang="sv" rows={3} maxLength={1000} {...input('body.sv')} />}
          </Field>
          <Field id={INPUT_IDS['body.en']} label={t('adminNotices.bodyEn')} error={error('body.en')}>
            {(props) => <textarea {...props} className="form-control" lang="en" rows={3} maxLength={1000} {...input('body.en')} />}
          </Field>
          <Field id={INPUT_IDS.startsAt} label={t('adminNotices.startsAt')} hint={t('adminNotices.timeHint')} error={error('startsAt')}>
            {(props) => <input {...props} type="datetime-local" className="form-control" {...input('startsAt')} />}
          </Field>
          <Field id={INPUT_IDS.endsAt} label={t('adminNotices.endsAt')} hint={t('adminNotices.timeHint')} error={error('endsAt')}>
            {(props) => <input {...props} type="datetime-local" className="form-control" {...input('endsAt')} />}
          </Field>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t('adminNotices.post')}
          </button>
        </form>
      </section>
      <p>
        <Link to="/admin">{t('statistics.back')}</Link>
      </p>
    </>
  );
}
