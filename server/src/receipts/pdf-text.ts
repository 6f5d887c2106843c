import { inflateSync } from 'node:zlib';

/** WinAnsiEncoding bytes 0x80-0x9F that differ from Latin-1. */
const WIN_ANSI_HIGH: Record<number, string> = {
  0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ', 0x89: '‰', 0x8a: 'Š',
  0x8b: '‹', 0x8c: 'Œ', 0x8e: 'Ž', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—',
  0x98: '˜', 0x99: '™', 0x9a: 'š', 0x9b: '›', 0x9c: 'œ', 0x9e: 'ž', 0x9f: 'Ÿ',
};

const decodeHex = (hex: string) =>
  (hex.match(/../g) ?? []).map((pair) => {
    const byte = parseInt(pair, 16);
    return WIN_ANSI_HIGH[byte] ?? String.fromCharCode(byte);
  }).join('');

/**
 * The text of a PDF written by pdfkit with the standard fonts: every content stream is inflated
 * and its TJ/Tj strings decoded from WinAnsi. One line per text object. For tests (no poppler
 * needed); it also shows that å, ä and ö survive as real characters in the file.
 */
export function extractPdfText(pdf: Buffer): string {
  const source = pdf.toString('latin1');
  const lines: string[] = [];
  const streams = /stream\r?\n/g;
  let match: RegExpExecArray | null;
  while ((match = streams.exec(source)) !== null) {
    const start = match.index + match[0].length;
    const end = source.indexOf('endstream', start);
    if (end < 0) break;
    const dictionaryStart = source.lastIndexOf('<<', match.index);
    const dictionary = source.slice(dictionaryStart, match.index);
    let body = pdf.subarray(start, end);
    if (/\/FlateDecode/.test(dictionary)) {
      try {
        body = inflateSync(body);
      } catch {
        continue;
      }
    }
    const content = body.toString('latin1');
    for (const block of content.match(/BT[\s\S]*?ET/g) ?? []) {
      let line = '';
      for (const operation of block.match(/\[(.*?)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g) ?? []) {
        for (const hex of operation.match(/<([0-9a-fA-F]*)>/g) ?? []) line += decodeHex(hex.slice(1, -1));
      }
      lines.push(line);
    }
    streams.lastIndex = end;
  }
  return lines.join('\n');
}
