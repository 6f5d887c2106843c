import { addBookingDays, stockholmDate, textIn, type LocalizedText } from '@etjanst/schemas';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchFreeSlots, holdSlot, type FreeSlot } from '../portal/booking/bookingApi';
import { deleteJson, getJson, postJson, segment } from '../shared/api';
import { formatDateTime } from '../shared/formatDate';
import { useLanguage } from '../shared/i18n';
import { problemOf, type Problem } from '../shared/problem';
import { ProblemMessage } from '../shared/ProblemMessage';
import { ScrollableTable } from '../shared/ScrollableTable';
import { useLoad } from '../shared/useLoad';

interface Booking {
  id: string;
  eserviceId: string;
  version: number;
  field: string;
  title: LocalizedText;
  resourceName: LocalizedText;
  resources: { id: string; name: LocalizedText }[];
  start: string;
  cancelUntil: string;
  mayChange: boolean;
}

const bookingsPath = (municipalityId: string) => `/api/municipalities/${segment(municipalityId)}/bookings`;
const versionBookings = (municipalityId: string, booking: Booking) =>
  `/api/municipalities/${segment(municipalityId)}/eservices/${segment(booking.eserviceId)}/versions/${booking.version}/bookings`;

/**
 * "Mina bokade tider": the citizen's booked times to come, each cancelled or moved to another free
 * time until its deadline (after it the server refuses, and the row says to contact the municipality).
 */
export function BookingsSection({ municipalityId }: { municipalityId: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [bookings, reload] = useLoad<{ items: Booking[] }>(municipalityId, (signal) => getJson(bookingsPath(municipalityId), signal));
  const [announcement, setAnnouncement] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [moving, setMoving] = useState<Booking | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const timeOf = (booking: { start: string }) => formatDateTime(booking.start, language);

  async function cancel(booking: Booking) {
    if (!window.confirm(t('myBookings.confirmCancel', { time: timeOf(booking) }))) return;
    setProblem(null);
    try {
      await deleteJson(`${bookingsPath(municipalityId)}/${segment(booking.id)}`);
      heading.current?.focus();
      setAnnouncement(t('myBookings.cancelled', { time: timeOf(booking) }));
      reload();
    } catch (error) {
      setProblem(problemOf(error));
    }
  }

  if (bookings.state === 'ready' && bookings.value.items.length === 0) return null;
  return (
    <section aria-labelledby="my-bookings-heading" data-testid="my-bookings">
      <h2 id="my-bookings-heading" ref={heading} tabIndex={-1}>
        {t('myBookings.heading')}
      </h2>
      <p role="status">{bookings.state === 'loading' ? t('myBookings.loading') : announcement}</p>
      {bookings.state === 'failed' && <ProblemMessage problem={bookings.problem} />}
      {problem && <ProblemMessage problem={problem} />}
      {bookings.state === 'ready' && (
        <ScrollableTable label={t('myBookings.tableScroll')} columns={[t('myBookings.time'), t('myBookings.eservice'), t('myBookings.deadline'), t('myBookings.actions')]}>
          {bookings.value.items.map((booking) => {
            const time = `${timeOf(booking)}, ${textIn(booking.resourceName, language) ?? ''}`;
            return (
              <tr key={booking.id} data-testid="my-booking">
                <th scope="row">{time}</th>
                <td>{textIn(booking.title, language)}</td>
                <td>{formatDateTime(booking.cancelUntil, language)}</td>
                <td>
                  {booking.mayChange ? (
                    <div className="table-actions">
                      <button type="button" className="btn btn-link" onClick={() => setMoving(booking)}>
                        {t('myBookings.rebook')}
                        <span className="visually-hidden"> {time}</span>
                      </button>
                      <button type="button" className="btn btn-link" onClick={() => void cancel(booking)}>
                        {t('myBookings.cancel')}
                        <span className="visually-hidden"> {time}</span>
                      </button>
                    </div>
                  ) : (
                    t('myBookings.tooLate')
                  )}
                </td>
              </tr>
            );
          })}
        </ScrollableTable>
      )}
      {moving && (
        <Rebook
          municipalityId={municipalityId}
          booking={moving}
          onClose={(done) => {
            setMoving(null);
            heading.current?.focus();
            if (done) {
              setAnnouncement(t('myBookings.rebooked', { time: formatDateTime(done, language) }));
              reload();
            }
          }}
        />
      )}
    </section>
  );
}

/** The free times of the next two weeks as radio buttons; the chosen one is held, then the booking moved to it. */
function Rebook({ municipalityId, booking, onClose }: { municipalityId: string; booking: Booking; onClose: (movedTo?: string) => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const today = stockholmDate(new Date());
  const path = versionBookings(municipalityId, booking);
  const [slots] = useLoad<FreeSlot[]>(`${path}/${booking.field}`, (signal) => fetchFreeSlots(path, booking.field, today, addBookingDays(today, 13), signal));
  const [chosen, setChosen] = useState<FreeSlot | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const title = textIn(booking.title, language) ?? booking.eserviceId;

  async function move() {
    if (!chosen) return;
    setProblem(null);
    try {
      await holdSlot(path, booking.field, chosen);
      await postJson(`${bookingsPath(municipalityId)}/${segment(booking.id)}/rebook`, { resource: chosen.resource, start: chosen.start });
      onClose(chosen.start);
    } catch (error) {
      setProblem(problemOf(error));
    }
  }

  return (
    <fieldset className="rebook" data-testid="rebook">
      <legend>{t('myBookings.chooseNew', { title })}</legend>
      {problem && <ProblemMessage problem={problem} />}
      {slots.state === 'failed' && <ProblemMessage problem={slots.problem} />}
      {slots.state === 'ready' && slots.value.length === 0 && <p>{t('myBookings.noSlots')}</p>}
      {slots.state === 'ready' &&
        slots.value.map((slot) => {
          const id = `rebook-${slot.resource}-${slot.start}`;
          return (
            <div className="form-check" key={id}>
              <input id={id} type="radio" name="rebook" checked={chosen === slot} onChange={() => setChosen(slot)} />
              <label htmlFor={id}>
                {formatDateTime(slot.start, language)}
                {booking.resources.length > 1 && `, ${textIn(booking.resources.find((r) => r.id === slot.resource)?.name, language) ?? slot.resource}`}
              </label>
            </div>
          );
        })}
      <div className="table-actions">
        <button type="button" className="btn btn-primary" disabled={!chosen} onClick={() => void move()}>
          {t('myBookings.confirmRebook')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={() => onClose()}>
          {t('myBookings.close')}
        </button>
      </div>
    </fieldset>
  );
}
