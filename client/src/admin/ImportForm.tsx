import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

interface ImportFormProps {
  busy: boolean;
  /** Resolves true when the import succeeded */
  onImport: (file: File | null, replace: boolean) => Promise<boolean>;
}

/** Uploads an exported (or hand-written) e-service definition. */
export function ImportForm({ busy, onImport }: ImportFormProps) {
  const { t } = useTranslation();
  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const file = data.get('definition');
    if (await onImport(file instanceof File ? file : null, data.get('replace') === 'on')) form.reset();
  }
  return (
    <section aria-labelledby="admin-import" className="import">
      <h3 id="admin-import">{t('admin.importTitle')}</h3>
      <form onSubmit={(event) => void submit(event)}>
        <div className="form-group">
          <label htmlFor="import-definition" className="control-label">
            {t('admin.importFile')}
          </label>
          <input id="import-definition" name="definition" type="file" accept="application/json,.json" />
        </div>
        <div className="checkbox">
          <label>
            <input type="checkbox" name="replace" />
            <span>{t('admin.importReplace')}</span>
          </label>
        </div>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('admin.import')}
        </button>
      </form>
    </section>
  );
}
