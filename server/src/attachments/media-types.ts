/**
 * What a file is, read from its first bytes (magic numbers), never from its name or the
 * Content-Type the browser declared. Only types that can be recognised this way can be accepted.
 */
import { DOCX, JPEG, ODT, PDF, PNG, TYPE_EXTENSIONS } from '@etjanst/schemas';

export { DOCX, JPEG, ODT, PDF, PNG, TYPE_NAMES } from '@etjanst/schemas';

/** Bytes needed to tell the types apart by their prefix. */
export const SNIFF_BYTES = 8;

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) =>
  bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);

const PDF_MAGIC = [...Buffer.from('%PDF-')];
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_MAGIC = [0xff, 0xd8, 0xff];
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/**
 * The name a file is stored and served with: the citizen's name when its ending is one of the
 * type found in the content, otherwise that name with the type's ending added ("evil.html"
 * holding a PDF becomes "evil.html.pdf"). No program then opens the file as what its name claims
 * rather than what it is, and the handler still sees the name the citizen gave.
 */
export function nameForType(name: string, mediaType: string): string {
  const endings = TYPE_EXTENSIONS[mediaType];
  if (!endings?.[0]) return name;
  const lower = name.toLowerCase();
  return endings.some((ending) => lower.endsWith(ending)) ? name : `${name}${endings[0]}`;
}

/** 'zip' means an office document is possible: only the whole file can tell (see sniffZipDocument). */
export type PrefixType = typeof PDF | typeof PNG | typeof JPEG | 'zip' | undefined;

export function sniffPrefix(head: Uint8Array): PrefixType {
  if (startsWith(head, PDF_MAGIC)) return PDF;
  if (startsWith(head, PNG_MAGIC)) return PNG;
  if (startsWith(head, JPEG_MAGIC)) return JPEG;
  if (startsWith(head, ZIP_MAGIC)) return 'zip';
  return undefined;
}

/**
 * An ODT (its first entry is an uncompressed "mimetype" file naming the type) or a DOCX (the
 * central directory holds [Content_Types].xml and word/document.xml); any other ZIP is undefined.
 */
export function sniffZipDocument(bytes: Buffer): typeof DOCX | typeof ODT | undefined {
  if (!startsWith(bytes, ZIP_MAGIC) || bytes.length < 30) return undefined;
  const nameLength = bytes.readUInt16LE(26);
  const extraLength = bytes.readUInt16LE(28);
  if (bytes.readUInt16LE(8) === 0 && bytes.toString('latin1', 30, 30 + nameLength) === 'mimetype') {
    const start = 30 + nameLength + extraLength;
    const size = bytes.readUInt32LE(18);
    if (bytes.toString('latin1', start, start + size) === ODT) return ODT;
  }
  const names = zipEntryNames(bytes);
  return names.has('[Content_Types].xml') && names.has('word/document.xml') ? DOCX : undefined;
}

/** Entry names from the ZIP's central directory (found through the end-of-central-directory record). */
function zipEntryNames(bytes: Buffer): Set<string> {
  const names = new Set<string>();
  const earliest = Math.max(0, bytes.length - 22 - 0xffff);
  let end = -1;
  for (let i = bytes.length - 22; i >= earliest; i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return names;
  const count = bytes.readUInt16LE(end + 10);
  let offset = bytes.readUInt32LE(end + 16);
  for (let n = 0; n < count && offset + 46 <= bytes.length; n++) {
    if (bytes.readUInt32LE(offset) !== 0x02014b50) break;
    const nameLength = bytes.readUInt16LE(offset + 28);
    const extraLength = bytes.readUInt16LE(offset + 30);
    const commentLength = bytes.readUInt16LE(offset + 32);
    names.add(bytes.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}
