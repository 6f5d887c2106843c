import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLoaderData, useRevalidator } from 'react-router';
import { AlertDialog } from '../../shared/AlertDialog';
import { formatDateTime } from '../../shared/formatDate';
import { useLanguage } from '../../shared/i18n';
import { problemOf, type Problem } from '../../shared/problem';
import { ScrollableTable } from '../../shared/ScrollableTable';
import { GroupMappingsSection } from '../staff/GroupMappingsSection';
import { usePageTitle } from '../../shared/usePageTitle';
import { ErrorSummary, Field, fieldMessage, fieldOf } from '../staff/AdminForm';
import {
  createProvider,
  deleteProvider,
  pemBlocks,
  replaceProvider,
  type IdentityProvider,
  type identityProvidersLoader,
  type ProviderInput,
  type ProviderKind,
} from './identityProvidersApi';

/** The API's field names and the inputs that hold them. */
const INPUT_IDS = {
  kind: 'idp-kind',
  id: 'idp-id',
  'name.sv': 'idp-name-sv',
  'name.en': 'idp-name-en',
  issuer: 'idp-issuer',
  clientId: 'idp-client-id',
  clientSecret: 'idp-client-secret',
  groupsClaim: 'idp-groups-claim',
  metadataXml: 'idp-metadata',
  entityId: 'idp-entity-id',
  ssoUrl: 'idp-sso-url',
  logoutUrl: 'idp-logout-url',
  signingCerts: 'idp-signing-certs',
  nameIdFormat: 'idp-name-id-format',
};
type InputName = keyof typeof INPUT_IDS;
/** A refusal of one certificate (`signingCerts.1`) is shown at the certificates' input. */
const inputShowing = (field: string | undefined): InputName | undefined => (field?.startsWith('signingCerts.') ? 'signingCerts' : (field as InputName | undefined));

const emptyForm = (kind: ProviderKind): Record<InputName, string> => ({
  kind,
  id: '',
  'name.sv': '',
  'name.en': '',
  issuer: '',
  clientId: '',
  clientSecret: '',
  groupsClaim: '',
  metadataXml: '',
  entityId: '',
  ssoUrl: '',
  logoutUrl: '',
  signingCerts: '',
  nameIdFormat: '',
});

const formOf = (provider: IdentityProvider): Record<InputName, string> => ({
  ...emptyForm(provider.kind),
  id: provider.id,
  'name.sv': provider.name.sv,
  'name.en': provider.name.en,
  issuer: provider.issuer ?? '',
  clientId: provider.clientId ?? '',
  groupsClaim: provider.groupsClaim ?? '',
  entityId: provider.entityId ?? '',
  ssoUrl: provider.ssoUrl ?? '',
  logoutUrl: provider.sloUrl ?? '',
  signingCerts: (provider.signingCerts ?? []).join('\n'),
  nameIdFormat: provider.nameIdFormat ?? '',
});

/** The request body: the fields of the form's kind, leaving out what was left empty and may be (the secret on replace, the groups claim). */
function requestBody(form: Record<InputName, string>, editing: boolean): ProviderInput {
  const given = (field: InputName) => (form[field].trim() ? { [field]: form[field] } : {});
  const common = { ...(editing ? {} : { id: form.id.trim() }), kind: form.kind as ProviderKind, name: { sv: form['name.sv'], en: form['name.en'] } };
  if (form.kind === 'oidc') return { ...common, issuer: form.issuer, clientId: form.clientId, ...given('clientSecret'), ...given('groupsClaim') };
  const fromMetadata = form.metadataXml.trim() !== '';
  return {
    ...common,
    ...(fromMetadata ? { metadataXml: form.metadataXml } : { entityId: form.entityId, ssoUrl: form.ssoUrl, ...given('logoutUrl'), signingCerts: pemBlocks(form.signingCerts) }),
    ...given('nameIdFormat'),
  };
}

/**
 * The installation's staff identity providers for platform administrators: those of the
 * configuration (read-only, changed where the platform is configured) and those stored here,
 * which are added, changed and removed on this page and take effect at the next login through
 * them. A client secret is sent, never shown.
 */
export function IdentityProvidersPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { items, kinds, mappings, mappableProviders } = useLoaderData<typeof identityProvidersLoader>();
  const revalidator = useRevalidator();
  const [editing, setEditing] = useState<IdentityProvider | null>(null);
  const [form, setForm] = useState(() => emptyForm(kinds[0] ?? 'oidc'));
  const [formProblem, setFormProblem] = useState<Problem | null>(null);
  const [listProblem, setListProblem] = useState<Problem | null>(null);
  const [removing, setRemoving] = useState<IdentityProvider | null>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const listHeading = useRef<HTMLHeadingElement>(null);
  const formHeading = useRef<HTMLHeadingElement>(null);
  usePageTitle(t('adminIdp.title'));

  const kindName = (kind: ProviderKind) => t(`adminIdp.kind_${kind}`);
  const nameOf = (provider: Pick<IdentityProvider, 'name'>) => provider.name[language];

  function startEditing(provider: IdentityProvider) {
    setEditing(provider);
    setForm(formOf(provider));
    setFormProblem(null);
    setNotice('');
    // the form changes above the pressed button's row: go there
    requestAnimationFrame(() => formHeading.current?.focus());
  }

  function stopEditing() {
    setEditing(null);
    setForm(emptyForm(kinds[0] ?? 'oidc'));
    setFormProblem(null);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFormProblem(null);
    setNotice('');
    try {
      const input = requestBody(form, editing !== null);
      const saved = editing ? await replaceProvider(editing.id, input) : await createProvider(input);
      setEditing(null);
      setForm(emptyForm(kinds[0] ?? 'oidc'));
      // said once the list shows it, so the status and the list agree
      await revalidator.revalidate();
      setNotice(t(editing ? 'adminIdp.replaced' : 'adminIdp.created', { name: nameOf(saved) }));
    } catch (error) {
      setFormProblem(problemOf(error));
    }
    setBusy(false);
  }

  async function remove(provider: IdentityProvider) {
    setRemoving(null);
    setBusy(true);
    setListProblem(null);
    setNotice('');
    try {
      await deleteProvider(provider.id);
      if (editing?.id === provider.id) stopEditing();
      await revalidator.revalidate();
      setNotice(t('adminIdp.removed', { name: nameOf(provider) }));
      // the pressed button is gone: continue from the list
      listHeading.current?.focus();
    } catch (error) {
      setListProblem(problemOf(error));
    }
    setBusy(false);
  }

  const refused = fieldOf(formProblem);
  const shownAt = inputShowing(refused);
  const error = (field: InputName) => (refused !== undefined && shownAt === field ? fieldMessage(formProblem, refused, language) : undefined);
  const errorIds: Record<string, string> = refused !== undefined && shownAt ? { ...INPUT_IDS, [refused]: INPUT_IDS[shownAt] } : INPUT_IDS;
  const input = (field: InputName) => ({
    value: form[field],
    onChange: (event: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: event.target.value })),
  });

  return (
    <>
      <h1>{t('adminIdp.title')}</h1>
      <p>{t('adminIdp.intro')}</p>
      <p role="status" className={notice ? 'notice' : 'visually-hidden'} data-testid="idp-notice">
        {notice}
      </p>
      <section aria-labelledby="idp-list-heading">
        <h2 id="idp-list-heading" ref={listHeading} tabIndex={-1}>
          {t('adminIdp.listTitle')}
        </h2>
        {listProblem && <ErrorSummary problem={listProblem} inputIds={{}} />}
        {items.length === 0 ? (
          <p>{t('adminIdp.empty')}</p>
        ) : (
          <ScrollableTable
            label={t('adminIdp.tableScroll')}
            testId="idp-table"
            columns={[t('adminIdp.name'), t('adminIdp.kind'), t('adminIdp.origin'), t('adminIdp.address'), t('adminIdp.register'), t('admin.actions')]}
          >
            {items.map((provider) => (
              <tr key={provider.id}>
                <th scope="row">
                  {nameOf(provider)}
                  <br />
                  <small>
                    <code>{provider.loginMethod}</code>
                  </small>
                </th>
                <td>{kindName(provider.kind)}</td>
                <td>
                  {provider.origin === 'configuration' ? t('adminIdp.fromConfiguration') : t('adminIdp.stored')}
                  {!provider.inEffect && (
                    <>
                      <br />
                      <small>{t('adminIdp.notInEffect')}</small>
                    </>
                  )}
                  {provider.updatedAt && (
                    <>
                      <br />
                      <small>{t('adminIdp.updated', { when: formatDateTime(provider.updatedAt, language) })}</small>
                    </>
                  )}
                </td>
                <td className="break-anywhere">{provider.issuer ?? provider.ssoUrl}</td>
                <td className="break-anywhere">
                  <small>{provider.kind === 'oidc' ? t('adminIdp.redirectUri') : t('adminIdp.spMetadata')}</small>
                  <br />
                  <code>{provider.redirectUri ?? provider.spMetadataUrl}</code>
                  {provider.postLogoutRedirectUri && (
                    <>
                      <br />
                      <small>{t('adminIdp.postLogoutRedirectUri')}</small>
                      <br />
                      <code>{provider.postLogoutRedirectUri}</code>
                    </>
                  )}
                </td>
                <td>
                  {provider.editable ? (
                    <>
                      <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => startEditing(provider)}>
                        {t('adminIdp.edit')}
                        <span className="visually-hidden"> {nameOf(provider)}</span>
                      </button>{' '}
                      <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => setRemoving(provider)}>
                        {t('adminIdp.remove')}
                        <span className="visually-hidden"> {nameOf(provider)}</span>
                      </button>
                    </>
                  ) : (
                    <small>{t('adminIdp.readOnly')}</small>
                  )}
                </td>
              </tr>
            ))}
          </ScrollableTable>
        )}
      </section>
      <section aria-labelledby="idp-form-heading">
        <h2 id="idp-form-heading" ref={formHeading} tabIndex={-1}>
          {editing ? t('adminIdp.editTitle', { name: nameOf(editing) }) : t('adminIdp.addTitle')}
        </h2>
        <p>{kinds.length === 0 ? t('adminIdp.noKinds') : t('adminIdp.formIntro')}</p>
        {formProblem && <ErrorSummary problem={formProblem} inputIds={errorIds} />}
        {kinds.length > 0 && (
          <form noValidate onSubmit={(event) => void save(event)} aria-labelledby="idp-form-heading">
            <Field id={INPUT_IDS.kind} label={t('adminIdp.kind')} error={error('kind')}>
              {(props) => (
                <select {...props} {...input('kind')} disabled={editing !== null}>
                  {(editing ? [editing.kind] : kinds).map((kind) => (
                    <option key={kind} value={kind}>
                      {kindName(kind)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id={INPUT_IDS.id} label={t('adminIdp.id')} hint={t('adminIdp.idHint')} error={error('id')}>
              {(props) => <input {...props} className="form-control" autoComplete="off" spellCheck={false} readOnly={editing !== null} {...input('id')} />}
            </Field>
            <Field id={INPUT_IDS['name.sv']} label={t('adminIdp.nameSv')} error={error('name.sv')}>
              {(props) => <input {...props} className="form-control" lang="sv" maxLength={100} {...input('name.sv')} />}
            </Field>
            <Field id={INPUT_IDS['name.en']} label={t('adminIdp.nameEn')} error={error('name.en')}>
              {(props) => <input {...props} className="form-control" lang="en" maxLength={100} {...input('name.en')} />}
            </Field>
            {form.kind === 'oidc' ? (
              <>
                <Field id={INPUT_IDS.issuer} label={t('adminIdp.issuer')} hint={t('adminIdp.issuerHint')} error={error('issuer')}>
                  {(props) => <input {...props} type="url" className="form-control" spellCheck={false} {...input('issuer')} />}
                </Field>
                <Field id={INPUT_IDS.clientId} label={t('adminIdp.clientId')} error={error('clientId')}>
                  {(props) => <input {...props} className="form-control" autoComplete="off" spellCheck={false} {...input('clientId')} />}
                </Field>
                <Field id={INPUT_IDS.clientSecret} label={t('adminIdp.clientSecret')} hint={editing ? t('adminIdp.clientSecretKeep') : t('adminIdp.clientSecretHint')} error={error('clientSecret')}>
                  {(props) => <input {...props} type="password" className="form-control" autoComplete="new-password" {...input('clientSecret')} />}
                </Field>
                <Field id={INPUT_IDS.groupsClaim} label={t('adminIdp.groupsClaim')} hint={t('adminIdp.groupsClaimHint')} error={error('groupsClaim')}>
                  {(props) => <input {...props} className="form-control" autoComplete="off" spellCheck={false} {...input('groupsClaim')} />}
                </Field>
              </>
            ) : (
              <>
                <Field id={INPUT_IDS.metadataXml} label={t('adminIdp.metadataXml')} hint={t('adminIdp.metadataXmlHint')} error={error('metadataXml')}>
                  {(props) => <textarea {...props} className="form-control" rows={4} spellCheck={false} {...input('metadataXml')} />}
                </Field>
                <Field id={INPUT_IDS.entityId} label={t('adminIdp.entityId')} error={error('entityId')}>
                  {(props) => <input {...props} className="form-control" spellCheck={false} {...input('entityId')} />}
                </Field>
                <Field id={INPUT_IDS.ssoUrl} label={t('adminIdp.ssoUrl')} error={error('ssoUrl')}>
                  {(props) => <input {...props} type="url" className="form-control" spellCheck={false} {...input('ssoUrl')} />}
                </Field>
                <Field id={INPUT_IDS.logoutUrl} label={t('adminIdp.logoutUrl')} hint={t('adminIdp.logoutUrlHint')} error={error('logoutUrl')}>
                  {(props) => <input {...props} type="url" className="form-control" spellCheck={false} {...input('logoutUrl')} />}
                </Field>
                <Field id={INPUT_IDS.signingCerts} label={t('adminIdp.signingCerts')} hint={t('adminIdp.signingCertsHint')} error={error('signingCerts')}>
                  {(props) => <textarea {...props} className="form-control" rows={4} spellCheck={false} {...input('signingCerts')} />}
                </Field>
                <Field id={INPUT_IDS.nameIdFormat} label={t('adminIdp.nameIdFormat')} hint={t('adminIdp.nameIdFormatHint')} error={error('nameIdFormat')}>
                  {(props) => <input {...props} className="form-control" spellCheck={false} {...input('nameIdFormat')} />}
                </Field>
              </>
            )}
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {editing ? t('adminIdp.saveChanges') : t('adminIdp.add')}
            </button>{' '}
            {editing && (
              <button type="button" className="btn btn-secondary" disabled={busy} onClick={stopEditing}>
                {t('adminIdp.cancelEdit')}
              </button>
            )}
          </form>
        )}
      </section>
      <GroupMappingsSection municipality={null} mappings={mappings} providers={mappableProviders} onNotice={setNotice} />
      <p>
        <Link to="/admin">{t('statistics.back')}</Link>
      </p>
      {removing && (
        <AlertDialog
          open
          className="idp-remove-dialog"
          testId="idp-remove-dialog"
          title={t('adminIdp.removeTitle', { name: nameOf(removing) })}
          description={t('adminIdp.removeDetail', { method: removing.loginMethod })}
          onEscape={() => setRemoving(null)}
          primary={{ label: t('adminIdp.removeCancel'), onClick: () => setRemoving(null) }}
          secondary={{ label: t('adminIdp.removeConfirm'), onClick: () => void remove(removing), testId: 'idp-remove-confirm' }}
        />
      )}
    </>
  );
}
