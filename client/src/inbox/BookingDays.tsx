import { textIn, type EServiceDefinition, type LocalizedText } from '@etjanst/schemas';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deleteJson, getJson, putJson, segment } from '../shared/api';
import { useLanguage } from '../shared/i18n';
import { ProblemMessage } from '../shared/ProblemMessage';
import { problemOf, type Problem } from '../shared/problem';
import { ScrollableTable } from '../shared/ScrollableTable';
import { useLoad } from '../shared/useLoad';

interface BookingCalendar {
  eserviceId: string;
  title: LocalizedText;
  field: string;
  label: LocalizedText | undefined;
}

interface DaySlot {
  start: string;
  time: string;
  blocked: boolean;
  bookings: { id: string; receiptNumber: string }[];
  held: number;
}

interface BookingDay {
  date: string;
  capacity: number;
  resources: { id: string; name: LocalizedText; slots: DaySlot[] }[];
}

const municipalityPath = (municipality: string) => `/api/municipalities/${segment(municipality)}`;
const calendarPath = (municipality: string, calendar: BookingCalendar) =>
  `${municipalityPath(municipality)}/eservices/${segment(calendar.eserviceId)}/bookings/${segment(calendar.field)}`;

/** The booking fields of the department's published e-services, read from their published definitions. */
async function fetchCalendars(municipality: string, eservices: { id: string; title: LocalizedText }[], signal: AbortSignal): Promise<BookingCalendar[]> {
  const published = await Promise.all(
    eservices.map((e) =>
      getJson<{ definition: EServiceDefinition }>(`${municipalityPath(municipality)}/catalogue/${segment(e.id)}`, signal).then(
        ({ definition }) => ({ eservice: e, definition }),
        () => undefined, // not published (or paused away): nothing to book
      ),
    ),
  );
  return published.flatMap((p) =>
    p
      ? Object.entries(p.definition.form.fields ?? {})
          .filter(([, settings]) => settings.booking !== undefined)
          .map(([field]) => ({ eserviceId: p.eservice.id, title: p.eservice.title, field, label: p.definition.form.texts[field]?.label }))
      : [],
  );
}

const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());

/**
 * The handlers' day of a booking calendar, per resource: each slot's bookings (receipt numbers),
 * holds under way, and a button to block or unblock it.
 */
export function BookingDays({ municipality, eservices }: { municipality: string; eservices: { id: string; title: LocalizedText }[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [calendars] = useLoad(`${municipality}:${eservices.map((e) => e.id).join(',')}`, (signal) => fetchCalendars(municipality, eservices, signal));
  const [chosen, setChosen] = useState(0);
  const [date, setDate] = useState(today);
  const list = calendars.state === 'ready' ? calendars.value : [];
  const calendar = list[chosen] ?? list[0];
  const [day, reload] = useLoad(calendar ? `${calendarPath(municipality, calendar)}/day?date=${date}` : null, (signal) =>
    getJson<BookingDay>(`${calendarPath(municipality, calendar!)}/day?date=${encodeURIComponent(date)}`, signal),
  );
  const [failed, setFailed] = useState<Problem>();
  if (list.length === 0) return null;
  const block = async (resource: string, slot: DaySlot) => {
    const path = `${calendarPath(municipality, calendar!)}/blocks`;
    try {
      setFailed(undefined);
      await (slot.blocked ? deleteJson(path, undefined, { resource, start: slot.start }) : putJson(path, { resource, start: slot.start }));
      reload();
    } catch (error) {
      setFailed(problemOf(error));
    }
  };
  return (
    <section aria-labelledby="booking-days-heading" data-testid="booking-days">
      <h2 id="booking-days-heading">{t('cases.bookings.heading')}</h2>
      <div className="inbox-filters">
        <div className="form-group">
          <label htmlFor="booking-calendar">{t('cases.bookings.calendar')}</label>
          <select id="booking-calendar" value={list.indexOf(calendar!)} onChange={(event) => setChosen(Number(event.target.value))}>
            {list.map((c, i) => (
              <option key={`${c.eserviceId}/${c.field}`} value={i}>
                {`${textIn(c.title, language) ?? c.eserviceId} › ${textIn(c.label, language) ?? c.field}`}
              </option>
            ))}
          </select>
        </div>
        <div className="form-group">
          <label htmlFor="booking-date">{t('cases.bookings.date')}</label>
          <input id="booking-date" type="date" value={date} onChange={(event) => event.target.value && setDate(event.target.value)} />
        </div>
      </div>
      {failed && <ProblemMessage problem={failed} />}
      {day.state === 'loading' && <p role="status">{t('cases.bookings.loading')}</p>}
      {day.state === 'failed' && <ProblemMessage problem={day.problem} />}
      {day.state === 'ready' &&
        day.value.resources.map((resource) => (
          <ScrollableTable key={resource.id} caption={textIn(resource.name, language) ?? resource.id} testId={`booking-day-${resource.id}`} columns={[t('cases.bookings.time'), t('cases.bookings.booked', { capacity: day.value.capacity }), t('cases.bookings.held'), t('cases.bookings.blocking')]}>
            {resource.slots.length === 0 && (
              <tr>
                <td colSpan={4}>{t('cases.bookings.closed')}</td>
              </tr>
            )}
            {resource.slots.map((slot) => (
              <tr key={slot.start}>
                <th scope="row">{slot.time}</th>
                <td>{slot.bookings.length === 0 ? t('cases.bookings.none') : slot.bookings.map((b) => b.receiptNumber).join(', ')}</td>
                <td>{slot.held}</td>
                <td>
                  <button type="button" className="btn btn-secondary" onClick={() => void block(resource.id, slot)}>
                    {slot.blocked ? t('cases.bookings.unblock', { time: slot.time }) : t('cases.bookings.block', { time: slot.time })}
                  </button>
                </td>
              </tr>
            ))}
          </ScrollableTable>
        ))}
    </section>
  );
}
