import { collectFieldPaths, isJsonObject } from '../definition/fields.js';
import type { EServiceDefinition } from '../definition/format.js';
import { strictlyConfidentialRefusal } from './connector-types.js';
import { alwaysPersonalData, fieldSettingsPointer, personalDataFields } from './definition-facts.js';
import { fewOf, finding, labelsOf } from './rule-helpers.js';
import type { Finding, Rule } from './types.js';

/**
 * Rules that judge the classification and access by what the form collects and where it goes,
 * not only by what the definition says its classification is.
 */

/** A department whose slug names social services (socialtjänst, individ- och familjeomsorg). */
const SOCIAL_SERVICES_DEPARTMENT = /(^|-)(social|soc|ifo|individ-och-familjeomsorg|omsorg)(-|$)|socialtjanst|socialforvaltning/;

/** Why an e-service handles information under social-services secrecy or special categories of personal data, each reason for a message. */
function sensitiveReasons(definition: EServiceDefinition): { sv: string; en: string }[] {
  const reasons: { sv: string; en: string }[] = [];
  if (definition.catalogue.topic === 'care') reasons.push({ sv: 'ämnet är omsorg och stöd (socialtjänst)', en: 'its topic is care and support (social services)' });
  if (SOCIAL_SERVICES_DEPARTMENT.test(definition.owner.department)) {
    reasons.push({ sv: `ägaren är socialtjänsten (”${definition.owner.department}”)`, en: `its owner is social services (“${definition.owner.department}”)` });
  }
  const marked = Object.entries(definition.form.fields ?? {}).filter(([, settings]) => settings.specialCategory || settings.secrecy);
  if (marked.length > 0) {
    const names = (language: 'sv' | 'en') => fewOf(marked.map(([path]) => labelsOf(definition, path)[language]), language);
    reasons.push({ sv: `fälten ${names('sv')} är känsliga personuppgifter eller omfattas av sekretess`, en: `the fields ${names('en')} are special categories of personal data or under secrecy` });
  }
  return reasons;
}

const sensitiveNeedsProtection: Rule = {
  id: 'SK-GDPR-004',
  title: { sv: 'Känsliga uppgifter och socialtjänstens uppgifter klassas och skyddas efter vad de är', en: 'Sensitive and social-services information is classified and protected for what it is' },
  explanation: {
    sv: 'Informationsklassningen får inte vara vad som helst: en e-tjänst vars ämne eller ägare är socialtjänsten, eller vars fält är markerade som känsliga personuppgifter (hälsa, etniskt ursprung, religiös övertygelse m.fl., dataskyddsförordningen artikel 9) eller som omfattas av socialtjänstsekretess (OSL 26 kap.), ska vara klassad som strikt konfidentiell, kräva e-legitimation på tillitsnivå 3 och bara leverera genom mottagartyper som får bära strikt konfidentiella ärenden.',
    en: 'The classification cannot be whatever the author says: an e-service whose topic or owner is social services, or whose fields are marked as special categories of personal data (health, ethnic origin, religious beliefs etc., GDPR article 9) or as under social-services secrecy (OSL chapter 26), must be classified strictly confidential, require e-ID at level of assurance 3 and deliver only through connector types that may carry strictly confidential cases.',
  },
  severity: 'must',
  concerns: '/personalData/classification',
  needs: 'definition',
  check(definition, { connectorTypes }) {
    const reasons = sensitiveReasons(definition);
    if (reasons.length === 0) return [];
    const because = { sv: reasons.map((r) => r.sv).join('; '), en: reasons.map((r) => r.en).join('; ') };
    const findings: Finding[] = [];
    const strictlyConfidential = definition.personalData.classification === 'strictly-confidential';
    if (!strictlyConfidential) {
      findings.push(finding('/personalData/classification', `E-tjänsten ska vara klassad som strikt konfidentiell eftersom ${because.sv}.`, `The e-service must be classified strictly confidential because ${because.en}.`));
    }
    const { access } = definition;
    if (access.login !== 'eid' || access.levelOfAssurance !== 3) {
      findings.push(finding('/access', `E-tjänsten ska kräva e-legitimation på tillitsnivå 3 eftersom ${because.sv}.`, `The e-service must require e-ID at level of assurance 3 because ${because.en}.`));
    }
    // once classified strictly confidential, SK-GDPR-003 judges the connectors
    if (!strictlyConfidential) {
      definition.delivery.connectors.forEach(({ id, type }, i) => {
        if (strictlyConfidentialRefusal(type, connectorTypes)) {
          findings.push(finding(`/delivery/connectors/${i}`, `Mottagaren ”${id}” (typ ”${type}”) får inte leverera den här e-tjänstens ärenden eftersom ${because.sv}.`, `The connector “${id}” (type “${type}”) may not deliver this e-service's cases because ${because.en}.`));
        }
      });
    }
    return findings;
  },
};

const domainOf = (address: string) => address.split('@').at(-1)!.toLowerCase();
/** The domain itself or one below it (`registrator@soc.kommun.se` is within `kommun.se`). */
const within = (domain: string, home: string) => domain === home || domain.endsWith(`.${home}`);

const personalDataMailedOnlyHome: Rule = {
  id: 'SK-GDPR-005',
  title: { sv: 'Personuppgifter skickas med e-post bara till kommunens egna adresser', en: 'Personal data is e-mailed only to the municipality’s own addresses' },
  explanation: {
    sv: 'E-post lämnar plattformen okrypterad eller krypterad bara fram till nästa server. En e-tjänst som samlar in personuppgifter får därför bara leverera med e-post till den ägande kommunens egna domäner eller underdomäner till dem, aldrig till en leverantör eller en privat adress. Kommunens domäner är de som dess administratör har angett; har den inte angett några gäller domänen i e-tjänstens kontaktadress (owner.contact.email), som den som utformar e-tjänsten själv väljer.',
    en: "E-mail leaves the platform unencrypted, or encrypted only to the next server. An e-service that collects personal data may therefore deliver by e-mail only to the owning municipality's own domains or domains below them, never to a vendor or a private address. The municipality's domains are those its administrator declared; where it declared none, the domain of the e-service's contact address (owner.contact.email) stands in, which whoever designs the e-service chooses.",
  },
  severity: 'must',
  concerns: '/delivery/connectors',
  needs: 'definition',
  check(definition, { mailDomains }) {
    if (!definition.personalData.collectsPersonalData && personalDataFields(definition).size === 0) return [];
    const homes = mailDomains && mailDomains.length > 0 ? mailDomains.map((d) => d.toLowerCase()) : [domainOf(definition.owner.contact.email)];
    const named = homes.join(', ');
    return definition.delivery.connectors.flatMap(({ id, type, options }, i) => {
      const to = type === 'email' && isJsonObject(options) && typeof options.to === 'string' ? options.to : undefined;
      if (to === undefined || homes.some((home) => within(domainOf(to), home))) return [];
      return [
        finding(
          `/delivery/connectors/${i}/options/to`,
          `Mottagaren ”${id}” skickar personuppgifter med e-post till ${to}, utanför kommunens ${homes.length > 1 ? 'domäner' : 'domän'} ${named}.`,
          `The connector “${id}” e-mails personal data to ${to}, outside the municipality's ${homes.length > 1 ? 'domains' : 'domain'} ${named}.`,
        ),
      ];
    });
  },
};

const strictlyConfidentialNeedsLogin: Rule = {
  id: 'SK-GDPR-006',
  title: { sv: 'En strikt konfidentiell e-tjänst kräver inloggning', en: 'A strictly confidential e-service requires login' },
  explanation: {
    sv: 'Den som lämnar strikt konfidentiella uppgifter måste vara känd: utan inloggning kan vem som helst lämna uppgifter i någon annans namn, och de kan inte lämnas ut till rätt person. Ingen motivering ändrar det: strikt konfidentiell kräver e-legitimation.',
    en: 'Whoever gives strictly confidential information must be known: without login anyone can give it in someone else\'s name, and it cannot be disclosed to the right person. No justification changes that: strictly confidential requires e-ID.',
  },
  severity: 'must',
  concerns: '/access',
  needs: 'definition',
  check: (definition) =>
    definition.personalData.classification === 'strictly-confidential' && definition.access.login === 'none'
      ? [finding('/access/login', 'E-tjänsten är klassad som strikt konfidentiell men kräver ingen inloggning; kräv e-legitimation.', 'The e-service is classified strictly confidential but requires no login; require e-ID.')]
      : [],
};

const personalDataFlagKept: Rule = {
  id: 'SK-GDPR-007',
  title: { sv: 'Fält som alltid är personuppgifter är markerade som det', en: 'Fields that always hold personal data are marked so' },
  explanation: {
    sv: 'Ett personnummer, en adress, en e-postadress och ett telefonnummer är alltid personuppgifter. Reglerna behandlar dem så oavsett markering, och markeringen får inte tas bort (personalData: false), eftersom den styr gallring, utlämnande och registerutdrag.',
    en: 'A personal identity number, an address, an e-mail address and a phone number are always personal data. The rules treat them so whatever their flag says, and the flag may not be turned off (personalData: false), since it governs retention, disclosure and subject access.',
  },
  severity: 'must',
  concerns: '/form/fields',
  needs: 'definition',
  check(definition) {
    return [...collectFieldPaths(definition.form.schema)].flatMap(([path, node]) => {
      if (definition.form.fields?.[path]?.personalData !== false || !alwaysPersonalData(definition, path, node)) return [];
      const { sv, en } = labelsOf(definition, path);
      return [finding(`${fieldSettingsPointer(path)}/personalData`, `Fältet ”${sv}” innehåller alltid personuppgifter men är markerat som att det inte gör det.`, `The field “${en}” always holds personal data but is marked as not doing so.`)];
    });
  },
};

export const CLASSIFICATION_RULES = [sensitiveNeedsProtection, personalDataMailedOnlyHome, strictlyConfidentialNeedsLogin, personalDataFlagKept] as const;
