import PDFDocument from 'pdfkit';
import type { Language } from '@etjanst/schemas';

/**
 * A tagged PDF's structure (PDF/UA): headings and paragraphs in reading order, so a screen reader
 * can read and navigate the document; lines and boxes drawn for decoration are artifacts it skips.
 * The document must be created with `tagged: true`, a language (`lang`) and a title (`displayTitle`).
 */
export function documentStructure(doc: PDFKit.PDFDocument) {
  const root = doc.struct('Document');
  doc.addStructure(root);
  return {
    /** Draws content as one structure element, in reading order after what came before */
    tag(type: 'H1' | 'H2' | 'H3' | 'P', draw: () => void): void {
      root.add(doc.struct(type, {}, draw));
    },
    /** Draws what carries no content (lines, boxes to fill in) */
    artifact(draw: () => void): void {
      doc.markContent('Artifact', { type: 'Layout' });
      draw();
      doc.endMarkedContent();
    },
    /** Closes the structure; before doc.end() */
    end(): void {
      root.end();
    },
  };
}

/**
 * A tagged A4 document in the given language (its title shown as the window title), with its
 * structure and the bytes it will have been written to once `doc.end()` is called.
 */
export function taggedPdf({ language, margin, info }: { language: Language; margin: number; info: PDFKit.DocumentInfo }) {
  const doc = new PDFDocument({ size: 'A4', margin, lang: language === 'sv' ? 'sv-SE' : 'en-GB', displayTitle: true, tagged: true, info });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done, structure: documentStructure(doc) };
}
