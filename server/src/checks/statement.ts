import { bilingual, textIn, type BilingualMessage, type CheckReport, type EServiceDefinition, type LocalizedText } from '@etjanst/schemas';
import type { StoredReport } from './repository.js';

/** DIGG's statuses of compliance; not-assessed when the version was published without a browser scan. */
export type ComplianceStatus = 'full' | 'partial' | 'not-assessed';

export interface StatementSection {
  id: 'commitment' | 'status' | 'non-accessible' | 'method' | 'feedback' | 'enforcement';
  heading: BilingualMessage;
  paragraphs: BilingualMessage[];
  items?: BilingualMessage[];
  links?: { href: string; text: BilingualMessage }[];
}

export interface AccessibilityStatement {
  eserviceId: string;
  version: number;
  title: BilingualMessage;
  status: ComplianceStatus;
  /** When the scan the statement rests on was made */
  assessedAt: string | null;
  updatedAt: string;
  sections: StatementSection[];
}

/** Where DIGG, the supervisory authority, takes reports of inaccessible public digital services. */
export const DIGG_REPORT_URL = 'https://www.digg.se/anmal-bristande-tillganglighet';

/** Did the browser scan run for this report (the fast rules alone leave SK-ACC-002 not run)? */
export const hasBrowserScan = (report: CheckReport) => report.results.some((r) => r.id === 'SK-ACC-002' && r.status !== 'not-run');

const both = (text: LocalizedText): BilingualMessage => bilingual(text.sv, textIn(text, 'en') ?? text.sv);
const dateOf = (iso: string) => iso.slice(0, 10);

/**
 * The accessibility statement (tillgänglighetsredogörelse) of a published version, in the
 * structure DIGG prescribes: commitment and the law, compliance status, non-accessible content
 * with reasons, how the statement was made, feedback and contact, and the enforcement procedure.
 * Made from the must-requirement report stored with the version and the organisation's contacts.
 */
export function accessibilityStatement(input: {
  definition: EServiceDefinition;
  version: number;
  organisation: LocalizedText;
  publishedAt: Date;
  report: StoredReport | undefined;
}): AccessibilityStatement {
  const { definition, version, publishedAt, report } = input;
  const organisation = both(input.organisation);
  const service = both(definition.catalogue.title);
  const scan = report && hasBrowserScan(report) ? report : undefined;
  const declared = definition.accessibility?.nonAccessibleContent ?? [];
  const failedScanRules = scan?.results.filter((r) => (r.id === 'SK-ACC-002' || r.id === 'SK-ACC-004') && r.status === 'failed') ?? [];
  const status: ComplianceStatus = !scan ? 'not-assessed' : failedScanRules.length === 0 && declared.length === 0 ? 'full' : 'partial';
  const feedback = definition.accessibility?.feedback ?? definition.owner.contact;

  const statusText: Record<ComplianceStatus, BilingualMessage> = {
    full: bilingual('E-tjänsten är helt förenlig med lagen om tillgänglighet till digital offentlig service.', 'The e-service is fully compliant with the Swedish act on accessibility to digital public services.'),
    partial: bilingual('E-tjänsten är delvis förenlig med lagen om tillgänglighet till digital offentlig service, på grund av de brister som beskrivs nedan.', 'The e-service is partially compliant with the Swedish act on accessibility to digital public services, due to the shortcomings described below.'),
    'not-assessed': bilingual('E-tjänstens förenlighet med lagen har ännu inte bedömts genom en granskning.', "The e-service's compliance with the act has not yet been assessed by a review."),
  };

  const sections: StatementSection[] = [
    {
      id: 'commitment',
      heading: bilingual(`Tillgänglighet för ${service.sv}`, `Accessibility of ${service.en}`),
      paragraphs: [
        bilingual(
          `${organisation.sv} står bakom den här e-tjänsten. Vi vill att så många som möjligt ska kunna använda den. Här beskriver vi hur e-tjänsten uppfyller lagen (2018:1937) om tillgänglighet till digital offentlig service, kända brister och hur du kan rapportera brister till oss så att vi kan åtgärda dem.`,
          `${organisation.en} is responsible for this e-service. We want as many people as possible to be able to use it. This statement describes how the e-service complies with the Swedish act (2018:1937) on accessibility to digital public services, known shortcomings, and how you can report problems to us so that we can fix them.`,
        ),
      ],
    },
    { id: 'status', heading: bilingual('Hur tillgänglig är e-tjänsten?', 'How accessible is the e-service?'), paragraphs: [statusText[status]] },
    {
      id: 'non-accessible',
      heading: bilingual('Innehåll som inte är tillgängligt', 'Content that is not accessible'),
      paragraphs:
        failedScanRules.length === 0 && declared.length === 0
          ? [bilingual('Vi känner inte till något innehåll i e-tjänsten som inte är tillgängligt.', 'We know of no content in the e-service that is not accessible.')]
          : [],
      items: [
        ...failedScanRules.flatMap((rule) => rule.findings.map((f) => bilingual(`Bristande förenlighet med lagen: ${f.message.sv}`, `Non-compliance with the act: ${f.message.en}`))),
        ...declared.map((content) => bilingual(`${content.description.sv} Skäl: ${content.reason.sv}`, `${textIn(content.description, 'en')} Reason: ${textIn(content.reason, 'en')}`)),
      ],
    },
    {
      id: 'method',
      heading: bilingual('Hur vi testat e-tjänsten', 'How we tested the e-service'),
      paragraphs: scan
        ? [
            bilingual(
              `Vi har gjort en självskattning med en automatisk granskning ${dateOf(scan.checkedAt)}: varje steg i e-tjänsten, tomt och med felmeddelanden, har granskats i en webbläsare mot WCAG 2.1 nivå AA med axe-core, och det går att nå alla fält med tangentbordet. Granskningen görs varje gång en ny version publiceras (plattformens skall-krav version ${scan.catalogueVersion}).`,
              `We made a self-assessment with an automated review on ${dateOf(scan.checkedAt)}: every step of the e-service, empty and with error messages, was scanned in a browser against WCAG 2.1 level AA with axe-core, and every field was reached with the keyboard. The review runs each time a new version is published (the platform's must-requirements version ${scan.catalogueVersion}).`,
            ),
            bilingual(`Redogörelsen uppdaterades senast ${dateOf(publishedAt.toISOString())}.`, `The statement was last updated on ${dateOf(publishedAt.toISOString())}.`),
          ]
        : [bilingual('Den här versionen har ännu inte granskats automatiskt.', 'This version has not yet been reviewed automatically.')],
    },
    {
      id: 'feedback',
      heading: bilingual('Rapportera brister i e-tjänstens tillgänglighet', 'Report accessibility problems'),
      paragraphs: [
        bilingual(
          'Vi strävar hela tiden efter att förbättra tillgängligheten. Om du upptäcker problem som inte är beskrivna här, eller om du anser att vi inte uppfyller lagens krav, meddela oss så att vi får veta att problemet finns. Om du behöver innehåll i ett tillgängligt format kan du kontakta oss.',
          'We keep working to improve accessibility. If you find problems not described here, or think that we do not meet the requirements of the law, let us know. If you need content in an accessible format, contact us.',
        ),
      ],
      items: [bilingual(`E-post: ${feedback.email}`, `E-mail: ${feedback.email}`), ...(feedback.phone ? [bilingual(`Telefon: ${feedback.phone}`, `Phone: ${feedback.phone}`)] : [])],
      links: [{ href: `mailto:${feedback.email}`, text: bilingual(`Skicka e-post till ${feedback.email}`, `Send an e-mail to ${feedback.email}`) }],
    },
    {
      id: 'enforcement',
      heading: bilingual('Tillsyn', 'Enforcement procedure'),
      paragraphs: [
        bilingual(
          'Myndigheten för digital förvaltning (DIGG) har ansvaret för tillsyn över lagen om tillgänglighet till digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du kontakta DIGG och påtala det.',
          'The Agency for Digital Government (DIGG) supervises the Swedish act on accessibility to digital public services. If you are not satisfied with how we handle your feedback, you can contact DIGG and report it.',
        ),
      ],
      links: [{ href: DIGG_REPORT_URL, text: bilingual('Anmäl bristande tillgänglighet till DIGG', 'Report inaccessibility to DIGG') }],
    },
  ];
  return {
    eserviceId: definition.id,
    version,
    title: bilingual(`Tillgänglighetsredogörelse för ${service.sv}`, `Accessibility statement for ${service.en}`),
    status,
    assessedAt: scan?.checkedAt ?? null,
    updatedAt: publishedAt.toISOString(),
    sections,
  };
}
