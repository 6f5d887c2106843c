import { bilingual } from '@etjanst/schemas';
import { fetchTarget, PermanentDeliveryError, requireSuccess, type ConnectorContext, type ConnectorPlugin } from '../../connector.js';
import { submissionPdfName } from '../../package.js';
import { CaseManagementOptions, caseTitle, DEFAULT_TITLE_TEMPLATE, routeCase } from './mapping.js';

const EXTERNAL_ID_TYPE = 'etjanstplattformen';

/** One SIF call (`<base>/<Service>/<Method>?authkey=`); SIF reports refusals as Successful: false. */
async function sif(context: ConnectorContext, call: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const target = context.settings.caseManagement;
  if (!target) throw new PermanentDeliveryError('no case management system is configured (CASE_MANAGEMENT_URL)');
  const url = `${target.url.replace(/\/$/, '')}/${call}?authkey=${encodeURIComponent(target.authkey)}`;
  const response = await fetchTarget(context, url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await requireSuccess(response, call, context);
  const result = (await response.json()) as Record<string, unknown>;
  if (result.Successful !== true) throw new PermanentDeliveryError(`${call} refused: ${String(result.ErrorMessage ?? 'no reason given')}`);
  return result;
}

const listOf = (value: unknown) => (Array.isArray(value) ? (value as Record<string, unknown>[]) : []);
const externalIdOf = (value: unknown) => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>).Id : undefined);

/**
 * Case management (registry, diarium) in the style of Public 360's SIF API: creates a case by
 * the e-service's mapping (case type, title template, handling unit or officer by rules on the
 * answers) and uploads the submission PDF and the attachments as documents. Every step first
 * looks for what an earlier, interrupted attempt may have created (by ExternalId = the
 * idempotency key), so a retry or replay never creates a second case or document.
 */
export const caseManagementConnector: ConnectorPlugin<typeof CaseManagementOptions> = {
  type: 'case-management',
  title: bilingual('Ärendehantering / diarium (REST)', 'Case management / registry (REST)'),
  optionsSchema: CaseManagementOptions,
  // the municipality's registry, at the address the installation configures (CASE_MANAGEMENT_URL), not one per e-service
  strictlyConfidential: 'allowed',
  async check(options, context) {
    const found = await sif(context, 'CaseService/GetCases', { ExternalId: { Id: `test:${context.eserviceId}:${context.connectorId}`, Type: EXTERNAL_ID_TYPE } });
    const testCases = String(found.TotalCount ?? 0);
    return bilingual(
      `Diariet svarade (ärendetyp ${options.caseType}, enhet ${options.unit}; ${testCases} testärenden)`,
      `The registry answered (case type ${options.caseType}, unit ${options.unit}; ${testCases} test cases)`,
    );
  },
  async deliver(delivery, options, context) {
    const { content, source, idempotencyKey } = delivery;
    const existing = listOf((await sif(context, 'CaseService/GetCases', { ExternalId: { Id: idempotencyKey, Type: EXTERNAL_ID_TYPE } })).Cases)[0];
    let caseNumber = typeof existing?.CaseNumber === 'string' ? existing.CaseNumber : undefined;
    if (!caseNumber) {
      const { unit, officer } = routeCase(options, source.submission.answers);
      const created = await sif(context, 'CaseService/CreateCase', {
        Title: caseTitle(options.titleTemplate ?? DEFAULT_TITLE_TEMPLATE, { eserviceTitle: content.eserviceTitle, receiptNumber: content.receiptNumber, applicant: content.applicant?.name, answers: source.submission.answers }),
        CaseType: options.caseType,
        ExternalId: { Id: idempotencyKey, Type: EXTERNAL_ID_TYPE },
        ResponsibleEnterpriseName: unit,
        ...(officer ? { ResponsiblePersonEmail: officer } : {}),
        ...(content.applicant ? { Contacts: [{ Role: 'Sökande', ReferenceNumber: source.submission.applicant_personal_identity_number, Name: content.applicant.name }] } : {}),
      });
      if (typeof created.CaseNumber !== 'string') throw new Error('CreateCase answered without a CaseNumber');
      caseNumber = created.CaseNumber;
    }
    const uploaded = new Set(listOf((await sif(context, 'DocumentService/GetDocuments', { CaseNumber: caseNumber })).Documents).map((d) => externalIdOf(d.ExternalId)));
    const documents = [
      { key: `${idempotencyKey}:submission`, title: `${content.eserviceTitle} ${content.receiptNumber}`, fileName: submissionPdfName(content), read: () => delivery.pdf() },
      ...delivery.attachments.map((a) => ({ key: `${idempotencyKey}:attachment:${a.id}`, title: a.originalName, fileName: a.originalName, read: () => delivery.readAttachment(a.id) })),
    ];
    for (const document of documents) {
      if (uploaded.has(document.key)) continue;
      await sif(context, 'DocumentService/CreateDocument', {
        CaseNumber: caseNumber,
        Title: document.title,
        Category: 'Inkommande',
        Status: 'J',
        ExternalId: { Id: document.key, Type: EXTERNAL_ID_TYPE },
        Files: [{ Title: document.fileName, Format: document.fileName.split('.').pop()?.toLowerCase() ?? '', Base64Data: (await document.read()).toString('base64') }],
      });
    }
    return { externalReference: caseNumber };
  },
};
