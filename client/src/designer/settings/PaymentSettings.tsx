import { DEFAULT_PAY_WITHIN_MINUTES, type PaymentSettings as Payment } from '@etjanst/schemas';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../shared/i18n';
import type { Apply } from '../Designer';
import { fieldPathLabel } from '../labels';
import type { Definition } from '../model';

type FeeKind = 'none' | Payment['fee']['kind'];

/** A number typed in a box: empty or unreadable becomes 0, which validation then names at the box. */
const numberIn = (text: string) => (Number.isFinite(Number(text.replace(',', '.'))) ? Number(text.replace(',', '.')) : 0);

/**
 * The fee: none, a fixed amount, or the result of one of the form's calculations; what it is for
 * and how long the citizen has to pay. Choosing a kind is the designer's explicit act: nothing here
 * changes the draft by being opened.
 */
export function PaymentSettings({ definition, apply }: { definition: Definition; apply: Apply }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { payment } = definition;
  const kind: FeeKind = payment?.fee.kind ?? 'none';
  const targets = (definition.form.calculations ?? []).map((calculation) => calculation.field);
  const set = (next: Payment | undefined) =>
    apply(({ payment: _old, ...rest }) => (next ? { ...rest, payment: next } : rest), 'settings:payment');
  const choose = (next: FeeKind) => {
    if (next === 'none') return set(undefined);
    const description = payment?.description ?? { sv: '' };
    return set({ ...payment, description, fee: next === 'fixed' ? { kind: 'fixed', amount: 0 } : { kind: 'calculated', field: targets[0] ?? '' } });
  };
  return (
    <>
      <fieldset>
        <legend>{t('designer.settings.payment.kind')}</legend>
        {(['none', 'fixed', 'calculated'] as const).map((option) => (
          <div className="form-check" key={option}>
            <input id={`payment-${option}`} type="radio" name="payment-kind" checked={kind === option} onChange={() => choose(option)} />
            <label htmlFor={`payment-${option}`}>{t(`designer.settings.payment.${option}`)}</label>
          </div>
        ))}
      </fieldset>
      {payment?.fee.kind === 'fixed' && (
        <div className="form-field">
          <label htmlFor="payment-amount">{t('designer.settings.payment.amount')}</label>
          <input id="payment-amount" inputMode="decimal" value={payment.fee.amount || ''} onChange={(e) => set({ ...payment, fee: { kind: 'fixed', amount: numberIn(e.target.value) } })} />
        </div>
      )}
      {payment?.fee.kind === 'calculated' && (
        <div className="form-field">
          <label htmlFor="payment-field">{t('designer.settings.payment.field')}</label>
          {targets.length === 0 && <p id="payment-field-none">{t('designer.settings.payment.noCalculations')}</p>}
          <select id="payment-field" value={payment.fee.field} aria-describedby={targets.length === 0 ? 'payment-field-none' : undefined} onChange={(e) => set({ ...payment, fee: { kind: 'calculated', field: e.target.value } })}>
            {targets.map((field) => (
              <option key={field} value={field}>{fieldPathLabel(definition, field, language)}</option>
            ))}
          </select>
        </div>
      )}
      {payment && (
        <>
          {(['sv', 'en'] as const).map((lang) => (
            <div className="form-field" key={lang}>
              <label htmlFor={`payment-description-${lang}`}>{t(`designer.settings.payment.description.${lang}`)}</label>
              <input
                id={`payment-description-${lang}`}
                maxLength={50}
                value={payment.description[lang] ?? ''}
                onChange={(e) => {
                  const { [lang]: _old, ...others } = payment.description;
                  // an empty English text is left out (the Swedish one is shown instead); the Swedish one is required
                  const description = e.target.value === '' && lang === 'en' ? { ...others, sv: payment.description.sv } : { ...payment.description, [lang]: e.target.value };
                  set({ ...payment, description });
                }}
              />
            </div>
          ))}
          <div className="form-field">
            <label htmlFor="payment-minutes">{t('designer.settings.payment.minutes', { minutes: DEFAULT_PAY_WITHIN_MINUTES })}</label>
            <input
              id="payment-minutes"
              inputMode="numeric"
              value={payment.payWithinMinutes ?? ''}
              onChange={(e) => {
                const { payWithinMinutes: _old, ...rest } = payment;
                set(e.target.value.trim() === '' ? rest : { ...rest, payWithinMinutes: Math.trunc(numberIn(e.target.value)) });
              }}
            />
          </div>
        </>
      )}
    </>
  );
}
