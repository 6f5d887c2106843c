import { textIn } from '@etjanst/schemas';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../shared/formatDate';
import { useLanguage } from '../shared/i18n';
import { exportUrl, type AdminEService } from './adminApi';
import { ScrollableTable } from '../shared/ScrollableTable';
import { PendingReviewLink } from '../review/PendingReviewLink';

interface EServiceTableProps {
  municipality: string;
  eservices: AdminEService[];
  busy: boolean;
  /** The person may unpublish here and decide reviews (approver); publishing without a review each e-service says (mayPublishDirectly) */
  mayApprove: boolean;
  onPublish: (id: string) => void;
  onUnpublish: (id: string) => void;
}

export function EServiceTable({ municipality, eservices, busy, mayApprove, onPublish, onUnpublish }: EServiceTableProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  if (eservices.length === 0) return <p>{t('admin.empty')}</p>;
  return (
    <ScrollableTable
      label={t('admin.tableScroll')}
      columns={[
        t('admin.eservice'),
        t('admin.status'),
        t('cases.maturityColumn'),
        t('admin.publishedVersion'),
        t('admin.revision'),
        t('admin.updatedAt'),
        t('admin.actions'),
      ]}
    >
      {eservices.map((eservice) => {
        const title = textIn(eservice.title, language) ?? eservice.id;
        const about = <span className="visually-hidden"> {title}</span>;
        return (
          <tr key={eservice.id}>
            <th scope="row">
              {title}
              <br />
              <code>{eservice.id}</code>
            </th>
            <td>
              {t(`admin.statuses.${eservice.status}`)}
              {eservice.unpublishedChanges && eservice.latestVersion > 0 && (
                <>
                  <br />
                  {t('admin.unpublishedChanges')}
                </>
              )}
              {eservice.unfinished && (
                <>
                  <br />
                  {t('admin.unfinished')}
                </>
              )}
            </td>
            <td data-testid="admin-maturity">
              <abbr title={t(`maturity.level${eservice.maturityLevel}`)}>{t('cases.maturityValue', { level: eservice.maturityLevel })}</abbr>
            </td>
            <td>{eservice.publishedVersion ?? t('admin.none')}</td>
            <td>{eservice.revision}</td>
            <td>{formatDateTime(eservice.updatedAt, language)}</td>
            <td>
              <div className="actions">
                <Link className="btn btn-secondary" to={`/admin/designer/${municipality}/${eservice.id}`}>
                  {t('designer.open')}
                  {about}
                </Link>
                {mayApprove && <PendingReviewLink municipality={municipality} eserviceId={eservice.id} about={about} />}
                {eservice.mayPublishDirectly && (eservice.status !== 'published' || eservice.unpublishedChanges) && (
                  <button
                    type="button"
                    className="btn btn-primary"
                    disabled={busy}
                    onClick={() => onPublish(eservice.id)}
                  >
                    {t('admin.publish')}
                    {about}
                  </button>
                )}
                {mayApprove && eservice.status === 'published' && (
                  <button
                    type="button"
                    className="btn btn-secondary"
                    disabled={busy}
                    onClick={() => onUnpublish(eservice.id)}
                  >
                    {t('admin.unpublish')}
                    {about}
                  </button>
                )}
                <a
                  className="btn btn-secondary"
                  href={exportUrl(municipality, eservice.id)}
                  download={`${eservice.id}.json`}
                >
                  {t('admin.export')}
                  {about}
                </a>
              </div>
            </td>
          </tr>
        );
      })}
    </ScrollableTable>
  );
}
