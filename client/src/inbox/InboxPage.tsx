import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { textIn } from '@etjanst/schemas';
import { CASE_STATUSES } from '../my-pages/caseApi';
import { ProblemMessage } from '../shared/ProblemMessage';
import { BookingDays } from './BookingDays';
import type { Municipality } from '../shared/api';
import { formatDateTime } from '../shared/formatDate';
import { useLanguage } from '../shared/i18n';
import { usePageTitle } from '../shared/usePageTitle';
import { useLoad } from '../shared/useLoad';
import { StaffLoginNeeded, useHandlerLogin, type HandlerLogin } from './handlerLogin';
import { casePagePath, fetchCases, fetchDepartmentEServices, filterQuery, inboxPath, type CaseFilter, type InboxCase } from './inboxApi';
import type { HandlerInbox } from './inboxes';
import { PaperCaseForm } from './PaperCaseForm';
import { ScrollableTable } from '../shared/ScrollableTable';

const FILTER_KEYS = ['eservice', 'status', 'from', 'to'] as const;

/** The platform's inbox (/handlaggning): on a staff login, a handler's department's cases, filters, exports, paper cases. */
export function InboxPage() {
  const { t } = useTranslation();
  usePageTitle(t('cases.inbox.title'));
  const login = useHandlerLogin();
  return (
    <>
      <h1>{t('cases.inbox.title')}</h1>
      {login.state === 'loading' && <p role="status">{t('cases.inbox.loading')}</p>}
      {login.state === 'failed' && <ProblemMessage problem={login.problem} />}
      {login.state === 'ready' && (login.value ? <HandlerInboxes key={login.value.staff.accountId} login={login.value} /> : <StaffLoginNeeded />)}
    </>
  );
}

const inboxKey = (inbox: HandlerInbox) => `${inbox.municipalityId}/${inbox.departmentId}`;

function HandlerInboxes({ login: { inboxes, municipalities } }: { login: HandlerLogin }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [searchParams, setSearchParams] = useSearchParams();
  if (inboxes.length === 0) return <p className="notice">{t('cases.inbox.notHandler')}</p>;
  const departmentName = (inbox: HandlerInbox) =>
    textIn(municipalities.find((m) => m.id === inbox.municipalityId)?.departments.find((d) => d.id === inbox.departmentId)?.name, language) ?? inbox.departmentId;
  const chosen = inboxes.find((i) => i.municipalityId === (searchParams.get('kommun') ?? i.municipalityId) && i.departmentId === searchParams.get('forvaltning')) ?? inboxes[0]!;
  const filter: CaseFilter = Object.fromEntries(FILTER_KEYS.map((key) => [key, searchParams.get(key) ?? '']));
  const place = (inbox: HandlerInbox) => ({ kommun: inbox.municipalityId, forvaltning: inbox.departmentId });
  return (
    <>
      <p className="lead">{t('cases.inbox.intro')}</p>
      {inboxes.length > 1 && (
        <div className="form-group">
          <label htmlFor="inbox-department">{t('cases.inbox.department')}</label>
          <select id="inbox-department" value={inboxKey(chosen)} onChange={(event) => setSearchParams(place(inboxes.find((i) => inboxKey(i) === event.target.value)!))}>
            <InboxOptions inboxes={inboxes} municipalities={municipalities} departmentName={departmentName} />
          </select>
        </div>
      )}
      {inboxes.length === 1 && (
        <p>
          {t('cases.inbox.department')}: {departmentName(chosen)}
        </p>
      )}
      <DepartmentCases
        key={inboxKey(chosen)}
        inbox={chosen}
        filter={filter}
        onFilter={(next) => setSearchParams({ ...place(chosen), ...Object.fromEntries(Object.entries(next).filter(([, v]) => v)) })}
      />
    </>
  );
}

/** The departments to choose from, grouped by municipality when the handler works in more than one. */
function InboxOptions({ inboxes, municipalities, departmentName }: { inboxes: HandlerInbox[]; municipalities: Municipality[]; departmentName: (inbox: HandlerInbox) => string }) {
  const language = useLanguage();
  const options = (list: HandlerInbox[]) =>
    list.map((inbox) => (
      <option key={inboxKey(inbox)} value={inboxKey(inbox)}>
        {departmentName(inbox)}
      </option>
    ));
  const inMunicipalities = municipalities.filter((m) => inboxes.some((i) => i.municipalityId === m.id));
  if (inMunicipalities.length === 1) return options(inboxes);
  return inMunicipalities.map((m) => (
    <optgroup key={m.id} label={textIn(m.name, language) ?? m.id}>
      {options(inboxes.filter((i) => i.municipalityId === m.id))}
    </optgroup>
  ));
}

function DepartmentCases({ inbox, filter, onFilter }: { inbox: HandlerInbox; filter: CaseFilter; onFilter: (filter: CaseFilter) => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const base = inboxPath(inbox.municipalityId, inbox.departmentId);
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
      {cases.state === 'ready' && <CaseTable inbox={inbox} cases={cases.value.items} />}
      {cases.state === 'ready' && cases.value.truncated && <p className="note">{t('cases.inbox.truncated', { count: cases.value.items.length })}</p>}
      <PaperCaseForm base={base} eservices={eserviceList} onRegistered={reload} />
      <BookingDays municipality={inbox.municipalityId} eservices={eserviceList} />
    </>
  );
}

function CaseTable({ inbox, cases }: { inbox: HandlerInbox; cases: InboxCase[] }) {
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
            <Link to={casePagePath(inbox, c.receiptNumber)}>{c.receiptNumber}</Link>
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
