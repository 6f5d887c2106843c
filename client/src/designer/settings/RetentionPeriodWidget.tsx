import type { WidgetProps } from '@rjsf/utils';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { readRetentionPeriod, retentionDuration, RETENTION_UNITS, type RetentionUnit } from './retention-period';

/**
 * The retention period as a number and a unit (år, månader, dagar) instead of an ISO 8601
 * duration typed by hand; the definition keeps the duration (P2Y). The field's label (rjsf's)
 * belongs to the number; the unit has its own.
 */
export function RetentionPeriodWidget({ id, value, onChange, disabled, readonly }: WidgetProps) {
  const { t } = useTranslation();
  const stored = typeof value === 'string' ? value : undefined;
  const read = readRetentionPeriod(stored);
  // the unit chosen before any number is typed (an empty amount stores nothing)
  const [chosenUnit, setChosenUnit] = useState<RetentionUnit>(read?.unit ?? 'Y');
  const unit = read && read.amount !== '' ? read.unit : chosenUnit;
  const amount = read?.amount ?? '';
  const unitId = `${id}-unit`;
  return (
    <div className="retention-period">
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={1}
        step={1}
        className="form-control"
        value={amount}
        disabled={disabled || readonly}
        aria-describedby={read ? undefined : `${id}-unreadable`}
        onChange={(event) => onChange(retentionDuration({ amount: event.target.value, unit }))}
      />
      <label htmlFor={unitId}>{t('designer.settings.retention.unit')}</label>
      <select
        id={unitId}
        value={unit}
        disabled={disabled || readonly}
        onChange={(event) => {
          const next = event.target.value as RetentionUnit;
          setChosenUnit(next);
          if (amount !== '') onChange(retentionDuration({ amount, unit: next }));
        }}
      >
        {RETENTION_UNITS.map((u) => (
          <option key={u} value={u}>
            {t(`designer.settings.retention.units.${u}`)}
          </option>
        ))}
      </select>
      {!read && (
        <p id={`${id}-unreadable`} className="hint">
          {t('designer.settings.retention.unreadable', { stored })}
        </p>
      )}
    </div>
  );
}
