import { describe, expect, it } from 'vitest';
import { EXAMPLE_ANSWERS, TEMPLATES, type EServiceDefinition } from '@etjanst/schemas';
import type { ReceiptSource } from '../receipts/content.js';
import { submissionRow } from '../test-support/submission-row.js';
import { namedCoSigners } from './co-signers.js';
import { base64, canonicalJson, signedHash, summaryText } from './content.js';

const definition = TEMPLATES.find((t) => t.id === 'forskoleplats') as EServiceDefinition;
const source = (answers: unknown, language = 'sv'): ReceiptSource => ({
  definition,
  municipalityName: { sv: 'Solbacka kommun', en: 'Solbacka municipality' },
  signatures: [],
  submission: submissionRow({ eservice_id: 'forskoleplats', receipt_number: 'SOL-2026-000007', answers, language, submitted_at: new Date('2026-03-01T10:00:00Z'), state: 'awaiting-signature' }),
});

describe('what is signed', () => {
  it('hashes the answers canonically: key order does not matter, values and version do', () => {
    expect(canonicalJson({ b: 1, a: [{ d: true, c: null }], e: undefined })).toBe('{"a":[{"c":null,"d":true}],"b":1}');
    const hash = signedHash({ a: 1, b: 'två' }, 'solbacka/x/1');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(signedHash({ b: 'två', a: 1 }, 'solbacka/x/1')).toBe(hash);
    expect(signedHash({ a: 2, b: 'två' }, 'solbacka/x/1')).not.toBe(hash);
    expect(signedHash({ a: 1, b: 'två' }, 'solbacka/x/2')).not.toBe(hash);
  });

  it('summarises every answered field as "Label: value" in the submission’s language', () => {
    const sv = summaryText(source(EXAMPLE_ANSWERS.forskoleplats));
    expect(sv.split('\n').slice(0, 4)).toEqual(['Ansökan om förskoleplats', 'Solbacka kommun', 'Kvittonummer: SOL-2026-000007', 'Sökande: Klara Testsson']);
    expect(sv).toContain('  Barnets förnamn: Alva');
    expect(sv).toContain('Har barnet behov av särskilt stöd?: Ja');
    expect(sv).toContain('Den andra vårdnadshavaren:\n  Namn: Kim Berg');
    const en = summaryText(source(EXAMPLE_ANSWERS.forskoleplats, 'en'));
    expect(en).toContain('Receipt number: SOL-2026-000007');
    expect(en).toContain('Which preschools do you want?: Solrosen preschool, Ekbacken preschool');
  });

  it('keeps a line break in an answer from looking like another field, and stays within BankID’s 40 000 characters', () => {
    const tricky = { ...EXAMPLE_ANSWERS.forskoleplats, specialNeedsDescription: 'Celiaki.\nBarnets förnamn: Någon annan' };
    expect(summaryText(source(tricky))).toContain('Beskriv barnets behov: Celiaki. Barnets förnamn: Någon annan');
    const long = { ...EXAMPLE_ANSWERS.forskoleplats, specialNeedsDescription: 'Å'.repeat(40_000) };
    const text = summaryText(source(long));
    expect(base64(text).length).toBeLessThanOrEqual(40_000);
    expect(text).toMatch(/Texten är förkortad/);
  });

  it('finds co-signers as 12 digits, each once, only where signing is required', () => {
    expect(namedCoSigners(definition, EXAMPLE_ANSWERS.forskoleplats)).toEqual([{ field: 'otherGuardian.personalIdentityNumber', personalIdentityNumber: '199001012385' }]);
    expect(namedCoSigners(definition, { ...EXAMPLE_ANSWERS.forskoleplats, otherGuardian: undefined })).toEqual([]);
    expect(namedCoSigners({ ...definition, signing: { ...definition.signing, required: false } }, EXAMPLE_ANSWERS.forskoleplats)).toEqual([]);
  });

});
