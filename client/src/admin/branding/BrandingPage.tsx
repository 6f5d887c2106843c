import { DEFAULT_BRAND_COLOURS, isHexColour, measureBrandContrast, ratioText, textIn, type BrandColours } from '@etjanst/schemas';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLoaderData, useRevalidator } from 'react-router';
import { useLanguage } from '../../shared/i18n';
import { problemOf, type Problem } from '../../shared/problem';
import { ScrollableTable } from '../../shared/ScrollableTable';
import { usePageTitle } from '../../shared/usePageTitle';
import { ErrorSummary, Field, fieldMessage } from '../staff/AdminForm';
import { MailDomainsSection } from '../mail-domains/MailDomainsSection';
import { removeLogo, saveBranding, uploadLogo, type brandingLoader } from './brandingApi';

const INPUT_IDS = {
  displayName: 'branding-name-sv',
  hostName: 'branding-host',
  colours: 'branding-primary',
  'colours.primary': 'branding-primary',
  'colours.onPrimary': 'branding-on-primary',
  'colours.focus': 'branding-focus',
  data: 'branding-logo',
};
const COLOUR_KEYS: Array<keyof BrandColours> = ['primary', 'onPrimary', 'focus'];

/**
 * A municipality's own look and address, for its administrators: the name its pages and
 * receipts show, its own host name, its colours (measured against WCAG 2.1 as they are typed;
 * the server refuses what falls short) and its logo.
 */
export function BrandingPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { branding } = useLoaderData<typeof brandingLoader>();
  const revalidator = useRevalidator();
  const m = branding.municipalityId;
  const [form, setForm] = useState({
    nameSv: branding.displayName?.sv ?? '',
    nameEn: branding.displayName?.en ?? '',
    hostName: branding.hostName ?? '',
    ownColours: branding.colours !== null,
    ...(branding.colours ?? DEFAULT_BRAND_COLOURS),
  });
  const [problem, setProblem] = useState<Problem | null>(null);
  const [logoProblem, setLogoProblem] = useState<Problem | null>(null);
  const [logoFile, setLogoFile] = useState<File | null>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const title = t('adminBranding.title', { municipality: textIn(branding.name, language) });
  usePageTitle(title);

  const colours: BrandColours = { primary: form.primary, onPrimary: form.onPrimary, focus: form.focus };
  const measurable = COLOUR_KEYS.every((key) => isHexColour(colours[key]));
  const text = (field: 'nameSv' | 'nameEn' | 'hostName' | keyof BrandColours) => ({
    value: form[field],
    onChange: (event: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: event.target.value })),
  });

  async function run(action: () => Promise<unknown>, done: string, onProblem: (p: Problem | null) => void) {
    setBusy(true);
    onProblem(null);
    setNotice('');
    try {
      await action();
      await revalidator.revalidate();
      setNotice(done);
    } catch (error) {
      onProblem(problemOf(error));
    }
    setBusy(false);
  }

  const save = (event: FormEvent) => {
    event.preventDefault();
    void run(
      () =>
        saveBranding(m, {
          displayName: form.nameSv.trim() ? { sv: form.nameSv, ...(form.nameEn.trim() ? { en: form.nameEn } : {}) } : null,
          hostName: form.hostName.trim() || null,
          colours: form.ownColours ? colours : null,
        }),
      t('adminBranding.saved'),
      setProblem,
    );
  };

  const upload = (event: FormEvent) => {
    event.preventDefault();
    if (logoFile) void run(() => uploadLogo(m, logoFile), t('adminBranding.logoSaved'), setLogoProblem);
  };

  const error = (field: string) => fieldMessage(problem, field, language);
  return (
    <>
      <h1>{title}</h1>
      <p>{t('adminBranding.intro')}</p>
      <p role="status" className={notice ? 'notice' : 'visually-hidden'} data-testid="branding-notice">
        {notice}
      </p>
      <section aria-labelledby="branding-form-heading">
        <h2 id="branding-form-heading">{t('adminBranding.formTitle')}</h2>
        {problem && <ErrorSummary problem={problem} inputIds={INPUT_IDS} />}
        <form noValidate onSubmit={save} aria-labelledby="branding-form-heading">
          <Field id={INPUT_IDS.displayName} label={t('adminBranding.nameSv')} hint={t('adminBranding.nameHint')} error={error('displayName')}>
            {(props) => <input {...props} className="form-control" lang="sv" maxLength={100} {...text('nameSv')} />}
          </Field>
          <Field id="branding-name-en" label={t('adminBranding.nameEn')} error={undefined}>
            {(props) => <input {...props} className="form-control" lang="en" maxLength={100} {...text('nameEn')} />}
          </Field>
          <Field id={INPUT_IDS.hostName} label={t('adminBranding.hostName')} hint={t('adminBranding.hostNameHint')} error={error('hostName')}>
            {(props) => <input {...props} className="form-control" autoComplete="off" spellCheck={false} maxLength={253} {...text('hostName')} />}
          </Field>
          <div className="form-group">
            <label className="checkbox-choice">
              <input type="checkbox" checked={form.ownColours} onChange={(event) => setForm((f) => ({ ...f, ownColours: event.target.checked }))} />
              {t('adminBranding.ownColours')}
            </label>
          </div>
          {form.ownColours && (
            <fieldset>
              <legend>{t('adminBranding.colours')}</legend>
              {COLOUR_KEYS.map((key) => (
                <Field key={key} id={INPUT_IDS[`colours.${key}`]} label={t(`adminBranding.colour.${key}`)} hint={t('adminBranding.colourHint')} error={error(`colours.${key}`)}>
                  {(props) => (
                    <span className="inline-form">
                      <input {...props} className="form-control" maxLength={7} spellCheck={false} {...text(key)} />
                      <span aria-hidden="true" className="colour-swatch" style={{ background: isHexColour(form[key]) ? form[key] : 'transparent' }} />
                    </span>
                  )}
                </Field>
              ))}
              {measurable && (
                <ScrollableTable label={t('adminBranding.contrastTable')} testId="contrast-table" columns={[t('adminBranding.pairing'), t('adminBranding.ratio'), t('adminBranding.required'), t('adminBranding.verdict')]}>
                  {measureBrandContrast(colours).map((measured) => (
                    <tr key={measured.pairing}>
                      <th scope="row">{t(`adminBranding.pairings.${measured.pairing}`)}</th>
                      <td>{ratioText(measured.ratio)[language]}</td>
                      <td>{ratioText(measured.required)[language]}</td>
                      <td>{measured.passes ? t('adminBranding.passes') : t('adminBranding.fails')}</td>
                    </tr>
                  ))}
                </ScrollableTable>
              )}
            </fieldset>
          )}
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t('adminBranding.save')}
          </button>
        </form>
      </section>
      <section aria-labelledby="branding-logo-heading">
        <h2 id="branding-logo-heading">{t('adminBranding.logoTitle')}</h2>
        {logoProblem && <ErrorSummary problem={logoProblem} inputIds={INPUT_IDS} />}
        {branding.logoUrl ? (
          <p>
            <img src={branding.logoUrl} alt={t('adminBranding.currentLogo')} className="branding-logo-preview" />
            <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => void run(() => removeLogo(m), t('adminBranding.logoRemoved'), setLogoProblem)}>
              {t('adminBranding.removeLogo')}
            </button>
          </p>
        ) : (
          <p>{t('adminBranding.noLogo')}</p>
        )}
        <form noValidate onSubmit={upload} aria-labelledby="branding-logo-heading">
          <Field id={INPUT_IDS.data} label={t('adminBranding.logoFile')} hint={t('adminBranding.logoHint')} error={fieldMessage(logoProblem, 'data', language)}>
            {(props) => <input {...props} type="file" accept="image/png,image/jpeg" onChange={(event) => setLogoFile(event.target.files?.[0] ?? null)} />}
          </Field>
          <button type="submit" className="btn btn-primary" disabled={busy || !logoFile}>
            {t('adminBranding.uploadLogo')}
          </button>
        </form>
      </section>
      <MailDomainsSection municipality={m} />
      <p>
        <Link to="/admin">{t('statistics.back')}</Link>
      </p>
    </>
  );
}
