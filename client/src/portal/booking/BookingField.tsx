import { addBookingDays, stockholmDate, stockholmIso, type Language } from '@etjanst/schemas';
import { errorId, getUiOptions, helpId, type FieldProps, type RJSFSchema } from '@rjsf/utils';
import { useCallback, useEffect, useRef, useState } from 'react';
import { LOCALES } from '../../shared/formatDate';
import { problemOf, type Problem } from '../../shared/problem';
import { ProblemMessage } from '../../shared/ProblemMessage';
import type { Answers } from '../portalApi';
import { RequiredMark } from '../theme/RequiredMark';
import { ErrorMessage, ErrorRegion } from '../theme/templates';
import { languageOf, type PortalFormContext } from '../theme/texts';
import { fetchFreeSlots, holdSlot, type FreeSlot, type HeldSlot } from './bookingApi';
import { bookingTexts, type BookingFieldOptions } from './bookingFields';
import './booking.css';

/** Days of free slots shown at a time; the citizen pages on with "Later times". */
const WINDOW_DAYS = 14;
/** Arrow keys move the choice through a radio group: hold the slot the citizen stops at, not every one passed. */
const HOLD_DELAY_MS = 350;

type Chosen = { resource: string; start: string };
type Status = { kind: 'idle' } | { kind: 'holding' } | { kind: 'held'; held: HeldSlot } | { kind: 'taken' } | { kind: 'problem'; problem: Problem };

const keyOf = (slot: Chosen) => `${slot.resource}@${Date.parse(slot.start)}`;
const isChosen = (value: unknown): value is Chosen =>
  typeof value === 'object' && value !== null && typeof (value as Chosen).resource === 'string' && typeof (value as Chosen).start === 'string';

const dayHeading = (date: string, language: Language) =>
  new Intl.DateTimeFormat(LOCALES[language], { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
const clock = (iso: string) => stockholmIso(new Date(iso)).slice(11, 16);

/** A held slot that the free list no longer shows (its last seat is the citizen's own hold). */
const asSlot = (held: Chosen, slotMinutes: number): FreeSlot => ({
  resource: held.resource,
  start: held.start,
  end: new Date(Date.parse(held.start) + slotMinutes * 60_000).toISOString(),
  date: stockholmDate(new Date(held.start)),
  time: clock(held.start),
  free: 0,
});

/**
 * The citizen's slot picker of a booking field: the free slots of two weeks, a heading per day and
 * a radio button per slot, so it works by keyboard and screen reader like any choice. Choosing a
 * slot holds it on the server (until when is said); a slot someone else took meanwhile is said
 * to be taken and the list is fetched again. Holding another slot releases the first (server).
 */
export function BookingField({ schema, uiSchema, formData, onChange, fieldPathId, errorSchema, registry, required, hideError }: FieldProps<Answers, RJSFSchema, PortalFormContext>) {
  const formContext = registry.formContext;
  const language = languageOf(formContext);
  const texts = bookingTexts(language);
  const options = getUiOptions(uiSchema) as unknown as BookingFieldOptions;
  const field = options.bookingField;
  const config = options.booking;
  const bookings = formContext.bookings;
  const id = fieldPathId.$id;
  const value = isChosen(formData) ? formData : undefined;
  const resourceName = (resource: string) => {
    const name = config.resources.find((r) => r.id === resource)?.name;
    return name?.[language] ?? name?.sv ?? resource;
  };
  const describe = (slot: FreeSlot | Chosen) => {
    const start = 'date' in slot ? slot : asSlot(slot, config.slotMinutes);
    const many = config.resources.length > 1 ? `, ${resourceName(slot.resource)}` : '';
    return `${dayHeading(start.date, language)} ${start.time}${many}`;
  };

  const today = stockholmDate(new Date());
  const lastDay = addBookingDays(today, config.bookAheadDays);
  const [from, setFrom] = useState(today);
  const to = addBookingDays(from, WINDOW_DAYS - 1);
  // the slots of the window they were fetched for: fetching again after a slot was taken keeps the list in place
  const [fetched, setFetched] = useState<{ from: string; slots: FreeSlot[] } | null>(null);
  const slots = fetched?.from === from ? fetched.slots : null;
  const [listProblem, setListProblem] = useState<Problem | null>(null);
  const [reload, setReload] = useState(0);
  const [status, setStatus] = useState<Status>(() => {
    const held = field ? bookings?.holds.get(field) : undefined;
    return held && value && keyOf(held) === keyOf(value) ? { kind: 'held', held } : { kind: 'idle' };
  });
  const [checked, setChecked] = useState<string | undefined>(value ? keyOf(value) : undefined);

  useEffect(() => {
    if (!bookings) return;
    const controller = new AbortController();
    setListProblem(null);
    fetchFreeSlots(bookings.path, field, from, to < lastDay ? to : lastDay, controller.signal).then((found) => setFetched({ from, slots: found }), (error: unknown) => {
      if (!controller.signal.aborted) setListProblem(problemOf(error));
    });
    return () => controller.abort();
  }, [bookings, field, from, to, lastDay, reload]);

  // the latest hold asked for: an earlier answer arriving late must not win
  const attempt = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const hold = useCallback(
    async (slot: Chosen) => {
      if (!bookings) return;
      const mine = ++attempt.current;
      setStatus({ kind: 'holding' });
      try {
        const held = await holdSlot(bookings.path, field, { resource: slot.resource, start: slot.start });
        if (mine !== attempt.current) return;
        bookings.holds.set(field, held);
        setStatus({ kind: 'held', held });
        onChange({ resource: held.resource, start: held.start }, fieldPathId.path);
      } catch (error) {
        if (mine !== attempt.current) return;
        bookings.holds.delete(field);
        const problem = problemOf(error);
        setChecked(undefined);
        onChange(undefined, fieldPathId.path);
        if (problem.code === 'booking-slot-taken' || problem.code === 'booking-slot-unavailable') {
          setStatus({ kind: 'taken' });
          setReload((n) => n + 1);
        } else {
          setStatus({ kind: 'problem', problem });
        }
      }
    },
    [bookings, field, onChange, fieldPathId.path],
  );
  useEffect(() => () => clearTimeout(timer.current), []);
  // the radio button in focus was the slot just taken: focus moves to the message saying so
  const takenRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (status.kind === 'taken') takenRef.current?.focus();
  }, [status.kind]);
  // an answer without a hold (a resumed draft, a reload): hold it again, or say it was taken
  const rehold = useRef(status.kind === 'idle' && value !== undefined);
  useEffect(() => {
    if (!rehold.current || !value) return;
    rehold.current = false;
    void hold(value);
  }, [hold, value]);

  const choose = (slot: FreeSlot) => {
    setChecked(keyOf(slot));
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void hold(slot), HOLD_DELAY_MS);
  };

  const fieldErrors = hideError
    ? []
    : [...(errorSchema?.__errors ?? []), ...((errorSchema as Record<string, { __errors?: string[] }> | undefined)?.resource?.__errors ?? []), ...((errorSchema as Record<string, { __errors?: string[] }> | undefined)?.start?.__errors ?? [])];
  const help = typeof uiSchema?.['ui:help'] === 'string' ? uiSchema['ui:help'] : undefined;
  const describedBy = [help ? helpId(id) : '', fieldErrors.length > 0 ? errorId(id) : '', `${id}__status`].filter(Boolean).join(' ');

  // the held (or chosen) slot stays in the list though its last seat is no longer free
  const shown = slots ? withChosen(slots, status.kind === 'held' ? status.held : value, from, to, config.slotMinutes) : null;
  const days = shown ? groupByDay(shown) : [];
  const heldUntil = status.kind === 'held' ? clock(status.held.heldUntil) : undefined;

  return (
    <fieldset id={id} className={`field booking-field${fieldErrors.length > 0 ? ' field-invalid' : ''}`} aria-describedby={describedBy}>
      <legend className="field-label">
        {schema.title}
        {required && <RequiredMark language={language} />}
      </legend>
      {help && (
        <div id={helpId(id)} className="field-help">
          {help}
        </div>
      )}
      <ErrorRegion>{fieldErrors.length > 0 ? <ErrorMessage id={errorId(id)} errors={fieldErrors} language={language} /> : null}</ErrorRegion>
      <div id={`${id}__status`} className="booking-status" aria-live="polite" data-testid="booking-status">
        {status.kind === 'holding' && texts.holding}
        {status.kind === 'held' && heldUntil && <strong>{texts.held(describe(status.held), heldUntil)}</strong>}
        {status.kind === 'idle' && value && texts.chosen(describe(value))}
      </div>
      {status.kind === 'taken' && (
        <p ref={takenRef} className="booking-taken" role="alert" tabIndex={-1} data-testid="booking-taken">
          {texts.taken}
        </p>
      )}
      {status.kind === 'problem' && <ProblemMessage problem={status.problem} />}
      {!bookings ? (
        <p>{texts.preview}</p>
      ) : (
        // the two id'd wrappers are where the error summary's links to the answer's parts land
        <div id={`${id}_resource`}>
          <div id={`${id}_start`} className="booking-days">
            <p className="booking-range">{texts.showing(dayHeading(from, language), dayHeading(to < lastDay ? to : lastDay, language))}</p>
            {listProblem && <ProblemMessage problem={listProblem} />}
            {!shown && !listProblem && <p aria-live="polite">{texts.loading}</p>}
            {shown && days.length === 0 && <p>{texts.none}</p>}
            {days.map(([date, daySlots]) => (
              <section key={date} className="booking-day" aria-labelledby={`${id}__${date}`}>
                <h3 id={`${id}__${date}`} className="booking-day-heading">
                  {dayHeading(date, language)}
                </h3>
                <ul className="choices booking-slots">
                  {daySlots.map((slot) => {
                    const key = keyOf(slot);
                    const inputId = `${id}__${slot.resource}_${slot.date}_${slot.time.replace(':', '')}`;
                    return (
                      <li key={key} className="choice">
                        <input
                          type="radio"
                          id={inputId}
                          name={id}
                          value={key}
                          checked={checked === key}
                          aria-invalid={fieldErrors.length > 0 || undefined}
                          onChange={() => choose(slot)}
                        />
                        <label htmlFor={inputId} className="choice-label">
                          {`${slot.time}–${clock(slot.end)}`}
                          {config.resources.length > 1 && `, ${resourceName(slot.resource)}`}
                          {config.capacity > 1 && slot.free > 0 && <span className="booking-seats">{` (${texts.seats(slot.free)})`}</span>}
                        </label>
                      </li>
                    );
                  })}
                </ul>
              </section>
            ))}
            <div className="booking-pages">
              <button type="button" className="btn btn-secondary" disabled={from <= today} onClick={() => setFrom(maxDate(today, addBookingDays(from, -WINDOW_DAYS)))}>
                {texts.earlier}
              </button>
              <button type="button" className="btn btn-secondary" disabled={to >= lastDay} onClick={() => setFrom(addBookingDays(from, WINDOW_DAYS))}>
                {texts.later}
              </button>
            </div>
          </div>
        </div>
      )}
    </fieldset>
  );
}

const maxDate = (a: string, b: string) => (a > b ? a : b);

function withChosen(slots: FreeSlot[], chosen: Chosen | undefined, from: string, to: string, slotMinutes: number): FreeSlot[] {
  if (!chosen || slots.some((s) => keyOf(s) === keyOf(chosen))) return slots;
  const own = asSlot(chosen, slotMinutes);
  if (own.date < from || own.date > to) return slots;
  return [...slots, own].sort((a, b) => a.date.localeCompare(b.date) || a.time.localeCompare(b.time) || a.resource.localeCompare(b.resource));
}

function groupByDay(slots: FreeSlot[]): [string, FreeSlot[]][] {
  const days = new Map<string, FreeSlot[]>();
  for (const slot of slots) days.set(slot.date, [...(days.get(slot.date) ?? []), slot]);
  return [...days];
}
