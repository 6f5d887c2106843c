import { bilingual } from '@etjanst/schemas';
import { SamlRefusal } from '../../identity/saml/refusal.js';
import { NOT_FRESH, NOT_FRESH_CODE } from '../reauthentication.js';

const LOGIN_FAILED = bilingual('Inloggningen kunde inte genomföras', 'The login could not be completed');

/** The staff IdP vouched for the person but left out what an account needs. */
export const attributesMissing = (attributes: string[]) =>
  new SamlRefusal(
    401,
    'staff-saml-attributes-missing',
    LOGIN_FAILED,
    bilingual(
      'Kommunens inloggningstjänst skickade inte med ditt användar-id eller namn. Kontakta kommunens IT-support.',
      'The municipality’s login service did not send your user id or name. Please contact the municipality’s IT support.',
    ),
    { cause: new Error(`attributes missing from the assertion: ${attributes.join(', ')}`) },
  );

/** The person's staff account is switched off; the IdP's word does not switch it on. */
export const accountDisabled = () =>
  new SamlRefusal(
    401,
    'staff-account-disabled',
    LOGIN_FAILED,
    bilingual(
      'Ditt konto för administrationen är avstängt. Kontakta kommunens administratör för e-tjänsterna.',
      'Your administration account is switched off. Please contact the municipality’s e-service administrator.',
    ),
  );

/** A forced re-login whose assertion does not show a fresh authentication (its AuthnInstant is from before the request). */
export const reauthenticationNotFresh = (cause: Error) => new SamlRefusal(401, NOT_FRESH_CODE, LOGIN_FAILED, NOT_FRESH, { cause });
