import { describe, expect, it } from 'vitest';
import type { ReceiptContent } from './content.js';
import { receiptHtml } from './mail.js';

const content = (municipalityName: string): ReceiptContent => ({
  language: 'sv',
  municipalityName,
  eserviceTitle: 'Felanmälan',
  receiptNumber: 'SOL-2026-000001',
  submittedAt: new Date('2026-01-15T08:30:00Z'),
  submittedAtText: '2026-01-15 09:30',
  applicant: undefined,
  message: undefined,
  sections: [],
  answersOmitted: false,
  attachments: [],
  signature: 'not-required',
  signatures: [],
  contact: { name: 'Kontaktcenter', email: 'kontaktcenter@solbacka.example.se' },
  brand: { colours: { primary: '#7a1f5c', onPrimary: '#ffffff', focus: '#ffd43b' } },
});

describe('the receipt e-mail’s HTML part', () => {
  it('shows the municipality in its colours and escapes every text it writes', () => {
    const html = receiptHtml(content('Solbacka <b>kommun</b>'), 'Hej!\n\nDitt ärende & <script>alert(1)</script>\nrad två');
    expect(html).toContain('<div style="background:#7a1f5c;color:#ffffff;');
    expect(html).toContain('>Solbacka &#60;b&#62;kommun&#60;/b&#62;</div>');
    expect(html).toContain('<p style="margin:0 0 1em 0">Ditt ärende &#38; &#60;script&#62;alert(1)&#60;/script&#62;<br>rad två</p>');
    expect(html).not.toContain('<script>');
  });
});
