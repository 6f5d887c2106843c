import { readFile } from 'node:fs/promises';
import { validateXML } from 'xmllint-wasm';

/** The package description (sip.xml) of an FGS-style archive package; see server/xml-schemas/fgs-sip.xsd. */

export const FGS_PROFILE = 'http://xml.ra.se/METS/RA_METS_eARD.xml';

export interface SipFile {
  id: string;
  /** Path inside the package, e.g. content/submission.json */
  path: string;
  use: 'submission' | 'attachment';
  mediaType: string;
  size: number;
  sha256: string;
}

export interface SipDescription {
  objectId: string;
  label: string;
  createdAt: Date;
  archivist: string;
  creator: string;
  creatorNote: string;
  system: string;
  receiptNumber: string;
  files: SipFile[];
}

const xml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
const href = (path: string) => `file:///${path.split('/').map(encodeURIComponent).join('/')}`;

export function sipXml(d: SipDescription): string {
  const created = d.createdAt.toISOString();
  const group = (use: SipFile['use']) => {
    const files = d.files.filter((f) => f.use === use);
    if (files.length === 0) return '';
    return `    <mets:fileGrp USE="${use}">\n${files
      .map(
        (f) =>
          `      <mets:file ID="${xml(f.id)}" MIMETYPE="${xml(f.mediaType)}" SIZE="${f.size}" CREATED="${created}" CHECKSUM="${f.sha256}" CHECKSUMTYPE="SHA-256">\n        <mets:FLocat LOCTYPE="URL" xlink:type="simple" xlink:href="${xml(href(f.path))}"/>\n      </mets:file>\n`,
      )
      .join('')}    </mets:fileGrp>\n`;
  };
  const div = (use: SipFile['use']) => {
    const files = d.files.filter((f) => f.use === use);
    return files.length === 0 ? '' : `      <mets:div TYPE="${use}">\n${files.map((f) => `        <mets:fptr FILEID="${xml(f.id)}"/>\n`).join('')}      </mets:div>\n`;
  };
  return `<?xml version="1.0" encoding="UTF-8"?>
<mets:mets xmlns:mets="http://www.loc.gov/METS/" xmlns:xlink="http://www.w3.org/1999/xlink" OBJID="${xml(d.objectId)}" LABEL="${xml(d.label)}" TYPE="SIP" PROFILE="${FGS_PROFILE}">
  <mets:metsHdr CREATEDATE="${created}" RECORDSTATUS="NEW">
    <mets:agent ROLE="ARCHIVIST" TYPE="ORGANIZATION">
      <mets:name>${xml(d.archivist)}</mets:name>
    </mets:agent>
    <mets:agent ROLE="CREATOR" TYPE="ORGANIZATION">
      <mets:name>${xml(d.creator)}</mets:name>
      <mets:note>${xml(d.creatorNote)}</mets:note>
    </mets:agent>
    <mets:agent ROLE="OTHER" OTHERROLE="PRODUCER" TYPE="OTHER" OTHERTYPE="SOFTWARE">
      <mets:name>${xml(d.system)}</mets:name>
    </mets:agent>
    <mets:altRecordID TYPE="RECEIPTNUMBER">${xml(d.receiptNumber)}</mets:altRecordID>
  </mets:metsHdr>
  <mets:fileSec>
${group('submission')}${group('attachment')}  </mets:fileSec>
  <mets:structMap TYPE="physical">
    <mets:div TYPE="package" LABEL="${xml(d.label)}">
${div('submission')}${div('attachment')}    </mets:div>
  </mets:structMap>
</mets:mets>
`;
}

const schemaFile = (name: string) => new URL(`../../../../xml-schemas/${name}`, import.meta.url);
let schemas: Promise<{ fileName: string; contents: string }[]> | undefined;

/** Validates a sip.xml against the package schema (xmllint compiled to WebAssembly); returns the errors. */
export async function validateSip(sip: string): Promise<string[]> {
  schemas ??= Promise.all(['fgs-sip.xsd', 'xlink.xsd'].map(async (fileName) => ({ fileName, contents: await readFile(schemaFile(fileName), 'utf8') })));
  const [main, xlink] = await schemas;
  const result = await validateXML({ xml: { fileName: 'sip.xml', contents: sip }, schema: main!, preload: xlink! });
  return result.errors.map((e) => e.rawMessage);
}
