import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { textIn } from '@etjanst/schemas';
import { useSession } from '../identity/SessionProvider';
import { loginPath } from '../identity/loginLinks';
import { CASE_STATUSES } from '../my-pages/caseApi';
import { ProblemMessage } from '../shared/ProblemMessage';
import { fetchMunicipalities, segment } from '../shared/api';
import { formatDateTime } from '../shared/formatDate';
import { useLanguage } from '../shared/i18n';
import { useLoad } from '../shared/useLoad';
import { usePageTitle } from '../shared/usePageTitle';
import { fetchCases, fetchDepartmentEServices, fetchHandlerRoles, filterQuery, inboxPath, type CaseFilter, type HandlerRole, type InboxCase } from './inboxApi';
import { PaperCaseForm } from './PaperCaseForm';
import { ScrollableTable } from '../shared/ScrollableTable';

const FILTER_KEYS = ['eservice', 'status', 'from', 'to'] as const;

/** The platform's inbox (/handlaggning): a handler's department's cases, filters, exports, paper cases. */
export function InboxPage() {
  const { t } = useTranslation();
  usePageTitle(t('cases.inbox.title'));
  const { status, session } = useSession();
  return (
    <>
      <h1>{t('cases.inbox.title')}</h1>
      {status === 'loading' ? null : session ? <HandlerInbox key={`${session.municipalityId}/${session.person.personalIdentityNumber}`} municipalityId={session.municipalityId} /> : <HandlerLogin />}
    </>
  );
}

function HandlerLogin() {
  const { t } = useTranslation();
  const language = useLanguage();
  const [municipalities] = useLoad('all', fetchMunicipalities);
  return (
    <>
      <p className="lead">{t('cases.inbox.loginIntro')}</p>
      {municipalities.state === 'failed' && <ProblemMessage problem={municipalities.problem} />}
      {municipalities.state === 'ready' && (
        <ul>
          {municipalities.value.map((m) => (
            <li key={m.id}>
              <Link to={loginPath(m.id, '/handlaggning', 3)}>{t('cases.inbox.loginAt', { municipality: textIn(m.name, language) ?? m.id })}</Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function HandlerInbox({ municipalityId }: { municipalityId: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [searchParams, setSearchParams] = useSearchParams();
  const [roles] = useLoad('roles', fetchHandlerRoles);
  const [municipalities] = useLoad('all', fetchMunicipalities);
  if (roles.state === 'loading') return <p role="status">{t('cases.inbox.loading')}</p>;
  if (roles.state === 'failed') return <ProblemMessage problem={roles.problem} />;
  if (roles.value.length === 0) return <p className="notice">{t('cases.inbox.notHandler')}</p>;
  const departments = municipalities.state === 'ready' ? (municipalities.value.find((m) => m.id === municipalityId)?.departments ?? []) : [];
  const departmentName = (role: HandlerRole) => textIn(departments.find((d) => d.id === role.departmentId)?.name, language) ?? role.departmentId;
  const chosen = roles.value.find((r) => r.departmentId === searchParams.get('forvaltning')) ?? roles.value[0]!;
  const filter: CaseFilter = Object.fromEntries(FILTER_KEYS.map((key) => [key, searchParams.get(key) ?? '']));
  const choose = (department: string) => setSearchParams({ forvaltning: department });
  return (
    <>
      <p className="lead">{t('cases.inbox.intro')}</p>
      {roles.value.length > 1 && (
        <div className="form-group">
          <label htmlFor="inbox-department">{t('cases.inbox.department')}</label>
          <select id="inbox-department" value={chosen.departmentId} onChange={(event) => choose(event.target.value)}>
            {roles.value.map((role) => (
              <option key={role.departmentId} value={role.departmentId}>
                {departmentName(role)}
              </option>
            ))}
          </select>
        </div>
      )}
      {roles.value.length === 1 && <p>{t('cases.inbox.department')}: {departmentName(chosen)}</p>}
      <DepartmentCases
        key={chosen.departmentId}
        base={inboxPath(municipalityId, chosen.departmentId)}
        department={chosen.departmentId}
        filter={filter}
        onFilter={(next) => setSearchParams({ forvaltning: chosen.departmentId, ...Object.fromEntries(Object.entries(next).filter(([, v]) => v)) })}
      />
    </>
  );
}

function DepartmentCases({ base, department, filter, onFilter }: { base: string; department: string; filter: CaseFilter; onFilter: (filter: CaseFilter) => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const query = filterQuery(filter);
  const [cases, reload] = useLoad(`${base}?${query}`, (signal) => fetchCases(base, filter, signal));
  const [eservices] = useLoad(base, (signal) => fetchDepartmentEServices(base, signal));
  const [draft, setDraft] = useState<CaseFilter>(filter);
  const eserviceList = eservices.state === 'ready' ? eservices.value : [];
  return (
    <>
      <form
        className="inbox-filters"
        aria-label={t('cases.inbox.filters')}
        onSubmit={(event) => {
          event.preventDefault();
          onFilter(draft);
        }}
      >
        <div className="form-group">
          <label htmlFor="filter-eservice">{t('cases.inbox.eservice')}</label>
          <select id="filter-eservice" value={draft.eservice ?? ''} onChange={(event) => setDraft({ ...draft, eservice: event.target.value })}>
            <option value="">{t('cases.inbox.all')}</option>
            {eserviceList.map((e) => (
              <option key={e.id} value={e.id}>
                {textIn(e.title, language) ?? e.id}
              </option>
            ))}
          </select>
        </div>
        <div className="form-group">
          <label htmlFor="filter-status">{t('cases.inbox.status')}</label>
          <select id="filter-status" value={draft.status ?? ''} onChange={(event) => setDraft({ ...draft, status: event.target.value })}>
            <option value="">{t('cases.inbox.all')}</option>
            {CASE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`cases.statuses.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="form-group">
          <label htmlFor="filter-from">{t('cases.inbox.from')}</label>
          <input id="filter-from" type="date" value={draft.from ?? ''} onChange={(event) => setDraft({ ...draft, from: event.target.value })} />
        </div>
        <div className="form-group">
          <label htmlFor="filter-to">{t('cases.inbox.to')}</label>
          <input id="filter-to" type="date" value={draft.to ?? ''} onChange={(event) => setDraft({ ...draft, to: event.target.value })} />
        </div>
        <button type="submit" className="btn btn-primary">
          {t('cases.inbox.apply')}
        </button>
      </form>
      <p className="actions">
        <a className="btn btn-secondary" href={`${base}/cases/export.csv?${query}`} download>
          {t('cases.inbox.exportCsv')}
        </a>
        <a className="btn btn-secondary" href={`${base}/cases/export.xlsx?${query}`} download>
          {t('cases.inbox.exportXlsx')}
        </a>
      </p>
      {cases.state === 'loading' && <p role="status">{t('cases.inbox.loading')}</p>}
      {cases.state === 'failed' && <ProblemMessage problem={cases.problem} />}
      {cases.state === 'ready' && <CaseTable department={department} cases={cases.value.items} />}
      {cases.state === 'ready' && cases.value.truncated && <p className="note">{t('cases.inbox.truncated', { count: cases.value.items.length })}</p>}
      <PaperCaseForm base={base} eservices={eserviceList} onRegistered={reload} />
    </>
  );
}

function CaseTable({ department, cases }: { department: string; cases: InboxCase[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  if (cases.length === 0) return <p>{t('cases.inbox.noCases')}</p>;
  return (
    <ScrollableTable
      label={t('cases.inbox.tableScroll')}
      testId="inbox-cases"
      columns={[
        t('cases.inbox.receiptNumber'),
        t('cases.inbox.eservice'),
        t('cases.inbox.received'),
        t('cases.inbox.channel'),
        t('cases.inbox.status'),
        t('cases.inbox.applicant'),
        t('cases.inbox.assignee'),
        t('cases.inbox.unread'),
      ]}
    >
      {cases.map((c) => (
        <tr key={c.receiptNumber}>
          <th scope="row">
            <Link to={`/handlaggning/${segment(department)}/${segment(c.receiptNumber)}`}>{c.receiptNumber}</Link>
          </th>
          <td>{textIn(c.eserviceTitle, language) ?? c.eserviceId}</td>
          <td>
            <time dateTime={c.submittedAt}>{formatDateTime(c.submittedAt, language)}</time>
          </td>
          <td>{t(`cases.channels.${c.channel}`)}</td>
          <td>{t(`cases.statuses.${c.status}`)}</td>
          <td>{c.applicantName ?? t('cases.inbox.anonymous')}</td>
          <td>{c.assignee?.name ?? t('cases.inbox.nobody')}</td>
          <td>{c.unreadFromCitizen}</td>
        </tr>
      ))}
    </ScrollableTable>
  );
}
