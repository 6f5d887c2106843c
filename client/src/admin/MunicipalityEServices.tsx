import { textIn, type DuplicateTitle } from '@etjanst/schemas';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useRevalidator } from 'react-router';
import type { Municipality } from '../shared/api';
import { useLanguage } from '../shared/i18n';
import { ProblemError, localProblem, problemOf, type Problem } from '../shared/problem';
import { ProblemMessage } from '../shared/ProblemMessage';
import { mayIn, STAFF_PAGES } from '../staff/access';
import { useStaff } from '../staff/StaffSessionProvider';
import { importDefinition, publishEService, unpublishEService, type AdminEService } from './adminApi';
import { EServiceTable } from './EServiceTable';
import { ImportForm } from './ImportForm';

/** What went well, worded when shown so that it follows the language switch. */
type Notice =
  | { key: 'admin.published'; id: string; version: number }
  | { key: 'admin.unpublished'; id: string }
  /** With the other e-services that have its title, if any */
  | { key: 'admin.imported'; id: string; warnings: DuplicateTitle[] };

type Outcome = { notice: Notice } | { problem: Problem };

interface MunicipalityEServicesProps {
  municipality: Municipality;
  eservices: AdminEService[];
}

/** One municipality's e-services with export, and what the person's roles there allow: create and import (designer), publish and unpublish (approver). */
export function MunicipalityEServices({ municipality, eservices }: MunicipalityEServicesProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const revalidator = useRevalidator();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  const m = municipality.id;
  const { grants } = useStaff();
  const mayDesign = mayIn(grants, STAFF_PAGES.design, m);
  const mayApprove = mayIn(grants, STAFF_PAGES.approve, m);

  /** Runs an action, reloads the list, then shows how it went. True when it succeeded. */
  async function run(action: () => Promise<Notice>): Promise<boolean> {
    setBusy(true);
    setOutcome(null);
    let result: Outcome;
    try {
      result = { notice: await action() };
    } catch (error) {
      result = { problem: problemOf(error) };
    }
    await revalidator.revalidate();
    setOutcome(result);
    setBusy(false);
    return 'notice' in result;
  }

  return (
    <section aria-labelledby="admin-eservices">
      <h2 id="admin-eservices">{t('admin.eservices', { municipality: textIn(municipality.name, language) })}</h2>
      {mayDesign && (
        <p>
          <Link className="btn btn-primary" to={`/admin/ny-e-tjanst/${m}`} data-testid="new-eservice">
            {t('designer.new.title')}
          </Link>
        </p>
      )}
      {outcome && 'problem' in outcome && <ProblemMessage problem={outcome.problem} />}
      <NoticeMessage notice={outcome && 'notice' in outcome ? outcome.notice : null} />
      <EServiceTable
        municipality={m}
        eservices={eservices}
        busy={busy}
        mayApprove={mayApprove}
        onPublish={(id) =>
          run(async () => ({ key: 'admin.published', id, version: (await publishEService(m, id)).version }))
        }
        onUnpublish={(id) =>
          run(async () => {
            await unpublishEService(m, id);
            return { key: 'admin.unpublished', id };
          })
        }
      />
      {mayDesign && (
      <ImportForm
        busy={busy}
        onImport={(file, replace) =>
          run(async () => {
            const definition = await readDefinition(file);
            const { warnings } = await importDefinition(m, definition, replace);
            return { key: 'admin.imported', id: String((definition as { id?: unknown } | null)?.id ?? ''), warnings };
          })
        }
      />
      )}
    </section>
  );
}

async function readDefinition(file: File | null): Promise<unknown> {
  if (!file || file.size === 0) {
    throw new ProblemError(localProblem('no-file', 400, 'admin.noFileTitle', 'admin.noFileDetail'));
  }
  try {
    return JSON.parse(await file.text()) as unknown;
  } catch {
    throw new ProblemError(localProblem('not-json', 400, 'admin.notJsonTitle', 'admin.notJsonDetail'));
  }
}

/** A polite live region, present before anything is announced so that screen readers catch it. */
function NoticeMessage({ notice }: { notice: Notice | null }) {
  const { t } = useTranslation();
  const language = useLanguage();
  if (!notice) return <div role="status" className="visually-hidden" />;
  const { key, ...values } = notice;
  const warnings = 'warnings' in notice ? notice.warnings : [];
  return (
    <div role="status" className="notice" data-testid="admin-notice">
      <p>{t(key, values)}</p>
      {warnings.length > 0 && (
        <ul data-testid="title-warnings">
          {warnings.map((w) => (
            <li key={`${w.language} ${w.eserviceId}`}>{w.message[language]}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
