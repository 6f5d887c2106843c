import { SNIFFABLE_TYPES, TYPE_NAMES } from '../fields/attachment-types.js';
import { evaluateFormula } from '../calculations/evaluate.js';
import type { Formula } from '../calculations/model.js';
import { formulaInputs } from '../calculations/validate.js';
import { collectFieldPaths, fieldUiOptions, isAttachmentField, isJsonObject } from '../definition/fields.js';
import { capitalised, SETTING_NAMES, SETTINGS_SECTIONS, stepName } from '../definition/places.js';
import { stepOfField } from '../definition/steps.js';
import { validateDefinition, type DefinitionProblem } from '../definition/validate-definition.js';
import type { EServiceDefinition, Language, LocalizedText } from '../definition/format.js';
import { bilingual } from '../i18n/bilingual.js';
import { AA_TEXT_CONTRAST, contrastRatio } from './contrast.js';
import {
  alwaysAnswered,
  calculationSources,
  choiceValues,
  escapePointer,
  fieldLabel,
  fieldSettingsPointer,
  fieldUiPointer,
  mostVisibleInputs,
  personalDataFields,
  requiredFieldPaths,
  textPointer,
} from './definition-facts.js';
import { LIX_MIN_WORDS, readability } from './lix.js';
import { finding, labelsOf, lixReasons } from './rule-helpers.js';
import { CLASSIFICATION_RULES } from './classification-rules.js';
import { TEXT_RULES } from './text-rules.js';
import { themeOf } from './theme.js';
import { strictlyConfidentialRefusal } from './connector-types.js';
import type { Finding, Rule, ScanViolation } from './types.js';

/**
 * Tekniska skall-krav: the platform owner's technical must-requirements that every e-service is
 * checked against in the designer, at publishing, and by IT for a vendor's delivery. The
 * catalogue is versioned; every change of a rule's meaning gets a new version and a line in
 * the change history.
 */


const LANGUAGE_NAMES = { sv: ['svenska', 'Swedish'], en: ['engelska', 'English'] } as const;
const blank = (text: LocalizedText | undefined, language: 'sv' | 'en') => !text?.[language]?.trim();

/** Languages of the definition in which a text is missing or empty. */
const missingIn = (definition: EServiceDefinition, text: LocalizedText | undefined) =>
  definition.languages.filter((language) => blank(text, language));
const languageList = (languages: readonly ('sv' | 'en')[], index: 0 | 1) => languages.map((l) => LANGUAGE_NAMES[l][index]).join(', ');

const labelsInEveryLanguage: Rule = {
  id: 'SK-TXT-001',
  title: { sv: 'Varje fält och steg har en ledtext på alla språk', en: 'Every field and step has a label in every language' },
  explanation: {
    sv: 'Skärmläsare och användare behöver veta vad varje fält och steg gäller (WCAG 1.3.1, 2.4.6, 3.3.2). Ledtexten ska finnas på alla språk som e-tjänsten erbjuder, även för varje svarsalternativ.',
    en: 'Screen readers and users need to know what each field and step is for (WCAG 1.3.1, 2.4.6, 3.3.2). The label must exist in every language the e-service offers, also for each answer option.',
  },
  severity: 'must',
  concerns: '/form/texts',
  needs: 'definition',
  check(definition) {
    const findings: Finding[] = [];
    const { texts } = definition.form;
    for (const [path, node] of collectFieldPaths(definition.form.schema)) {
      const missing = missingIn(definition, texts[path]?.label);
      if (missing.length > 0) {
        findings.push(finding(textPointer(path), `Fältet ”${labelsOf(definition, path).sv}” saknar ledtext på ${languageList(missing, 0)}.`, `The field “${labelsOf(definition, path).en}” has no label in ${languageList(missing, 1)}.`));
      }
      for (const value of choiceValues(node) ?? []) {
        const missingOption = missingIn(definition, texts[path]?.options?.[String(value)]);
        if (missingOption.length > 0) {
          findings.push(
            finding(`${textPointer(path)}/options/${escapePointer(String(value))}`, `Svarsalternativet ”${String(value)}” i fältet ”${labelsOf(definition, path).sv}” saknar text på ${languageList(missingOption, 0)}.`, `The option “${String(value)}” of the field “${labelsOf(definition, path).en}” has no text in ${languageList(missingOption, 1)}.`),
          );
        }
      }
    }
    definition.form.steps.forEach((step, s) => {
      const missing = missingIn(definition, step.title);
      if (missing.length > 0) {
        findings.push(finding(`/form/steps/${s}/title`, `${capitalised(stepName(definition, s, 'sv'))} saknar rubrik på ${languageList(missing, 0)}.`, `${capitalised(stepName(definition, s, 'en'))} has no title in ${languageList(missing, 1)}.`));
      }
    });
    return findings;
  },
};

const errorMessages: Rule = {
  id: 'SK-TXT-002',
  title: { sv: 'Varje obligatoriskt fält har ett felmeddelande', en: 'Every required field has an error message' },
  explanation: {
    sv: 'När ett obligatoriskt fält är fel eller tomt ska användaren få veta vad som är fel och hur det rättas, i klartext och på alla språk (WCAG 3.3.1, 3.3.3).',
    en: 'When a required field is wrong or empty the user must be told what is wrong and how to correct it, in plain words and in every language (WCAG 3.3.1, 3.3.3).',
  },
  severity: 'must',
  concerns: '/form/texts',
  needs: 'definition',
  check(definition) {
    return [...requiredFieldPaths(definition.form.schema)].flatMap((path) => {
      const missing = missingIn(definition, definition.form.texts[path]?.errorMessage);
      return missing.length === 0
        ? []
        : [finding(`${textPointer(path)}/errorMessage`, `Det obligatoriska fältet ”${labelsOf(definition, path).sv}” saknar felmeddelande på ${languageList(missing, 0)}.`, `The required field “${labelsOf(definition, path).en}” has no error message in ${languageList(missing, 1)}.`)];
    });
  },
};

/** A label that is missing or blank: SK-TXT-001 reports it, and it keeps no rule from running. */
const isLabelProblem = ({ pointer, code }: DefinitionProblem) =>
  code === 'texts.empty-label' || code === 'texts.missing-label' || (code.startsWith('format.') && /^\/form\/texts\/[^/]+\/label(?:\/(?:sv|en))?$/.test(pointer));

/** A copy of a definition with every missing or blank label filled in by its field path, to validate the rest. */
function withLabels(input: { form: { texts: Record<string, { label?: Record<string, unknown> }> } }): unknown {
  const copy = structuredClone(input);
  for (const [path, texts] of Object.entries(copy.form.texts)) {
    if (typeof texts !== 'object' || texts === null) continue;
    const label = typeof texts.label === 'object' && texts.label !== null ? texts.label : {};
    texts.label = Object.fromEntries(Object.entries({ sv: path, ...label }).map(([language, text]) => [language, typeof text === 'string' && text.trim() ? text : path]));
  }
  return copy;
}

/**
 * What keeps a definition from being checked at all (and rendered for the scan). A missing or
 * blank label does not: the definition API refuses it when saving, but a check reports it as
 * SK-TXT-001's finding and runs every other rule, the scan included. The rest of the definition
 * is validated as if the labels were there, so nothing else wrong hides behind them.
 */
export function checkableDefinitionProblems(input: unknown): DefinitionProblem[] {
  const problems = validateDefinition(input).problems;
  if (problems.length === 0 || !problems.every(isLabelProblem)) return problems.filter((p) => !isLabelProblem(p));
  return validateDefinition(withLabels(input as Parameters<typeof withLabels>[0])).problems.filter((p) => !isLabelProblem(p));
}

const validDefinition: Rule = {
  id: 'SK-DEF-001',
  title: { sv: 'Definitionen och formulärets schema är giltiga och kan kompileras', en: 'The definition and its form schema are valid and compile on the server' },
  explanation: {
    sv: 'Definitionen följer plattformens format, formulärets JSON Schema (draft-07) kompileras i strikt läge på servern, och uiSchema, texter, steg, förifyllning och underskrift pekar på fält som finns. Varje mottagare har en typ som plattformen har och de inställningar typen kräver (e-post en mottagaradress, ärendehantering en ärendetyp), precis som när definitionen valideras (POST /api/definitions/validate).',
    en: "The definition follows the platform's format, the form's JSON Schema (draft-07) compiles in strict mode on the server, and uiSchema, texts, steps, prefill and signing name fields that exist. Each connector has a type the platform has and the options that type needs (e-mail a recipient address, case management a case type), exactly as when the definition is validated (POST /api/definitions/validate).",
  },
  severity: 'must',
  concerns: '',
  needs: 'definition',
  check: (definition) => checkableDefinitionProblems(definition).map(({ pointer, message }) => ({ pointer, message })),
};

const REASON_TEXT = {
  flagged: ['personuppgifter (fältet är markerat som personuppgift)', 'personal data (the field is flagged as personal data)'],
  contact: ['kontaktuppgifter till en person', "a person's contact details"],
  'personal-identity-number': ['ett personnummer', 'a personal identity number'],
  address: ['en adress', 'an address'],
} as const;

const personalDataNeedsLoa3: Rule = {
  id: 'SK-GDPR-001',
  title: { sv: 'Personuppgifter samlas bara in med e-legitimation på tillitsnivå 3', en: 'Personal data is collected only with e-ID at level of assurance 3' },
  explanation: {
    sv: 'Fält med personnummer, adress eller fritext markerad som personuppgift kräver att användaren loggar in med e-legitimation på tillitsnivå 3, eller en uttrycklig motivering i definitionen (personalData.justification).',
    en: 'Fields with a personal identity number, an address or free text flagged as personal data require e-ID login at level of assurance 3, or an explicit justification in the definition (personalData.justification).',
  },
  severity: 'must',
  concerns: '/access',
  needs: 'definition',
  check(definition) {
    const { access } = definition;
    if ((access.login === 'eid' && access.levelOfAssurance === 3) || definition.personalData.justification) return [];
    return [...personalDataFields(definition)].map(([path, reason]) =>
      finding(
        fieldSettingsPointer(path),
        `Fältet ”${labelsOf(definition, path).sv}” samlar in ${REASON_TEXT[reason][0]} men e-tjänsten kräver inte e-legitimation på tillitsnivå 3, och inget skäl till det är angivet i ”${SETTING_NAMES.justification.sv}” under ${SETTINGS_SECTIONS.personalData.sv}.`,
        `The field “${labelsOf(definition, path).en}” collects ${REASON_TEXT[reason][1]} but the e-service does not require e-ID at level of assurance 3, and no reason why not is given in “${SETTING_NAMES.justification.en}” under ${SETTINGS_SECTIONS.personalData.en}.`,
      ),
    );
  },
};

const personalDataDeclared: Rule = {
  id: 'SK-GDPR-002',
  title: { sv: 'Ändamål, rättslig grund och gallring anges när personuppgifter samlas in', en: 'Purpose, legal basis and retention are set when personal data is collected' },
  explanation: {
    sv: 'Enligt dataskyddsförordningen (artikel 13) ska användaren få veta varför uppgifterna behandlas, med vilken rättslig grund och hur länge de sparas.',
    en: 'Under the GDPR (article 13) the user must be told why the data is processed, on which legal basis and for how long it is kept.',
  },
  severity: 'must',
  concerns: '/personalData',
  needs: 'definition',
  check(definition) {
    const { personalData } = definition;
    const fields = personalDataFields(definition);
    if (!personalData.collectsPersonalData && fields.size === 0) return [];
    const findings: Finding[] = [];
    if (!personalData.collectsPersonalData) {
      findings.push(finding('/personalData/collectsPersonalData', `Formuläret har personuppgiftsfält (${[...fields.keys()].map((path) => labelsOf(definition, path).sv).join(', ')}) men ”E-tjänsten samlar in personuppgifter” är inte ikryssat.`, `The form has personal data fields (${[...fields.keys()].map((path) => labelsOf(definition, path).en).join(', ')}) but “The e-service collects personal data” is not ticked.`));
    }
    if (!personalData.purpose || missingIn(definition, personalData.purpose).length > 0) {
      findings.push(finding('/personalData/purpose', 'Ändamålet med behandlingen saknas (på något språk).', 'The purpose of the processing is missing (in some language).'));
    }
    if (!personalData.legalBasis) findings.push(finding('/personalData/legalBasis', 'Rättslig grund saknas.', 'The legal basis is missing.'));
    if (!personalData.retention) findings.push(finding('/personalData/retention', 'Gallringsfrist saknas.', 'The retention period is missing.'));
    return findings;
  },
};

const strictlyConfidentialOnProtectedChannels: Rule = {
  id: 'SK-GDPR-003',
  title: { sv: 'Strikt konfidentiella uppgifter skickas bara genom skyddade kanaler', en: 'Strictly confidential information is delivered only through protected channels' },
  explanation: {
    sv: 'En e-tjänst med informationsklassning ”strikt konfidentiell” får bara leverera ärenden genom mottagartyper vars kanal skyddar uppgifterna. Varje mottagartyp anger själv om den får det: e-post får det inte, och inte heller en typ som plattformen inte känner till. En mottagare som inte skickar några svar alls, som en chattnotis med bara e-tjänstens namn och diarienumret, får det. Ingen mottagare får skicka till en okrypterad adress (http://). Svaren får inte heller skickas i e-postkvittensen.',
    en: 'An e-service classified “strictly confidential” may deliver cases only through connector types whose channel protects the information. Each connector type declares whether it may: e-mail may not, nor may a type the platform does not know. A connector that sends no answers at all, like a chat notice with only the e-service\'s name and the receipt number, may. No connector may send to an unencrypted address (http://). Nor may the answers be sent in the receipt e-mail.',
  },
  severity: 'must',
  concerns: '/delivery/connectors',
  needs: 'definition',
  check(definition, { connectorTypes }) {
    if (definition.personalData.classification !== 'strictly-confidential') return [];
    const findings = definition.delivery.connectors.flatMap(({ id, type, options }, i) => {
      const pointer = `/delivery/connectors/${i}`;
      // a type that protects its channel still may not be pointed at an unencrypted address
      const plainHttp = Object.entries(isJsonObject(options) ? options : {}).filter(([, value]) => typeof value === 'string' && /^http:\/\//i.test(value));
      if (plainHttp.length > 0) {
        return plainHttp.map(([name]) =>
          finding(`${pointer}/options/${name}`, `Mottagaren ”${id}” skickar till en okrypterad adress (http://); en e-tjänst som är klassad som strikt konfidentiell kräver https://.`, `The connector “${id}” sends to an unencrypted address (http://); an e-service classified strictly confidential needs https://.`),
        );
      }
      switch (strictlyConfidentialRefusal(type, connectorTypes)) {
        case 'refused':
          return [finding(pointer, `Mottagaren ”${id}” (typ ”${type}”) får inte leverera ärenden från en e-tjänst som är klassad som strikt konfidentiell.`, `The connector “${id}” (type “${type}”) may not deliver the cases of an e-service classified strictly confidential.`)];
        case 'unknown':
          return [finding(pointer, `Mottagaren ”${id}” har typen ”${type}”, som plattformen inte känner till, och godtas därför inte för en e-tjänst som är klassad som strikt konfidentiell.`, `The connector “${id}” has the type “${type}”, which the platform does not know, so it is not accepted for an e-service classified strictly confidential.`)];
        default:
          return [];
      }
    });
    if (definition.receipt.email && definition.receipt.includeAnswers) {
      findings.push(finding('/receipt/includeAnswers', 'E-postkvittensen innehåller svaren, men e-tjänsten är klassad som strikt konfidentiell.', 'The receipt e-mail contains the answers, but the e-service is classified strictly confidential.'));
    }
    return findings;
  },
};

const connectorConfigured: Rule = {
  id: 'SK-DEL-001',
  title: { sv: 'Minst en leveransmottagare är konfigurerad', en: 'At least one delivery connector is configured' },
  explanation: {
    sv: 'Ett inskickat ärende måste komma fram till verksamheten: e-tjänsten ska ha minst en mottagare (ärendehantering, e-arkiv, webhook eller e-post).',
    en: 'A submitted case must reach the department: the e-service must have at least one connector (case management, e-archive, webhook or e-mail).',
  },
  severity: 'must',
  concerns: '/delivery/connectors',
  needs: 'definition',
  check: (definition) =>
    definition.delivery.connectors.length > 0 ? [] : [finding('/delivery/connectors', 'E-tjänsten har ingen leveransmottagare.', 'The e-service has no delivery connector.')],
};

/**
 * A should rule: a test delivery needs a saved connector in a running installation, which a
 * vendor's definition or a template cannot have before import; it warns until one succeeded.
 */
const connectorTested: Rule = {
  id: 'SK-DEL-002',
  title: { sv: 'Senaste testleveransen till varje mottagare lyckades', en: 'The latest test delivery to each connector succeeded' },
  explanation: {
    sv: 'Innan e-tjänsten tas i bruk ska en testleverans ha gått fram till varje mottagare. Varnar tills en testleverans har lyckats.',
    en: 'Before the e-service is used, a test delivery must have reached each connector. Warns until a test delivery has succeeded.',
  },
  severity: 'should',
  concerns: '/delivery/connectors',
  needs: 'definition',
  check(definition, { connectorTests }) {
    return definition.delivery.connectors.flatMap((connector, i) => {
      const test = connectorTests?.[connector.id];
      if (test?.succeeded) return [];
      const at = test && new Date(test.at).toISOString();
      return [
        test
          ? finding(`/delivery/connectors/${i}`, `Senaste testleveransen till ”${connector.id}” misslyckades (${at}).`, `The latest test delivery to “${connector.id}” failed (${at}).`)
          : finding(`/delivery/connectors/${i}`, `Ingen testleverans till ”${connector.id}” är registrerad.`, `No test delivery to “${connector.id}” is recorded.`),
      ];
    });
  },
};

const knownTypes = SNIFFABLE_TYPES.map((t) => TYPE_NAMES[t]).join(', ');
const megabytes = (bytes: number) => (bytes / 1024 / 1024).toLocaleString('sv-SE', { maximumFractionDigits: 1 });

const fileUploadLimits: Rule = {
  id: 'SK-FILE-001',
  title: { sv: 'Filuppladdning har lista över filtyper och en storleksgräns', en: 'File uploads have a list of file types and a size limit' },
  explanation: {
    sv: 'Varje bilagefält anger vilka filtyper det tar emot (ui:options.accept) och hur stor en fil får vara (ui:options.maxBytes), så att användaren får veta det i förväg och servern kan vägra annat. Varje typ är en som plattformen känner igen på innehållet (inga jokertecken som image/*, inte image/heic), och storleksgränsen ryms inom installationens.',
    en: 'Every attachment field states which file types it takes (ui:options.accept) and how large a file may be (ui:options.maxBytes), so the user knows beforehand and the server can refuse anything else. Each type is one the platform recognises by its content (no wildcards such as image/*, no image/heic), and the size limit is within the installation\'s.',
  },
  severity: 'must',
  concerns: '/form/uiSchema',
  needs: 'definition',
  check(definition, { maxAttachmentBytes }) {
    const paths = collectFieldPaths(definition.form.schema);
    const findings: Finding[] = [];
    for (const [path, node] of paths) {
      if (!isAttachmentField(node)) continue;
      const options = fieldUiOptions(definition.form.uiSchema, paths, path);
      const pointer = fieldUiPointer(path);
      if (!Array.isArray(options.accept) || options.accept.length === 0 || !options.accept.every((t) => typeof t === 'string')) {
        findings.push(finding(pointer, `Bilagefältet ”${labelsOf(definition, path).sv}” saknar lista över filtyper.`, `The attachment field “${labelsOf(definition, path).en}” has no list of file types.`));
      }
      const { sv, en } = labelsOf(definition, path);
      if (!(typeof options.maxBytes === 'number' && Number.isSafeInteger(options.maxBytes) && options.maxBytes > 0)) {
        findings.push(finding(pointer, `Bilagefältet ”${sv}” saknar storleksgräns.`, `The attachment field “${en}” has no size limit.`));
      } else if (maxAttachmentBytes !== undefined && options.maxBytes > maxAttachmentBytes) {
        findings.push(finding(`${pointer}/ui:options/maxBytes`, `Bilagefältet ”${sv}” tillåter filer på ${megabytes(options.maxBytes)} MB, men installationen tar emot högst ${megabytes(maxAttachmentBytes)} MB.`, `The attachment field “${en}” allows files of ${megabytes(options.maxBytes)} MB, but the installation takes at most ${megabytes(maxAttachmentBytes)} MB.`));
      }
      const unknownTypes = Array.isArray(options.accept) ? options.accept.filter((t) => typeof t === 'string' && !(SNIFFABLE_TYPES as readonly string[]).includes(t)) : [];
      for (const type of unknownTypes) {
        const wildcard = String(type).includes('*');
        findings.push(
          wildcard
            ? finding(`${pointer}/ui:options/accept`, `Bilagefältet ”${sv}” anger ”${type}”; skriv ut filtyperna (${knownTypes}), annars får den sökande andra typer än fältet säger.`, `The attachment field “${en}” gives “${type}”; list the file types (${knownTypes}), otherwise the applicant gets other types than the field says.`)
            : finding(`${pointer}/ui:options/accept`, `Bilagefältet ”${sv}” anger ”${type}”, som plattformen inte känner igen och inte tar emot; välj bland ${knownTypes}.`, `The attachment field “${en}” gives “${type}”, which the platform does not recognise and does not take; choose from ${knownTypes}.`),
        );
      }
    }
    return findings;
  },
};

const fieldsPerStep: Rule = {
  id: 'SK-FORM-001',
  title: { sv: 'Högst N fält per steg', en: 'At most N fields per step' },
  explanation: {
    sv: 'Korta steg är lättare att fylla i och att rätta. Ett steg får visa högst det antal fält som plattformen är inställd på (standard 12) på en gång: informationstexter räknas inte, en grupps fält räknas ett och ett (en upprepad grupp en rad), och av ett villkors två grenar räknas bara den största, eftersom den sökande aldrig ser båda.',
    en: 'Short steps are easier to fill in and to correct. A step may show at most the number of fields the platform is set to (default 12) at once: information texts do not count, a group\'s fields count one by one (a repeating group one row), and of a condition\'s two branches only the larger counts, since the applicant never sees both.',
  },
  severity: 'must',
  concerns: '/form/steps',
  needs: 'definition',
  check(definition, { maxFieldsPerStep }) {
    return definition.form.steps.flatMap((step, s) => {
      const count = mostVisibleInputs(definition.form.schema, (name) => step.fields.includes(name));
      return count <= maxFieldsPerStep
        ? []
        : [finding(`/form/steps/${s}/fields`, `${capitalised(stepName(definition, s, 'sv'))} visar upp till ${count} fält på en gång; högst ${maxFieldsPerStep} är tillåtet. Dela steget i två.`, `${capitalised(stepName(definition, s, 'en'))} shows up to ${count} fields at once; at most ${maxFieldsPerStep} are allowed. Split the step in two.`)];
    });
  },
};

/** Today for neededFields: with no answers at all, no date field gives a result whatever today is. */
const ANY_DAY = '2000-01-01';
const readFields = (formula: Formula) => formulaInputs(formula).map((input) => input.path);
/**
 * The fields a formula has no result without: none when it has one with no answers at all (a count
 * is 0, a sum counts a missing term as 0), otherwise each of them (a product, a period, an age).
 */
const neededFields = (formula: Formula) => (evaluateFormula(formula, {}, ANY_DAY) === undefined ? readFields(formula) : []);


/** A calculated field on an earlier step than a field it is calculated from: one finding, naming the latest step. */
function shownBeforeItsInputs(definition: EServiceDefinition, field: string, sources: readonly string[], pointer: string): Finding[] {
  const shown = stepOfField(definition.form, field);
  const latest = Math.max(-1, ...sources.map((source) => stepOfField(definition.form, source)));
  if (shown < 0 || latest <= shown) return [];
  const calculated = labelsOf(definition, field);
  const input = labelsOf(definition, sources.find((source) => stepOfField(definition.form, source) === latest)!);
  return [
    finding(
      pointer,
      `Det beräknade fältet ”${calculated.sv}” visas i ${stepName(definition, shown, 'sv')} men räknas fram ur ”${input.sv}” i ${stepName(definition, latest, 'sv')}, så den sökande ser det innan det kan räknas ut. Flytta det till steg ${latest + 1} eller senare.`,
      `The calculated field “${calculated.en}” is shown on ${stepName(definition, shown, 'en')} but is calculated from “${input.en}” on ${stepName(definition, latest, 'en')}, so the applicant sees it before it can be calculated. Move it to step ${latest + 1} or later.`,
    ),
  ];
}

/** A required calculated field that stays empty while an optional field it needs is not filled in: one finding per such field. */
function requiredButCanBeEmpty(definition: EServiceDefinition, field: string, needed: readonly string[], required: ReadonlySet<string>, pointer: string): Finding[] {
  if (!required.has(field)) return [];
  const calculated = labelsOf(definition, field);
  return needed
    .filter((path) => !alwaysAnswered(required, path))
    .map((path) => {
      const input = labelsOf(definition, path);
      return finding(
        pointer,
        `Det beräknade fältet ”${calculated.sv}” är obligatoriskt men blir tomt när ”${input.sv}” inte är ifyllt, och det fältet är frivilligt. Då får den sökande ett fel i ett fält som inte går att ändra. Gör ”${input.sv}” obligatoriskt eller ”${calculated.sv}” frivilligt.`,
        `The calculated field “${calculated.en}” is required but stays empty when “${input.en}” is not filled in, and that field is optional. The applicant then gets an error on a field they cannot change. Make “${input.en}” required or “${calculated.en}” optional.`,
      );
    });
}

/** A should rule: the form still works, but the applicant meets a value that is not there yet. */
const calculatedAfterInputs: Rule = {
  id: 'SK-FORM-002',
  title: { sv: 'Beräknade värden visas efter svaren de räknas fram ur', en: 'Calculated values are shown after the answers they are calculated from' },
  explanation: {
    sv: 'Ett beräknat värde räknas fram ur andra svar och kan inte ändras av den sökande. Det ska visas i samma steg som svaren det räknas fram ur eller i ett senare steg, annars ser den sökande det innan det kan räknas ut. Är det beräknade fältet obligatoriskt ska också de svar det behöver vara obligatoriska, annars kan den sökande få ett fel i ett fält som inte går att ändra.',
    en: 'A calculated value is computed from other answers and cannot be changed by the applicant. It should be shown on the same step as the answers it is calculated from or on a later step, otherwise the applicant sees it before it can be calculated. If the calculated field is required, the answers it needs should be required too, otherwise the applicant can get an error on a field they cannot change.',
  },
  severity: 'should',
  concerns: '/form/calculations',
  needs: 'definition',
  check(definition) {
    const calculations = definition.form.calculations ?? [];
    const required = requiredFieldPaths(definition.form.schema);
    const read = calculationSources(calculations, readFields);
    const needed = calculationSources(calculations, neededFields);
    return calculations.flatMap(({ field }, i) => [
      ...shownBeforeItsInputs(definition, field, read[i]!, `/form/calculations/${i}`),
      ...requiredButCanBeEmpty(definition, field, needed[i]!, required, `/form/calculations/${i}`),
    ]);
  },
};

/** The Swedish help texts of a step's fields, by field path. */
const stepHelpTexts = (definition: EServiceDefinition, fields: readonly string[]): [string, string][] =>
  Object.entries(definition.form.texts)
    .filter(([path, texts]) => fields.includes(path.split('.')[0]!) && texts.help?.sv?.trim())
    .map(([path, texts]) => [path, texts.help!.sv.trim().replace(/(?<![.!?:])$/u, '.')]);

const plainLanguage: Rule = {
  id: 'SK-TXT-003',
  title: { sv: 'Hjälptexterna är skrivna på klarspråk', en: 'Help texts are written in plain language' },
  explanation: {
    sv: `Språklagen kräver vårdat, enkelt och begripligt språk. Hjälptexterna i varje steg, lästa tillsammans, ska ha ett läsbarhetsindex (LIX: ord per mening plus andelen ord med fler än sex bokstäver i procent) under plattformens gräns (standard 55). LIX mäter löpande text: ett steg vars hjälptexter tillsammans har färre än ${LIX_MIN_WORDS} ord bedöms inte, eftersom ett enda långt ord i en kort mening ger ett högt värde. Fyndet står vid den hjälptext som har flest långa ord och nämner de långa ord som drar upp värdet.`,
    en: `The Swedish Language Act requires plain, simple and comprehensible language. The help texts of each step, read together, must have a readability index (LIX: words per sentence plus the percentage of words longer than six letters) below the platform’s threshold (default 55). LIX measures running text: a step whose help texts together have fewer than ${LIX_MIN_WORDS} words is not judged, since a single long word in a short sentence gives a high value. The finding stands at the help text with the most long words and names the long words that pull the value up.`,
  },
  severity: 'must',
  concerns: '/form/texts',
  needs: 'definition',
  check(definition, { lixThreshold }) {
    return definition.form.steps.flatMap((step, s) => {
      const helps = stepHelpTexts(definition, step.fields);
      const text = helps.map(([, help]) => help).join(' ');
      const { index, words } = readability(text);
      if (words < LIX_MIN_WORDS || index < lixThreshold) return [];
      const why = lixReasons(text);
      // at the help text with the most long words: where the author starts
      const [worst] = helps.reduce((a, b) => (readability(b[1]).longWords.length > readability(a[1]).longWords.length ? b : a));
      return [
        finding(
          `${textPointer(worst)}/help/sv`,
          `Hjälptexterna i ${stepName(definition, s, 'sv')} har tillsammans LIX ${index.toFixed(0)}; det ska vara under ${lixThreshold}. ${why.sv} Skriv kortare meningar och enklare ord.`,
          `The help texts of ${stepName(definition, s, 'en')} together have LIX ${index.toFixed(0)}; it must be below ${lixThreshold}. ${why.en} Write shorter sentences and simpler words.`,
        ),
      ];
    });
  },
};

const linearPatterns: Rule = {
  id: 'SK-SEC-001',
  title: { sv: 'Fältens format kan inte låsa webbläsaren eller servern (ReDoS)', en: 'The fields’ formats cannot freeze the browser or the server (ReDoS)' },
  explanation: {
    sv: 'Ett format (pattern) med upprepningar i upprepningar, som ^(a+)+$, kan ta sekunder eller minuter att pröva på ett svar på trettio tecken: webbläsaren låser sig för den sökande, och ett svar kan användas för att låsa tjänsten (ReDoS). Servern prövar varje format med en fuzzande kontroll (recheck) och i linjär tid (RE2); ett format som kan backtracka katastrofalt eller inte kan prövas i linjär tid (bakåtreferens, lookahead, lookbehind) uppfyller inte kravet. Kontrollen körs på servern; designern visar den som inte körd.',
    en: 'A format (pattern) with repetition within repetition, like ^(a+)+$, can take seconds or minutes to match an answer of thirty characters: the browser freezes for the applicant, and an answer can be used to stall the service (ReDoS). The server checks each format with a fuzzing checker (recheck) and for linear-time matching (RE2); a format that can backtrack catastrophically or cannot be matched in linear time (backreference, lookahead, lookbehind) does not meet the rule. The check runs on the server; the designer shows it as not run.',
  },
  severity: 'must',
  concerns: '/form/schema',
  needs: 'definition',
  available: ({ unsafePatterns }) => unsafePatterns !== undefined,
  check: (definition, { unsafePatterns }) => unsafePatterns?.(definition) ?? [],
};

const themeContrast: Rule = {
  id: 'SK-ACC-001',
  title: { sv: 'Temats färger har tillräcklig kontrast (WCAG AA)', en: 'The theme’s colours have enough contrast (WCAG AA)' },
  explanation: {
    sv: 'Text, länkar, knappar och felmeddelanden ska ha en kontrast på minst 4,5:1 mot sin bakgrund (WCAG 1.4.3).',
    en: 'Text, links, buttons and error messages must have a contrast of at least 4.5:1 against their background (WCAG 1.4.3).',
  },
  severity: 'must',
  concerns: '/theme',
  needs: 'definition',
  check(definition) {
    const theme = themeOf(definition);
    const pairs = [
      ['text', theme.text, theme.background, 'brödtext', 'body text'],
      ['primary', theme.primary, theme.background, 'länkar och rubriker', 'links and headings'],
      ['primary', '#ffffff', theme.primary, 'knapptext', 'button text'],
      ['error', theme.error, theme.background, 'felmeddelanden', 'error messages'],
    ] as const;
    return pairs.flatMap(([key, foreground, background, sv, en]) => {
      const ratio = contrastRatio(foreground, background);
      return ratio >= AA_TEXT_CONTRAST
        ? []
        : [finding(`/theme/${key}`, `Kontrasten för ${sv} (${foreground} mot ${background}) är ${ratio.toFixed(2)}:1; minst 4,5:1 krävs.`, `The contrast of ${en} (${foreground} on ${background}) is ${ratio.toFixed(2)}:1; at least 4.5:1 is required.`)];
    });
  },
};

const browserScan: Rule = {
  id: 'SK-ACC-002',
  title: { sv: 'Automatisk tillgänglighetsgranskning i webbläsare utan fel (WCAG 2.1 AA)', en: 'Automated accessibility scan in a browser finds nothing (WCAG 2.1 AA)' },
  explanation: {
    sv: 'Plattformen visar varje steg i e-tjänsten, tomt och med felmeddelanden efter ett tomt ”Nästa”, i en webbläsare och granskar det med axe-core (WCAG 2.0/2.1 A och AA). Varje fel visas med element, WCAG-kriterium och hur det åtgärdas.',
    en: 'The platform shows every step of the e-service, empty and with the error messages after an empty “Next”, in a browser and scans it with axe-core (WCAG 2.0/2.1 A and AA). Each violation is listed with the element, the WCAG criterion and how to fix it.',
  },
  severity: 'must',
  concerns: '/form',
  needs: 'scan',
  check: (_definition, { scan }) => scanFindings(scan?.violations.filter((v) => !KEYBOARD_CHECKS.has(v.rule) && !REFLOW_CHECKS.has(v.rule)) ?? []),
};

/** The scan's own checks that the keyboard rule reports. */
export const KEYBOARD_CHECKS = new Set(['keyboard-unreachable', 'focus-not-visible']);
/** The scan's own check that the reflow rule reports. */
export const REFLOW_CHECKS = new Set(['reflow']);

const reflow: Rule = {
  id: 'SK-ACC-005',
  title: { sv: 'Sidan går att läsa vid 320 px bredd utan att rulla i sidled', en: 'The page can be read at a width of 320 px without scrolling sideways' },
  explanation: {
    sv: 'Granskningen visar varje steg och varje felläge 320 CSS-pixlar brett, som en mobil eller 400 % förstoring: sidan får inte rulla i sidled (WCAG 1.4.10 Anpassning till skärmstorlek). Långa ord och adresser ska radbrytas, och breda tabeller ska rulla i en egen ruta.',
    en: 'The scan shows every step and every error state 320 CSS pixels wide, like a phone or 400 % zoom: the page must not scroll sideways (WCAG 1.4.10 Reflow). Long words and addresses must wrap, and wide tables must scroll in a box of their own.',
  },
  severity: 'must',
  concerns: '/form',
  needs: 'scan',
  check: (_definition, { scan }) => scanFindings(scan?.violations.filter((v) => REFLOW_CHECKS.has(v.rule)) ?? []),
};

const keyboardOnly: Rule = {
  id: 'SK-ACC-004',
  title: { sv: 'Allt går att nå med tangentbordet och fokus syns', en: 'Everything is reachable by keyboard and focus is visible' },
  explanation: {
    sv: 'Granskningen tabbar genom varje steg: varje inmatningsfält och knapp ska gå att nå med Tab, och det fält som har fokus ska synas (WCAG 2.1.1, 2.4.7).',
    en: 'The scan tabs through each step: every input and button must be reachable with Tab, and the focused element must be visibly marked (WCAG 2.1.1, 2.4.7).',
  },
  severity: 'must',
  concerns: '/form',
  needs: 'scan',
  check: (_definition, { scan }) => scanFindings(scan?.violations.filter((v) => KEYBOARD_CHECKS.has(v.rule)) ?? []),
};

function scanFindings(violations: readonly ScanViolation[]): Finding[] {
  return violations.map((v) => {
    // a conditional field or a group's row: the answers that showed it
    const answered = v.answers ? ` ${JSON.stringify(v.answers)}` : '';
    const where = `${v.step} (${v.state === 'clean' ? 'tomt steg' : 'med fel'}${answered ? `, med svaren${answered}` : ''}), ${v.target}`;
    const whereEn = `${v.step} (${v.state === 'clean' ? 'empty step' : 'with errors'}${answered ? `, with the answers${answered}` : ''}), ${v.target}`;
    const criteria = v.wcag.length > 0 ? ` [WCAG ${v.wcag.join(', ')}]` : '';
    return finding('/form', `${where}: ${v.message.sv}${criteria}. Åtgärd: ${v.fix.sv}`, `${whereEn}: ${v.message.en}${criteria}. Fix: ${v.fix.en}`);
  });
}

const accessibilityStatement: Rule = {
  id: 'SK-ACC-003',
  title: { sv: 'E-tjänsten har en tillgänglighetsredogörelse', en: 'The e-service has an accessibility statement' },
  explanation: {
    sv: 'Lagen om tillgänglighet till digital offentlig service (DOS-lagen) kräver en tillgänglighetsredogörelse. Plattformen skapar den från granskningen; definitionen anger vart användare rapporterar brister (accessibility.feedback) och känt otillgängligt innehåll med skäl.',
    en: 'The Swedish act on accessible digital public services (DOS-lagen) requires an accessibility statement. The platform generates it from the scan; the definition states where users report problems (accessibility.feedback) and known non-accessible content with reasons.',
  },
  severity: 'must',
  concerns: '/accessibility',
  needs: 'definition',
  check(definition) {
    const { accessibility } = definition;
    if (!accessibility) {
      return [finding('/accessibility', 'Uppgifter till tillgänglighetsredogörelsen saknas: fyll i ”Synpunkter på tillgängligheten” (en e-postadress dit användare rapporterar brister).', 'Input for the accessibility statement is missing: fill in “Feedback on accessibility” (an e-mail address where users report problems).')];
    }
    return (accessibility.nonAccessibleContent ?? []).flatMap((content, i) => {
      const missing = [...missingIn(definition, content.description), ...missingIn(definition, content.reason)];
      return missing.length === 0
        ? []
        : [finding(`/accessibility/nonAccessibleContent/${i}`, `Otillgängligt innehåll nr ${i + 1} saknar beskrivning eller skäl på ${languageList([...new Set(missing)], 0)}.`, `Non-accessible content no. ${i + 1} lacks a description or reason in ${languageList([...new Set(missing)], 1)}.`)];
    });
  },
};

export interface CatalogueChange {
  version: string;
  date: string;
  changes: { sv: string; en: string };
}

export const RULE_CATALOGUE = {
  version: '2.0.0',
  history: [
    {
      version: '2.0.0',
      date: '2026-12-07',
      changes: {
        sv: 'Kontrollen ger hela svar: en saknad ledtext eller en ogiltig definition stoppar inte de regler som kan köras, och SK-DEF-001 omfattar hela valideringen (okänd mottagartyp, e-post utan mottagare, ärendehantering utan ärendetyp). SK-TXT-003 bedömer LIX på stegets hjälptexter tillsammans (minst 20 ord) och nämner de långa orden. SK-FORM-001 räknar de fält som syns på en gång (inte informationstexter, bara den största grenen av ett villkor). SK-GDPR-001 och SK-GDPR-002 räknar också e-post och telefon som personuppgifter. SK-FILE-001 vägrar jokertecken (image/*), filtyper som plattformen inte känner igen och en storleksgräns över installationens. Nya regler: SK-SEC-001 (format som kan låsa webbläsaren, tidigare i SK-DEF-001), SK-TXT-004 (färg), SK-TXT-005 (dold ledtext), SK-TXT-006 (texter i uiSchema), SK-TXT-007 (allmänna felmeddelanden), SK-TXT-008 (förkortningar, bör), SK-TXT-009 (katalogens beskrivning på klarspråk), SK-GDPR-004 (känsliga uppgifter och socialtjänst), SK-GDPR-005 (e-post bara till kommunens domän), SK-GDPR-006 (strikt konfidentiell kräver inloggning) och SK-GDPR-007 (personuppgiftsmarkering). Ny skall-regel SK-ACC-005: varje steg och felläge visas 320 px brett och får inte rulla i sidled (WCAG 1.4.10). Granskningen i webbläsaren (SK-ACC-002, SK-ACC-004) når nu allt som en invånare kan nå: fält som visas på villkor (med svar som visar dem), en rad i varje upprepad grupp och felläget för en obligatorisk kryssruta som inte är ikryssad.',
        en: 'The check gives whole answers: a missing label or an invalid definition does not stop the rules that can run, and SK-DEF-001 covers the whole validation (unknown connector type, e-mail without recipient, case management without case type). SK-TXT-003 judges LIX on a step\'s help texts together (at least 20 words) and names the long words. SK-FORM-001 counts the fields seen at once (not information texts, only the larger branch of a condition). SK-GDPR-001 and SK-GDPR-002 also count e-mail and phone as personal data. SK-FILE-001 refuses wildcards (image/*), file types the platform does not recognise and a size limit above the installation\'s. New rules: SK-SEC-001 (formats that can freeze the browser, before in SK-DEF-001), SK-TXT-004 (colour), SK-TXT-005 (hidden label), SK-TXT-006 (texts in the uiSchema), SK-TXT-007 (generic error messages), SK-TXT-008 (abbreviations, should), SK-TXT-009 (plain catalogue summary), SK-GDPR-004 (sensitive and social-services information), SK-GDPR-005 (e-mail only to the municipality\'s domain), SK-GDPR-006 (strictly confidential needs login) and SK-GDPR-007 (personal-data flag). New must rule SK-ACC-005: every step and error state is shown 320 px wide and must not scroll sideways (WCAG 1.4.10). The browser scan (SK-ACC-002, SK-ACC-004) now reaches everything a citizen can reach: conditional fields (with answers that show them), a row of each repeating group and the error state of an unticked required checkbox.',
      },
    },
    {
      version: '1.3.0',
      date: '2026-12-07',
      changes: {
        sv: 'SK-DEF-001 prövar fältens format (pattern) som plattformen kör dem: ett format som inte kan prövas i linjär tid (bakåtreferens, lookahead, lookbehind) eller som kan låsa webbläsaren (katastrofal backtracking) uppfyller inte kravet. Att spara, validera och publicera vägrade dem redan; nu visar också kontrollen (POST /api/checks, kommandoraden) dem vid fältet.',
        en: 'SK-DEF-001 judges the fields\' formats (pattern) as the platform runs them: a format that cannot be matched in linear time (backreference, lookahead, lookbehind) or that can freeze the browser (catastrophic backtracking) does not meet it. Saving, validating and publishing already refused them; now the check (POST /api/checks, the command line) also shows them at the field.',
      },
    },
    {
      version: '1.2.0',
      date: '2026-12-03',
      changes: {
        sv: 'SK-GDPR-003 gäller alla mottagartyper: varje mottagartyp, också en kommuns egen från ett tilläggspaket, anger om den får leverera ärenden från en strikt konfidentiell e-tjänst, och en typ som plattformen inte känner till godtas inte. Tidigare vägrades bara e-post.',
        en: 'SK-GDPR-003 covers every connector type: each connector type, also a municipality\'s own from an extension package, declares whether it may deliver the cases of a strictly confidential e-service, and a type the platform does not know is not accepted. Before, only e-mail was refused.',
      },
    },
    {
      version: '1.1.0',
      date: '2026-12-03',
      changes: {
        sv: 'Ny bör-regel SK-FORM-002: ett beräknat värde ska inte visas i ett tidigare steg än svaren det räknas fram ur, och ett obligatoriskt beräknat fält ska inte kunna bli tomt för att ett frivilligt svar saknas.',
        en: 'New should rule SK-FORM-002: a calculated value should not be shown on an earlier step than the answers it is calculated from, and a required calculated field should not be able to stay empty because an optional answer is missing.',
      },
    },
    {
      version: '1.0.0',
      date: '2026-11-25',
      changes: {
        sv: 'Första versionen: giltig definition, ledtexter, felmeddelanden, klarspråk, personuppgifter, informationsklassning, leverans, filuppladdning, steglängd, kontrast, tillgänglighetsgranskning, tangentbord och tillgänglighetsredogörelse.',
        en: 'First version: valid definition, labels, error messages, plain language, personal data, classification, delivery, file uploads, step length, contrast, accessibility scan, keyboard and accessibility statement.',
      },
    },
  ] satisfies CatalogueChange[],
  rules: [
    validDefinition,
    labelsInEveryLanguage,
    errorMessages,
    plainLanguage,
    ...TEXT_RULES,
    fieldsPerStep,
    calculatedAfterInputs,
    personalDataNeedsLoa3,
    personalDataDeclared,
    strictlyConfidentialOnProtectedChannels,
    ...CLASSIFICATION_RULES,
    connectorConfigured,
    connectorTested,
    fileUploadLimits,
    linearPatterns,
    themeContrast,
    browserScan,
    keyboardOnly,
    reflow,
    accessibilityStatement,
  ] satisfies Rule[],
} as const;

export const DEFAULT_MAX_FIELDS_PER_STEP = 12;
export const DEFAULT_LIX_THRESHOLD = 55;
