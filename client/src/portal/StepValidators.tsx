import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { importStepValidators, type StepValidators } from './formValidation';

type Loaded = { status: 'loading' } | { status: 'ready'; validators: StepValidators } | { status: 'failed' };

/** The step validators served at `url` (formValidation), imported once per address. */
function useStepValidators(url: string): Loaded {
  const [loaded, setLoaded] = useState<{ url: string; loaded: Loaded }>({ url, loaded: { status: 'loading' } });
  useEffect(() => {
    let current = true;
    importStepValidators(url).then(
      (validators) => current && setLoaded({ url, loaded: { status: 'ready', validators } }),
      () => current && setLoaded({ url, loaded: { status: 'failed' } }),
    );
    return () => {
      current = false;
    };
  }, [url]);
  return loaded.url === url ? loaded.loaded : { status: 'loading' };
}

/** Draws `children` with the step validators at `url` once they are imported; until then, or if they cannot be, says so. */
export function WithStepValidators({ url, children }: { url: string; children: (validators: StepValidators) => ReactNode }) {
  const { t } = useTranslation();
  const loaded = useStepValidators(url);
  if (loaded.status === 'ready') return children(loaded.validators);
  return loaded.status === 'loading' ? (
    <p className="loading">{t('app.loading')}</p>
  ) : (
    <p className="problem" role="alert">
      {t('wizard.formUnavailable')}
    </p>
  );
}
