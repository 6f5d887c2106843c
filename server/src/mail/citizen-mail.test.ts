import { describe, expect, it } from 'vitest';
import { citizenMail } from './citizen-mail.js';

const colours = { primary: '#7a1f5c', onPrimary: '#ffffff', focus: '#ffd43b' };
const logo = { mediaType: 'image/jpeg', bytes: Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]), sha256: 'ab'.repeat(32) };

describe('the layout of every e-mail to a citizen', () => {
  it('shows the municipality in its colours and escapes every text it writes', () => {
    const mail = citizenMail({ language: 'sv', subject: 'Kvitto <x>', text: 'Hej!\n\nDitt ärende & <script>alert(1)</script>\nrad två' }, { name: 'Solbacka <b>kommun</b>', colours });
    expect(mail.text).toBe('Hej!\n\nDitt ärende & <script>alert(1)</script>\nrad två');
    expect(mail.html).toContain('<title>Kvitto &#60;x&#62;</title>');
    expect(mail.html).toContain('<div style="background:#7a1f5c;color:#ffffff;');
    expect(mail.html).toContain('>Solbacka &#60;b&#62;kommun&#60;/b&#62;</div>');
    expect(mail.html).toContain('<p style="margin:0 0 1em 0">Ditt ärende &#38; &#60;script&#62;alert(1)&#60;/script&#62;<br>rad två</p>');
    expect(mail.html).not.toContain('<script>');
    // without a logo: no image at all
    expect(mail.html).not.toContain('<img');
    expect(mail.attachments).toEqual([]);
  });

  it('makes addresses links in the primary colour, leaving the sentence’s full stop and any quote outside', () => {
    const mail = citizenMail({ language: 'en', subject: 'S', text: 'Log in: https://e.example/mina-sidor.\nSee "https://e.example/a?b=1&c=2"' }, { name: 'Solbacka', colours });
    expect(mail.html).toContain('Log in: <a href="https://e.example/mina-sidor" style="color:#7a1f5c">https://e.example/mina-sidor</a>.');
    expect(mail.html).toContain('See &#34;<a href="https://e.example/a?b=1&#38;c=2" style="color:#7a1f5c">https://e.example/a?b=1&#38;c=2</a>&#34;');
    expect(mail.html).toContain('<html lang="en">');
  });

  it('carries the logo in the message, named by its Content-ID, never fetched from elsewhere', () => {
    const mail = citizenMail({ language: 'sv', subject: 'S', text: 'Hej!' }, { name: 'Solbacka', colours, logo });
    expect(mail.attachments).toEqual([{ filename: 'logo.jpg', contentType: 'image/jpeg', content: Buffer.from(logo.bytes), cid: `logo.${'ab'.repeat(8)}@etjanst` }]);
    expect(mail.html).toContain(`<img src="cid:logo.${'ab'.repeat(8)}@etjanst" alt=""`);
    expect(mail.html).not.toMatch(/src="https?:/);
  });
});
