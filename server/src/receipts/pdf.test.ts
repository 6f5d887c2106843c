import { describe, expect, it } from 'vitest';
import { civilWedding, EXAMPLE_ANSWERS, servingLicence, type EServiceDefinition } from '@etjanst/schemas';
import type { RefundStatus } from '../db/tables.js';
import { submissionRow } from '../test-support/submission-row.js';
import { receiptContent, stockholmTime } from './content.js';
import { extractPdfText } from './pdf-text.js';
import { pdfSafe, renderReceiptPdf } from './pdf.js';


const municipalityName = { sv: 'Solbacka kommun', en: 'Solbacka Municipality' };

describe('receipt PDF', () => {
  it('shows the receipt number, applicant, labelled answers, attachments, signature and contact', async () => {
    const source = { definition: civilWedding, municipalityName, submission: submissionRow({ eservice_id: 'borgerlig-vigsel', answers: EXAMPLE_ANSWERS['borgerlig-vigsel'] }), signatures: [] };
    const pdf = await renderReceiptPdf(receiptContent(source));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = extractPdfText(pdf);
    expect(text).toContain('Solbacka kommun');
    expect(text).toContain('SOL-2026-000042');
    expect(text).toContain('2026-01-15 09:30 (svensk tid)');
    expect(text).toContain('Klara Testsson');
    expect(text).toContain('19811228-9874'); // in full: it is the applicant's own receipt
    expect(text).toContain('tolvan@example.se');
    expect(text).toContain('Inga bilagor');
    expect(text).toContain('Inte underskriven');
    expect(text).toContain(civilWedding.owner.contact.email);
    // labels from the pinned version's texts, booleans as Ja/Nej, option values by their labels
    expect(text).toContain(civilWedding.form.texts.email!.label.sv);
    const bringOwn = civilWedding.form.texts.bringOwnWitnesses!;
    expect(text).toMatch(new RegExp(`${bringOwn.label.sv.replace(/[?()]/g, '\\$&')}: \\n(Ja|${bringOwn.options?.true?.sv ?? 'Ja'})`));
    const placeOption = civilWedding.form.texts.place!.options!.other!.sv;
    expect(text).toContain(placeOption);
    // same submission, same bytes
    expect((await renderReceiptPdf(receiptContent(source))).equals(pdf)).toBe(true);
  });

  it('shows the fee and whether it is paid, being refunded or refunded; none without a fee', async () => {
    const textOf = async (changes: Parameters<typeof submissionRow>[0], refundStatus?: RefundStatus) =>
      extractPdfText(await renderReceiptPdf(receiptContent({ definition: civilWedding, municipalityName, submission: submissionRow({ answers: EXAMPLE_ANSWERS['borgerlig-vigsel'], ...changes }), signatures: [], refundStatus })));
    const paid = await textOf({ fee_ore: '60000', paid_at: new Date('2026-01-15T08:35:00Z') });
    expect(paid).toContain('Avgift för borgerlig vigsel');
    expect(paid).toContain('600,00 kr');
    expect(paid).toContain('Betald med Swish, 2026-01-15 09:35');
    expect(await textOf({ fee_ore: 60000, state: 'awaiting-payment' })).toContain('Inte betald ännu');
    expect(await textOf({ fee_ore: 60000, paid_at: new Date(), refunded_at: new Date('2026-02-01T10:00:00Z') })).toContain('Återbetald, 2026-02-01 11:00');
    // a refund Swish has not paid yet is under way; one that failed leaves the fee paid
    const paidAt = { fee_ore: 60000, paid_at: new Date('2026-01-15T08:35:00Z') };
    expect(await textOf(paidAt, 'DEBITED')).toContain('Betald med Swish, återbetalning pågår, 2026-01-15 09:35');
    expect(await textOf(paidAt, 'ERROR')).toContain('Betald med Swish, 2026-01-15 09:35');
    expect(await textOf({})).not.toContain('Avgift');
  });

  it('is a tagged PDF a screen reader can read: language, title, headings and paragraphs in reading order', async () => {
    const source = { definition: civilWedding, municipalityName, submission: submissionRow({ eservice_id: 'borgerlig-vigsel', answers: EXAMPLE_ANSWERS['borgerlig-vigsel'] }), signatures: [] };
    const pdf = (await renderReceiptPdf(receiptContent(source))).toString('latin1');
    expect(pdf).toContain('/StructTreeRoot');
    expect(pdf).toMatch(/\/MarkInfo \d+ 0 R/);
    expect(pdf).toContain('/Marked true');
    expect(pdf).toContain('/Lang (sv-SE)');
    expect(pdf).toMatch(/\/DisplayDocTitle true/);
    // the structure elements, in the order they are read
    const types = [...pdf.matchAll(/\/S \/(Document|H1|H2|H3|P)\b/g)].map((m) => m[1]);
    expect(types.filter((t) => t === 'H1')).toHaveLength(1);
    expect(types.filter((t) => t === 'H2')).toHaveLength(5); // applicant, answers, attachments, signature, contact
    expect(types.filter((t) => t === 'P').length).toBeGreaterThan(10);
  });

  it('numbers rows of repeated groups and writes English for an English submission', async () => {
    const definition: EServiceDefinition = { ...servingLicence, receipt: { ...servingLicence.receipt, includeAnswers: true } };
    const content = receiptContent({
      definition,
      municipalityName,
      submission: submissionRow({ language: 'en', organisation_number: '556016-0680', answers: EXAMPLE_ANSWERS.serveringstillstand, state: 'awaiting-signature' }),
      signatures: [],
    });
    const text = extractPdfText(await renderReceiptPdf(content));
    expect(text).toContain('Receipt: ');
    expect(text).toContain('Solbacka Municipality');
    expect(text).toContain('No. 1');
    expect(text).toContain('No. 2');
    expect(text).toContain('Kim Berg');
    expect(text).toContain(definition.form.texts['responsiblePersons.name']?.label.en ?? 'name');
    expect(text).toContain('556016-0680');
    expect(text).toContain('No attachments');
    expect(text).toContain('Signing is not complete yet'); // signing is required by this e-service and has not been done
    expect(text).not.toContain('Inga bilagor');
  });

  it('leaves the answers off when the e-service says so, and anonymous receipts name nobody', async () => {
    const text = extractPdfText(
      await renderReceiptPdf(
        receiptContent({
          definition: servingLicence,
          municipalityName,
          submission: submissionRow({ applicant_personal_identity_number: null, applicant_name: null, answers: EXAMPLE_ANSWERS.serveringstillstand }),
          signatures: [],
        }),
      ),
    );
    expect(text).toContain('Svaren visas inte på kvittot');
    expect(text).toContain('Skickat utan inloggning');
    expect(text).not.toContain('Kim Berg');
  });

  it('keeps å, ä, ö and other Latin-1 and WinAnsi characters; replaces what the font lacks', () => {
    expect(pdfSafe('Åsa Öberg – ”Älvsjö” €')).toBe('Åsa Öberg – ”Älvsjö” €');
    expect(pdfSafe('Łódź')).toBe('?ódz'); // ó is Latin-1, ź loses its accent, Ł has no base letter here
    expect(stockholmTime(new Date('2026-07-01T22:10:00Z'))).toBe('2026-07-02 00:10');
  });

  it('names who signed, with BankID and when, once the submission is complete', async () => {
    const signedAt = new Date('2026-11-25T09:30:00Z');
    const text = extractPdfText(
      await renderReceiptPdf(
        receiptContent({
          definition: servingLicence,
          municipalityName,
          submission: submissionRow({ state: 'submitted', answers: EXAMPLE_ANSWERS.serveringstillstand }),
          signatures: [
            { name: 'Kim Berg', role: 'applicant', signedAt },
            { name: 'Astrid Testsson', role: 'co-signer', signedAt },
          ],
        }),
      ),
    );
    expect(text).toContain('Kim Berg (sökande), 2026-11-25 10:30, BankID');
    expect(text).toContain('Astrid Testsson (medsökande), 2026-11-25 10:30, BankID');
    expect(text).not.toContain('Underskriften är inte klar');
  });
});
