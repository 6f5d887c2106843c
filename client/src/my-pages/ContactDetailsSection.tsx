import type { Language } from '@etjanst/schemas';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ProblemMessage } from '../shared/ProblemMessage';
import { formatDateTime } from '../shared/formatDate';
import { useLanguage } from '../shared/i18n';
import { problemOf, type Problem } from '../shared/problem';
import { fetchContactDetails, removeContactDetails, saveContactDetails, type ContactDetails } from './myPagesApi';

const TEXTS: Record<
  Language,
  {
    heading: string;
    intro: (municipality: string) => string;
    loading: string;
    none: string;
    email: string;
    phone: string;
    savedAt: string;
    notGiven: string;
    changeHeading: string;
    saveHeading: string;
    emailHint: string;
    phoneHint: string;
    consent: string;
    save: string;
    saving: string;
    remove: string;
    removing: string;
    removeHint: string;
    saved: string;
    removed: string;
  }
> = {
  sv: {
    heading: 'Mina kontaktuppgifter',
    intro: (municipality) =>
      `Har du sparat din e-post och ditt telefonnummer hos ${municipality} fylls de i åt dig i kommunens e-tjänster, så att du bara behöver lämna dem en gång. Du kan ändra dem i e-tjänsten varje gång.`,
    loading: 'Hämtar dina kontaktuppgifter …',
    none: 'Du har inga sparade kontaktuppgifter.',
    email: 'E-post',
    phone: 'Telefon',
    savedAt: 'Sparade',
    notGiven: 'Inte sparat',
    changeHeading: 'Ändra dina kontaktuppgifter',
    saveHeading: 'Spara dina kontaktuppgifter',
    emailHint: 'Till exempel namn@exempel.se',
    phoneHint: 'Till exempel 070-123 45 67',
    consent:
      'När du sparar samtycker du till att kommunen sparar din e-post och ditt telefonnummer för att fylla i dem i e-tjänster. De sparas tills du tar bort dem här. Fyll i minst ett av fälten.',
    save: 'Spara kontaktuppgifter',
    saving: 'Sparar …',
    remove: 'Ta bort mina kontaktuppgifter',
    removing: 'Tar bort …',
    removeHint: 'Då tar vi bort din e-post och ditt telefonnummer från kommunen, och de fylls inte längre i åt dig.',
    saved: 'Dina kontaktuppgifter är sparade.',
    removed: 'Dina kontaktuppgifter är borttagna.',
  },
  en: {
    heading: 'My contact details',
    intro: (municipality) =>
      `If you have saved your e-mail address and phone number with ${municipality}, they are filled in for you in the municipality's e-services, so that you only need to give them once. You can change them in the e-service every time.`,
    loading: 'Fetching your contact details …',
    none: 'You have no saved contact details.',
    email: 'E-mail',
    phone: 'Phone',
    savedAt: 'Saved',
    notGiven: 'Not saved',
    changeHeading: 'Change your contact details',
    saveHeading: 'Save your contact details',
    emailHint: 'For example name@example.com',
    phoneHint: 'For example 070-123 45 67',
    consent:
      'When you save, you consent to the municipality keeping your e-mail address and phone number to fill them in in e-services. They are kept until you remove them here. Fill in at least one of the fields.',
    save: 'Save contact details',
    saving: 'Saving …',
    remove: 'Remove my contact details',
    removing: 'Removing …',
    removeHint: 'We then remove your e-mail address and phone number from the municipality, and they are no longer filled in for you.',
    saved: 'Your contact details are saved.',
    removed: 'Your contact details have been removed.',
  },
};

type State = { state: 'loading' } | { state: 'ready'; details: ContactDetails } | { state: 'failed'; problem: Problem };

/**
 * "Mina kontaktuppgifter": the e-mail address and phone number saved (with consent) with the
 * municipality the citizen is logged in to, a form to change them and a button to remove them.
 * What happened is said in a polite live region; errors in an alert and at the fields.
 */
export function ContactDetailsSection({ municipalityName }: { municipalityName: string }) {
  const language = useLanguage();
  const texts = TEXTS[language];
  const [loaded, setLoaded] = useState<State>({ state: 'loading' });
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [busy, setBusy] = useState<'saving' | 'removing' | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [status, setStatus] = useState<'saved' | 'removed' | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const show = (details: ContactDetails) => {
    setLoaded({ state: 'ready', details });
    setEmail(details.email ?? '');
    setPhone(details.phone ?? '');
  };

  useEffect(() => {
    const controller = new AbortController();
    fetchContactDetails(controller.signal).then(
      (details) => !controller.signal.aborted && show(details),
      (error: unknown) => !controller.signal.aborted && setLoaded({ state: 'failed', problem: problemOf(error) }),
    );
    return () => controller.abort();
  }, []);

  async function save(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setBusy('saving');
    setProblem(null);
    setStatus(null);
    try {
      show(await saveContactDetails({ email: email.trim() || null, phone: phone.trim() || null }));
      setStatus('saved');
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setBusy(null);
    }
  }

  async function remove(): Promise<void> {
    setBusy('removing');
    setProblem(null);
    setStatus(null);
    try {
      await removeContactDetails();
      show({ email: null, phone: null, consent: false });
      setStatus('removed');
      // the button is gone: focus goes to the section's heading, the status says what happened
      headingRef.current?.focus();
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setBusy(null);
    }
  }

  const fieldError = (field: 'email' | 'phone') => problem?.errors?.find((e) => e.field === field)?.message[language];
  const emailError = fieldError('email');
  const phoneError = fieldError('phone');
  const details = loaded.state === 'ready' ? loaded.details : undefined;
  const saved = details?.consent === true;

  return (
    <section className="contact-details" aria-labelledby="contact-details-heading">
      <h2 id="contact-details-heading" ref={headingRef} tabIndex={-1}>
        {texts.heading}
      </h2>
      <p>{texts.intro(municipalityName)}</p>
      <div className="contact-details-status" role="status" aria-live="polite">
        {status && (
          <p className="notice" data-testid="contact-details-status">
            {status === 'saved' ? texts.saved : texts.removed}
          </p>
        )}
      </div>
      {loaded.state === 'loading' && <p className="loading">{texts.loading}</p>}
      {loaded.state === 'failed' && <ProblemMessage problem={loaded.problem} />}
      {details && (
        <>
          {saved ? (
            <dl className="answers" data-testid="contact-details-saved">
              <div>
                <dt>{texts.email}</dt>
                <dd>{details.email ?? texts.notGiven}</dd>
              </div>
              <div>
                <dt>{texts.phone}</dt>
                <dd>{details.phone ?? texts.notGiven}</dd>
              </div>
              {details.updatedAt && (
                <div>
                  <dt>{texts.savedAt}</dt>
                  <dd>
                    <time dateTime={details.updatedAt}>{formatDateTime(details.updatedAt, language)}</time>
                  </dd>
                </div>
              )}
            </dl>
          ) : (
            <p>{texts.none}</p>
          )}
          {problem && <ProblemMessage problem={problem} />}
          <form
            className="contact-details-form"
            data-testid="contact-details-form"
            aria-labelledby="contact-details-form-heading"
            noValidate
            onSubmit={(event) => void save(event)}
          >
            <h3 id="contact-details-form-heading">{saved ? texts.changeHeading : texts.saveHeading}</h3>
            <ContactInput name="email" type="email" autoComplete="email" label={texts.email} hint={texts.emailHint} error={emailError} value={email} onChange={setEmail} />
            <ContactInput name="phone" type="tel" autoComplete="tel" label={texts.phone} hint={texts.phoneHint} error={phoneError} value={phone} onChange={setPhone} />
            <p id="contact-consent-note">{texts.consent}</p>
            <div className="wizard-buttons">
              <button type="submit" className="btn btn-primary" disabled={busy !== null} aria-describedby="contact-consent-note">
                {busy === 'saving' ? texts.saving : texts.save}
              </button>
            </div>
          </form>
          {saved && (
            <div className="contact-details-remove">
              <p id="contact-remove-hint" className="field-hint">
                {texts.removeHint}
              </p>
              <button
                type="button"
                className="btn btn-danger"
                data-testid="contact-details-remove"
                disabled={busy !== null}
                aria-describedby="contact-remove-hint"
                onClick={() => void remove()}
              >
                {busy === 'removing' ? texts.removing : texts.remove}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}

interface ContactInputProps {
  name: 'email' | 'phone';
  type: 'email' | 'tel';
  autoComplete: 'email' | 'tel';
  label: string;
  hint: string;
  error: string | undefined;
  value: string;
  onChange: (value: string) => void;
}

/** One contact field with its hint and, when wrong, its error, both tied to the input. */
function ContactInput({ name, type, autoComplete, label, hint, error, value, onChange }: ContactInputProps) {
  const id = `contact-${name}`;
  return (
    <div className={`form-group${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <p id={`${id}-hint`} className="field-hint">
        {hint}
      </p>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
      <input
        id={id}
        name={name}
        type={type}
        className="form-control"
        autoComplete={autoComplete}
        spellCheck={type === 'email' ? false : undefined}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}
