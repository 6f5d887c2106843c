import { textIn } from '@etjanst/schemas';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useLanguage } from '../shared/i18n';
import { problemOf, type Problem } from '../shared/problem';
import { loginLocal, reauthenticateLocal, type StaffLoginMethod } from './staffApi';
import { publishStaffSession } from './staffSession';
import { useStaffSession } from './StaffSessionProvider';

type FieldName = 'username' | 'password' | 'totp';
const CODE = /^\d{6}$/;

/** What is wrong before sending: each field that is empty, or a code that is not six digits. */
type Refusal = { fields: FieldName[] } | { problem: Problem };

/**
 * The break-glass local administrator's login: user name, password and the 6-digit code from
 * the authenticator app. Anything refused (here, or by the server: wrong, locked, too many
 * attempts) is shown in the error summary above the form, which gets focus. `reauthenticate`:
 * the logged-in administrator's fresh proof before a sensitive action (password and code, no
 * user name), after which the person goes on to `returnTo`.
 */
export function LocalLoginForm({ method, returnTo, reauthenticate = false }: { method?: StaffLoginMethod; returnTo: string; reauthenticate?: boolean }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const navigate = useNavigate();
  const { dismissNotice } = useStaffSession();
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const fields: readonly FieldName[] = reauthenticate ? ['password', 'totp'] : ['username', 'password', 'totp'];

  useEffect(() => {
    if (refusal) summary.current?.focus();
  }, [refusal]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: FieldName) => String(form.get(name) ?? '').trim();
    const wrong = fields.filter((name) => (name === 'totp' ? !CODE.test(value(name)) : value(name) === ''));
    if (wrong.length > 0) return setRefusal({ fields: wrong });
    setBusy(true);
    const proof = { password: String(form.get('password') ?? ''), totp: value('totp') };
    try {
      if (reauthenticate) {
        publishStaffSession({ session: await reauthenticateLocal(proof), expired: false });
        await navigate(returnTo, { replace: true });
        return;
      }
      const session = await loginLocal({ username: value('username'), ...proof });
      dismissNotice();
      publishStaffSession({ session, expired: false }); // the login page then goes on to `returnTo`
    } catch (error) {
      setRefusal({ problem: problemOf(error) });
      setBusy(false);
    }
  }

  const invalid = (name: FieldName) => refusal !== null && 'fields' in refusal && refusal.fields.includes(name);
  const fieldProps = (name: FieldName) => ({
    id: `staff-local-${name}`,
    name,
    className: 'form-control',
    'aria-invalid': invalid(name) || undefined,
    'aria-describedby': name === 'totp' ? 'staff-local-totp-hint' : undefined,
  });

  return (
    <section className="staff-local-login" aria-labelledby="staff-local-heading">
      <h2 id="staff-local-heading">{(method && textIn(method.name, language)) ?? t('staff.login.local')}</h2>
      <p>{reauthenticate ? t('staff.reauthenticate.localIntro') : t('staff.login.localIntro')}</p>
      {refusal && (
        <div ref={summary} className="problem" tabIndex={-1} data-testid="staff-login-error">
          {'fields' in refusal ? (
            <>
              <p className="problem-title">{t('staff.login.fixFields')}</p>
              <ul>
                {refusal.fields.map((name) => (
                  <li key={name}>
                    <a href={`#staff-local-${name}`}>{t(`staff.login.missing.${name}`)}</a>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <RefusedLogin problem={refusal.problem} />
          )}
        </div>
      )}
      <form className="staff-form" noValidate onSubmit={(e) => void submit(e)}>
        {!reauthenticate && (
          <div className="form-field">
            <label htmlFor="staff-local-username">{t('staff.login.username')}</label>
            <input {...fieldProps('username')} type="text" autoComplete="username" autoCapitalize="none" spellCheck={false} />
          </div>
        )}
        <div className="form-field">
          <label htmlFor="staff-local-password">{t('staff.login.password')}</label>
          <input {...fieldProps('password')} type="password" autoComplete="current-password" />
        </div>
        <div className="form-field">
          <label htmlFor="staff-local-totp">{t('staff.login.totp')}</label>
          <p className="hint" id="staff-local-totp-hint">
            {t('staff.login.totpHint')}
          </p>
          <input {...fieldProps('totp')} type="text" inputMode="numeric" autoComplete="one-time-code" maxLength={6} size={8} />
        </div>
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="staff-local-submit">
          {busy ? t('staff.login.loggingIn') : reauthenticate ? t('staff.reauthenticate.submit') : t('staff.login.submit')}
        </button>
      </form>
    </section>
  );
}

/** The server's refusal, and when a new attempt is allowed (Retry-After) in words. */
function RefusedLogin({ problem }: { problem: Problem }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { title, detail } = problem.messages[language];
  const wait = problem.retryAfterSeconds;
  return (
    <>
      <p className="problem-title">{title}</p>
      {detail && <p>{detail}</p>}
      {wait !== undefined && wait > 0 && (
        <p data-testid="staff-login-retry-after">
          {wait < 60 ? t('staff.login.retrySeconds', { count: wait }) : t('staff.login.retryMinutes', { count: Math.ceil(wait / 60) })}
        </p>
      )}
    </>
  );
}
