import { bilingual } from '@etjanst/schemas';
import type { Logger } from 'pino';
import type { CitizenSession } from '../identity/sessions.js';
import { unprocessable } from '../problems/problem.js';
import type { AnswerCheck } from '../submissions/operations.js';
import { formatPersonnummer, POPULATION_REGISTER } from './population-register/plugin.js';
import { changedPrefilledFields, CONTACT_DETAILS } from './mapping.js';
import { recordsOf } from './routes.js';
import type { PrefillService } from './service.js';
import type { PrefillRecord } from './source.js';

/**
 * What the e-ID itself vouches for, used in place of the register when the register did not
 * answer: a person cannot send someone else's personnummer or name in a locked field then either.
 */
const eIdRecord = (session: CitizenSession): PrefillRecord => ({
  personalIdentityNumber: formatPersonnummer(session.person.personalIdentityNumber),
  givenName: session.person.givenName,
  surname: session.person.surname,
  fullName: session.person.displayName,
});

/**
 * The submission hook that keeps non-editable prefilled fields as the register gave them. The
 * register's answer normally comes from the prefill cache of this login (no second call); if the
 * cache has expired the register is asked again.
 */
export function prefilledFieldsCheck(service: PrefillService, logger: Logger): AnswerCheck {
  return async ({ definition, answers, applicant }) => {
      const locked = definition.prefill.filter((m) => !m.editable && (m.source as string) !== CONTACT_DETAILS);
      if (locked.length === 0 || !applicant) return;
      const outcomes = await service.lookups(applicant, locked.map((m) => m.source));
      const records = recordsOf(outcomes);
      const register = outcomes.get(POPULATION_REGISTER);
      if (register && register.status !== 'found') {
        records.set(POPULATION_REGISTER, eIdRecord(applicant));
        if (register.status === 'unavailable') {
          logger.warn({ eservice: definition.id }, 'population register unavailable at submission: locked fields checked against the e-ID only');
        }
      }
      const changes = changedPrefilledFields(definition, answers, records);
      if (changes.length === 0) return;
      const label = (field: string) => {
        const text = definition.form.texts[field]?.label;
        return { sv: text?.sv ?? field, en: text?.en ?? text?.sv ?? field };
      };
      const errors = changes.map(({ field }) => ({
        pointer: `/${field.split('.').join('/')}`,
        field,
        keyword: 'prefilled',
        message: bilingual(
          `”${label(field).sv}” kommer från folkbokföringen och kan inte ändras.`,
          `“${label(field).en}” comes from the population register and cannot be changed.`,
        ),
      }));
      const names = { sv: changes.map((c) => `”${label(c.field).sv}”`).join(', '), en: changes.map((c) => `“${label(c.field).en}”`).join(', ') };
      throw unprocessable(
        'prefilled-field-changed',
        bilingual(
          `Uppgifter från folkbokföringen har ändrats: ${names.sv}. De kan inte ändras i e-tjänsten; kontakta Skatteverket om de inte stämmer.`,
          `Details from the population register were changed: ${names.en}. They cannot be changed in the e-service; contact the Swedish Tax Agency if they are wrong.`,
        ),
        { errors, fields: changes.map((c) => c.field) },
      );
  };
}
