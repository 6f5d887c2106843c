import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Type } from '@sinclair/typebox';
import { bilingual, optionTexts } from '@etjanst/schemas';
import { PermanentDeliveryError, type ConnectorContext, type ConnectorPlugin } from '../../connector.js';
import { submissionPdfName, type DeliveryPackage } from '../../package.js';
import { sipXml, validateSip, type SipFile } from './sip.js';

export const EArchiveOptions = Type.Object(
  {
    folder: Type.String({
      pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
      ...optionTexts({
        title: bilingual('Mapp', 'Folder'),
        description: bilingual('Små bokstäver a–z, siffror och bindestreck, t.ex. barn-och-utbildning', 'Lower-case letters a–z, digits and hyphens, e.g. barn-och-utbildning'),
      }),
    }),
    // an enum rather than a union of literals: one plain error, and rjsf renders a select
    schedule: Type.Unsafe<'per-submission' | 'nightly'>({
      type: 'string',
      enum: ['per-submission', 'nightly'],
      ...optionTexts({
        title: bilingual('När', 'When'),
        choices: { 'per-submission': bilingual('Direkt för varje ärende', 'At once for each submission'), nightly: bilingual('På natten (kl. 01 UTC)', 'At night (01:00 UTC)') },
      }),
    }),
  },
  { additionalProperties: false },
);

const folderOf = (context: ConnectorContext, folder: string) => path.join(context.settings.archiveDir, context.municipalityId, folder);
const safeName = (name: string) => name.normalize('NFC').replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/^\.+/, '_').slice(0, 120) || 'fil';
const exists = (p: string) => stat(p).then(() => true, () => false);

/** The package's files: the submission as JSON and PDF, then the attachments. */
async function packageFiles(delivery: DeliveryPackage, submissionJson: Buffer): Promise<Array<SipFile & { bytes: Buffer }>> {
  const entry = (id: string, filePath: string, use: SipFile['use'], mediaType: string, bytes: Buffer) => ({
    id,
    path: filePath,
    use,
    mediaType,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes,
  });
  const files = [
    entry('submission-json', 'content/submission.json', 'submission', 'application/json', submissionJson),
    entry('submission-pdf', `content/${submissionPdfName(delivery.content)}`, 'submission', 'application/pdf', await delivery.pdf()),
  ];
  for (const [i, a] of delivery.attachments.entries()) {
    files.push(entry(`attachment-${i + 1}`, `content/attachments/${i + 1}-${safeName(a.originalName)}`, 'attachment', a.mediaType, await delivery.readAttachment(a.id)));
  }
  return files;
}

/**
 * E-archive: an archive package per submission (FGS Paketstruktur style: sip.xml in METS with
 * agents, file section and structure map; the submission as JSON and PDF; the attachments)
 * written to a folder. The package is assembled in a temporary folder and renamed into place,
 * so a reader never sees half a package, and a package already in place is not written again.
 */
export const eArchiveConnector: ConnectorPlugin<typeof EArchiveOptions> = {
  type: 'e-archive',
  title: bilingual('E-arkiv (FGS-paket)', 'E-archive (FGS package)'),
  optionsSchema: EArchiveOptions,
  // files in the platform's own archive folder: nothing leaves over a network
  strictlyConfidential: 'allowed',
  async check(options, context) {
    const folder = folderOf(context, options.folder);
    // named as the designer knows it: the installation's folder layout stays in the log
    const named = `${context.municipalityId}/${options.folder}`;
    try {
      await mkdir(folder, { recursive: true });
      const probe = path.join(folder, `.test-${randomUUID()}`);
      await writeFile(probe, 'test');
      await rm(probe);
    } catch (error) {
      context.logger.warn({ err: error, folder }, 'e-archive folder cannot be written');
      throw new Error(`the archive folder ${named} cannot be written`);
    }
    return bilingual(`Det går att skriva i arkivmappen ${named}`, `The archive folder ${named} is writable`);
  },
  async deliver(delivery, options, context) {
    const { submission, definition, municipalityName } = delivery.source;
    const folder = folderOf(context, options.folder);
    const target = path.join(folder, submission.receipt_number);
    if (await exists(path.join(target, 'sip.xml'))) return { externalReference: target };
    const json = Buffer.from(
      JSON.stringify({ idempotencyKey: delivery.idempotencyKey, submission: { ...submission, submitted_at: submission.submitted_at.toISOString() }, definitionVersion: { eserviceId: submission.eservice_id, version: submission.version }, definition }, null, 2),
    );
    const files = await packageFiles(delivery, json);
    const sip = sipXml({
      objectId: `UUID:${submission.id}`,
      label: `${delivery.content.eserviceTitle} ${submission.receipt_number}`,
      createdAt: new Date(),
      archivist: municipalityName.sv,
      creator: `${municipalityName.sv}, ${definition.owner.department}`,
      creatorNote: `E-tjänst ${submission.eservice_id} version ${submission.version}`,
      system: 'E-tjänstplattformen',
      receiptNumber: submission.receipt_number,
      files,
    });
    const errors = await validateSip(sip);
    if (errors.length > 0) throw new PermanentDeliveryError(`sip.xml does not follow the package schema: ${errors.join('; ')}`);
    const work = path.join(folder, `.incoming-${randomUUID()}`);
    try {
      for (const file of files) {
        await mkdir(path.dirname(path.join(work, file.path)), { recursive: true });
        await writeFile(path.join(work, file.path), file.bytes);
      }
      await writeFile(path.join(work, 'sip.xml'), sip);
      await rm(target, { recursive: true, force: true }); // an incomplete earlier package (no sip.xml) is replaced
      await rename(work, target);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
    return { externalReference: target };
  },
};
