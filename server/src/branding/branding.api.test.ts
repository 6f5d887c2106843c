import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ANSWERS } from '@etjanst/schemas';
import { extractPdfText } from '../receipts/pdf-text.js';
import { startMailboxSimulator, type MailboxSimulator } from '../simulators/mailbox/simulator.js';
import { ANONYMOUS, call, startTestApp, type TestApp } from '../test-support/app.js';

const branding = '/api/municipalities/solbacka/branding';
/** A 1×1 PNG */
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const PASSING = { primary: '#7a1f5c', onPrimary: '#ffffff', focus: '#ffd43b' };

/** GET / with a Host header of our choosing (fetch cannot set one). */
const startPageFor = (baseUrl: string, host: string) =>
  new Promise<{ status: number; location: string | undefined }>((resolve, reject) => {
    const url = new URL(baseUrl);
    const req = request({ host: url.hostname, port: url.port, path: '/', headers: { host } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, location: res.headers.location });
    });
    req.on('error', reject);
    req.end();
  });

describe(`a municipality's own look and address (${process.env.TEST_DATABASE ?? 'pglite'})`, () => {
  let mailbox: MailboxSimulator;
  let app: TestApp;
  beforeAll(async () => {
    mailbox = await startMailboxSimulator();
    // the receipt e-mail is sent by the delivery worker
    app = await startTestApp({ mail: { smtpUrl: mailbox.smtpUrl }, delivery: {} });
  });
  afterAll(async () => {
    await app?.close();
    await mailbox?.close();
  });

  it('refuses colours that fail WCAG contrast, naming the measured ratio in Swedish and English, and keeps the old ones', async () => {
    const refused = await call(app.baseUrl, 'PUT', branding, { displayName: null, hostName: null, colours: { primary: '#777777', onPrimary: '#ffffff', focus: '#ffd43b' } });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body.code).toBe('colour-contrast-insufficient');
    // white on #777777 is 4.478:1, shown rounded down, against the 4.5:1 text needs
    expect(refused.body.messages.sv.detail).toContain('text på huvudfärgen (#ffffff / #777777): 4,47:1, minst 4,50:1');
    expect(refused.body.messages.en.detail).toContain('text on the primary colour (#ffffff / #777777): 4.47:1, at least 4.50:1');
    expect(refused.body.measurements).toContainEqual({ pairing: 'on-primary', foreground: '#ffffff', background: '#777777', ratio: 4.47, required: 4.5, passes: false });

    const focusTooClose = await call(app.baseUrl, 'PUT', branding, { colours: { ...PASSING, focus: '#8a3a70' } });
    expect(focusTooClose.status).toBe(422);
    expect(focusTooClose.body.measurements.find((m: any) => m.pairing === 'focus-on-primary')).toMatchObject({ required: 3, passes: false });

    const shown = await call(app.baseUrl, 'GET', branding, undefined, ANONYMOUS);
    expect(shown.body).toMatchObject({ colours: null, shownColours: { primary: '#0b4f8a', onPrimary: '#ffffff', focus: '#ffd43b' } });
  });

  it('saves a passing choice with a display name and a host name, which anyone then reads', async () => {
    const saved = await call(app.baseUrl, 'PUT', branding, { displayName: { sv: 'Solbacka e-tjänster', en: 'Solbacka e-services' }, hostName: 'E-Tjanster.Solbacka.Example.', colours: { ...PASSING, primary: '#7A1F5C' } });
    expect(saved.status).toBe(200);
    const shown = await call(app.baseUrl, 'GET', branding, undefined, ANONYMOUS);
    expect(shown.body).toMatchObject({ name: { sv: 'Solbacka e-tjänster' }, hostName: 'e-tjanster.solbacka.example', colours: PASSING, logoUrl: null });
    expect((await call(app.baseUrl, 'PUT', branding, { colours: PASSING }, ANONYMOUS)).status).toBe(401);
    // the portal's catalogue and the accessibility statement name it by its display name
    const listed = await call(app.baseUrl, 'GET', '/api/municipalities', undefined, ANONYMOUS);
    expect(listed.body.items.find((m: { id: string }) => m.id === 'solbacka').name).toEqual({ sv: 'Solbacka e-tjänster', en: 'Solbacka e-services' });
    const statement = await call(app.baseUrl, 'GET', '/api/municipalities/solbacka/catalogue/felanmalan/accessibility-statement', undefined, ANONYMOUS);
    expect(statement.status).toBe(200);
    expect(JSON.stringify(statement.body)).toContain('Solbacka e-tjänster');
  });

  it('opens its own host name on its catalogue; no other Host header counts, and no one else can take the name', async () => {
    expect(await startPageFor(app.baseUrl, 'e-tjanster.solbacka.example')).toEqual({ status: 302, location: '/solbacka' });
    expect(await startPageFor(app.baseUrl, 'E-TJANSTER.solbacka.example:443')).toEqual({ status: 302, location: '/solbacka' });
    const elsewhere = await startPageFor(app.baseUrl, 'evil.example');
    expect(elsewhere.status).not.toBe(302);
    expect(elsewhere.location).toBeUndefined();

    const taken = await call(app.baseUrl, 'PUT', '/api/municipalities/ekdala/branding', { hostName: 'e-tjanster.solbacka.example' });
    expect(taken).toMatchObject({ status: 409, body: { code: 'host-name-taken' } });
    // the installation's own host would take every visitor's start page
    expect((await call(app.baseUrl, 'PUT', '/api/municipalities/ekdala/branding', { hostName: new URL(app.baseUrl).hostname })).status).toBe(422);
    expect((await call(app.baseUrl, 'PUT', '/api/municipalities/ekdala/branding', { hostName: 'https://ekdala.example/portal' })).body.code).toBe('host-name-invalid');
  });

  it('takes a PNG logo and serves it with its type; refuses SVG and oversized images', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>').toString('base64');
    expect(await call(app.baseUrl, 'PUT', `${branding}/logo`, { data: svg })).toMatchObject({ status: 415, body: { code: 'logo-type-unsupported' } });
    const large = Buffer.concat([Buffer.from(PNG_BASE64, 'base64'), Buffer.alloc(300 * 1024)]).toString('base64');
    expect(await call(app.baseUrl, 'PUT', `${branding}/logo`, { data: large })).toMatchObject({ status: 413, body: { code: 'logo-too-large' } });

    const uploaded = await call(app.baseUrl, 'PUT', `${branding}/logo`, { data: PNG_BASE64 });
    expect(uploaded.status).toBe(200);
    expect(uploaded.body.logoUrl).toMatch(/^\/api\/municipalities\/solbacka\/branding\/logo\?v=[0-9a-f]{16}$/);
    const logo = await fetch(`${app.baseUrl}${uploaded.body.logoUrl}`);
    expect(logo.status).toBe(200);
    expect(logo.headers.get('content-type')).toBe('image/png');
    expect(logo.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await logo.arrayBuffer()).toString('base64')).toBe(PNG_BASE64);
  });

  it('puts the name and colours on the receipt: the PDF and the e-mail', async () => {
    const submitted = await call(app.baseUrl, 'POST', '/api/municipalities/solbacka/eservices/felanmalan/versions/1/submissions', { answers: EXAMPLE_ANSWERS.felanmalan, language: 'sv' }, ANONYMOUS);
    expect(submitted.status).toBe(201);
    const { receiptNumber, receiptUrl } = submitted.body as { receiptNumber: string; receiptUrl: string };
    const pdf = Buffer.from(await (await fetch(`${app.baseUrl}${receiptUrl}`)).arrayBuffer());
    expect(extractPdfText(pdf).split('\n')[0]).toBe('Solbacka e-tjänster');

    const mail = await mailbox.waitFor((m) => m.subject.startsWith('Kvitto:') && m.subject.endsWith(receiptNumber));
    expect(mail.html).toContain('<div style="background:#7a1f5c;color:#ffffff;');
    expect(mail.html).toContain('>Solbacka e-tjänster</div>');
    expect(mail.text).toContain('Solbacka e-tjänster har tagit emot ditt ärende.');
  });

  it('links the receipt e-mail to the municipality\'s own host name and carries its logo inside the message; one without its own gets PUBLIC_URL and no image', async () => {
    const own = 'https://e-tjanster.solbacka.example';
    const submitted = await call(app.baseUrl, 'POST', '/api/municipalities/solbacka/eservices/felanmalan/versions/1/submissions', { answers: EXAMPLE_ANSWERS.felanmalan, language: 'sv' }, ANONYMOUS);
    expect(submitted.status).toBe(201);
    const mail = await mailbox.waitFor((m) => m.subject.startsWith('Kvitto:') && m.subject.endsWith(submitted.body.receiptNumber));
    expect(mail.text).toContain(`Ärenden som du skickar inloggad med e-legitimation finns på Mina sidor: ${own}/mina-sidor`);
    expect(mail.text).not.toContain(app.baseUrl);
    expect(mail.html).toContain(`<a href="${own}/mina-sidor" style="color:#7a1f5c">`);
    // the logo's very bytes, in the message, shown by its Content-ID; nothing fetched from anywhere
    const logo = mail.attachments.find((a) => a.cid !== undefined);
    expect(logo).toMatchObject({ contentType: 'image/png' });
    expect(logo!.content.toString('base64')).toBe(PNG_BASE64);
    expect(mail.html).toContain(`<img src="cid:${logo!.cid}" alt=""`);
    expect(mail.html).not.toMatch(/<img[^>]+src="(?!cid:)/);
    expect(mail.html).toContain('>Solbacka e-tjänster</div>');
    // the receipt PDF is still attached beside it
    expect(mail.attachments.map((a) => a.contentType)).toEqual(['image/png', 'application/pdf']);

    // the opened link leads to the municipality: its own host name's start page is its catalogue
    expect(await startPageFor(app.baseUrl, new URL(own).hostname)).toEqual({ status: 302, location: '/solbacka' });

    const plain = await call(app.baseUrl, 'POST', '/api/municipalities/ekdala/eservices/felanmalan/versions/1/submissions', { answers: EXAMPLE_ANSWERS.felanmalan, language: 'sv' }, ANONYMOUS);
    expect(plain.status).toBe(201);
    const unbranded = await mailbox.waitFor((m) => m.subject.startsWith('Kvitto:') && m.subject.endsWith(plain.body.receiptNumber));
    expect(unbranded.text).toContain(`Mina sidor: ${app.baseUrl}/mina-sidor`);
    expect(unbranded.html).toContain(`<a href="${app.baseUrl}/mina-sidor"`);
    expect(unbranded.html).toContain('>Ekdala kommun</div>');
    expect(unbranded.html).not.toContain('<img');
    expect(unbranded.attachments.map((a) => a.contentType)).toEqual(['application/pdf']);
  });
});
