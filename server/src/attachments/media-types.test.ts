import { describe, expect, it } from 'vitest';
import { DOCX, JPEG, ODT, PDF, PNG, nameForType, sniffPrefix, sniffZipDocument } from './media-types.js';

/** A ZIP with stored (uncompressed) entries, in order, with its central directory. */
function zip(entries: Array<[string, string]>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const nameBytes = Buffer.from(name);
    const data = Buffer.from(content);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('sniffing the type from the content', () => {
  it.each([
    ['%PDF-1.7\n', PDF],
    ['\x89PNG\r\n\x1a\n', PNG],
    ['\xff\xd8\xff\xe0\x00\x10JFIF', JPEG],
    ['PK\x03\x04', 'zip'],
    ['MZ\x90\x00', undefined],
    ['<html>', undefined],
    ['GIF89a', undefined],
  ])('%j is %s', (head, type) => {
    expect(sniffPrefix(Buffer.from(head, 'latin1'))).toBe(type);
  });

  it('tells an ODT and a DOCX from other ZIP files', () => {
    expect(sniffZipDocument(zip([['mimetype', ODT], ['content.xml', '<office:document-content/>']]))).toBe(ODT);
    expect(sniffZipDocument(zip([['[Content_Types].xml', '<Types/>'], ['_rels/.rels', '<Relationships/>'], ['word/document.xml', '<w:document/>']]))).toBe(DOCX);
    expect(sniffZipDocument(zip([['mimetype', 'application/epub+zip']]))).toBeUndefined();
    expect(sniffZipDocument(zip([['[Content_Types].xml', '<Types/>'], ['xl/workbook.xml', '<workbook/>']]))).toBeUndefined();
    expect(sniffZipDocument(Buffer.from('PK\x03\x04 truncated', 'latin1'))).toBeUndefined();
  });
});

describe('the stored name ends as the type found in the content', () => {
  it.each([
    ['evil.html', PDF, 'evil.html.pdf'],
    ['ritning.PDF', PDF, 'ritning.PDF'],
    ['foto.jpeg', JPEG, 'foto.jpeg'],
    ['foto.jpg', JPEG, 'foto.jpg'],
    ['foto.jpg', PNG, 'foto.jpg.png'],
    ['brev.odt', DOCX, 'brev.odt.docx'],
    ['bilaga', ODT, 'bilaga.odt'],
    ['skanning.pdf.exe', PDF, 'skanning.pdf.exe.pdf'],
  ])('%j holding %s is stored as %j', (name, type, stored) => {
    expect(nameForType(name, type)).toBe(stored);
  });
});
