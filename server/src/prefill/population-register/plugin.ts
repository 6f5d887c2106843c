import { POPULATION_REGISTER_ATTRIBUTES } from '@etjanst/schemas';
import type { PrefillRecord, PrefillSourcePlugin } from '../source.js';
import type { PopulationRegisterClient, RegisterPerson } from './client.js';

export const POPULATION_REGISTER = 'population-register';

/** 199001012385 → 19900101-2385, the form the e-services ask for. */
export const formatPersonnummer = (digits: string) => digits.replace(/^(\d{8})(\d{4})$/, '$1-$2');

/** The population register as a prefill source: the attributes e-service definitions can map. */
export function populationRegisterSource(client: PopulationRegisterClient): PrefillSourcePlugin {
  return {
    id: POPULATION_REGISTER,
    name: { sv: 'Folkbokföringen (Skatteverket)', en: 'The population register (Swedish Tax Agency)' },
    attributes: POPULATION_REGISTER_ATTRIBUTES,
    check: () => client.ping(),
    lookup: async (personalIdentityNumber) => {
      const person = await client.person(personalIdentityNumber.replace(/\D/g, ''));
      return person && registerRecord(person);
    },
  };
}

/** A register person as attribute values; what the register does not give (a protected address) is missing. */
export function registerRecord(person: RegisterPerson): PrefillRecord {
  return {
    personalIdentityNumber: formatPersonnummer(person.personalIdentityNumber),
    givenName: person.givenName,
    surname: person.surname,
    fullName: person.fullName,
    ...(person.address ? { streetAddress: person.address.street, postalCode: person.address.postalCode, city: person.address.city } : {}),
    children: person.children.map((child) => ({ ...child, personalIdentityNumber: formatPersonnummer(child.personalIdentityNumber) })),
  };
}
