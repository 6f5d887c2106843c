import { WEEKDAYS, type BookingConfig } from '@etjanst/schemas';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { boundsOf, closedDatesOf, NUMBER_SETTINGS, numberSetting, RESOURCE_ID, withSetting, type NumberSetting } from './bookingSettings';

interface BookingSettingsProps {
  id: string;
  label: string;
  config: BookingConfig;
  onChange: (config: BookingConfig) => void;
}

/**
 * A booking field's settings in the property panel: resources, opening hours per weekday, the
 * numbers (slot length, capacity, how far ahead and how late, cancellation deadline, hold) and
 * closed days. A number or date that does not fit is said so at its input and not applied; what
 * only the whole definition can tell (opening hours shorter than a slot, duplicate ids) is among
 * the field's problems above.
 */
export function BookingSettings({ id, label, config, onChange }: BookingSettingsProps) {
  const { t } = useTranslation();
  const set = <K extends keyof BookingConfig>(key: K, value: BookingConfig[K]) => onChange(withSetting(config, key, value));
  const resources = config.resources;
  return (
    <fieldset className="designer-booking" data-testid="booking-settings">
      <legend>{label}</legend>
      <fieldset>
        <legend>{t('designer.properties.booking.resources')}</legend>
        {resources.map((resource, i) => {
          const rid = `${id}-resource-${i}`;
          const badId = !RESOURCE_ID.test(resource.id);
          const replace = (next: (typeof resources)[number]) => set('resources', resources.map((r, j) => (j === i ? next : r)));
          return (
            <div key={i} className="designer-booking-resource">
              <div className="form-field">
                <label htmlFor={`${rid}-id`}>{t('designer.properties.booking.resourceId')}</label>
                <input
                  id={`${rid}-id`}
                  value={resource.id}
                  aria-invalid={badId || undefined}
                  aria-describedby={badId ? `${rid}-id-error` : undefined}
                  onChange={(e) => replace({ ...resource, id: e.target.value })}
                />
                {badId && (
                  <p id={`${rid}-id-error`} className="field-error">
                    {t('designer.properties.booking.badId', { id: resource.id })}
                  </p>
                )}
              </div>
              <div className="form-field">
                <label htmlFor={`${rid}-sv`}>{t('designer.properties.booking.resourceName')}</label>
                <input id={`${rid}-sv`} value={resource.name.sv} onChange={(e) => replace({ ...resource, name: { ...resource.name, sv: e.target.value } })} />
              </div>
              <div className="form-field">
                <label htmlFor={`${rid}-en`}>{t('designer.properties.booking.resourceNameEn')}</label>
                <input
                  id={`${rid}-en`}
                  value={resource.name.en ?? ''}
                  onChange={(e) => {
                    const { en: _drop, ...name } = resource.name;
                    replace({ ...resource, name: e.target.value ? { ...name, en: e.target.value } : name });
                  }}
                />
              </div>
              {resources.length > 1 && (
                <button type="button" className="btn btn-secondary" onClick={() => set('resources', resources.filter((_, j) => j !== i))}>
                  {t('designer.properties.booking.removeResource', { name: resource.name.sv || resource.id })}
                </button>
              )}
            </div>
          );
        })}
        {resources.length < 50 && (
          <button type="button" className="btn btn-secondary" onClick={() => set('resources', [...resources, { id: `resurs-${resources.length + 1}`, name: { sv: `Resurs ${resources.length + 1}` } }])}>
            {t('designer.properties.booking.addResource')}
          </button>
        )}
      </fieldset>
      <fieldset>
        <legend>{t('designer.properties.booking.openingHours')}</legend>
        {WEEKDAYS.map((day) => {
          const dayName = t(`designer.properties.booking.days.${day}`);
          const hours = config.openingHours[day] ?? [];
          const setDay = (next: typeof hours) => set('openingHours', { ...config.openingHours, [day]: next.length > 0 ? next : undefined });
          return (
            <fieldset key={day} className="designer-booking-day">
              <legend>{dayName}</legend>
              {hours.length === 0 && <p className="hint">{t('designer.properties.booking.closed')}</p>}
              {hours.map((opening, i) => (
                <div key={i} className="designer-booking-opening">
                  {(['from', 'to'] as const).map((end) => (
                    <div className="form-field" key={end}>
                      <label htmlFor={`${id}-${day}-${i}-${end}`}>{`${t(`designer.properties.booking.${end}`)} (${dayName})`}</label>
                      <input
                        id={`${id}-${day}-${i}-${end}`}
                        type="time"
                        step={300}
                        value={opening[end]}
                        onChange={(e) => e.target.value && setDay(hours.map((o, j) => (j === i ? { ...o, [end]: e.target.value.slice(0, 5) } : o)))}
                      />
                    </div>
                  ))}
                  <button type="button" className="btn btn-secondary" onClick={() => setDay(hours.filter((_, j) => j !== i))}>
                    {t('designer.properties.booking.removeOpening', { from: opening.from, to: opening.to, day: dayName })}
                  </button>
                </div>
              ))}
              {hours.length < 10 && (
                <button type="button" className="btn btn-secondary" onClick={() => setDay([...hours, { from: '09:00', to: '16:00' }])}>
                  {t('designer.properties.booking.addOpening', { day: dayName })}
                </button>
              )}
            </fieldset>
          );
        })}
      </fieldset>
      {NUMBER_SETTINGS.map((setting) => (
        <NumberInput key={setting} id={`${id}-${setting}`} setting={setting} value={config[setting]} onChange={(value) => set(setting, value)} />
      ))}
      <ClosedDates id={`${id}-closedDates`} dates={config.closedDates ?? []} onChange={(dates) => set('closedDates', dates.length > 0 ? dates : undefined)} />
    </fieldset>
  );
}

/** A whole number whose typed text is kept while it does not fit, with the reason under it. */
function NumberInput({ id, setting, value, onChange }: { id: string; setting: NumberSetting; value: number; onChange: (value: number) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(String(value));
  const label = t(`designer.properties.booking.${setting}`);
  const valid = numberSetting(setting, text) !== undefined;
  const { min, max } = boundsOf(setting);
  return (
    <div className="form-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        inputMode="numeric"
        value={text}
        aria-invalid={!valid || undefined}
        aria-describedby={valid ? undefined : `${id}-error`}
        data-testid={`booking-${setting}`}
        onChange={(e) => {
          setText(e.target.value);
          const parsed = numberSetting(setting, e.target.value);
          if (parsed !== undefined) onChange(parsed);
        }}
      />
      {!valid && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {t('designer.properties.booking.outOfRange', { label, min, max })}
        </p>
      )}
    </div>
  );
}

function ClosedDates({ id, dates, onChange }: { id: string; dates: string[]; onChange: (dates: string[]) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(dates.join('\n'));
  const { bad } = closedDatesOf(text);
  return (
    <div className="form-field">
      <label htmlFor={id}>{t('designer.properties.booking.closedDates')}</label>
      <textarea
        id={id}
        rows={4}
        value={text}
        aria-invalid={bad.length > 0 || undefined}
        aria-describedby={bad.length > 0 ? `${id}-error` : undefined}
        onChange={(e) => {
          setText(e.target.value);
          onChange(closedDatesOf(e.target.value).dates);
        }}
      />
      {bad.length > 0 && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {bad.map((line) => t('designer.properties.booking.badDate', { line })).join(' ')}
        </p>
      )}
    </div>
  );
}
